//! Invariants of `copytrace-provenance`, checked on arbitrary input.
//!
//! Like `diff_invariants.rs`, this file is shared, not copied: the fuzz crate compiles it
//! as `copytrace_fuzz::provenance_invariants`, and
//! `crates/provenance/tests/fuzz_regressions.rs` includes it with `#[path]`. It may use only
//! the public APIs of `copytrace-provenance` and `copytrace-text`, `xxhash-rust` (to check
//! the documented hash specification) and the standard library.

use copytrace_provenance::{
    align_pair, analyze, analyze_fingerprints, analyze_fingerprints_touching, candidates, fingerprint,
    BoilerplateReason, CandidatePair, Config, DocFingerprints, DocInput, PairAligner, Passage, PassageKind,
    PassageSide, Report, Tier, Verdict, WordRange,
};
use copytrace_text::normalize::NormalizeOptions;
use copytrace_text::segment::{Segmented, TokenKind};
use copytrace_text::Span;
use xxhash_rust::xxh3::xxh3_64;

/// What a check returns: `Err` describes the first invariant found broken.
pub type Checked = Result<(), String>;

/// Returns `Err(format!(...))` from the enclosing function when `cond` is false.
macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        {
            let holds: bool = $cond;
            if !holds {
                return Err(format!($($msg)+));
            }
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

/// The words texts of the `align` target are made of: few, so that passages repeat.
pub const VOCABULARY: [&str; 16] = [
    "the",
    "minister",
    "said",
    "on",
    "Tuesday",
    "that",
    "she",
    "would",
    "not",
    "resign",
    "after",
    "leak",
    "of",
    "report",
    "Williamson",
    "inquiry",
];

/// What follows each word in the `align` target's texts, by the byte's high half: mostly a
/// space, sometimes punctuation, a line or paragraph break, a quote, or a label line.
pub const SEPARATORS: [&str; 16] =
    [" ", " ", " ", " ", " ", " ", " ", " ", " ", ", ", ". ", "\n", "\n\n", " \u{201C}", "\nREAD MORE: ", "\u{2019}s "];

/// Splits an `align` target input into the configuration and two texts: the first byte
/// selects the configuration (n-grams of 1 to 4 words, windows of 1 to 4, at least 1 to 4
/// matched words, dense seeds of 3 words or fingerprint seeds only, a gap tolerance of 0
/// or 12), the rest is cut at the first `0xFF` byte, and each byte of either part becomes a
/// word of [`VOCABULARY`] (low half) and a separator (high half).
#[must_use]
pub fn split_align_input(data: &[u8]) -> (Config, String, String) {
    let (&b, rest) = data.split_first().unwrap_or((&0, &[]));
    let cfg = Config::new()
        .ngram(1 + usize::from(b & 3))
        .window(1 + usize::from((b >> 2) & 3))
        .min_words(1 + usize::from((b >> 4) & 3))
        .seed_words(3 * usize::from((b >> 6) & 1))
        .max_gap(12 * usize::from(b >> 7));
    let cut = rest.iter().position(|&x| x == 0xFF).unwrap_or(rest.len());
    let words = |bytes: &[u8]| -> String {
        bytes.iter().flat_map(|&x| [VOCABULARY[usize::from(x & 15)], SEPARATORS[usize::from(x >> 4)]]).collect()
    };
    (cfg, words(&rest[..cut]), words(rest.get(cut + 1..).unwrap_or_default()))
}

/// Fuzz target `align`: two texts from a small vocabulary ([`split_align_input`]) are
/// fingerprinted (checked by [`check_fingerprints`]), paired by `candidates`, aligned by
/// `align_pair`, and the passages checked by [`check_passages`]. The alignment must be
/// deterministic, and a reused `PairAligner` must give the same passages.
///
/// # Errors
/// Describes the first invariant found broken.
pub fn align_target(data: &[u8]) -> Checked {
    let (cfg, a, b) = split_align_input(data);
    let (da, db) = (DocInput::new("a", &a), DocInput::new("b", &b));
    let (fa, fb) = (fingerprint(&da, &cfg), fingerprint(&db, &cfg));
    check_fingerprints(&da, &cfg, &fa)?;
    check_fingerprints(&db, &cfg, &fb)?;

    let mut ha: Vec<u64> = fa.fingerprints.iter().map(|f| f.hash).collect();
    let mut hb: Vec<u64> = fb.fingerprints.iter().map(|f| f.hash).collect();
    ha.sort_unstable();
    ha.dedup();
    hb.sort_unstable();
    hb.dedup();
    let shared = ha.iter().filter(|h| hb.binary_search(h).is_ok()).count();
    let docs = [fa, fb];
    let found = candidates(&docs, &cfg);
    let expected: Vec<CandidatePair> = if shared > 0 {
        vec![CandidatePair { a: 0, b: 1, shared: u32::try_from(shared).unwrap_or(u32::MAX) }]
    } else {
        Vec::new()
    };
    ensure!(found.pairs == expected, "candidate pairs {:?}, expected {expected:?}", found.pairs);
    ensure!(found.common.is_empty(), "common text found among two documents: {:?}", found.common);

    let pair = CandidatePair { a: 0, b: 1, shared: u32::try_from(shared).unwrap_or(u32::MAX) };
    let passages = align_pair(&pair, &docs[0], &docs[1], &cfg);
    check_passages(&cfg, &[(&a, &docs[0]), (&b, &docs[1])], &passages)?;
    // A reused aligner gives the same passages, also after aligning another document.
    let aligner = PairAligner::new(&docs[0], &cfg);
    ensure!(aligner.align(&pair, &docs[1]) == passages, "PairAligner::align differs from align_pair");
    let own = aligner.align(&CandidatePair { a: 0, b: 0, shared: 0 }, &docs[0]);
    ensure!(own.iter().all(|p| !p.a.words.is_empty()), "empty passage of a document with itself");
    ensure!(aligner.align(&pair, &docs[1]) == passages, "a reused PairAligner gives other passages");
    Ok(())
}

/// Every invariant of the passages `align_pair` found between documents 0 and 1 of `docs`
/// (each a text and its fingerprints):
///
/// * each passage is valid ([`check_passage`]) and joins document 0 to document 1;
/// * passages are in `a`'s text order and none is contained, on both sides, in another;
/// * the kind is reuse or label-line boilerplate, and no cluster is set yet.
///
/// # Errors
/// Describes the first invariant found broken.
pub fn check_passages(cfg: &Config, docs: &[(&str, &DocFingerprints)], passages: &[Passage]) -> Checked {
    for (i, p) in passages.iter().enumerate() {
        check_passage(cfg, docs, p, &format!("passage #{i}"))?;
        ensure!((p.a.doc, p.b.doc) == (0, 1), "passage #{i} joins documents {} and {}", p.a.doc, p.b.doc);
        ensure!(
            matches!(p.kind, PassageKind::Reuse | PassageKind::Boilerplate(BoilerplateReason::LabelLine)),
            "passage #{i} kind {:?} before corpus analysis",
            p.kind
        );
        ensure!(p.cluster.is_none(), "passage #{i} has a cluster before corpus analysis");
    }
    for (i, w) in passages.windows(2).enumerate() {
        ensure!(w[0].a.words.start <= w[1].a.words.start, "passages #{i} and #{} out of a's order", i + 1);
    }
    let inside = |o: WordRange, x: WordRange| o.start <= x.start && x.end <= o.end;
    for (i, p) in passages.iter().enumerate() {
        for (j, q) in passages.iter().enumerate() {
            ensure!(
                i == j || !(inside(q.a.words, p.a.words) && inside(q.b.words, p.b.words)),
                "passage #{i} is contained in passage #{j} on both sides"
            );
        }
    }
    Ok(())
}

/// Checks one side of a passage against its document: a non-empty word range inside it,
/// its word count, its span (that of its words, valid in the text), its paragraph range.
fn check_side(side: &PassageSide, docs: &[(&str, &DocFingerprints)], what: &str) -> Checked {
    let Some(&(text, fp)) = docs.get(side.doc as usize) else {
        return Err(format!("{what} names document {} of {}", side.doc, docs.len()));
    };
    let r = side.words;
    ensure!(
        !r.is_empty() && r.end as usize <= fp.words.len(),
        "{what} words {r:?} empty or outside 0..{}",
        fp.words.len()
    );
    ensure!(side.word_count == r.len(), "{what} word_count {} != {}", side.word_count, r.len());
    let (first, last) = (fp.words[r.start as usize], fp.words[r.end as usize - 1]);
    ensure!(
        side.span == Span::new(first.start as usize, last.end as usize),
        "{what} span {:?} is not that of its words",
        side.span
    );
    ensure!(
        side.span.end <= text.len() && text.is_char_boundary(side.span.start) && text.is_char_boundary(side.span.end),
        "{what} span {:?} is not a valid span of the text",
        side.span
    );
    let paras = side.paragraphs;
    ensure!(
        paras.first == fp.paragraph_of(r.start)
            && paras.last == fp.paragraph_of(r.end - 1)
            && (paras.last as usize) < fp.paragraphs.len(),
        "{what} paragraphs {paras:?} are not those of its first and last words"
    );
    Ok(())
}

/// Checks one passage between two of `docs`: each side names one of them and holds the
/// word range, word count, span and paragraph range of its words; `a`'s document comes
/// before `b`'s; matched words at least the configured minimum and at most either
/// side's words; the similarity is `2 · matched / (words_a + words_b)`, at least the
/// configured minimum and at most 1, and the tier is verbatim exactly when every word of
/// both sides matched; a reworded-tier passage's similarity (a cosine) is at least the
/// tier's minimum and at most 1.
///
/// # Errors
/// Describes the first invariant found broken.
pub fn check_passage(cfg: &Config, docs: &[(&str, &DocFingerprints)], p: &Passage, what: &str) -> Checked {
    check_side(&p.a, docs, &format!("{what} side a"))?;
    check_side(&p.b, docs, &format!("{what} side b"))?;
    ensure!(p.a.doc < p.b.doc, "{what} joins documents {} and {}", p.a.doc, p.b.doc);
    let (wa, wb) = (p.a.word_count, p.b.word_count);
    ensure!(
        p.matched_words as usize >= cfg.get_min_words() && p.matched_words <= wa.min(wb),
        "{what} matches {} words with sides of {wa} and {wb} (minimum {})",
        p.matched_words,
        cfg.get_min_words()
    );
    if p.tier == Tier::Reworded {
        ensure!(
            p.similarity >= cfg.get_reword_min_similarity() && p.similarity <= 1.0,
            "{what} reworded similarity {} (minimum {})",
            p.similarity,
            cfg.get_reword_min_similarity()
        );
        return Ok(());
    }
    let verbatim = p.matched_words == wa && p.matched_words == wb;
    ensure!(
        (p.tier == Tier::Verbatim) == verbatim,
        "{what} tier {:?} with {} of {wa} and {wb} words matched",
        p.tier,
        p.matched_words
    );
    let similarity = 2.0 * f64::from(p.matched_words) / (f64::from(wa) + f64::from(wb));
    ensure!(
        (p.similarity - similarity).abs() < 1e-9 && p.similarity >= cfg.get_min_similarity() && p.similarity <= 1.0,
        "{what} similarity {} (expected {similarity}, minimum {})",
        p.similarity,
        cfg.get_min_similarity()
    );
    Ok(())
}

/// Splits an `analyze` target input into the configuration (first byte, as for `align`)
/// and up to three texts cut at `0xFF` bytes, each made of [`VOCABULARY`] words.
#[must_use]
pub fn split_corpus_input(data: &[u8]) -> (Config, Vec<String>) {
    let (cfg, _, _) = split_align_input(data.get(..1).unwrap_or_default());
    let words = |bytes: &[u8]| -> String {
        bytes.iter().flat_map(|&x| [VOCABULARY[usize::from(x & 15)], SEPARATORS[usize::from(x >> 4)]]).collect()
    };
    let texts = data.get(1..).unwrap_or_default().splitn(3, |&b| b == 0xFF).map(words).collect();
    (cfg, texts)
}

/// Fuzz target `analyze`: a corpus of up to three documents ([`split_corpus_input`]; the
/// first dated after the last, the middle one undated) is analysed, and
///
/// * the report is valid ([`check_report`]), and the same from texts or from fingerprints;
/// * the incremental analysis of the pairs touching the last document finds exactly the
///   full analysis's pairs and passages that touch it (cluster ids aside).
///
/// # Errors
/// Describes the first invariant found broken.
pub fn analyze_target(data: &[u8]) -> Checked {
    let (cfg, texts) = split_corpus_input(data);
    let docs: Vec<DocInput<'_>> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let d = DocInput::new(format!("doc{i}"), t);
            match i {
                0 => d.with_date("2024-03-02"),
                2 => d.with_date("2024-03-01"),
                _ => d,
            }
        })
        .collect();
    let fps: Vec<DocFingerprints> = docs.iter().map(|d| fingerprint(d, &cfg)).collect();
    let report = analyze(&docs, &cfg);
    ensure!(analyze_fingerprints(&fps, &cfg) == report, "analyze and analyze_fingerprints disagree");
    let corpus: Vec<(&str, &DocFingerprints)> = texts.iter().map(String::as_str).zip(&fps).collect();
    check_report(&cfg, &docs, &corpus, &report)?;

    let last = u32::try_from(docs.len().saturating_sub(1)).unwrap_or(u32::MAX);
    let touched: Vec<bool> = (0..docs.len()).map(|i| i as u32 == last).collect();
    let incremental = analyze_fingerprints_touching(&fps, &cfg, &touched);
    check_report(&cfg, &docs, &corpus, &incremental)?;
    let touching = |ps: &[Passage]| -> Vec<Passage> {
        ps.iter()
            .filter(|p| p.a.doc == last || p.b.doc == last)
            .map(|p| Passage { cluster: None, ..p.clone() })
            .collect()
    };
    ensure!(
        touching(&report.passages) == touching(&incremental.passages),
        "the incremental analysis finds other passages touching the new document than the full one"
    );
    let pairs = |r: &Report| -> Vec<(u32, u32, u32, u32, u32, u32)> {
        r.pairs
            .iter()
            .filter(|p| p.a == last || p.b == last)
            .map(|p| (p.a, p.b, p.passages, p.boilerplate_passages, p.shared_words_a, p.shared_words_b))
            .collect()
    };
    ensure!(
        pairs(&report) == pairs(&incremental),
        "the incremental analysis reports other pairs touching the new document than the full one"
    );
    Ok(())
}

/// Every invariant of a corpus report:
///
/// * one document entry per document, by index, with its id and date; shares in `0..=1`,
///   derived words at most the reused ones, originality `1 - derived_share`;
/// * passages valid ([`check_passage`]), sorted by documents and position, cluster ids
///   existing; the summary counts what the lists hold;
/// * pairs sorted, between existing documents, with the numbers of reuse and boilerplate
///   passages that the passage list holds for them, containments in `0..=1`, and a
///   direction whose source agrees with its verdict;
/// * clusters numbered in order, of three or more documents, members sorted and distinct
///   from the hub, each span that of its words, each linking passage existing and joining
///   the member to the hub;
/// * boilerplate spans valid, sorted by document and position.
///
/// # Errors
/// Describes the first invariant found broken.
pub fn check_report(cfg: &Config, docs: &[DocInput<'_>], corpus: &[(&str, &DocFingerprints)], r: &Report) -> Checked {
    let n = docs.len();
    ensure!(
        r.summary.documents as usize == n && r.documents.len() == n,
        "report covers {} documents of {n}",
        r.documents.len()
    );
    let unit = |x: f64| (0.0..=1.0).contains(&x);
    for (i, d) in r.documents.iter().enumerate() {
        ensure!(d.index as usize == i && d.id == docs[i].id && d.date == docs[i].date, "document entry #{i} misplaced");
        ensure!(
            unit(d.reused_share) && unit(d.derived_share) && unit(d.originality),
            "document #{i} shares out of 0..=1: {d:?}"
        );
        ensure!(d.derived_words <= d.reused_words, "document #{i} derived more words than it reused: {d:?}");
        ensure!((d.originality - (1.0 - d.derived_share)).abs() < 1e-9, "document #{i} originality: {d:?}");
    }

    for (i, p) in r.passages.iter().enumerate() {
        check_passage(cfg, corpus, p, &format!("passage #{i}"))?;
        ensure!(
            p.cluster.is_none_or(|c| (c as usize) < r.clusters.len()),
            "passage #{i} names cluster {:?} of {}",
            p.cluster,
            r.clusters.len()
        );
    }
    let key = |p: &Passage| (p.a.doc, p.b.doc, p.a.span.start, p.b.span.start);
    ensure!(r.passages.windows(2).all(|w| key(&w[0]) <= key(&w[1])), "passages are not sorted");
    let reuse = r.passages.iter().filter(|p| p.kind == PassageKind::Reuse).count();
    ensure!(
        r.summary.reuse_passages as usize == reuse
            && r.summary.boilerplate_passages as usize == r.passages.len() - reuse
            && r.summary.clusters as usize == r.clusters.len()
            && r.summary.pairs_with_reuse as usize == r.pairs.iter().filter(|p| p.passages > 0).count(),
        "summary {:?} disagrees with the lists",
        r.summary
    );

    ensure!(r.pairs.windows(2).all(|w| (w[0].a, w[0].b) < (w[1].a, w[1].b)), "pairs are not sorted");
    for p in &r.pairs {
        let what = format!("pair ({}, {})", p.a, p.b);
        ensure!(p.a < p.b && (p.b as usize) < n, "{what} names documents out of order or range");
        let of_pair = || r.passages.iter().filter(|x| (x.a.doc, x.b.doc) == (p.a, p.b));
        let reuse = of_pair().filter(|x| x.kind == PassageKind::Reuse).count();
        ensure!(
            p.passages as usize == reuse && p.boilerplate_passages as usize == of_pair().count() - reuse,
            "{what} counts {} + {} passages, the list holds {reuse} + {}",
            p.passages,
            p.boilerplate_passages,
            of_pair().count() - reuse
        );
        ensure!(unit(p.containment_a) && unit(p.containment_b), "{what} containment out of 0..=1");
        let d = p.direction;
        let consistent = match d.verdict {
            Verdict::AToB => d.source == Some(p.a) && d.common_source.is_none(),
            Verdict::BToA => d.source == Some(p.b) && d.common_source.is_none(),
            Verdict::CommonSource => {
                d.source.is_none() && d.common_source.is_some_and(|c| c != p.a && c != p.b && (c as usize) < n)
            }
            Verdict::Unknown => d.source.is_none() && d.common_source.is_none(),
        };
        ensure!(consistent && unit(d.confidence), "{what} direction {d:?} is inconsistent");
    }
    for p in &r.passages {
        ensure!(
            r.pairs.iter().any(|x| (x.a, x.b) == (p.a.doc, p.b.doc)),
            "passage between {} and {} has no pair report",
            p.a.doc,
            p.b.doc
        );
    }

    for (i, c) in r.clusters.iter().enumerate() {
        ensure!(c.id as usize == i, "cluster #{i} has id {}", c.id);
        ensure!(c.docs as usize == 1 + c.members.len() && c.docs >= 3, "cluster #{i} has {} documents", c.docs);
        ensure!(c.members.windows(2).all(|w| w[0].doc < w[1].doc), "cluster #{i} members are not sorted");
        for m in std::iter::once(&c.hub).chain(&c.members) {
            let Some(&(_, fp)) = corpus.get(m.doc as usize) else {
                return Err(format!("cluster #{i} names document {}", m.doc));
            };
            ensure!(
                !m.words.is_empty() && m.words.end as usize <= fp.words.len() && m.span == fp.span_of_words(m.words),
                "cluster #{i} member in document {} has words {:?} and span {:?}",
                m.doc,
                m.words,
                m.span
            );
        }
        ensure!(c.members.iter().all(|m| m.doc != c.hub.doc), "cluster #{i} lists its hub as a member");
        for m in &c.members {
            let Some(p) = m.passage.and_then(|k| r.passages.get(k as usize)) else {
                return Err(format!("cluster #{i} member {} has no passage ({:?})", m.doc, m.passage));
            };
            let docs_of = [p.a.doc, p.b.doc];
            ensure!(
                docs_of.contains(&m.doc) && docs_of.contains(&c.hub.doc),
                "cluster #{i} member {} is linked by a passage between {docs_of:?}, not to hub {}",
                m.doc,
                c.hub.doc
            );
        }
    }

    for (i, b) in r.boilerplate.iter().enumerate() {
        let Some(&(text, _)) = corpus.get(b.doc as usize) else {
            return Err(format!("boilerplate #{i} names document {}", b.doc));
        };
        ensure!(
            b.span.start <= b.span.end
                && b.span.end <= text.len()
                && text.is_char_boundary(b.span.start)
                && text.is_char_boundary(b.span.end),
            "boilerplate #{i} span {:?} is not a valid span of its text",
            b.span
        );
    }
    ensure!(
        r.boilerplate.windows(2).all(|w| (w[0].doc, w[0].span.start) <= (w[1].doc, w[1].span.start)),
        "boilerplate spans are not sorted"
    );
    Ok(())
}
