//! Segmentation of prose into paragraphs, sentences and tokens, each with byte spans into
//! the original text.
//!
//! * **Paragraphs** are separated by one or more blank lines (lines holding only white
//!   space, so `\r\n` endings and trailing blanks are handled). A text with several lines
//!   but no blank line anywhere is taken as one paragraph per line, the convention of
//!   corpora exported one record per line. A paragraph's span runs from its first to its
//!   last non-white-space character.
//! * **Sentences** follow Unicode's sentence boundaries (UAX #29) inside each paragraph.
//! * **Tokens** follow Unicode's word boundaries (UAX #29): a [`TokenKind::Word`] holds at
//!   least one alphanumeric character (`don't`, `2019-05-04` splits at the hyphens, `£20`),
//!   anything else that is not white space is [`TokenKind::Punct`]. White space is never a
//!   token; it lives in the gaps between token spans. Boundaries are computed as if quotes,
//!   apostrophes and dashes were plain ASCII ([`fold_typography`]), so a typographic variant
//!   never splits a word differently.
//!
//! A leading UTF-8 byte-order mark is skipped: no span covers it.

use crate::normalize::{fold_typography, NormalizeOptions};
use crate::span::Span;
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// The kind of a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Contains at least one alphanumeric character.
    Word,
    /// Punctuation or symbols, no alphanumeric character.
    Punct,
}

/// One token: a word or a punctuation mark, located by its byte span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Bytes of the token in the text.
    pub span: Span,
    /// Word or punctuation.
    pub kind: TokenKind,
}

/// One paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paragraph {
    /// From the first to the last non-white-space character.
    pub span: Span,
    /// Indices into [`Segmented::tokens`] of the tokens inside this paragraph.
    pub tokens: Range<usize>,
}

/// A text cut into paragraphs and tokens.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Segmented {
    /// Length of the text in bytes.
    pub len: usize,
    /// Bytes of a leading byte-order mark (0 or 3).
    pub bom: usize,
    /// Paragraphs in text order.
    pub paragraphs: Vec<Paragraph>,
    /// All tokens in text order.
    pub tokens: Vec<Token>,
}

/// Bytes of the byte-order mark `text` starts with (0 or 3).
#[must_use]
pub fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{FEFF}') {
        '\u{FEFF}'.len_utf8()
    } else {
        0
    }
}

/// The paragraph spans of `text` (what [`Segmented::new`] finds), without their tokens.
#[must_use]
pub fn paragraphs_of(text: &str) -> Vec<Span> {
    paragraph_spans(text, bom_len(text))
}

impl Segmented {
    /// Segments `text`.
    #[must_use]
    pub fn new(text: &str) -> Self {
        let bom = bom_len(text);
        let mut out = Segmented { len: text.len(), bom, ..Segmented::default() };
        // Prose has a token every five or six bytes: room for one every four, so the
        // vector is not regrown and copied again and again (pages never touched cost
        // nothing).
        out.tokens.reserve(text.len() / 4 + 1);
        let spans = paragraph_spans(text, bom);
        out.paragraphs.reserve_exact(spans.len());
        for span in spans {
            let first = out.tokens.len();
            push_tokens(text, span, &mut out.tokens);
            out.paragraphs.push(Paragraph { span, tokens: first..out.tokens.len() });
        }
        out
    }

    /// The tokens of paragraph `index`.
    #[must_use]
    pub fn paragraph_tokens(&self, index: usize) -> &[Token] {
        &self.tokens[self.paragraphs[index].tokens.clone()]
    }

    /// Number of word tokens in paragraph `index`.
    #[must_use]
    pub fn paragraph_words(&self, index: usize) -> usize {
        self.paragraph_tokens(index).iter().filter(|t| t.kind == TokenKind::Word).count()
    }

    /// The normalised form of every token under `opts`, `None` for tokens that
    /// normalisation drops (punctuation when [`NormalizeOptions::punctuation`] is set).
    #[must_use]
    pub fn normalized(&self, text: &str, opts: &NormalizeOptions) -> Vec<Option<String>> {
        self.tokens
            .iter()
            .map(|t| {
                if t.kind == TokenKind::Punct && opts.folds_punctuation() {
                    None
                } else {
                    Some(opts.normalize(&text[t.span.range()]))
                }
            })
            .collect()
    }
}

/// Sentence spans (trimmed of white space) inside `span` of `text`.
#[must_use]
pub fn sentences(text: &str, span: Span) -> Vec<Span> {
    let body = &text[span.range()];
    body.split_sentence_bound_indices()
        .filter_map(|(at, s)| {
            let lead = s.len() - s.trim_start().len();
            let trimmed = s.trim();
            (!trimmed.is_empty()).then(|| {
                let start = span.start + at + lead;
                Span::new(start, start + trimmed.len())
            })
        })
        .collect()
}

/// Word tokens with their normalised form under `opts`: the input of fingerprinting.
/// Punctuation is included only when `opts` keeps it.
#[must_use]
pub fn normalized_words(text: &str, opts: &NormalizeOptions) -> Vec<(Span, String)> {
    let seg = Segmented::new(text);
    seg.tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Word || !opts.folds_punctuation())
        .map(|t| (t.span, opts.normalize(&text[t.span.range()])))
        .collect()
}

fn paragraph_spans(text: &str, from: usize) -> Vec<Span> {
    group_lines(&trimmed_lines(text, from))
}

/// The lines of `text` from byte `from`, without their newline and trimmed of white space:
/// `(start, end)`, `start == end` for a blank line. Most lines start and end with ASCII
/// other than white space, and need no trimming.
fn trimmed_lines(text: &str, from: usize) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let solid = |b: u8| b.is_ascii() && !is_white(b);
    let mut lines = Vec::new();
    let mut at = from;
    while at < text.len() {
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        if at < end && solid(bytes[at]) && solid(bytes[end - 1]) {
            lines.push((at, end));
        } else {
            let raw = &text[at..end];
            let start = at + (raw.len() - raw.trim_start().len());
            lines.push((start, start.max(at + raw.trim_end().len())));
        }
        at = end + 1;
    }
    lines
}

/// Paragraphs from trimmed lines ([`trimmed_lines`]): runs of lines between blank ones, or
/// one paragraph a line when no blank line stands between the first and the last line
/// with text.
fn group_lines(lines: &[(usize, usize)]) -> Vec<Span> {
    let is_blank = |&(s, e): &(usize, usize)| s == e;
    let first = lines.iter().position(|l| !is_blank(l));
    let last = lines.iter().rposition(|l| !is_blank(l));
    let per_line = !matches!((first, last), (Some(f), Some(l)) if lines[f..=l].iter().any(is_blank));
    let mut spans = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    for &(start, end) in lines {
        if start == end {
            spans.extend(current.take());
            continue;
        }
        current = match current {
            Some((cs, _)) if !per_line => Some((cs, end)),
            Some(c) => {
                spans.push(c);
                Some((start, end))
            }
            None => Some((start, end)),
        };
    }
    spans.extend(current);
    spans.into_iter().map(|(s, e)| Span::new(s, e)).collect()
}

/// The number of words of `text[span]`: its [`TokenKind::Word`] tokens, as
/// [`push_tokens`] finds them (`scratch` is room for its tokens when they have to be listed
/// to be counted; ASCII text is counted without listing them). `span` must lie on `char`
/// boundaries. [`word_count`] counts a whole text.
pub fn count_words(text: &str, span: Span, scratch: &mut Vec<Token>) -> usize {
    let body = &text[span.range()];
    if body.is_ascii() {
        return ascii_words(body.as_bytes());
    }
    scratch.clear();
    push_tokens(text, span, scratch);
    scratch.iter().filter(|t| t.kind == TokenKind::Word).count()
}

/// The number of words of `text`: copytrace's one definition of a word count, used by every
/// figure that counts words (a diff's statistics, a document's words in a corpus scan).
///
/// A word is a [`TokenKind::Word`] token as [`Segmented::new`] finds it: a piece between
/// Unicode word boundaries (UAX #29, with quotes, apostrophes and dashes folded) holding at
/// least one letter or digit. So `don't` is one word, `£20` one (the digits; the pound sign is punctuation),
/// `2019-05-04` three,
/// each CJK ideograph one, and an emoji or a lone control character none.
///
/// ```
/// use copytrace_text::word_count;
/// assert_eq!(word_count("Don\u{2019}t pay \u{a3}20 on 2019-05-04!"), 7);
/// ```
#[must_use]
pub fn word_count(text: &str) -> usize {
    let mut scratch = Vec::new();
    paragraphs_of(text).into_iter().map(|p| count_words(text, p, &mut scratch)).sum()
}

/// Appends the tokens of `text[span]` to `out`, in text order: what [`Segmented::new`] finds
/// inside a paragraph with that span. `span` must lie on `char` boundaries.
pub fn push_tokens(text: &str, span: Span, out: &mut Vec<Token>) {
    push_tokens_with(text, span, out, true);
}

/// Tokens of `text[span]` into `out`; with `ascii_fast_path`, text that is ASCII once
/// typography is folded goes through [`ascii_word_bounds`] instead of the UAX #29 tables
/// (same result, property-tested).
fn push_tokens_with(text: &str, span: Span, out: &mut Vec<Token>, ascii_fast_path: bool) {
    let body = &text[span.range()];
    if ascii_fast_path && body.is_ascii() {
        // The only ASCII character typography folds is the backtick, into an apostrophe,
        // byte for byte: boundaries are those of the folded copy, offsets unchanged.
        ascii_word_bounds(body.as_bytes(), |start, end, word| {
            let kind = if word { TokenKind::Word } else { TokenKind::Punct };
            out.push(Token { span: Span::new(span.start + start, span.start + end), kind });
        });
        return;
    }
    // Word boundaries are found on a copy with quotes, apostrophes and dashes folded, so
    // that typography never moves a boundary (UAX #29 treats `'` after a Hebrew letter
    // unlike `’`). `map[i]` is the offset in `body` of byte `i` of the copy.
    let (folded, map): (std::borrow::Cow<'_, str>, Vec<usize>) = if body.chars().all(|c| fold_typography(c) == c) {
        (body.into(), Vec::new())
    } else {
        let mut folded = String::with_capacity(body.len());
        let mut map = Vec::with_capacity(body.len() + 1);
        for (i, c) in body.char_indices() {
            let f = fold_typography(c);
            map.extend(std::iter::repeat_n(i, f.len_utf8()));
            folded.push(f);
        }
        map.push(body.len());
        (folded.into(), map)
    };
    let orig = |i: usize| if map.is_empty() { i } else { map[i] };
    let mut push = |at: usize, len: usize| {
        let (start, end) = (span.start + orig(at), span.start + orig(at + len));
        let kind = if text[start..end].chars().any(char::is_alphanumeric) { TokenKind::Word } else { TokenKind::Punct };
        out.push(Token { span: Span::new(start, end), kind });
    };
    if ascii_fast_path && folded.is_ascii() {
        ascii_word_bounds(folded.as_bytes(), |start, end, _| push(start, end - start));
        return;
    }
    for (at, piece) in folded.split_word_bound_indices() {
        if piece.chars().all(char::is_whitespace) {
            continue;
        }
        push(at, piece.len());
    }
}

/// Word-boundary classes (UAX #29) of the ASCII characters that have one; everything else
/// is `Other`. The apostrophe (`Single_Quote`) joins like `MidNumLet` outside Hebrew, and
/// the backtick counts as an apostrophe (typography folds it into one).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wb {
    Letter,
    Numeric,
    MidLetter,
    MidNum,
    MidNumLet,
    ExtendNumLet,
    Space,
    Cr,
    Lf,
    Newline,
    Other,
}

const fn wb(b: u8) -> Wb {
    match b {
        b'a'..=b'z' | b'A'..=b'Z' => Wb::Letter,
        b'0'..=b'9' => Wb::Numeric,
        b':' => Wb::MidLetter,
        b',' | b';' => Wb::MidNum,
        b'.' | b'\'' | b'`' => Wb::MidNumLet,
        b'_' => Wb::ExtendNumLet,
        b' ' => Wb::Space,
        b'\r' => Wb::Cr,
        b'\n' => Wb::Lf,
        0x0B | 0x0C => Wb::Newline,
        _ => Wb::Other,
    }
}

/// [`wb`] of every ASCII byte.
const WB: [Wb; 128] = {
    let mut table = [Wb::Other; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = wb(b as u8);
        b += 1;
    }
    table
};

/// Whether UAX #29 keeps `cur` with `prev` (no word boundary between them), given the
/// character before `prev` and the one after `cur` (`Other` at the ends; asked for only
/// when a rule needs it). ASCII has no `Extend`, `Format`, `ZWJ`, Hebrew, Katakana or
/// regional indicators, so the rules left are WB3-WB3d, WB5-WB13b and WB999.
fn joins(before: Wb, prev: Wb, cur: Wb, after: impl FnOnce() -> Wb) -> bool {
    use Wb::{Cr, ExtendNumLet, Letter, Lf, MidLetter, MidNum, MidNumLet, Newline, Numeric, Space};
    match (prev, cur) {
        (Cr, Lf) | (Space, Space) => true,
        (Cr | Lf | Newline, _) | (_, Cr | Lf | Newline) => false,
        (Letter | Numeric, Letter | Numeric) | (Letter | Numeric | ExtendNumLet, ExtendNumLet) => true,
        (ExtendNumLet, Letter | Numeric) => true,
        (Letter, MidLetter | MidNumLet) => after() == Letter,
        (MidLetter | MidNumLet, Letter) => before == Letter,
        (Numeric, MidNum | MidNumLet) => after() == Numeric,
        (MidNum | MidNumLet, Numeric) => before == Numeric,
        _ => false,
    }
}

/// Calls `piece(start, end, word)` for every piece of ASCII `s` between word boundaries
/// that is not white space, in order, `word` saying whether it holds a letter or digit:
/// what `split_word_bound_indices` gives for ASCII text (with backticks folded to
/// apostrophes), without its tables. Meant for ASCII `s` (a byte above 0x7F is taken as its
/// low seven bits; debug builds panic on one).
pub fn ascii_word_bounds(s: &[u8], mut piece: impl FnMut(usize, usize, bool)) {
    debug_assert!(s.is_ascii());
    let class = |i: usize| s.get(i).map_or(Wb::Other, |&b| WB[usize::from(b & 0x7F)]);
    let alnum = |c: Wb| matches!(c, Wb::Letter | Wb::Numeric);
    let Some(&first) = s.first() else { return };
    let mut start = 0;
    let (mut before, mut prev) = (Wb::Other, class(0));
    let (mut white, mut word) = (is_white(first), alnum(prev));
    let mut i = 1;
    while i < s.len() {
        let cur = WB[usize::from(s[i] & 0x7F)];
        if alnum(prev) && alnum(cur) {
            // Letters and digits join (WB5, WB8-WB10): pass the rest of the run at once,
            // eight bytes at a time while there are eight.
            let mut end = i + 1;
            while let Some(chunk) = s.get(end..end + 8) {
                let others = !alnum_flags(u64::from_le_bytes(chunk.try_into().expect("eight bytes"))) & TOPS;
                if others != 0 {
                    end += others.trailing_zeros() as usize / 8;
                    break;
                }
                end += 8;
            }
            while end < s.len() && s[end].is_ascii_alphanumeric() {
                end += 1;
            }
            (before, prev) = (if end - i >= 2 { class(end - 2) } else { prev }, class(end - 1));
            i = end;
            continue;
        }
        if cur == Wb::Space && prev != Wb::Space {
            // The space after a word, most often: nothing joins a space to what precedes it
            // but another space, spaces join one another (WB3d), and nothing joins what
            // follows them to a space. So the piece ends here, the run of spaces is a piece
            // of white space (not reported), and a piece starts after it.
            if !white {
                piece(start, i, word);
            }
            let mut j = i + 1;
            while j < s.len() && s[j] == b' ' {
                j += 1;
            }
            if j == s.len() {
                (start, white) = (i, true);
                break;
            }
            start = j;
            (before, prev) = (Wb::Space, class(j));
            (white, word) = (is_white(s[j]), alnum(prev));
            i = j + 1;
            continue;
        }
        if !joins(before, prev, cur, || class(i + 1)) {
            // A piece is all white space or has none (only white space joins white space).
            if !white {
                piece(start, i, word);
            }
            start = i;
            (white, word) = (is_white(s[i]), false);
        }
        word |= alnum(cur);
        (before, prev) = (prev, cur);
        i += 1;
    }
    if !white {
        piece(start, s.len(), word);
    }
}

/// The number of pieces of ASCII `s` holding a letter or digit: what counting the `word`
/// pieces of [`ascii_word_bounds`] gives, eight bytes at a time where it can.
///
/// Every such piece holds one run of letters and digits or more, and a run joins the
/// piece of the run before it exactly when what separates them joins both: only
/// underscores (`ExtendNumLet` joins letters, digits and itself, WB13a-b), or one
/// `MidLetter` or `MidNumLet` between letters (WB6-7), or one `MidNum` or `MidNumLet`
/// between digits (WB11-12). Nothing else joins a letter or digit to a neighbour that is
/// not one. So the count is the number of runs less the runs joined.
fn ascii_words(s: &[u8]) -> usize {
    // Classes, three bits each: what the rules above tell apart.
    const OTHER: u8 = 0;
    const LETTER: u8 = 1;
    const DIGIT: u8 = 2;
    const MID_LETTER: u8 = 3;
    const MID_NUM: u8 = 4;
    const MID_NUM_LET: u8 = 5;
    const UNDERSCORE: u8 = 6;
    const CLASS: [u8; 128] = {
        let mut t = [OTHER; 128];
        let mut b = 0;
        while b < 128 {
            t[b] = match WB[b] {
                Wb::Letter => LETTER,
                Wb::Numeric => DIGIT,
                Wb::MidLetter => MID_LETTER,
                Wb::MidNum => MID_NUM,
                Wb::MidNumLet => MID_NUM_LET,
                Wb::ExtendNumLet => UNDERSCORE,
                _ => OTHER,
            };
            b += 1;
        }
        t
    };
    /// Check the underscores before: a run starting after them.
    const AFTER_UNDERSCORE: u8 = 2;
    // By the classes of three bytes in a row (`before << 6 | prev << 3 | cur`): 1 where a
    // run of letters and digits starts at `cur` and joins nothing before it, 0 elsewhere,
    // `AFTER_UNDERSCORE` where it starts after an underscore.
    const STEP: [u8; 512] = {
        let mut t = [0u8; 512];
        let mut k = 0;
        while k < 512 {
            let (before, prev, cur) = ((k >> 6) as u8, ((k >> 3) & 7) as u8, (k & 7) as u8);
            if (cur == LETTER || cur == DIGIT) && !(prev == LETTER || prev == DIGIT) {
                let letters = before == LETTER && cur == LETTER && (prev == MID_LETTER || prev == MID_NUM_LET);
                let digits = before == DIGIT && cur == DIGIT && (prev == MID_NUM || prev == MID_NUM_LET);
                t[k] = if prev == UNDERSCORE {
                    AFTER_UNDERSCORE
                } else if letters || digits {
                    0
                } else {
                    1
                };
            }
            k += 1;
        }
        t
    };
    debug_assert!(s.is_ascii());
    // Byte `i` by the table: its classes with the two before it (nothing before the start).
    let class = |k: usize| usize::from(CLASS[usize::from(s[k] & 0x7F)]);
    let step = |i: usize| -> usize {
        let before = if i >= 2 { class(i - 2) << 6 } else { 0 };
        let prev = if i >= 1 { class(i - 1) << 3 } else { 0 };
        match STEP[before | prev | class(i)] {
            AFTER_UNDERSCORE => {
                // Underscores (rare in prose) joined to a letter or digit before them join it.
                let back = s[..i].iter().rposition(|&c| c != b'_');
                usize::from(!back.is_some_and(|k| s[k].is_ascii_alphanumeric()))
            }
            one => usize::from(one),
        }
    };
    // Eight bytes at a time, each byte's flag in its top bit: a run of letters and digits
    // starting right after white space, a control character or the start joins nothing, so
    // it counts; for one starting after another printable byte, the table decides.
    let mut words = 0;
    let (mut prev_alnum, mut prev_printable) = (0u64, 0u64);
    let chunks = s.chunks_exact(8);
    let tail = chunks.remainder().len();
    for (c, chunk) in chunks.enumerate() {
        let w = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let alnum = alnum_flags(w);
        let printable = at_least(w, b'!');
        let starts = alnum & !((alnum << 8) | (prev_alnum >> 56));
        let after_printable = (printable << 8) | (prev_printable >> 56);
        let mut risky = starts & after_printable;
        words += (starts & !risky).count_ones() as usize;
        while risky != 0 {
            words += step(8 * c + risky.trailing_zeros() as usize / 8);
            risky &= risky - 1;
        }
        (prev_alnum, prev_printable) = (alnum, printable);
    }
    words + (s.len() - tail..s.len()).map(step).sum::<usize>()
}

/// One in the low bit of every byte of a `u64`.
const ONES: u64 = 0x0101_0101_0101_0101;
/// The top bit of every byte of a `u64`: where the flags of [`at_least`] and
/// [`alnum_flags`] are.
const TOPS: u64 = 0x8080_8080_8080_8080;

/// For eight ASCII bytes (each below 0x80), the top bit of each byte that is at least `c`
/// (`1..=0x80`): adding `0x80 - c` to a byte below 0x80 carries into no other byte.
fn at_least(w: u64, c: u8) -> u64 {
    w.wrapping_add(ONES * u64::from(0x80 - c)) & TOPS
}

/// For eight ASCII bytes, the top bit of each that is a letter or a digit.
fn alnum_flags(w: u64) -> u64 {
    let lower = w | (ONES * 0x20);
    let letter = at_least(lower, b'a') & !at_least(lower, b'z' + 1);
    let digit = at_least(w, b'0') & !at_least(w, b'9' + 1);
    letter | digit
}

/// `char::is_whitespace` for an ASCII byte (unlike `u8::is_ascii_whitespace`, it includes
/// the vertical tab).
fn is_white(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(text: &str) -> Vec<&str> {
        Segmented::new(text).paragraphs.iter().map(|p| &text[p.span.range()]).collect()
    }

    /// [`trimmed_lines`] as first written: every line trimmed as a `str`.
    fn trimmed_lines_reference(text: &str, from: usize) -> Vec<(usize, usize)> {
        let mut lines = Vec::new();
        let mut at = from;
        while at < text.len() {
            let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
            let raw = &text[at..end];
            let start = at + (raw.len() - raw.trim_start().len());
            lines.push(if raw.trim().is_empty() { (end, end) } else { (start, at + raw.trim_end().len()) });
            at = end + 1;
        }
        lines
    }

    proptest::proptest! {
        /// Lines trimmed by their end bytes where they can be are those of trimming every
        /// line as a string: any white space (ASCII, vertical tab, no-break and other
        /// Unicode spaces), CRLF, blank lines or none.
        #[test]
        fn trimmed_lines_equal_the_reference(
            t in "([ab.\u{E9}]|[ \t\x0b\x0c\r]|\u{A0}|\u{2003}|\n|\n\n|\r\n){0,40}",
            from_bom: bool,
        ) {
            let t = if from_bom { format!("\u{FEFF}{t}") } else { t };
            let from = bom_len(&t);
            proptest::prop_assert_eq!(trimmed_lines(&t, from), trimmed_lines_reference(&t, from));
        }
    }

    #[test]
    fn blank_lines_separate_paragraphs() {
        assert_eq!(paras("One two.\nthree\n\n  \nFour.  \n"), vec!["One two.\nthree", "Four."]);
    }

    #[test]
    fn crlf_and_trailing_space() {
        assert_eq!(paras("A b.\r\n\r\nC d. \r\n"), vec!["A b.", "C d."]);
    }

    #[test]
    fn bom_is_skipped() {
        let t = "\u{FEFF}Hello world";
        let s = Segmented::new(t);
        assert_eq!(s.bom, 3);
        assert_eq!(s.tokens[0].span, Span::new(3, 8));
    }

    #[test]
    fn lines_are_paragraphs_without_blank_lines() {
        assert_eq!(paras("one\ntwo\nthree"), vec!["one", "two", "three"]);
        assert_eq!(paras("\n\none\ntwo\n\n"), vec!["one", "two"]);
    }

    #[test]
    fn empty_and_blank_texts_have_no_paragraph() {
        assert!(paras("").is_empty());
        assert!(paras(" \n\t\r\n").is_empty());
    }

    #[test]
    fn tokens_are_words_and_punctuation() {
        let t = "He said: \u{201C}don\u{2019}t\u{201D} \u{2014} 3.5%.";
        let s = Segmented::new(t);
        let toks: Vec<(&str, TokenKind)> = s.tokens.iter().map(|k| (&t[k.span.range()], k.kind)).collect();
        assert_eq!(
            toks,
            vec![
                ("He", TokenKind::Word),
                ("said", TokenKind::Word),
                (":", TokenKind::Punct),
                ("\u{201C}", TokenKind::Punct),
                ("don\u{2019}t", TokenKind::Word),
                ("\u{201D}", TokenKind::Punct),
                ("\u{2014}", TokenKind::Punct),
                ("3.5", TokenKind::Word),
                ("%", TokenKind::Punct),
                (".", TokenKind::Punct),
            ]
        );
    }

    #[test]
    fn typography_does_not_move_word_boundaries() {
        let words = |t: &str| -> Vec<String> {
            Segmented::new(t).tokens.iter().map(|k| t[k.span.range()].to_owned()).collect()
        };
        assert_eq!(words("\u{5d0}'"), vec!["\u{5d0}'"]);
        assert_eq!(words("\u{5d0}\u{2019}"), vec!["\u{5d0}\u{2019}"]);
        assert_eq!(words("a \u{2014}b\u{2019}s"), vec!["a", "\u{2014}", "b\u{2019}s"]);
    }

    fn tokens_with(text: &str, fast: bool) -> Vec<Token> {
        let mut out = Vec::new();
        push_tokens_with(text, Span::new(0, text.len()), &mut out, fast);
        out
    }

    #[test]
    fn ascii_word_count_examples() {
        for (t, words) in [
            ("don't stop", 2),
            ("a.b:c 1,5;2.3 a,b 1:2", 6),
            ("__a a__b a_ _ __ x_.y", 5),
            ("a'1 1'a 1.a a..b", 8),
            ("", 0),
            (" .,;: ", 0),
        ] {
            assert_eq!(ascii_words(t.as_bytes()), words, "{t:?}");
            assert_eq!(tokens_with(t, false).iter().filter(|t| t.kind == TokenKind::Word).count(), words, "{t:?}");
        }
    }

    #[test]
    fn ascii_fast_path_examples() {
        for t in [
            "don't stop: 3.5, 1,000;2 a.b.c a..b 1.a a.1 a:b x_y _ __ 1_a `quoted` it`s 1'2",
            "CR\r\nLF\nVT\x0bFF\x0c\t\ttab  two  spaces\x1f\x7f",
            "ab1.2 1a.b a1:b 12a'b x9,5 9x,5 ab.c1 1.2.3a a_1.b",
            "a'",
            "'a",
            ".a",
            "a.",
            "",
            " ",
            "\r\n",
            "\u{201C}Hi,\u{201D} she said \u{2014} it\u{2019}s 9:30.",
        ] {
            assert_eq!(tokens_with(t, true), tokens_with(t, false), "{t:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, ..Default::default() })]
        /// The ASCII fast path finds exactly the tokens of the UAX #29 path: random ASCII
        /// weighted towards the characters with word-boundary rules (letters, digits,
        /// apostrophes, backticks, periods, colons, commas, semicolons, underscores, hyphens,
        /// every kind of white space), and the same with curly quotes and dashes mixed in
        /// (folded to ASCII before the fast path).
        #[test]
        fn ascii_fast_path_equals_uax29(
            t in "([aZ09'`.:,;_\\- \t\r\n\x0b\x0c\"!%()/]| {2,3}|[a-z]{2}|[0-9]{2}|\\PC){0,40}",
            typo in "([ab1'.: \u{2019}\u{201C}\u{2014}\u{2013}]){0,20}",
        ) {
            proptest::prop_assert_eq!(tokens_with(&t, true), tokens_with(&t, false), "{:?}", t);
            proptest::prop_assert_eq!(tokens_with(&typo, true), tokens_with(&typo, false), "{:?}", typo);
        }

        /// Any ASCII at all, control characters included.
        #[test]
        fn ascii_fast_path_equals_uax29_on_any_ascii(t in "[\\x00-\\x7f]{0,60}") {
            proptest::prop_assert_eq!(tokens_with(&t, true), tokens_with(&t, false), "{:?}", t);
        }

        /// Counting the words of ASCII text in one pass gives the number of word tokens
        /// segmenting it gives.
        #[test]
        fn ascii_word_count_equals_segmenting(
            t in "([aZ09'`.:,;_\\- \t\r\n\x0b\x0c\"!%()/]| {2,3}|[a-z]{2}|[0-9]{2}|_{2}|[\\x00-\\x7f]){0,40}",
        ) {
            let words = tokens_with(&t, false).iter().filter(|t| t.kind == TokenKind::Word).count();
            proptest::prop_assert_eq!(ascii_words(t.as_bytes()), words, "{:?}", t);
        }
    }

    #[test]
    fn sentences_are_trimmed() {
        let t = "First one. Second one!  Third?";
        let s = sentences(t, Span::new(0, t.len()));
        let got: Vec<&str> = s.iter().map(|sp| &t[sp.range()]).collect();
        assert_eq!(got, vec!["First one.", "Second one!", "Third?"]);
    }

    #[test]
    fn normalized_words_fold_for_matching() {
        let t = "CALLS for a \u{201C}full\u{201D} inquiry.";
        let w: Vec<String> = normalized_words(t, &NormalizeOptions::for_matching()).into_iter().map(|p| p.1).collect();
        assert_eq!(w, vec!["calls", "for", "a", "full", "inquiry"]);
    }

    /// The one word count, on the tokens counts used to disagree on.
    #[test]
    fn word_count_counts_word_tokens() {
        let cases: [(&str, usize); 9] = [
            ("don't won\u{2019}t", 2),
            ("2019-05-04 3.5% 1,000,000", 5),
            ("well-known x-ray e-mail", 6),
            ("https://example.com/a-b?x=1", 6),
            ("\u{1F600} \u{2014} -- ... \u{19}", 0),
            ("\u{4E2D}\u{6587}\u{6587}\u{672C}", 4),
            ("Credit: PA\n\nREAD MORE: a b", 6),
            ("\u{FEFF}caf\u{E9} cafe\u{301} U.S.", 3),
            ("", 0),
        ];
        for (text, words) in cases {
            assert_eq!(word_count(text), words, "{text:?}");
        }
    }

    proptest::proptest! {
        /// `word_count` is the number of word tokens of `Segmented`, whatever the text.
        #[test]
        fn word_count_is_the_word_tokens_of_segmented(
            t in "([aZ09'`.:,;_\\- \t\r\n\"!%()/\u{19}\u{0}]|\n\n|[a-z]{2}|\u{E9}|\u{2019}|\u{4E2D}|\u{1F600}|\\PC){0,60}",
        ) {
            let seg = Segmented::new(&t);
            let words = seg.tokens.iter().filter(|tok| tok.kind == TokenKind::Word).count();
            proptest::prop_assert_eq!(word_count(&t), words, "{:?}", t);
        }
    }
}
