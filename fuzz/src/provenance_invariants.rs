//! Invariants of `copytrace-provenance`, checked on arbitrary input.
//!
//! Like `diff_invariants.rs`, this file is shared, not copied: the fuzz crate compiles it
//! as `copytrace_fuzz::provenance_invariants`, and
//! `crates/provenance/tests/fuzz_regressions.rs` includes it with `#[path]`. It may use only
//! the public APIs of `copytrace-provenance` and `copytrace-diff`, `xxhash-rust` (to check
//! the documented hash specification) and the standard library.

use copytrace_diff::normalize::NormalizeOptions;
use copytrace_diff::text::{Segmented, TokenKind};
use copytrace_diff::Span;
use copytrace_provenance::{fingerprint, Config, DocFingerprints, DocInput, WordRange};
use xxhash_rust::xxh3::xxh3_64;

/// What a check returns: `Err` describes the first invariant found broken.
pub type Checked = Result<(), String>;

/// Returns `Err(format!(...))` from the enclosing function when `cond` is false.
macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err(format!($($msg)+));
        }
    };
}

/// The text a fuzzer's bytes stand for (lossy UTF-8).
fn text_of(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// The small configuration selected by `byte`: n-grams of 1 to 4 words (low two bits),
/// windows of 1 to 8 (next three bits), label lines of up to 0 to 35 words (top three).
#[must_use]
pub fn config_from_byte(byte: u8) -> Config {
    Config::new()
        .ngram(1 + usize::from(byte & 3))
        .window(1 + usize::from((byte >> 2) & 7))
        .label_line_max_words(5 * usize::from(byte >> 5))
}

/// Fuzz target `fingerprint`: the input is a document's text. It is fingerprinted with the
/// default configuration and without skipped ranges, then with the configuration selected
/// by its first byte ([`config_from_byte`]) and two skipped ranges placed by its second and
/// third bytes; each result is checked by [`check_fingerprints`].
///
/// # Errors
/// Describes the first invariant found broken.
pub fn fingerprint_target(data: &[u8]) -> Checked {
    let text = text_of(data);
    let plain = DocInput::new("doc", &text);
    let cfg = Config::default();
    check_fingerprints(&plain, &cfg, &fingerprint(&plain, &cfg))?;

    let byte = |i: usize| data.get(i).copied().unwrap_or(0);
    let at = |b: u8| text.len() * usize::from(b) / 256;
    let (a, b) = (at(byte(1)), at(byte(2)));
    // Unsorted and possibly overlapping, neither necessarily on a char boundary.
    let skip = [Span::new(a.min(b), a.max(b)), Span::new(0, text.len() / 5)];
    let doc = DocInput::new("doc", &text).with_date("2019-05-04").with_skip(skip);
    let cfg = config_from_byte(byte(0));
    check_fingerprints(&doc, &cfg, &fingerprint(&doc, &cfg))
}

/// The word hash by the documented specification: `xxh3_64` of the normalised word.
fn spec_word_hash(raw: &str) -> u64 {
    xxh3_64(NormalizeOptions::for_matching().normalize(raw).as_bytes())
}

/// Every invariant of the fingerprints `fp` of `doc` under `cfg`:
///
/// * the metadata (id, date, length, n) is the document's;
/// * the words are exactly the word tokens of the segmentation that overlap no skipped
///   range, in order, and each word's id is the low half of its specified hash;
/// * paragraphs are the segmentation's, and their word ranges partition the words in order,
///   each word lying inside its paragraph (which `paragraph_of` finds);
/// * label-line ranges are sorted, disjoint, non-empty and within the words;
/// * fingerprints are in strictly increasing word order, each hash is the specified n-gram
///   hash of its words, and `span_of` covers those words; every window of `w` consecutive
///   n-grams holds a fingerprint at one of its minimum hashes (the winnowing guarantee);
/// * `span_of_words` of any range stays inside the text, on char boundaries.
///
/// # Errors
/// Describes the first invariant found broken.
pub fn check_fingerprints(doc: &DocInput<'_>, cfg: &Config, fp: &DocFingerprints) -> Checked {
    let text = doc.text;
    ensure!(fp.id == doc.id && fp.date == doc.date, "id or date not carried over");
    ensure!(fp.text_len == text.len() as u64, "text_len {} != {}", fp.text_len, text.len());
    ensure!(fp.ngram as usize == cfg.get_ngram(), "ngram {} != config {}", fp.ngram, cfg.get_ngram());

    // Words: the word tokens outside skipped ranges.
    let seg = Segmented::new(text);
    let overlaps_skip = |s: Span| doc.skip.iter().any(|k| k.start < s.end && s.start < k.end);
    let expected: Vec<Span> =
        seg.tokens.iter().filter(|t| t.kind == TokenKind::Word && !overlaps_skip(t.span)).map(|t| t.span).collect();
    let got: Vec<Span> = fp.words.iter().map(|w| Span::new(w.start as usize, w.end as usize)).collect();
    ensure!(
        got == expected,
        "words differ from the word tokens outside skipped ranges ({} vs {} words)",
        got.len(),
        expected.len()
    );
    let mut hashes = Vec::with_capacity(fp.words.len());
    for (i, w) in fp.words.iter().enumerate() {
        let raw = &text[w.start as usize..w.end as usize];
        let h = spec_word_hash(raw);
        #[allow(clippy::cast_possible_truncation, reason = "the id is specified as the low 32 bits")]
        let id = h as u32;
        ensure!(w.id == id, "word #{i} {raw:?} has id {:#x}, the specification gives {id:#x}", w.id);
        hashes.push(h);
    }

    // Paragraphs.
    ensure!(fp.paragraphs.len() == seg.paragraphs.len(), "paragraph count differs from the segmentation");
    let mut next = 0u32;
    for (i, (p, s)) in fp.paragraphs.iter().zip(&seg.paragraphs).enumerate() {
        ensure!(p.span == s.span, "paragraph #{i} span {:?} != segmentation {:?}", p.span, s.span);
        ensure!(
            p.first_word == next && p.first_word <= p.end_word && p.end_word as usize <= fp.words.len(),
            "paragraph #{i} words {}..{} do not continue from {next}",
            p.first_word,
            p.end_word
        );
        next = p.end_word;
        for k in p.first_word..p.end_word {
            let w = fp.words[k as usize];
            ensure!(
                p.span.start <= w.start as usize && w.end as usize <= p.span.end,
                "word #{k} lies outside paragraph #{i}"
            );
            ensure!(fp.paragraph_of(k) as usize == i, "paragraph_of({k}) = {} != {i}", fp.paragraph_of(k));
        }
    }
    ensure!(next as usize == fp.words.len(), "words {next}.. belong to no paragraph");

    // Label lines.
    let n_words = u32::try_from(fp.words.len()).unwrap_or(u32::MAX);
    let mut prev_end = 0;
    for (i, r) in fp.label_lines.iter().enumerate() {
        ensure!(
            !r.is_empty() && r.start >= prev_end && r.end <= n_words,
            "label line #{i} {r:?} is empty, unsorted or outside 0..{n_words}"
        );
        prev_end = r.end;
    }
    let label_words: u32 = fp.label_lines.iter().map(WordRange::len).sum();
    ensure!(
        fp.content_words() == n_words - label_words,
        "content_words {} != {n_words} words - {label_words} in label lines",
        fp.content_words()
    );

    // Fingerprints: specified hashes, strictly increasing positions, winnowing guarantee.
    let n = cfg.get_ngram();
    let grams: Vec<u64> = hashes
        .windows(n)
        .map(|win| {
            let bytes: Vec<u8> = win.iter().flat_map(|h| h.to_le_bytes()).collect();
            xxh3_64(&bytes)
        })
        .collect();
    let mut prev: Option<u32> = None;
    for (i, f) in fp.fingerprints.iter().enumerate() {
        ensure!(prev.is_none_or(|p| p < f.word), "fingerprint #{i} at word {} is out of order", f.word);
        prev = Some(f.word);
        let Some(&h) = grams.get(f.word as usize) else {
            return Err(format!("fingerprint #{i} starts at word {} but only {} n-grams exist", f.word, grams.len()));
        };
        ensure!(f.hash == h, "fingerprint #{i} hash {:#x} is not its n-gram's {h:#x}", f.hash);
        let span = fp.span_of(f);
        let (first, last) = (&fp.words[f.word as usize], &fp.words[f.word as usize + n - 1]);
        ensure!(
            span == Span::new(first.start as usize, last.end as usize),
            "span_of(fingerprint #{i}) = {span:?} does not cover its {n} words"
        );
    }
    ensure!(
        grams.is_empty() == fp.fingerprints.is_empty(),
        "{} n-grams but {} fingerprints",
        grams.len(),
        fp.fingerprints.len()
    );
    let w = cfg.get_window().min(grams.len());
    if w > 0 {
        let selected: Vec<usize> = fp.fingerprints.iter().map(|f| f.word as usize).collect();
        for start in 0..=grams.len() - w {
            let window = &grams[start..start + w];
            let min = window.iter().copied().min().unwrap_or(0);
            let from = selected.partition_point(|&p| p < start);
            ensure!(
                selected[from..].iter().take_while(|&&p| p < start + w).any(|&p| grams[p] == min),
                "no fingerprint at a minimum of the window of n-grams {start}..{}",
                start + w
            );
        }
    }

    // Spans of word ranges, including empty and whole ones.
    for (s, e) in [(0, n_words), (0, 0), (n_words, n_words), (n_words / 3, n_words / 2)] {
        let span = fp.span_of_words(WordRange { start: s, end: e });
        ensure!(
            span.start <= span.end
                && span.end <= text.len()
                && text.is_char_boundary(span.start)
                && text.is_char_boundary(span.end),
            "span_of_words({s}..{e}) = {span:?} is not a valid span of the text"
        );
    }
    Ok(())
}
