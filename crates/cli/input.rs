//! Reading one input file into text, by the policy of [`copytrace_text::decode`](mod@copytrace_text::decode).
//!
//! Shared by every command that reads files. [`read_input`] refuses, with an [`InputError`]
//! naming the file and the reason:
//!
//! * a path that does not exist, a directory, a file that cannot be read (permissions);
//! * a file larger than the size limit (`--max-file-size`, default
//!   [`DEFAULT_MAX_FILE_SIZE`] = 64 MiB): the limit bounds memory and time, and is checked
//!   both before and while reading, so a file that grows while it is read is still bounded;
//! * binary data (a known binary signature, or control bytes that are not rare and isolated;
//!   see [`copytrace_text::decode`](mod@copytrace_text::decode)) and broken UTF-16.
//!
//! It accepts, and reports through [`Input::warnings`]:
//!
//! * text that is not valid UTF-8: read as **Windows-1252** (a superset of Latin-1's
//!   printable range). Every byte offset copytrace prints still refers to the file's bytes
//!   ([`Input::original_span`]);
//! * text with rare, isolated stray control bytes (a lost curly quote as `\x19`, a stray
//!   NUL): read as text, the bytes kept at their offsets.
//!
//! UTF-8 with or without a byte-order mark and UTF-16 with a byte-order mark are read
//! silently. Empty files are fine (no paragraphs). The path `-` reads standard input.

use copytrace_diff::Span;
use copytrace_text::decode::{decode_vec, DecodeError, Decoded, Encoding};
use std::fmt;
use std::io::{self, Read};
use std::path::Path;

/// The default of `--max-file-size`: 64 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// A file read and decoded.
#[derive(Debug)]
pub struct Input {
    /// The path for messages and reports ([`display_path`]; `<stdin>` for `-`).
    pub name: String,
    /// The decoded text and the map back to the file's bytes.
    pub decoded: Decoded,
}

impl Input {
    /// The decoded text.
    #[must_use]
    pub fn text(&self) -> &str {
        self.decoded.text()
    }

    /// The encoding the file was read in.
    #[must_use]
    pub fn encoding(&self) -> Encoding {
        self.decoded.encoding()
    }

    /// Maps a span of [`Input::text`] to the file's bytes.
    #[must_use]
    pub fn original_span(&self, span: Span) -> Span {
        self.decoded.original_span(span)
    }

    /// Caveats to print as warnings (text that was not UTF-8, stray control bytes).
    #[must_use]
    pub fn warnings(&self) -> Vec<String> {
        let cp1252 = (self.encoding() == Encoding::Windows1252).then(|| {
            format!(
                "{}: not valid UTF-8; read as Windows-1252 (byte offsets still refer to the file's bytes)",
                self.name
            )
        });
        let stray = self.decoded.stray_controls().map(|s| format!("{}: {s}", self.name));
        cp1252.into_iter().chain(stray).collect()
    }
}

/// Why a file could not be read.
#[derive(Debug)]
pub enum InputErrorKind {
    /// No such file.
    NotFound,
    /// The path is a directory.
    IsDirectory,
    /// Permission denied.
    PermissionDenied,
    /// Larger than the limit.
    TooLarge {
        /// The file's size in bytes (at least this many bytes when read from a stream).
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// Binary data or broken UTF-16.
    NotText(DecodeError),
    /// Any other IO error.
    Io(io::Error),
}

/// A file that could not be read: its path and the reason. Displays as `<path>: <reason>`.
#[derive(Debug)]
pub struct InputError {
    /// The path as shown in messages.
    pub name: String,
    /// The reason.
    pub kind: InputErrorKind,
}

impl fmt::Display for InputErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputErrorKind::NotFound => f.write_str("no such file"),
            InputErrorKind::IsDirectory => f.write_str("is a directory, not a file"),
            InputErrorKind::PermissionDenied => f.write_str("permission denied"),
            InputErrorKind::TooLarge { size, limit } => {
                write!(f, "file too large ({size} bytes; the limit is {limit} bytes, see --max-file-size)")
            }
            InputErrorKind::NotText(DecodeError::Binary { what, offset }) => {
                write!(f, "binary file, not text ({what} at byte {offset}); refusing to compare it")
            }
            InputErrorKind::NotText(e) => write!(f, "not text: {e}"),
            InputErrorKind::Io(e) => write!(f, "cannot read: {e}"),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name, self.kind)
    }
}

/// The reason, IO errors included, is part of the message; there is no separate source, so
/// `{:#}` printing of an error chain does not repeat it.
impl std::error::Error for InputError {}

/// A path as shown in messages and reports: as given, with any bytes that are not UTF-8
/// replaced by U+FFFD.
#[must_use]
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// Reads and decodes the file at `path` (`-` for standard input), refusing files larger
/// than `max_size` bytes. See the [module docs](self) for the policy.
///
/// # Errors
/// An [`InputError`] naming the file and the reason.
pub fn read_input(path: &Path, max_size: u64) -> Result<Input, InputError> {
    let is_stdin = path.as_os_str() == "-";
    let name = if is_stdin { "<stdin>".to_owned() } else { display_path(path) };
    let fail = |kind| InputError { name: name.clone(), kind };
    let bytes = if is_stdin {
        read_limited(io::stdin().lock(), max_size, None).map_err(fail)?
    } else {
        let meta = std::fs::metadata(path).map_err(|e| fail(io_kind(e)))?;
        if meta.is_dir() {
            return Err(fail(InputErrorKind::IsDirectory));
        }
        // Regular files are checked before reading; pipes (`<(cmd)`) only while reading.
        if meta.is_file() && meta.len() > max_size {
            return Err(fail(InputErrorKind::TooLarge { size: meta.len(), limit: max_size }));
        }
        let file = std::fs::File::open(path).map_err(|e| fail(io_kind(e)))?;
        let hint = meta.is_file().then_some(meta.len());
        read_limited(file, max_size, hint).map_err(fail)?
    };
    let decoded = decode_vec(bytes).map_err(|e| fail(InputErrorKind::NotText(e)))?;
    Ok(Input { name, decoded })
}

/// Reads at most `max_size` bytes; one more byte means the input is too large.
fn read_limited(reader: impl Read, max_size: u64, size_hint: Option<u64>) -> Result<Vec<u8>, InputErrorKind> {
    let capacity = size_hint.map_or(0, |n| usize::try_from(n.min(max_size)).unwrap_or(0));
    let mut bytes = Vec::with_capacity(capacity);
    reader.take(max_size.saturating_add(1)).read_to_end(&mut bytes).map_err(io_kind)?;
    let len = bytes.len() as u64;
    if len > max_size {
        return Err(InputErrorKind::TooLarge { size: len, limit: max_size });
    }
    Ok(bytes)
}

fn io_kind(e: io::Error) -> InputErrorKind {
    match e.kind() {
        io::ErrorKind::NotFound => InputErrorKind::NotFound,
        io::ErrorKind::PermissionDenied => InputErrorKind::PermissionDenied,
        io::ErrorKind::IsADirectory => InputErrorKind::IsDirectory,
        _ => InputErrorKind::Io(e),
    }
}

/// Parses a size such as `65536`, `512K`, `64M`, `1G` (binary multiples: `K` = 1024 bytes;
/// an optional `B` or `iB` after the letter, any case). For `--max-file-size`.
///
/// # Errors
/// A message saying what is wrong, for clap to print.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let upper = t.to_ascii_uppercase();
    let digits_end = upper.find(|c: char| !c.is_ascii_digit()).unwrap_or(upper.len());
    let (digits, unit) = upper.split_at(digits_end);
    let shift = match unit.trim_end_matches("IB").trim_end_matches('B') {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        "T" => 40,
        _ => return Err(format!("invalid size {s:?}: use a number of bytes, optionally with K, M, G or T")),
    };
    let n: u64 = digits.parse().map_err(|_| format!("invalid size {s:?}: expected a number such as 64M"))?;
    n.checked_mul(1u64 << shift).ok_or_else(|| format!("size {s:?} is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_binary_units() {
        assert_eq!(parse_size("100"), Ok(100));
        assert_eq!(parse_size("2k"), Ok(2048));
        assert_eq!(parse_size("64M"), Ok(DEFAULT_MAX_FILE_SIZE));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert_eq!(parse_size("3MB"), Ok(3 << 20));
        assert!(parse_size("").is_err());
        assert!(parse_size("12X").is_err());
        assert!(parse_size("-1").is_err());
        assert!(parse_size("99999999999T").is_err());
    }

    #[test]
    fn errors_name_the_file_and_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("gone.txt");
        let e = read_input(&missing, 10).unwrap_err();
        assert!(matches!(e.kind, InputErrorKind::NotFound));
        assert_eq!(e.to_string(), format!("{}: no such file", missing.display()));
        assert!(matches!(read_input(dir.path(), 10).unwrap_err().kind, InputErrorKind::IsDirectory));
        let big = dir.path().join("big.txt");
        std::fs::write(&big, "0123456789a").unwrap();
        assert!(matches!(read_input(&big, 10).unwrap_err().kind, InputErrorKind::TooLarge { size: 11, limit: 10 }));
        assert_eq!(read_input(&big, 11).unwrap().text(), "0123456789a");
    }

    #[test]
    fn the_limit_holds_while_reading_a_stream() {
        let data = [b'a'; 100];
        assert!(matches!(read_limited(&data[..], 99, None), Err(InputErrorKind::TooLarge { size: 100, limit: 99 })));
        assert_eq!(read_limited(&data[..], 100, None).unwrap().len(), 100);
    }

    #[test]
    fn windows_1252_input_warns() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("latin.txt");
        std::fs::write(&p, b"caf\xe9").unwrap();
        let input = read_input(&p, 100).unwrap();
        assert_eq!(input.text(), "caf\u{e9}");
        assert!(input.warnings()[0].contains("Windows-1252"));
        assert_eq!(input.original_span(Span::new(3, 5)), Span::new(3, 4));
    }
}
