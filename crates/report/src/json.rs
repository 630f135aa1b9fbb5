//! The layout of every JSON report: deterministic bytes, readable diffs.
//!
//! [`write_json`] prints a value with serde's field order (struct order, never a hash
//! map's), indented at the top levels and compact further in: objects up to depth 3 and
//! arrays up to depth 4 put one member per line, anything deeper stays on one line. For a
//! report whose `blocks[]` hold `ops[]`, that is one op per line:
//!
//! ```json
//! {
//!   "version": 1,
//!   "blocks": [
//!     {
//!       "kind": "edited",
//!       "ops": [
//!         {"tag": "equal", "old": {"start": 0, "end": 4}, "new": {"start": 0, "end": 4}}
//!       ]
//!     }
//!   ]
//! }
//! ```
//!
//! Scores are rounded with [`round4`] before they are serialised, so floats print the same
//! on every machine.

use serde::Serialize;
use serde_json::ser::Formatter;
use std::io::{self, Write};

/// Deepest object (1 = the top level) whose members go one per line.
const PRETTY_OBJECT_DEPTH: usize = 3;
/// Deepest array whose elements go one per line.
const PRETTY_ARRAY_DEPTH: usize = 4;

/// Writes `value` as JSON in the layout of the [module docs](self), then a line break.
///
/// # Errors
/// Whatever the writer returns (serialisation of the wire types cannot fail otherwise).
pub fn write_json<T: Serialize>(w: &mut dyn Write, value: &T) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(&mut *w, Layout::default());
    value.serialize(&mut ser).map_err(io::Error::other)?;
    w.write_all(b"\n")
}

/// `x` rounded to four decimals (half away from zero), for scores in JSON.
#[must_use]
pub fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[derive(Default)]
struct Layout {
    /// The open containers, outermost first.
    open: Vec<Frame>,
}

#[derive(Clone, Copy)]
struct Frame {
    /// Laid out one member per line.
    pretty: bool,
    /// At least one member was written.
    has_member: bool,
}

impl Layout {
    fn begin<W: ?Sized + Write>(&mut self, w: &mut W, max_depth: usize, open: &[u8]) -> io::Result<()> {
        let depth = self.open.len() + 1;
        self.open.push(Frame { pretty: depth <= max_depth, has_member: false });
        w.write_all(open)
    }

    fn end<W: ?Sized + Write>(&mut self, w: &mut W, close: &[u8]) -> io::Result<()> {
        if let Some(frame) = self.open.pop() {
            if frame.pretty && frame.has_member {
                self.newline(w)?;
            }
        }
        w.write_all(close)
    }

    fn member<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        let pretty = match self.open.last_mut() {
            Some(frame) => {
                frame.has_member = true;
                frame.pretty
            }
            None => false,
        };
        match (first, pretty) {
            (true, false) => Ok(()),
            (false, false) => w.write_all(b", "),
            (true, true) => self.newline(w),
            (false, true) => {
                w.write_all(b",")?;
                self.newline(w)
            }
        }
    }

    fn newline<W: ?Sized + Write>(&self, w: &mut W) -> io::Result<()> {
        w.write_all(b"\n")?;
        for _ in 0..self.open.len() {
            w.write_all(b"  ")?;
        }
        Ok(())
    }
}

impl Formatter for Layout {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.begin(w, PRETTY_ARRAY_DEPTH, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.end(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.member(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.begin(w, PRETTY_OBJECT_DEPTH, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.end(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.member(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn render(v: &serde_json::Value) -> String {
        let mut out = Vec::new();
        write_json(&mut out, v).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn top_levels_are_indented_and_deep_values_compact() {
        let v = json!({"a": 1, "list": [{"k": "x", "ops": [{"s": {"start": 0, "end": 2}}]}], "e": [], "o": {}});
        let expected = "{\n  \"a\": 1,\n  \"e\": [],\n  \"list\": [\n    {\n      \"k\": \"x\",\n      \"ops\": [\n        {\"s\": {\"end\": 2, \"start\": 0}}\n      ]\n    }\n  ],\n  \"o\": {}\n}\n";
        assert_eq!(render(&v), expected);
        let parsed: serde_json::Value = serde_json::from_str(&render(&v)).unwrap();
        assert_eq!(parsed, v);
    }

    #[test]
    fn rounding_is_to_four_decimals() {
        assert_eq!(round4(0.123_456), 0.1235);
        assert_eq!(round4(1.0), 1.0);
        assert_eq!(round4(2.0 / 3.0), 0.6667);
    }
}
