//! text-matcher, the peer tool of the scan evaluation and benchmark: running it on a pair
//! ([`run_pair`]) and reading its log, whose locations are Python character offsets, as byte
//! ranges of the files.

use crate::metrics::Range;
use anyhow::{bail, Context, Result};
use std::fs;
use std::path::Path;
use std::process::Command;

/// Runs text-matcher (the wrapper script `tm`) on one pair with its log in `log`; returns
/// the byte ranges in A and B.
///
/// # Errors
/// When text-matcher fails or its log cannot be read.
pub fn run_pair(tm: &Path, a: &Path, b: &Path, log: &Path, cwd: &Path) -> Result<(Vec<Range>, Vec<Range>)> {
    // text-matcher appends to its log and writes no row for a pair without matches: a log
    // left by an earlier pair would be read as this pair's result.
    match fs::remove_file(log) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(e).with_context(|| format!("removing {}", log.display()));
        }
        _ => {}
    }
    let out = Command::new(tm)
        .env("PYTHONHASHSEED", "0")
        .current_dir(cwd)
        .arg("-l")
        .arg(log)
        .arg(a)
        .arg(b)
        .output()
        .with_context(|| format!("running {}", tm.display()))?;
    if !out.status.success() {
        bail!(
            "text-matcher failed on {} and {}: {}",
            a.display(),
            b.display(),
            String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or("")
        );
    }
    let csv = fs::read_to_string(log).with_context(|| format!("reading {}", log.display()))?;
    let (la, lb) = parse_log(&csv, &a.display().to_string(), &b.display().to_string())?;
    let (ta, tb) = (fs::read(a)?, fs::read(b)?);
    Ok((py_chars_to_bytes(&ta, &la), py_chars_to_bytes(&tb, &lb)))
}

/// The `Locations in A` and `Locations in B` of the last row of a text-matcher log (CSV with
/// quoted fields such as `"[(1131, 1272), (5, 9)]"`) when that row is of the pair `a`, `b`
/// (its `Text A` and `Text B` fields); empty without such a row (text-matcher writes no row
/// for a pair without matches).
pub fn parse_log(csv: &str, a: &str, b: &str) -> Result<(Vec<Range>, Vec<Range>)> {
    let Some(row) = csv.lines().skip(1).filter(|l| !l.trim().is_empty()).last() else {
        return Ok((Vec::new(), Vec::new()));
    };
    let fields = split_csv(row);
    if fields.len() < 10 {
        bail!("text-matcher log row has {} fields: {row:?}", fields.len());
    }
    if fields[0] != a || fields[1] != b {
        return Ok((Vec::new(), Vec::new()));
    }
    Ok((parse_tuples(&fields[fields.len() - 2])?, parse_tuples(&fields[fields.len() - 1])?))
}

fn split_csv(row: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = row.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

fn parse_tuples(s: &str) -> Result<Vec<Range>> {
    let nums: Vec<usize> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|t| !t.is_empty())
        .map(|t| t.parse().with_context(|| format!("bad number in {s:?}")))
        .collect::<Result<_>>()?;
    if nums.len() & 1 == 1 {
        bail!("odd number of offsets in {s:?}");
    }
    Ok(nums.chunks(2).map(|c| (c[0], c[1])).collect())
}

/// Maps character offsets of the text Python reads (UTF-8, else Latin-1; universal
/// newlines: `\r\n` and `\r` read as one `\n`) to byte ranges of the file.
pub fn py_chars_to_bytes(bytes: &[u8], ranges: &[Range]) -> Vec<Range> {
    let starts = py_char_starts(bytes);
    ranges.iter().map(|&(s, e)| (starts[s.min(starts.len() - 1)], starts[e.min(starts.len() - 1)])).collect()
}

/// Byte offset of every Python character, plus the end.
fn py_char_starts(bytes: &[u8]) -> Vec<usize> {
    let chars: Vec<(usize, char)> = match std::str::from_utf8(bytes) {
        Ok(s) => s.char_indices().collect(),
        Err(_) => bytes.iter().enumerate().map(|(i, &b)| (i, char::from(b))).collect(),
    };
    let mut out = Vec::with_capacity(chars.len() + 1);
    let mut i = 0;
    while i < chars.len() {
        out.push(chars[i].0);
        if chars[i].1 == '\r' && chars.get(i + 1).is_some_and(|c| c.1 == '\n') {
            i += 1;
        }
        i += 1;
    }
    out.push(bytes.len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_matcher_log_is_parsed() {
        let csv = "Text A,Text B,Threshold,Cutoff,N-Grams,Num Matches,Text A Length,Text B Length,Locations in A,Locations in B\n\"/a.txt\",\"/b, c.txt\",\"3\",\"5\",\"3\",\"2\",\"1985\",\"1113\",\"[(1131, 1272), (5, 9)]\",\"[(699, 828), (0, 4)]\"\n";
        let (a, b) = parse_log(csv, "/a.txt", "/b, c.txt").unwrap();
        assert_eq!(a, vec![(1131, 1272), (5, 9)]);
        assert_eq!(b, vec![(699, 828), (0, 4)]);
        assert_eq!(parse_log("header only\n", "/a.txt", "/b, c.txt").unwrap(), (vec![], vec![]));
        // A row left by another pair is not this pair's result.
        assert_eq!(parse_log(csv, "/a.txt", "/other.txt").unwrap(), (vec![], vec![]));
    }

    #[test]
    fn python_offsets_map_to_bytes() {
        // "é" is two bytes; CRLF is one character for Python.
        let bytes = "a\u{e9}b\r\ncd".as_bytes();
        assert_eq!(py_char_starts(bytes), vec![0, 1, 3, 4, 6, 7, 8]);
        assert_eq!(py_chars_to_bytes(bytes, &[(1, 5)]), vec![(1, 7)]);
        // Latin-1 when not UTF-8.
        assert_eq!(py_char_starts(&[b'a', 0xE9, b'b']), vec![0, 1, 2, 3]);
    }
}
