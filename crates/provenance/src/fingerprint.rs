//! Stage 1: fingerprints of one document, computed on its own.
//!
//! # Words
//! The text is segmented by [`copytrace_text::segment::Segmented`] (paragraphs, UAX #29
//! words). Only **word** tokens take part in matching; punctuation is dropped. Each word
//! is normalised by [`NormalizeOptions::for_matching`] (NFKC, quotes, apostrophes and
//! dashes folded, lower case). Words that overlap a byte range of [`DocInput::skip`]
//! (metadata such as a front-matter block or a `date` prefix) are left out.
//!
//! # Hashes (a fixed specification, stable across versions and machines)
//! * word hash: `xxh3_64` of the normalised word's UTF-8 bytes;
//! * n-gram hash: `xxh3_64` of the `8·n` bytes made of the `n` word hashes, each as
//!   8 little-endian bytes, in text order;
//! * word id (used for alignment): the low 32 bits of the word hash. Two different words
//!   share an id with probability 2⁻³²; the only effect would be one spurious one-word
//!   match inside an alignment.
//!
//! The n-gram hashes are winnowed ([`crate::winnow`](mod@crate::winnow)); each fingerprint keeps the index of
//! its first word, from which [`DocFingerprints::span_of`] gives its bytes.
//!
//! # Label lines
//! A line is a *label line* when it has at most [`Config::label_line_max_words`] words
//! and starts with a label followed by a colon, where the label is either one to four
//! words written in capitals (`READ MORE:`, `WATCH:`, `PICTURED:`, `SEE ALSO:`), or any
//! one or two words when the whole line has at most six words (a credit line such as
//! `Credit: PA` or `Photo: Getty Images`). Label lines are navigation and credits, not
//! prose: passages lying inside them are boilerplate, and their words do not count in
//! containment or originality.

use crate::config::Config;
use copytrace_text::normalize::NormalizeOptions;
use copytrace_text::segment::{paragraphs_of, push_tokens, Token, TokenKind};
use copytrace_text::Span;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

/// One document given to the engine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocInput<'a> {
    /// A unique identifier (for files, the path relative to the corpus root).
    pub id: String,
    /// The decoded text. Every span the engine reports is a byte range of this text.
    pub text: &'a str,
    /// Publication date, if known: a day `YYYY-MM-DD` or an RFC 3339 date-time with its
    /// offset, as [`copytrace_text::Date`] reads and writes them. Dates are compared by
    /// [`copytrace_text::Date::compare`] (instants in UTC; a day and a time on that day are
    /// not ordered); anything else is treated as no date.
    pub date: Option<String>,
    /// Byte ranges of the text not to match (metadata). May overlap and be unsorted.
    pub skip: Vec<Span>,
    /// The outlet that published it, if known (front matter or a record's `outlet`); the
    /// outlets named by [`Config::wire_outlets`] are wire services.
    pub outlet: Option<String>,
    /// Whether it is declared a wire-service story (front matter `role: wire`): evidence
    /// that it is the source of what it shares with other documents (see
    /// [`crate::direction`](mod@crate::direction)).
    pub wire: bool,
}

impl<'a> DocInput<'a> {
    /// A document without date or skipped ranges.
    #[must_use]
    pub fn new(id: impl Into<String>, text: &'a str) -> Self {
        DocInput { id: id.into(), text, date: None, skip: Vec::new(), outlet: None, wire: false }
    }

    /// Sets the date (`YYYY-MM-DD` or an RFC 3339 date-time; see [`DocInput::date`]).
    #[must_use]
    pub fn with_date(mut self, date: impl Into<String>) -> Self {
        self.date = Some(date.into());
        self
    }

    /// Sets the outlet (see [`DocInput::outlet`]).
    #[must_use]
    pub fn with_outlet(mut self, outlet: impl Into<String>) -> Self {
        self.outlet = Some(outlet.into());
        self
    }

    /// Declares it a wire-service story, or not (see [`DocInput::wire`]).
    #[must_use]
    pub fn with_wire(mut self, wire: bool) -> Self {
        self.wire = wire;
        self
    }

    /// Adds byte ranges not to match.
    #[must_use]
    pub fn with_skip(mut self, skip: impl IntoIterator<Item = Span>) -> Self {
        self.skip.extend(skip);
        self
    }
}

/// One matchable word: its bytes in the text and its id (low 32 bits of its hash).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Word {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// Low 32 bits of the word hash.
    pub id: u32,
}

/// One paragraph of the segmented text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParagraphInfo {
    /// Bytes of the paragraph (first to last non-white-space character).
    pub span: Span,
    /// Index of its first word in [`DocFingerprints::words`].
    pub first_word: u32,
    /// One past the index of its last word (equal to `first_word` when it has none).
    pub end_word: u32,
}

/// One winnowed fingerprint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Fingerprint {
    /// The n-gram hash.
    pub hash: u64,
    /// Index of the n-gram's first word in [`DocFingerprints::words`].
    pub word: u32,
}

/// A range of word indices, end exclusive.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct WordRange {
    /// First word.
    pub start: u32,
    /// One past the last word.
    pub end: u32,
}

impl WordRange {
    /// Number of words.
    #[must_use]
    pub fn len(&self) -> u32 {
        self.end.saturating_sub(self.start)
    }

    /// Whether the range holds no word.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
}

/// Stage 1 output for one document: everything later stages need, without the text.
///
/// Plain serialisable data: a distributed engine can compute it on one machine and align
/// on another. Its size is linear in the document's length (12 bytes per word plus
/// 12 bytes per fingerprint, about `2/(w+1)` of the words).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocFingerprints {
    /// The document's id.
    pub id: String,
    /// Its date, if any.
    pub date: Option<String>,
    /// Length of the text in bytes.
    pub text_len: u64,
    /// The n-gram length the fingerprints were computed with.
    pub ngram: u32,
    /// Matchable words in text order.
    pub words: Vec<Word>,
    /// Paragraphs in text order (indices are those of `copytrace_text`'s segmentation).
    pub paragraphs: Vec<ParagraphInfo>,
    /// Word ranges inside label lines (see the [module docs](self)), sorted, disjoint.
    pub label_lines: Vec<WordRange>,
    /// Winnowed fingerprints, by increasing word index.
    pub fingerprints: Vec<Fingerprint>,
    /// Per word, the id of its English stem when it is a content word, `0` for a stop word
    /// (the reworded tier, [`crate::reword`](mod@crate::reword)); empty when the tier is off.
    #[serde(default)]
    pub stems: Vec<u32>,
    /// The first word of every sentence, increasing (see [`crate::reword`](mod@crate::reword));
    /// empty when the tier is off.
    #[serde(default)]
    pub sentences: Vec<u32>,
    /// The reworded tier's fingerprints: sorted stemmed content-word 3-grams, by
    /// increasing word index; empty when the tier is off.
    #[serde(default)]
    pub reword: Vec<Fingerprint>,
    /// Its outlet, if known ([`DocInput::outlet`]).
    #[serde(default)]
    pub outlet: Option<String>,
    /// Whether it is declared a wire story ([`DocInput::wire`]).
    #[serde(default)]
    pub wire: bool,
}

impl DocFingerprints {
    /// The bytes of a fingerprint's n-gram.
    #[must_use]
    pub fn span_of(&self, fp: &Fingerprint) -> Span {
        let first = fp.word as usize;
        let last = (first + self.ngram.max(1) as usize - 1).min(self.words.len().saturating_sub(1));
        match (self.words.get(first), self.words.get(last)) {
            (Some(a), Some(b)) => Span::new(a.start as usize, b.end as usize),
            _ => Span::empty(0),
        }
    }

    /// The bytes from the first to the last word of `range` (empty for an empty range).
    #[must_use]
    pub fn span_of_words(&self, range: WordRange) -> Span {
        if range.is_empty() {
            let at = self.words.get(range.start as usize).map_or(self.text_len as usize, |w| w.start as usize);
            return Span::empty(at);
        }
        let a = &self.words[range.start as usize];
        let b = &self.words[range.end as usize - 1];
        Span::new(a.start as usize, b.end as usize)
    }

    /// Index of the paragraph holding word `word`.
    #[must_use]
    pub fn paragraph_of(&self, word: u32) -> u32 {
        // Word ranges of paragraphs are consecutive and in order: the first paragraph
        // ending after `word` holds it (paragraphs without words end where they start).
        let idx = self.paragraphs.partition_point(|p| p.end_word <= word);
        u32::try_from(idx.min(self.paragraphs.len().saturating_sub(1))).unwrap_or(u32::MAX)
    }

    /// Word range (first word, one past the last) of the paragraph holding word `word`
    /// (the whole text when the document has no paragraph).
    #[must_use]
    pub fn paragraph_bounds(&self, word: usize) -> (usize, usize) {
        let word = u32::try_from(word).unwrap_or(u32::MAX);
        match self.paragraphs.get(self.paragraph_of(word) as usize) {
            Some(p) => (p.first_word as usize, p.end_word as usize),
            None => (0, self.words.len()),
        }
    }

    /// Number of words inside label lines within `range`.
    #[must_use]
    pub fn label_words_in(&self, range: WordRange) -> u32 {
        overlap_len(&self.label_lines, range)
    }

    /// Number of matchable words that are not in label lines.
    #[must_use]
    pub fn content_words(&self) -> u32 {
        let total = u32::try_from(self.words.len()).unwrap_or(u32::MAX);
        total - self.label_words_in(WordRange { start: 0, end: total })
    }
}

/// Total length of the intersection of `range` with sorted disjoint `ranges`.
pub(crate) fn overlap_len(ranges: &[WordRange], range: WordRange) -> u32 {
    let from = ranges.partition_point(|r| r.end <= range.start);
    ranges[from..]
        .iter()
        .take_while(|r| r.start < range.end)
        .map(|r| r.end.min(range.end).saturating_sub(r.start.max(range.start)))
        .sum()
}

/// Stage 1: computes the fingerprints of one document (see the [module docs](self)).
///
/// Texts longer than 4 GiB keep only the words that lie entirely in their first 4 GiB.
#[must_use]
pub fn fingerprint(doc: &DocInput<'_>, cfg: &Config) -> DocFingerprints {
    let text = doc.text;
    let opts = NormalizeOptions::for_matching();
    let mut skip = doc.skip.clone();
    skip.sort_unstable();
    let mut skip_at = 0usize;
    let spans = paragraphs_of(text);
    let mut words = Vec::new();
    let mut hashes: Vec<u64> = Vec::new();
    let mut paragraphs = Vec::with_capacity(spans.len());
    let mut buf = String::new();
    let limit = u32::MAX as usize;
    let mut sentences = crate::reword::SentenceCutter::new(cfg.get_reword());
    // The tokens of one piece of a paragraph at a time (the segmentation's, see
    // `pieces`): memory for tokens stays small however long a paragraph is.
    let mut tokens: Vec<Token> = Vec::new();
    for span in spans {
        let first_word = words.len() as u32;
        sentences.paragraph();
        for piece in pieces(text, span) {
            tokens.clear();
            push_tokens(text, piece, &mut tokens);
            for tok in &tokens {
                if tok.kind == TokenKind::Punct {
                    sentences.punct(&text[tok.span.range()]);
                }
                if tok.kind != TokenKind::Word || tok.span.end > limit {
                    continue;
                }
                // Skip ranges: advance past those ending before this token.
                while skip_at < skip.len() && skip[skip_at].end <= tok.span.start {
                    skip_at += 1;
                }
                if skip[skip_at..].iter().take_while(|s| s.start < tok.span.end).any(|s| s.end > tok.span.start) {
                    continue;
                }
                let raw = &text[tok.span.range()];
                let hash = word_hash(raw, &opts, &mut buf);
                hashes.push(hash);
                sentences.word(raw, words.len());
                words.push(Word { start: tok.span.start as u32, end: tok.span.end as u32, id: hash as u32 });
            }
        }
        paragraphs.push(ParagraphInfo { span, first_word, end_word: words.len() as u32 });
    }
    words.shrink_to_fit();
    let n = cfg.get_ngram();
    let gram_hashes = ngram_hashes(&hashes, n);
    let fingerprints = crate::winnow::winnow(&gram_hashes, cfg.get_window())
        .into_iter()
        .map(|p| Fingerprint { hash: gram_hashes[p as usize], word: p })
        .collect();
    drop(gram_hashes);
    let label_lines = label_lines(text, &words, cfg.get_label_line_max_words());
    let (stems, sentences, reword) = if cfg.get_reword() {
        let stems = crate::reword::stems(text, &words, &hashes, &opts);
        let reword = crate::reword::reword_fingerprints(&stems);
        (stems, sentences.finish(), reword)
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };
    drop(hashes);
    DocFingerprints {
        id: doc.id.clone(),
        date: doc.date.clone(),
        text_len: text.len() as u64,
        ngram: u32::try_from(n).unwrap_or(u32::MAX),
        words,
        paragraphs,
        label_lines,
        fingerprints,
        stems,
        sentences,
        reword,
        outlet: doc.outlet.clone(),
        wire: doc.wire,
    }
}

/// Bytes of a paragraph tokenised at once by [`fingerprint`].
const PIECE_BYTES: usize = 1 << 16;

/// `span` (a paragraph) cut into pieces of about [`PIECE_BYTES`] whose tokens are exactly
/// the paragraph's: each cut is between an ASCII space and an ASCII letter or digit, where
/// UAX #29 always has a word boundary (no rule joins white space to a letter or a digit)
/// and no token spans it. A piece without such a place is not cut.
fn pieces(text: &str, span: Span) -> impl Iterator<Item = Span> + '_ {
    let bytes = text.as_bytes();
    let mut start = span.start;
    std::iter::from_fn(move || {
        if start >= span.end {
            return None;
        }
        let from = start;
        let mut cut = span.end;
        if span.end - from > PIECE_BYTES {
            let mut i = from + PIECE_BYTES;
            while i < span.end {
                if bytes[i - 1] == b' ' && bytes[i].is_ascii_alphanumeric() {
                    cut = i;
                    break;
                }
                i += 1;
            }
        }
        start = cut;
        Some(Span::new(from, cut))
    })
}

/// The word hash of one raw word token: `xxh3_64` of its normalised form.
#[must_use]
pub fn word_hash(raw: &str, opts: &NormalizeOptions, buf: &mut String) -> u64 {
    // ASCII fast path: NFKC and the typography folds leave ASCII unchanged except the
    // backtick, so lower-casing is the whole normalisation.
    if raw.is_ascii() && !raw.contains('`') && opts.folds_case() {
        let mut small = [0u8; 64];
        if raw.len() <= small.len() {
            for (d, s) in small.iter_mut().zip(raw.bytes()) {
                *d = s.to_ascii_lowercase();
            }
            return xxh3_64(&small[..raw.len()]);
        }
    }
    opts.normalize_into(raw, buf);
    xxh3_64(buf.as_bytes())
}

/// The n-gram hashes of a word-hash sequence: `xxh3_64` over the `n` word hashes as
/// little-endian bytes. Empty when there are fewer than `n` words.
#[must_use]
pub fn ngram_hashes(word_hashes: &[u64], n: usize) -> Vec<u64> {
    let n = n.max(1);
    if word_hashes.len() < n {
        return Vec::new();
    }
    let mut bytes = vec![0u8; 8 * n];
    word_hashes
        .windows(n)
        .map(|win| {
            for (chunk, h) in bytes.chunks_exact_mut(8).zip(win) {
                chunk.copy_from_slice(&h.to_le_bytes());
            }
            xxh3_64(&bytes)
        })
        .collect()
}

/// Word ranges of the label lines of `text` (see the [module docs](self)).
fn label_lines(text: &str, words: &[Word], max_words: usize) -> Vec<WordRange> {
    let mut out = Vec::new();
    let mut line_start = 0usize;
    let mut w = 0usize;
    while line_start <= text.len() {
        let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
        // Words of this line.
        while w < words.len() && (words[w].start as usize) < line_start {
            w += 1;
        }
        let first = w;
        let mut last = w;
        while last < words.len() && (words[last].end as usize) <= line_end {
            last += 1;
        }
        let count = last - first;
        if count > 0 && count <= max_words && is_label_line(&text[line_start..line_end], count) {
            out.push(WordRange { start: first as u32, end: last as u32 });
        }
        w = last;
        if line_end == text.len() {
            break;
        }
        line_start = line_end + 1;
    }
    out
}

/// Whether one line (with `words` words) starts with a label and a colon.
fn is_label_line(line: &str, words: usize) -> bool {
    let line = line.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    let Some(colon) = line.find(':') else { return false };
    let label = &line[..colon];
    if label.is_empty() || label.len() > 40 || !label.chars().next().is_some_and(char::is_alphabetic) {
        return false;
    }
    if !label.chars().all(|c| c.is_alphanumeric() || c == ' ' || c == '\'' || c == '\u{2019}' || c == '-') {
        return false;
    }
    // The colon must end the label, not be part of a time or ratio ("10:30").
    if line[colon + 1..].chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return false;
    }
    let label_words = label.split_whitespace().count();
    let letters: Vec<char> = label.chars().filter(|c| c.is_alphabetic()).collect();
    let capitals = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
    (capitals && (1..=4).contains(&label_words)) || ((1..=2).contains(&label_words) && words <= 6)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words_of<'a>(text: &'a str, fp: &DocFingerprints) -> Vec<&'a str> {
        fp.words.iter().map(|w| &text[w.start as usize..w.end as usize]).collect()
    }

    #[test]
    fn words_skip_punctuation_and_skip_ranges() {
        let text = " date 2019-05-04 Gavin Williamson was fired. Credit: PA";
        let doc = DocInput::new("d", text).with_skip([Span::new(0, 17)]);
        let fp = fingerprint(&doc, &Config::new());
        assert_eq!(words_of(text, &fp), vec!["Gavin", "Williamson", "was", "fired", "Credit", "PA"]);
        assert_eq!(fp.paragraphs.len(), 1);
        assert_eq!((fp.paragraphs[0].first_word, fp.paragraphs[0].end_word), (0, 6));
    }

    #[test]
    fn normalisation_folds_case_quotes_and_typography() {
        let cfg = Config::new();
        let a = fingerprint(
            &DocInput::new("a", "He said \u{201C}don\u{2019}t\u{201D} \u{2014} CALLS for a full inquiry now"),
            &cfg,
        );
        let b = fingerprint(&DocInput::new("b", "he said, \"don't\" - calls for a FULL inquiry now!"), &cfg);
        let ids = |f: &DocFingerprints| f.words.iter().map(|w| w.id).collect::<Vec<_>>();
        assert_eq!(ids(&a), ids(&b));
        assert_eq!(
            a.fingerprints.iter().map(|f| f.hash).collect::<Vec<_>>(),
            b.fingerprints.iter().map(|f| f.hash).collect::<Vec<_>>()
        );
        assert!(!a.fingerprints.is_empty());
    }

    #[test]
    fn ascii_fast_path_equals_full_normalisation() {
        let opts = NormalizeOptions::for_matching();
        let mut buf = String::new();
        for w in ["Hello", "MPs", "don't", "x`y", "2019", "a".repeat(100).as_str(), "Caf\u{e9}", "\u{FB01}ne"] {
            let slow = xxh3_64(opts.normalize(w).as_bytes());
            assert_eq!(word_hash(w, &opts, &mut buf), slow, "{w}");
        }
    }

    #[test]
    fn fingerprint_spans_cover_their_ngram() {
        let text = "one two three four five six seven eight nine ten eleven twelve";
        let cfg = Config::new().ngram(3).window(2);
        let fp = fingerprint(&DocInput::new("d", text), &cfg);
        assert!(!fp.fingerprints.is_empty());
        for f in &fp.fingerprints {
            let span = fp.span_of(f);
            assert_eq!(text[span.range()].split(' ').count(), 3);
            assert_eq!(span.start, fp.words[f.word as usize].start as usize);
        }
        // Winnowing guarantee: density about 2/(w+1), never more than one per n-gram.
        assert!(fp.fingerprints.len() <= 10);
        assert!(fp.fingerprints.windows(2).all(|p| p[0].word < p[1].word));
    }

    #[test]
    fn hashes_are_the_documented_specification() {
        let text = "Alpha beta gamma";
        let fp = fingerprint(&DocInput::new("d", text), &Config::new().ngram(3).window(1));
        let wh: Vec<u64> = ["alpha", "beta", "gamma"].iter().map(|w| xxh3_64(w.as_bytes())).collect();
        let mut bytes = Vec::new();
        for h in &wh {
            bytes.extend_from_slice(&h.to_le_bytes());
        }
        assert_eq!(fp.fingerprints, vec![Fingerprint { hash: xxh3_64(&bytes), word: 0 }]);
        assert_eq!(fp.words[1].id, wh[1] as u32);
    }

    #[test]
    fn long_paragraphs_are_tokenised_in_pieces_like_the_whole() {
        use copytrace_text::segment::Segmented;
        // One paragraph of several pieces, with tokens UAX #29 joins across white space,
        // punctuation and non-ASCII letters; and a second, shorter one.
        let unit = "Caf\u{e9} owners said   3.5 per cent, don't e-mail \u{201C}them\u{201D}: \u{0301}x  \u{3000}y ";
        let text = format!("{}\n\nShort tail paragraph here.", unit.repeat(4 * PIECE_BYTES / unit.len()));
        let fp = fingerprint(&DocInput::new("d", &text), &Config::new());
        let seg = Segmented::new(&text);
        let expected: Vec<(u32, u32)> = seg
            .tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .map(|t| (t.span.start as u32, t.span.end as u32))
            .collect();
        let got: Vec<(u32, u32)> = fp.words.iter().map(|w| (w.start, w.end)).collect();
        assert!(pieces(&text, seg.paragraphs[0].span).count() >= 4);
        assert_eq!(got, expected);
        assert_eq!(fp.paragraphs.len(), 2);
        assert_eq!(fp.paragraphs[1].end_word as usize, expected.len());
    }

    #[test]
    fn paragraph_lookup() {
        let text = "One two three.\n\n---\n\nFour five.\n\nSix";
        let fp = fingerprint(&DocInput::new("d", text), &Config::new());
        assert_eq!(fp.paragraphs.len(), 4);
        let paras: Vec<u32> = (0..6).map(|w| fp.paragraph_of(w)).collect();
        assert_eq!(paras, vec![0, 0, 0, 2, 2, 3]);
    }

    #[test]
    fn label_lines_are_found() {
        let text = "READ MORE: Gavin Williamson sacked from government over Huawei leak \n\
                    CALLS for a full criminal investigation have been made.\n\
                    Credit: PA\n\
                    The meeting starts at 10:30 today, he said.\n\
                    Note: this long line is an ordinary sentence that happens to start with a word and a colon.\n\
                    SEE ALSO: More";
        let fp = fingerprint(&DocInput::new("d", text), &Config::new());
        let lines: Vec<String> =
            fp.label_lines.iter().map(|r| text[fp.span_of_words(*r).range()].to_string()).collect();
        assert_eq!(
            lines,
            vec!["READ MORE: Gavin Williamson sacked from government over Huawei leak", "Credit: PA", "SEE ALSO: More"]
        );
        assert_eq!(fp.content_words() as usize, fp.words.len() - 10 - 2 - 3);
    }

    #[test]
    fn empty_and_tiny_documents() {
        let cfg = Config::new();
        let e = fingerprint(&DocInput::new("e", ""), &cfg);
        assert!(e.words.is_empty() && e.fingerprints.is_empty() && e.paragraphs.is_empty());
        let t = fingerprint(&DocInput::new("t", "just three words"), &cfg);
        assert_eq!(t.words.len(), 3);
        assert!(t.fingerprints.is_empty());
        let five = fingerprint(&DocInput::new("f", "exactly five words right here"), &cfg);
        assert_eq!(five.fingerprints.len(), 1);
    }
}
