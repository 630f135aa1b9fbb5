//! Turning a file's bytes into text, keeping the way back to the file's byte offsets.
//!
//! The policy, shared by every copytrace command:
//!
//! * **UTF-8** (with or without a byte-order mark) is used as it is; text offsets *are*
//!   file offsets.
//! * **UTF-16** with a byte-order mark (LE or BE) is decoded; unpaired surrogates are an error.
//! * **Anything else that is not UTF-8** but looks like text (see below) is read as
//!   **Windows-1252**, the usual encoding of such files (it is a superset of the printable
//!   Latin-1 range). The caller is told through [`Decoded::encoding`] so it can warn.
//! * **Binary** data is refused with [`DecodeError::Binary`]: a file starting with the
//!   signature of a known binary format (PDF, PNG, JPEG, GIF, ZIP and so `.docx`, gzip,
//!   bzip2, xz, 7z, ELF, Mach-O, PE, WebAssembly, SQLite, …), or holding *stray control
//!   bytes* (NUL and the other C0 controls but tab, line feed, vertical tab, form feed and
//!   carriage return) that are not rare and isolated.
//!
//! Stray control bytes are **rare and isolated** when there is at most one per 100 bytes of
//! the file (one in a file shorter than that) and no two stand side by side. Such text is read (crawled pages often carry a
//! lost curly quote as `\x19`, or a stray NUL among kilobytes of prose), and the caller is
//! told through [`Decoded::stray_controls`] so it can warn. The bytes stay in the text at
//! their places (offsets are unchanged); segmentation never makes one a word
//! ([`crate::word_count`]), and reports escape them before they reach a terminal.
//!
//! Whatever the encoding, [`Decoded::original_span`] maps a span of the decoded text back to
//! the bytes of the file, so every offset copytrace prints refers to the file as it is on disk.
//!
//! Text *extracted* from the decoded text (the prose of an HTML page, without its markup) is a
//! [`Decoded`] too, made by [`Decoded::extract`] from the pieces of the page it was taken
//! from ([`SourceRun`]): its spans map to the file's bytes through both steps, a span's start
//! to the first byte of its first character and its end to the byte after its last
//! character (after the `;` of an `&amp;`).

use crate::span::Span;
use thiserror::Error;

/// The encoding a file was read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark (the mark is kept in the text; segmentation skips it).
    Utf8Bom,
    /// UTF-16, little endian, with a byte-order mark.
    Utf16Le,
    /// UTF-16, big endian, with a byte-order mark.
    Utf16Be,
    /// Not valid UTF-8; read as Windows-1252.
    Windows1252,
}

impl Encoding {
    /// A short lower-case name, for messages and JSON.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8Bom => "utf-8-bom",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1252 => "windows-1252",
        }
    }
}

/// Why bytes could not be read as text.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum DecodeError {
    /// The data looks binary.
    #[error("binary data (found {what} at byte {offset})")]
    Binary {
        /// What gave it away.
        what: &'static str,
        /// Where.
        offset: usize,
    },
    /// A UTF-16 file with an odd length or an unpaired surrogate.
    #[error("invalid UTF-16 at byte {offset}")]
    InvalidUtf16 {
        /// Where.
        offset: usize,
    },
}

/// Stray control bytes found in a file read as text (see the [module docs](self)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StrayControls {
    /// How many there are.
    pub count: usize,
    /// The file offset of the first one.
    pub first: usize,
}

impl std::fmt::Display for StrayControls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = if self.count == 1 { "" } else { "s" };
        write!(f, "{} stray control byte{s} (the first at byte {}) read as text", self.count, self.first)
    }
}

/// Decoded text and the map back to the original bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    text: String,
    encoding: Encoding,
    stray: Option<StrayControls>,
    /// For re-encoded text: `map[i]` is the file offset of text byte `i`, with one extra
    /// entry for the end. Empty when text offsets equal file offsets. For extracted text,
    /// the map of the text it was extracted from.
    map: Vec<u32>,
    original_len: usize,
    /// For extracted text ([`Decoded::extract`]): where each stretch of [`Decoded::text`]
    /// comes from in the text it was extracted from, in order. Empty otherwise.
    runs: Vec<Run>,
}

/// A stretch of extracted text and where it comes from, as given to [`Decoded::extract`].
///
/// The stretch starts at byte `text` of the extracted text and ends where the next one
/// starts (the last one at the end of the text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SourceRun {
    /// Where the stretch starts in the extracted text.
    pub text: usize,
    /// Where it comes from in the text extracted from ([`Decoded::text`] of the source).
    pub source: Span,
    /// The stretch is a verbatim copy of `source` (byte for byte), so offsets inside it
    /// map one to one. Otherwise it stands for `source` as a whole (a character reference,
    /// white space and markup between words): a span starting in it starts at
    /// `source.start`, one ending in it ends at `source.end`.
    pub verbatim: bool,
}

/// A [`SourceRun`] as kept, with the line and column of its source start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Run {
    text: u32,
    start: u32,
    end: u32,
    verbatim: bool,
    line: u32,
    column: u32,
}

impl Decoded {
    /// The decoded text.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The encoding the bytes were read in.
    #[must_use]
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// The stray control bytes of a text read in spite of them, if any (see the
    /// [module docs](self)): a caveat for the caller to show.
    #[must_use]
    pub fn stray_controls(&self) -> Option<StrayControls> {
        self.stray
    }

    /// Length of the original bytes.
    #[must_use]
    pub fn original_len(&self) -> usize {
        self.original_len
    }

    /// Maps a byte offset of [`Decoded::text`] (on a char boundary, or the end) to the
    /// offset of the same character in the original bytes (for extracted text: of the
    /// first byte of what it was extracted from).
    #[must_use]
    pub fn original_offset(&self, at: usize) -> usize {
        if self.runs.is_empty() {
            self.source_offset(at)
        } else {
            self.source_offset(self.run_start(at))
        }
    }

    /// The file offset of byte `at` of the text this one was decoded as (before any
    /// extraction).
    fn source_offset(&self, at: usize) -> usize {
        if self.map.is_empty() {
            at
        } else {
            self.map[at.min(self.map.len() - 1)] as usize
        }
    }

    /// The run holding text byte `at` (the last one for the end of the text).
    fn run_at(&self, at: usize) -> &Run {
        let i = self.runs.partition_point(|r| r.text as usize <= at);
        &self.runs[i.saturating_sub(1)]
    }

    /// Where the character at extracted offset `at` starts in the source text.
    fn run_start(&self, at: usize) -> usize {
        if at >= self.text.len() {
            return self.runs.last().map_or(0, |r| r.end as usize);
        }
        let run = self.run_at(at);
        if run.verbatim {
            run.start as usize + (at - run.text as usize)
        } else {
            run.start as usize
        }
    }

    /// Where the character ending at extracted offset `at` (> 0) ends in the source text.
    fn run_end(&self, at: usize) -> usize {
        let at = at.min(self.text.len());
        let run = self.run_at(at - 1);
        if run.verbatim {
            run.start as usize + (at - run.text as usize)
        } else {
            run.end as usize
        }
    }

    /// Maps a span of [`Decoded::text`] to the original bytes. For extracted text, a span
    /// that is not empty ends after the last byte of its last character's source.
    #[must_use]
    pub fn original_span(&self, span: Span) -> Span {
        if self.runs.is_empty() || span.end <= span.start {
            return Span::new(self.original_offset(span.start), self.original_offset(span.end));
        }
        Span::new(self.original_offset(span.start), self.source_offset(self.run_end(span.end)))
    }

    /// The offset in `decoded`'s text of original byte `at`: the start of the last character
    /// that starts at or before it in the original bytes (0 for bytes before the first
    /// character, such as a byte-order mark). The inverse of
    /// [`Decoded::original_offset`] on character starts (`d.text_offset(d.original_offset(i))
    /// == i` for every character boundary `i`, except in extracted text where several
    /// characters stand for the same bytes: then the last of them), and a byte inside a
    /// character's original bytes gives that character.
    #[must_use]
    pub fn text_offset(&self, at: usize) -> usize {
        let text = self.text();
        // Invariant: `lo` is a char boundary with original_offset(lo) <= at (or 0); `hi` a
        // char boundary >= lo. Original offsets grow with decoded offsets.
        let (mut lo, mut hi) = (0usize, text.len());
        while lo < hi {
            let mut mid = lo + (hi - lo).div_ceil(2);
            while !text.is_char_boundary(mid) {
                mid += 1;
            }
            if self.original_offset(mid) <= at {
                lo = mid;
            } else {
                hi = mid - 1;
                while !text.is_char_boundary(hi) {
                    hi -= 1;
                }
            }
        }
        lo
    }

    /// Whether this text was extracted from another ([`Decoded::extract`]).
    #[must_use]
    pub fn is_extracted(&self) -> bool {
        !self.runs.is_empty()
    }

    /// 1-based line and column (in characters) in the decoded file of text offset `at`
    /// (for extracted text: of where its character comes from). Lines end at `\n`.
    #[must_use]
    pub fn line_col(&self, at: usize) -> (usize, usize) {
        let text = &self.text;
        let at = floor_char_boundary(text, at.min(text.len()));
        if self.runs.is_empty() {
            let before = &text[..at];
            let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            return (line, text[line_start..at].chars().count() + 1);
        }
        let run = self.run_at(at);
        let within =
            if run.verbatim && at >= run.text as usize { text[run.text as usize..at].chars().count() } else { 0 };
        (run.line as usize, run.column as usize + within)
    }

    /// Text extracted from this one: `text`, whose stretches come from the parts of
    /// [`Decoded::text`] that `runs` give (in order, both in the extracted text and in this
    /// one, and not overlapping). The result keeps this text's encoding, stray control
    /// bytes and original length, and maps its spans to the original bytes through both
    /// steps. A run that would not fit (out of order, past the end, a verbatim run whose
    /// lengths differ, bounds inside a character) is a bug of the caller; such runs are
    /// clamped so that mapping never panics and stays monotonic.
    ///
    /// ```
    /// use copytrace_text::decode::{decode, SourceRun};
    /// use copytrace_text::Span;
    /// let page = decode(b"<p>Fish &amp; chips</p>").unwrap();
    /// let run = |text, start, end, verbatim| SourceRun { text, source: Span::new(start, end), verbatim };
    /// let prose = page.extract(
    ///     "Fish & chips".to_owned(),
    ///     &[run(0, 3, 8, true), run(5, 8, 13, false), run(6, 13, 19, true)],
    /// );
    /// assert_eq!(prose.text(), "Fish & chips");
    /// assert_eq!(prose.original_span(Span::new(0, 6)), Span::new(3, 13)); // "Fish &amp;"
    /// assert_eq!(prose.original_span(Span::new(7, 12)), Span::new(14, 19)); // "chips"
    /// ```
    #[must_use]
    pub fn extract(&self, text: String, runs: &[SourceRun]) -> Decoded {
        let to32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let source = &self.text;
        let mut kept: Vec<Run> = Vec::with_capacity(runs.len());
        // The line and column of `cursor` in the source, advanced run by run (linear).
        let (mut cursor, mut line, mut column) = (0usize, 1u32, 1u32);
        let (mut text_floor, mut source_floor) = (0usize, 0usize);
        for r in runs {
            let at = r.text.clamp(text_floor, text.len());
            let start = floor_char_boundary(source, r.source.start.clamp(source_floor, source.len()));
            let end = floor_char_boundary(source, r.source.end.clamp(start, source.len()));
            if !text.is_char_boundary(at) {
                continue;
            }
            for c in source[cursor..start].chars() {
                if c == '\n' {
                    line += 1;
                    column = 1;
                } else {
                    column += 1;
                }
            }
            cursor = start;
            if kept.last().is_some_and(|last| last.text as usize == at) {
                // An empty stretch before this one: this one replaces it.
                kept.pop();
            }
            kept.push(Run { text: to32(at), start: to32(start), end: to32(end), verbatim: r.verbatim, line, column });
            (text_floor, source_floor) = (at, end);
        }
        // Verbatim runs must copy their source byte for byte; a run that does not is kept
        // as a whole.
        let text_len = text.len();
        for i in 0..kept.len() {
            let next = kept.get(i + 1).map_or(text_len, |r| r.text as usize);
            let r = &mut kept[i];
            if r.verbatim && (r.end - r.start) as usize != next - r.text as usize {
                r.verbatim = false;
            }
        }
        if kept.first().is_some_and(|r| r.text != 0) || (kept.is_empty() && !text.is_empty()) {
            kept.insert(0, Run { text: 0, start: 0, end: 0, verbatim: false, line: 1, column: 1 });
        }
        if kept.is_empty() {
            // Nothing extracted: every offset maps to the end of the file.
            let end = to32(source.len());
            kept.push(Run { text: 0, start: end, end, verbatim: false, line, column });
        }
        Decoded {
            text,
            encoding: self.encoding,
            stray: self.stray,
            map: self.map.clone(),
            original_len: self.original_len,
            runs: kept,
        }
    }
}

fn floor_char_boundary(s: &str, mut at: usize) -> usize {
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Decodes `bytes` by the policy in the [module docs](self).
///
/// # Errors
/// [`DecodeError::Binary`] for binary data, [`DecodeError::InvalidUtf16`] for broken UTF-16.
///
/// # Panics
/// Never for any input smaller than 4 GiB.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let original_len = bytes.len();
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return decode_utf16(rest, 2, u16::from_le_bytes, Encoding::Utf16Le, original_len);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return decode_utf16(rest, 2, u16::from_be_bytes, Encoding::Utf16Be, original_len);
    }
    let stray = check_not_binary(bytes)?;
    let mut decoded = match std::str::from_utf8(bytes) {
        Ok(s) => {
            let encoding = if s.starts_with('\u{FEFF}') { Encoding::Utf8Bom } else { Encoding::Utf8 };
            Decoded { text: s.to_owned(), encoding, stray: None, map: Vec::new(), original_len, runs: Vec::new() }
        }
        Err(_) => decode_windows_1252(bytes),
    };
    decoded.stray = stray;
    Ok(decoded)
}

/// [`decode`] taking the bytes by value: text that is UTF-8 (the common case) becomes the
/// decoded text without being copied. The result is the same as `decode(&bytes)`.
///
/// # Errors
/// As [`decode`].
pub fn decode_vec(bytes: Vec<u8>) -> Result<Decoded, DecodeError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return decode(&bytes);
    }
    let stray = check_not_binary(&bytes)?;
    let original_len = bytes.len();
    let mut decoded = match String::from_utf8(bytes) {
        Ok(text) => {
            let encoding = if text.starts_with('\u{FEFF}') { Encoding::Utf8Bom } else { Encoding::Utf8 };
            Decoded { text, encoding, stray: None, map: Vec::new(), original_len, runs: Vec::new() }
        }
        Err(e) => decode_windows_1252(e.as_bytes()),
    };
    decoded.stray = stray;
    Ok(decoded)
}

/// Signatures of binary formats that can otherwise pass for text (their first bytes are
/// often printable), with the name shown in [`DecodeError::Binary`].
const SIGNATURES: &[(&[u8], &str)] = &[
    (b"%PDF-", "a PDF signature"),
    (b"\x89PNG\r\n\x1a\n", "a PNG signature"),
    (b"\xFF\xD8\xFF", "a JPEG signature"),
    (b"GIF87a", "a GIF signature"),
    (b"GIF89a", "a GIF signature"),
    (b"PK\x03\x04", "a ZIP signature"),
    (b"PK\x05\x06", "a ZIP signature"),
    (b"\x1F\x8B", "a gzip signature"),
    (b"BZh", "a bzip2 signature"),
    (b"\xFD7zXZ\x00", "an xz signature"),
    (b"7z\xBC\xAF\x27\x1C", "a 7z signature"),
    (b"\x28\xB5\x2F\xFD", "a zstd signature"),
    (b"\x7FELF", "an ELF signature"),
    (b"\xCF\xFA\xED\xFE", "a Mach-O signature"),
    (b"\xCE\xFA\xED\xFE", "a Mach-O signature"),
    (b"\xCA\xFE\xBA\xBE", "a Mach-O signature"),
    (b"MZ\x90\x00", "a PE signature"),
    (b"\x00asm", "a WebAssembly signature"),
    (b"SQLite format 3\x00", "an SQLite signature"),
    (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "an OLE (old Office) signature"),
    (b"OggS", "an Ogg signature"),
    (b"fLaC", "a FLAC signature"),
    (b"ID3", "an MP3 signature"),
    (b"RIFF", "a RIFF (WAV, AVI, WebP) signature"),
    (b"wOFF", "a WOFF signature"),
    (b"wOF2", "a WOFF2 signature"),
];

/// Whether `b` is a stray control byte: a C0 control other than white space (tab, line
/// feed, vertical tab, form feed, carriage return).
const fn is_stray(b: u8) -> bool {
    b < 0x20 && !matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// Refuses binary data by the policy in the [module docs](self); for text, its stray control
/// bytes if any.
fn check_not_binary(bytes: &[u8]) -> Result<Option<StrayControls>, DecodeError> {
    if let Some(&(_, what)) = SIGNATURES.iter().find(|(sig, _)| bytes.starts_with(sig)) {
        return Err(DecodeError::Binary { what, offset: 0 });
    }
    // Blocks without a stray byte (nearly all of prose) are passed over whole, in a loop
    // the compiler vectorises.
    let (mut count, mut first, mut last) = (0usize, None, None::<usize>);
    let mut at = 0;
    for block in bytes.chunks(256) {
        if block.iter().fold(false, |any, &b| any | is_stray(b)) {
            for (i, _) in block.iter().enumerate().filter(|&(_, &b)| is_stray(b)) {
                let offset = at + i;
                if last == Some(offset.wrapping_sub(1)) {
                    return Err(DecodeError::Binary { what: "a run of control bytes", offset: offset - 1 });
                }
                count += 1;
                first.get_or_insert(offset);
                last = Some(offset);
            }
        }
        at += block.len();
    }
    match first {
        None => Ok(None),
        Some(first) if count * 100 <= bytes.len().max(100) => Ok(Some(StrayControls { count, first })),
        Some(first) => {
            let what = if bytes[first] == 0 { "NUL bytes" } else { "many control bytes" };
            Err(DecodeError::Binary { what, offset: first })
        }
    }
}

const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}', '\u{02C6}',
    '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{8D}', '\u{017D}', '\u{8F}', '\u{90}', '\u{2018}', '\u{2019}',
    '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}', '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}',
    '\u{0153}', '\u{9D}', '\u{017E}', '\u{0178}',
];

fn decode_windows_1252(bytes: &[u8]) -> Decoded {
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 8);
    let mut map = Vec::with_capacity(text.capacity() + 1);
    for (i, &b) in bytes.iter().enumerate() {
        let c = match b {
            0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        };
        let offset = u32::try_from(i).unwrap_or(u32::MAX);
        map.extend(std::iter::repeat_n(offset, c.len_utf8()));
        text.push(c);
    }
    map.push(u32::try_from(bytes.len()).unwrap_or(u32::MAX));
    Decoded { text, encoding: Encoding::Windows1252, stray: None, map, original_len: bytes.len(), runs: Vec::new() }
}

fn decode_utf16(
    rest: &[u8],
    bom: usize,
    unit: fn([u8; 2]) -> u16,
    encoding: Encoding,
    original_len: usize,
) -> Result<Decoded, DecodeError> {
    if rest.len() % 2 != 0 {
        return Err(DecodeError::InvalidUtf16 { offset: original_len - 1 });
    }
    let units = rest.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    let mut text = String::with_capacity(rest.len());
    let mut map = Vec::with_capacity(rest.len() + 1);
    let mut at = bom;
    for r in char::decode_utf16(units) {
        let c = r.map_err(|_| DecodeError::InvalidUtf16 { offset: at })?;
        let offset = u32::try_from(at).unwrap_or(u32::MAX);
        map.extend(std::iter::repeat_n(offset, c.len_utf8()));
        text.push(c);
        at += 2 * c.len_utf16();
    }
    if text.contains('\0') {
        let offset = text.find('\0').map_or(0, |i| map[i] as usize);
        return Err(DecodeError::Binary { what: "a NUL character", offset });
    }
    map.push(u32::try_from(original_len).unwrap_or(u32::MAX));
    Ok(Decoded { text, encoding, stray: None, map, original_len, runs: Vec::new() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_identity() {
        let d = decode("caf\u{e9} \u{201C}x\u{201D}".as_bytes()).unwrap();
        assert_eq!(d.encoding(), Encoding::Utf8);
        assert_eq!(d.original_span(Span::new(2, 5)), Span::new(2, 5));
    }

    #[test]
    fn bom_is_detected_and_kept() {
        let d = decode(b"\xEF\xBB\xBFhi").unwrap();
        assert_eq!(d.encoding(), Encoding::Utf8Bom);
        assert_eq!(d.original_offset(3), 3);
    }

    #[test]
    fn windows_1252_maps_offsets_back() {
        // "caf\xe9 \x93ok\x94" : e-acute and curly quotes in cp1252.
        let bytes = b"caf\xe9 \x93ok\x94";
        let d = decode(bytes).unwrap();
        assert_eq!(d.encoding(), Encoding::Windows1252);
        assert_eq!(d.text(), "caf\u{e9} \u{201C}ok\u{201D}");
        let ok = d.text().find("ok").unwrap();
        assert_eq!(d.original_span(Span::new(ok, ok + 2)), Span::new(6, 8));
        assert_eq!(d.original_offset(d.text().len()), bytes.len());
    }

    #[test]
    fn utf16_both_endians() {
        let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain("h\u{e9}".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let d = decode(&le).unwrap();
        assert_eq!((d.text(), d.encoding()), ("h\u{e9}", Encoding::Utf16Le));
        assert_eq!(d.original_span(Span::new(1, 3)), Span::new(4, 6));
        let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain("ab".encode_utf16().flat_map(u16::to_be_bytes)).collect();
        assert_eq!(decode(&be).unwrap().text(), "ab");
        assert!(matches!(decode(&[0xFF, 0xFE, 0x41]), Err(DecodeError::InvalidUtf16 { .. })));
    }

    #[test]
    fn binary_is_refused() {
        assert!(matches!(decode(b"PK\x03\x04\x00\x00"), Err(DecodeError::Binary { .. })));
        let controls: Vec<u8> = (0u8..200).map(|i| if i % 3 == 0 { 1 } else { b'a' }).collect();
        assert!(matches!(decode(&controls), Err(DecodeError::Binary { .. })));
    }

    /// Prose of `len` bytes: sentences, paragraphs.
    fn prose(len: usize) -> Vec<u8> {
        let s = "The committee met on Tuesday to discuss the budget, which was delayed twice.\n\n";
        s.bytes().cycle().take(len).collect()
    }

    #[test]
    fn a_rare_lost_quote_is_text_with_a_warning() {
        let mut bytes = prose(2000);
        bytes[100] = 0x19; // "the minister\x19s": a lost curly apostrophe
        bytes[900] = 0x19;
        let d = decode(&bytes).unwrap();
        assert_eq!(d.stray_controls(), Some(StrayControls { count: 2, first: 100 }));
        assert_eq!(d.encoding(), Encoding::Utf8);
        // Offsets unchanged: the byte is in the text at its place, and is not a word.
        assert_eq!(d.text().as_bytes(), &bytes[..]);
        assert_eq!(d.original_offset(900), 900);
        assert_eq!(decode(&prose(2000)).unwrap().stray_controls(), None);
        let seg = crate::Segmented::new(d.text());
        let words = seg.tokens.iter().filter(|t| t.kind == crate::TokenKind::Word);
        assert!(words.clone().count() > 300);
        assert!(words.clone().all(|t| !d.text()[t.span.range()].contains('\u{19}')));
        assert_eq!(decode_vec(bytes.clone()), decode(&bytes));
    }

    #[test]
    fn a_nul_among_ten_kilobytes_of_prose_is_text() {
        let mut bytes = prose(10_000);
        bytes[9_000] = 0;
        let d = decode(&bytes).unwrap();
        assert_eq!(d.stray_controls(), Some(StrayControls { count: 1, first: 9_000 }));
        // The same in Windows-1252 text, offsets mapped as ever.
        bytes[10] = 0x93;
        let d = decode(&bytes).unwrap();
        assert_eq!((d.encoding(), d.stray_controls().map(|s| s.first)), (Encoding::Windows1252, Some(9_000)));
        let nul = d.text().find('\0').unwrap();
        assert_eq!(d.original_offset(nul), 9_000);
    }

    #[test]
    fn many_or_adjacent_control_bytes_are_binary() {
        // 30 % control bytes.
        let mut bytes = prose(1000);
        for i in (0..1000).step_by(10).flat_map(|i| [i, i + 4, i + 7]) {
            bytes[i] = 0x01;
        }
        assert!(matches!(decode(&bytes), Err(DecodeError::Binary { .. })));
        // Two side by side, however rare.
        let mut bytes = prose(10_000);
        bytes[500] = 0;
        bytes[501] = 0;
        assert_eq!(decode(&bytes), Err(DecodeError::Binary { what: "a run of control bytes", offset: 500 }));
        // One per 100 bytes passes, one more does not.
        let mut bytes = prose(1000);
        for i in (5..1000).step_by(100) {
            bytes[i] = 0x19;
        }
        assert!(decode(&bytes).is_ok());
        bytes[7] = 0x19;
        assert!(matches!(decode(&bytes), Err(DecodeError::Binary { .. })));
        // A short text has room for one, not two.
        assert!(decode(b"Hello\x19s world").is_ok());
        assert!(matches!(decode(b"Hello\x19s world\x19s"), Err(DecodeError::Binary { .. })));
    }

    #[test]
    fn known_signatures_are_binary_even_when_the_rest_is_text() {
        for sig in [
            &b"\x89PNG\r\n\x1a\n"[..],
            b"%PDF-1.7\n",
            b"GIF89a",
            b"PK\x03\x04",
            b"\x1F\x8B\x08",
            b"\x7FELF",
            b"\xFF\xD8\xFF\xE0",
        ] {
            let mut bytes = sig.to_vec();
            bytes.extend(prose(5000));
            assert!(matches!(decode(&bytes), Err(DecodeError::Binary { offset: 0, .. })), "{sig:?}");
            assert!(matches!(decode_vec(bytes), Err(DecodeError::Binary { offset: 0, .. })), "{sig:?}");
        }
    }

    proptest::proptest! {
        /// Taking the bytes by value decodes them the same way, whatever they are.
        #[test]
        fn decode_vec_equals_decode(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![proptest::num::u8::ANY, proptest::sample::select(vec![b'a', b' ', 0x80, 0xC3, 0xA9])],
                0..600,
            ),
            prefix in proptest::sample::select(vec![&[][..], &[0xEF, 0xBB, 0xBF][..], &[0xFF, 0xFE][..], &[0xFE, 0xFF][..]]),
        ) {
            let mut all = prefix.to_vec();
            all.extend(&bytes);
            proptest::prop_assert_eq!(decode_vec(all.clone()), decode(&all));
        }

        /// The block-wise scan for stray control bytes applies the rule as stated: refused
        /// when two stand side by side or more than one per 100 bytes (one in a shorter
        /// file), else counted from the first one.
        #[test]
        fn stray_controls_follow_the_rule(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![8 => proptest::sample::select(vec![b'a', b' ', b'\n']), 1 => 0u8..0x20],
                0..1200,
            ),
        ) {
            let strays: Vec<usize> = bytes.iter().enumerate().filter(|&(_, &b)| is_stray(b)).map(|(i, _)| i).collect();
            let adjacent = strays.windows(2).any(|w| w[1] == w[0] + 1);
            let expected = if strays.is_empty() {
                Some(None)
            } else if adjacent || strays.len() > (bytes.len() / 100).max(1) {
                None
            } else {
                Some(Some(StrayControls { count: strays.len(), first: strays[0] }))
            };
            proptest::prop_assert_eq!(check_not_binary(&bytes).ok(), expected);
        }
    }

    #[test]
    fn empty_is_text() {
        assert_eq!(decode(b"").unwrap().text(), "");
    }
}
