//! Turning a file's bytes into text, keeping the way back to the file's byte offsets.
//!
//! The policy, shared by every copytrace command:
//!
//! * **UTF-8** (with or without a byte-order mark) is used as it is; text offsets *are*
//!   file offsets.
//! * **UTF-16** with a byte-order mark (LE or BE) is decoded; unpaired surrogates are an error.
//! * **Anything else that is not UTF-8** but looks like text (no NUL byte, few control
//!   characters) is read as **Windows-1252**, the usual encoding of such files (it is a
//!   superset of the printable Latin-1 range). The caller is told through
//!   [`Decoded::encoding`] so it can warn.
//! * **Binary** data (a NUL byte or many control characters in the first 8 KiB) is refused
//!   with [`DecodeError::Binary`].
//!
//! Whatever the encoding, [`Decoded::original_span`] maps a span of the decoded text back to
//! the bytes of the file, so every offset copytrace prints refers to the file as it is on disk.

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

/// Decoded text and the map back to the original bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    text: String,
    encoding: Encoding,
    /// For re-encoded text: `map[i]` is the file offset of text byte `i`, with one extra
    /// entry for the end. Empty when text offsets equal file offsets.
    map: Vec<u32>,
    original_len: usize,
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

    /// Length of the original bytes.
    #[must_use]
    pub fn original_len(&self) -> usize {
        self.original_len
    }

    /// Maps a byte offset of [`Decoded::text`] (on a char boundary, or the end) to the
    /// offset of the same character in the original bytes.
    #[must_use]
    pub fn original_offset(&self, at: usize) -> usize {
        if self.map.is_empty() {
            at
        } else {
            self.map[at.min(self.map.len() - 1)] as usize
        }
    }

    /// Maps a span of [`Decoded::text`] to the original bytes.
    #[must_use]
    pub fn original_span(&self, span: Span) -> Span {
        Span::new(self.original_offset(span.start), self.original_offset(span.end))
    }
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
    check_not_binary(bytes)?;
    match std::str::from_utf8(bytes) {
        Ok(s) => {
            let encoding = if s.starts_with('\u{FEFF}') { Encoding::Utf8Bom } else { Encoding::Utf8 };
            Ok(Decoded { text: s.to_owned(), encoding, map: Vec::new(), original_len })
        }
        Err(_) => Ok(decode_windows_1252(bytes)),
    }
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
    check_not_binary(&bytes)?;
    let original_len = bytes.len();
    match String::from_utf8(bytes) {
        Ok(text) => {
            let encoding = if text.starts_with('\u{FEFF}') { Encoding::Utf8Bom } else { Encoding::Utf8 };
            Ok(Decoded { text, encoding, map: Vec::new(), original_len })
        }
        Err(e) => Ok(decode_windows_1252(e.as_bytes())),
    }
}

fn check_not_binary(bytes: &[u8]) -> Result<(), DecodeError> {
    let head = &bytes[..bytes.len().min(8192)];
    if let Some(offset) = memchr_zero(head) {
        return Err(DecodeError::Binary { what: "a NUL byte", offset });
    }
    let controls = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C)).count();
    if !head.is_empty() && controls * 100 > head.len() * 5 {
        let offset = head.iter().position(|&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C)).unwrap_or(0);
        return Err(DecodeError::Binary { what: "many control characters", offset });
    }
    // A NUL further in is binary too, but only the head is scanned for the control ratio.
    if let Some(i) = memchr_zero(&bytes[head.len()..]) {
        return Err(DecodeError::Binary { what: "a NUL byte", offset: head.len() + i });
    }
    Ok(())
}

fn memchr_zero(bytes: &[u8]) -> Option<usize> {
    // Blocks without a NUL are passed over whole (a loop the compiler vectorises).
    let mut at = 0;
    for block in bytes.chunks(256) {
        if block.iter().fold(false, |any, &b| any | (b == 0)) {
            return block.iter().position(|&b| b == 0).map(|i| at + i);
        }
        at += block.len();
    }
    None
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
    Decoded { text, encoding: Encoding::Windows1252, map, original_len: bytes.len() }
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
    Ok(Decoded { text, encoding, map, original_len })
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

        /// The block-wise search for a NUL finds the first one.
        #[test]
        fn memchr_zero_finds_the_first_nul(bytes in proptest::collection::vec(0u8..4, 0..1200)) {
            proptest::prop_assert_eq!(memchr_zero(&bytes), bytes.iter().position(|&b| b == 0));
        }
    }

    #[test]
    fn empty_is_text() {
        assert_eq!(decode(b"").unwrap().text(), "");
    }
}
