//! Invariants of `copytrace-diff`, checked on arbitrary input.
//!
//! One function per fuzz target, each taking the raw bytes a fuzzer (or a regression file)
//! provides and returning `Err` with a readable description of the first broken invariant.
//! A panic inside the library under test is a failure too: the fuzzer records it as a crash,
//! and the regression test catches it per file.
//!
//! This file is shared, not copied: the fuzz crate compiles it as its module
//! `copytrace_fuzz::diff_invariants`, and `crates/diff/tests/fuzz_regressions.rs` includes it
//! with `#[path]`, so the fuzzers and the normal test suite check exactly the same things
//! without the library growing a test-only public API. It may use only the public API of
//! `copytrace-diff`, `copytrace-text` and the standard library.

use copytrace_diff::{diff, BlockKind, Diff, DiffOptions, Layout, OpTag, Span};
use copytrace_text::decode::{decode, DecodeError, Decoded, Encoding};
use copytrace_text::normalize::{fold_typography, NormalizeOptions};
use copytrace_text::segment::{normalized_words, sentences, Segmented, TokenKind};

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

/// The text a fuzzer's bytes stand for: the bytes themselves when they are UTF-8, else their
/// lossy decoding (invalid sequences become U+FFFD), so every input yields some text.
#[must_use]
pub fn text_of(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Checks that `span` is a valid, possibly empty, range of `text` on `char` boundaries.
///
/// # Errors
/// When it is reversed, out of bounds or cuts a character; `what` names the span.
pub fn check_span(text: &str, span: Span, what: &str) -> Checked {
    ensure!(span.start <= span.end, "{what} {span:?} is reversed");
    ensure!(span.end <= text.len(), "{what} {span:?} ends past the text ({} bytes)", text.len());
    ensure!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what} {span:?} is not on char boundaries"
    );
    Ok(())
}

/// Checks spans that must be non-empty, valid, in text order and non-overlapping.
fn check_sorted_spans(text: &str, spans: impl IntoIterator<Item = Span>, what: &str) -> Checked {
    let mut prev: Option<Span> = None;
    for (i, span) in spans.into_iter().enumerate() {
        check_span(text, span, &format!("{what} #{i}"))?;
        ensure!(!span.is_empty(), "{what} #{i} {span:?} is empty");
        if let Some(p) = prev {
            ensure!(p.end <= span.start, "{what} #{i} {span:?} overlaps or precedes {p:?}");
        }
        prev = Some(span);
    }
    Ok(())
}

/// Checks that the text of `span` neither starts nor ends with white space.
fn check_trimmed(text: &str, span: Span, what: &str) -> Checked {
    let s = &text[span.range()];
    ensure!(s.trim() == s, "{what} {span:?} = {s:?} is not trimmed of white space");
    Ok(())
}

/// Every invariant of a segmentation of `text`:
///
/// * `len` and `bom` describe the text; no span covers the byte-order mark;
/// * paragraphs and tokens are non-empty, in bounds, on char boundaries, sorted and
///   non-overlapping; paragraphs are trimmed of white space;
/// * the paragraphs' token ranges partition the token list in order, and each token lies
///   inside its paragraph;
/// * nothing but white space lies outside the paragraphs, or inside a paragraph outside its
///   tokens (and sentences);
/// * a token is a word exactly when it holds an alphanumeric character;
/// * sentences are trimmed, sorted spans inside their paragraph;
/// * `normalized_words` returns exactly the word tokens' spans.
///
/// # Errors
/// Describes the first invariant found broken.
pub fn check_segmented(text: &str, seg: &Segmented) -> Checked {
    ensure!(seg.len == text.len(), "Segmented.len {} != text length {}", seg.len, text.len());
    let bom = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    ensure!(seg.bom == bom, "Segmented.bom {} but the text's BOM is {bom} bytes", seg.bom);

    check_sorted_spans(text, seg.paragraphs.iter().map(|p| p.span), "paragraph")?;
    check_sorted_spans(text, seg.tokens.iter().map(|t| t.span), "token")?;
    if let Some(first) = seg.paragraphs.first() {
        ensure!(first.span.start >= bom, "paragraph 0 {:?} covers the BOM", first.span);
    }

    // Token ranges partition 0..tokens.len() in paragraph order.
    let mut next_token = 0;
    for (i, p) in seg.paragraphs.iter().enumerate() {
        check_trimmed(text, p.span, &format!("paragraph #{i}"))?;
        ensure!(
            p.tokens.start == next_token && p.tokens.start <= p.tokens.end && p.tokens.end <= seg.tokens.len(),
            "paragraph #{i} has tokens {:?}, expected to start at {next_token} (of {})",
            p.tokens,
            seg.tokens.len()
        );
        next_token = p.tokens.end;
        for (k, t) in seg.tokens[p.tokens.clone()].iter().enumerate() {
            ensure!(
                p.span.start <= t.span.start && t.span.end <= p.span.end,
                "token #{} {:?} of paragraph #{i} lies outside it {:?}",
                p.tokens.start + k,
                t.span,
                p.span
            );
        }
        let sents = sentences(text, p.span);
        check_sorted_spans(text, sents.iter().copied(), &format!("sentence of paragraph #{i}"))?;
        for s in &sents {
            ensure!(
                p.span.start <= s.start && s.end <= p.span.end,
                "sentence {s:?} lies outside paragraph #{i} {:?}",
                p.span
            );
            check_trimmed(text, *s, "sentence")?;
        }
        check_only_white_space_outside(text, p.span, &sents, &format!("sentences of paragraph #{i}"))?;
    }
    ensure!(next_token == seg.tokens.len(), "tokens {next_token}.. belong to no paragraph");

    for (i, t) in seg.tokens.iter().enumerate() {
        let s = &text[t.span.range()];
        let is_word = s.chars().any(char::is_alphanumeric);
        ensure!(
            (t.kind == TokenKind::Word) == is_word,
            "token #{i} {s:?} is {:?} but alphanumeric = {is_word}",
            t.kind
        );
        ensure!(!s.chars().all(char::is_whitespace), "token #{i} {s:?} is only white space");
    }

    let paragraph_spans: Vec<Span> = seg.paragraphs.iter().map(|p| p.span).collect();
    check_only_white_space_outside(text, Span::new(bom, text.len()), &paragraph_spans, "paragraphs")?;
    for (i, p) in seg.paragraphs.iter().enumerate() {
        let token_spans: Vec<Span> = seg.tokens[p.tokens.clone()].iter().map(|t| t.span).collect();
        check_only_white_space_outside(text, p.span, &token_spans, &format!("tokens of paragraph #{i}"))?;
    }

    let opts = NormalizeOptions::for_matching();
    let words: Vec<Span> = normalized_words(text, &opts).into_iter().map(|(span, _)| span).collect();
    let word_tokens: Vec<Span> = seg.tokens.iter().filter(|t| t.kind == TokenKind::Word).map(|t| t.span).collect();
    ensure!(words == word_tokens, "normalized_words spans differ from the word tokens' spans");
    ensure!(
        seg.normalized(text, &NormalizeOptions::default()).len() == seg.tokens.len(),
        "Segmented::normalized does not return one entry per token"
    );
    Ok(())
}

/// Checks that every character of `within` outside the sorted `covers` is white space.
fn check_only_white_space_outside(text: &str, within: Span, covers: &[Span], what: &str) -> Checked {
    let mut at = within.start;
    let check_gap = |from: usize, to: usize| -> Checked {
        if from < to {
            let gap = &text[from..to];
            ensure!(
                gap.chars().all(char::is_whitespace),
                "non-white-space {gap:?} at {from}..{to} is outside the {what}"
            );
        }
        Ok(())
    };
    for c in covers {
        check_gap(at, c.start)?;
        at = at.max(c.end);
    }
    check_gap(at, within.end)
}

/// Fuzz target `segment`: segments the input's text and checks [`check_segmented`].
///
/// # Errors
/// Describes the first invariant found broken.
pub fn segment(data: &[u8]) -> Checked {
    let text = text_of(data);
    check_segmented(&text, &Segmented::new(&text))
}

/// The stray control characters of `decoded` against [`Decoded::stray_controls`] and the
/// rule of the decoding policy.
fn check_stray_controls(data: &[u8], decoded: &Decoded) -> Checked {
    let text = decoded.text();
    if matches!(decoded.encoding(), Encoding::Utf16Le | Encoding::Utf16Be) {
        ensure!(!text.contains('\0'), "decoded UTF-16 text holds a NUL");
        ensure!(decoded.stray_controls().is_none(), "stray controls reported for UTF-16 text");
        return Ok(());
    }
    let stray = |c: char| c < ' ' && !matches!(c, '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r');
    let at: Vec<usize> =
        text.char_indices().filter(|&(_, c)| stray(c)).map(|(i, _)| decoded.original_offset(i)).collect();
    match decoded.stray_controls() {
        None => ensure!(at.is_empty(), "{} stray control bytes not reported", at.len()),
        Some(s) => {
            ensure!(s.count == at.len() && Some(&s.first) == at.first(), "reported {s:?}, found {at:?}");
            ensure!(s.count <= (data.len() / 100).max(1), "{} stray control bytes in {} bytes", s.count, data.len());
            ensure!(at.windows(2).all(|w| w[1] > w[0] + 1), "two stray control bytes side by side: {at:?}");
        }
    }
    Ok(())
}

/// Fuzz target `decode`: decodes arbitrary bytes and checks
///
/// * the error offsets lie inside the input;
/// * the text is exactly what the reported encoding says the bytes hold;
/// * its stray control characters (C0 controls other than white space) are those
///   [`Decoded::stray_controls`] reports: at most one per 100 bytes (one in a shorter
///   input), never two side by side (UTF-16 text: none is a NUL);
/// * `original_offset` over the text's char boundaries rises strictly from the end of the
///   byte-order mark to the input's length;
/// * the segmentation of the decoded text is valid ([`check_segmented`]) and its paragraphs
///   and tokens map through `original_span` to sorted, non-overlapping spans of the input.
///
/// # Errors
/// Describes the first invariant found broken.
pub fn decode_target(data: &[u8]) -> Checked {
    let decoded = match decode(data) {
        Ok(d) => d,
        Err(DecodeError::Binary { offset, what }) => {
            ensure!(offset < data.len(), "Binary ({what}) offset {offset} past the input ({} bytes)", data.len());
            return Ok(());
        }
        Err(DecodeError::InvalidUtf16 { offset }) => {
            ensure!(offset < data.len(), "InvalidUtf16 offset {offset} past the input ({} bytes)", data.len());
            ensure!(
                data.starts_with(&[0xFF, 0xFE]) || data.starts_with(&[0xFE, 0xFF]),
                "InvalidUtf16 for input without a UTF-16 byte-order mark"
            );
            return Ok(());
        }
    };
    let text = decoded.text();
    ensure!(decoded.original_len() == data.len(), "original_len {} != {}", decoded.original_len(), data.len());
    check_stray_controls(data, &decoded)?;
    check_encoding(data, &decoded)?;

    let bom_bytes = match decoded.encoding() {
        Encoding::Utf16Le | Encoding::Utf16Be => 2,
        _ => 0,
    };
    let boundaries = text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len()));
    let mut prev: Option<(usize, usize)> = None;
    for at in boundaries {
        let o = decoded.original_offset(at);
        match prev {
            None => ensure!(o == bom_bytes, "original_offset(0) = {o}, expected {bom_bytes}"),
            Some((p_at, p)) => ensure!(
                p < o && o <= data.len(),
                "original_offset({at}) = {o} does not rise from original_offset({p_at}) = {p} within {} bytes",
                data.len()
            ),
        }
        prev = Some((at, o));
    }
    ensure!(
        decoded.original_offset(text.len()) == data.len(),
        "the end of the text maps to {}, not to the end of the input {}",
        decoded.original_offset(text.len()),
        data.len()
    );

    let seg = Segmented::new(text);
    check_segmented(text, &seg)?;
    let spans = seg.paragraphs.iter().map(|p| p.span).chain(seg.tokens.iter().map(|t| t.span));
    let mut prev_para: Option<Span> = None;
    for (i, span) in seg.paragraphs.iter().map(|p| p.span).enumerate() {
        let o = decoded.original_span(span);
        ensure!(o.start < o.end && o.end <= data.len(), "paragraph #{i} {span:?} maps to {o:?}");
        if let Some(p) = prev_para {
            ensure!(p.end <= o.start, "paragraph #{i} maps to {o:?}, overlapping the previous {p:?}");
        }
        prev_para = Some(o);
    }
    for span in spans {
        let o = decoded.original_span(span);
        ensure!(o.start <= o.end && o.end <= data.len(), "{span:?} maps to {o:?} outside the input");
    }
    Ok(())
}

/// Checks that the decoded text is what the bytes hold in the reported encoding.
fn check_encoding(data: &[u8], d: &Decoded) -> Checked {
    let text = d.text();
    match d.encoding() {
        Encoding::Utf8 | Encoding::Utf8Bom => {
            ensure!(text.as_bytes() == data, "UTF-8 text differs from the input bytes");
            ensure!(
                (d.encoding() == Encoding::Utf8Bom) == text.starts_with('\u{FEFF}'),
                "encoding {:?} disagrees with the text's BOM",
                d.encoding()
            );
        }
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let le = d.encoding() == Encoding::Utf16Le;
            let mut bytes = if le { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
            for unit in text.encode_utf16() {
                bytes.extend(if le { unit.to_le_bytes() } else { unit.to_be_bytes() });
            }
            ensure!(bytes == data, "text re-encoded as {:?} differs from the input", d.encoding());
        }
        Encoding::Windows1252 => {
            ensure!(std::str::from_utf8(data).is_err(), "valid UTF-8 read as Windows-1252");
            ensure!(text.chars().count() == data.len(), "Windows-1252 text is not one char per byte");
            for ((at, c), &b) in text.char_indices().zip(data) {
                ensure!(!b.is_ascii() || c == char::from(b), "ASCII byte {b:#04x} became {c:?}");
                ensure!(d.original_offset(at) < data.len(), "char at {at} maps past the input");
            }
        }
    }
    Ok(())
}

/// The normalisation options selected by the low three bits of `byte`.
#[must_use]
pub fn options_from_byte(byte: u8) -> NormalizeOptions {
    NormalizeOptions::new().typography(byte & 1 != 0).case(byte & 2 != 0).punctuation(byte & 4 != 0)
}

/// Fuzz target `normalize`: the first byte selects the options, the rest is a token.
///
/// * `normalize` and `normalize_into` (into a dirty buffer) agree;
/// * normalising is idempotent: a normalised token normalises to itself;
/// * with typography folded, no character of the result is one typography folds;
/// * with nothing folded that changes characters, the token is returned unchanged.
///
/// # Errors
/// Describes the first invariant found broken.
pub fn normalize_target(data: &[u8]) -> Checked {
    let (opts, token) = match data.split_first() {
        Some((&b, rest)) => (options_from_byte(b), text_of(rest)),
        None => (NormalizeOptions::default(), String::new()),
    };
    let out = opts.normalize(&token);
    let mut buf = String::from("dirty buffer");
    opts.normalize_into(&token, &mut buf);
    ensure!(buf == out, "normalize_into gave {buf:?}, normalize {out:?} for {token:?} under {opts:?}");
    let again = opts.normalize(&out);
    ensure!(again == out, "not idempotent under {opts:?}: {token:?} -> {out:?} -> {again:?}");
    if opts.folds_typography() {
        if let Some(c) = out.chars().find(|&c| fold_typography(c) != c) {
            ensure!(false, "{token:?} -> {out:?} keeps {c:?}, which typography folds");
        }
    } else if !opts.folds_case() {
        ensure!(out == token, "{token:?} changed to {out:?} with nothing folded");
    }
    Ok(())
}

/// The options of the `diff` target selected by `byte`: the low three bits are the
/// normalisation ([`options_from_byte`]); bits 3, 4 and 5 turn off move detection, merge
/// detection and the semantic clean-up; bits 6 and 7 pick the pairing thresholds
/// (similarity, containment) among the defaults, `(0, 0)`, `(0.3, 0.5)` and `(1, 1)`.
#[must_use]
pub fn diff_options_from_byte(byte: u8) -> DiffOptions {
    let (similarity, containment) = match byte >> 6 {
        0 => (0.5, 0.8),
        1 => (0.0, 0.0),
        2 => (0.3, 0.5),
        _ => (1.0, 1.0),
    };
    DiffOptions::new()
        .normalize(options_from_byte(byte))
        .detect_moves(byte & 8 == 0)
        .detect_merges(byte & 16 == 0)
        .semantic_cleanup(byte & 32 == 0)
        .min_similarity(similarity)
        .min_containment(containment)
}

/// Splits a `diff` target input `OLD \0 NEW [\0 OPTIONS]` into the two texts and the
/// options: the first NUL byte separates OLD from NEW; after a second NUL, the next byte (if
/// any) selects the options ([`diff_options_from_byte`]), else the defaults apply. Without
/// any NUL, OLD is empty.
#[must_use]
pub fn split_diff_input(data: &[u8]) -> (String, String, DiffOptions) {
    let Some(cut) = data.iter().position(|&b| b == 0) else {
        return (String::new(), text_of(data), DiffOptions::default());
    };
    let (old, rest) = (&data[..cut], &data[cut + 1..]);
    match rest.iter().position(|&b| b == 0) {
        Some(cut2) => {
            let opts = rest.get(cut2 + 1).map_or_else(DiffOptions::default, |&b| diff_options_from_byte(b));
            (text_of(old), text_of(&rest[..cut2]), opts)
        }
        None => (text_of(old), text_of(rest), DiffOptions::default()),
    }
}

/// Fuzz target `diff`: splits the input into OLD, NEW and options ([`split_diff_input`]),
/// diffs them and checks [`check_diff`].
///
/// # Errors
/// Describes the first invariant found broken.
pub fn diff_target(data: &[u8]) -> Checked {
    let (old, new, opts) = split_diff_input(data);
    let d = diff(&old, &new, &opts);
    check_diff(&old, &new, &opts, &d)?;
    ensure!(diff(&old, &new, &opts) == d, "diff is not deterministic");
    if old == new {
        ensure!(d.is_equal(), "a text diffed against itself is not equal");
    }
    Ok(())
}

/// Normalised tokens of `text[span]` under `opts` (what an equal op must agree on).
fn normalized_tokens(text: &str, span: Span, opts: &NormalizeOptions) -> Vec<String> {
    let piece = &text[span.range()];
    Segmented::new(piece).normalized(piece, opts).into_iter().flatten().collect()
}

/// Every invariant of a diff of `old` and `new`:
///
/// * both layouts are the paragraphs of the texts;
/// * every op's spans are in bounds and on char boundaries; inserts have an empty OLD span
///   and a non-empty NEW span, deletes the reverse; equal and moved ops relate text that
///   is the same under the options' normalisation;
/// * the ops partition both texts: NEW's spans, in block order, follow each other from 0 to
///   the end and concatenate to NEW; OLD's spans, sorted by start, do the same for OLD;
/// * gap blocks hold only white space (and the byte-order mark) and no paragraph;
/// * every paragraph of either side lies in exactly one other block, whose kind matches its
///   shape (1:1, N:1, 1:N, N:0, 0:N); blocks holding NEW paragraphs follow NEW's order;
/// * move ops only in moved blocks, similarities in `0..=1`, word counts consistent.
///
/// # Errors
/// Describes the first invariant found broken.
pub fn check_diff(old: &str, new: &str, opts: &DiffOptions, d: &Diff) -> Checked {
    let (seg_old, seg_new) = (Segmented::new(old), Segmented::new(new));
    ensure!(d.old == Layout::of(&seg_old), "Diff.old is not the paragraphs of OLD");
    ensure!(d.new == Layout::of(&seg_new), "Diff.new is not the paragraphs of NEW");

    let mut new_at = 0;
    let mut rebuilt_new = String::with_capacity(new.len());
    let mut old_spans = Vec::new();
    let mut seen_old = vec![0usize; d.old.paragraphs.len()];
    let mut seen_new = vec![0usize; d.new.paragraphs.len()];
    let mut prev_new_para: Option<usize> = None;
    for (bi, b) in d.blocks.iter().enumerate() {
        ensure!(!b.ops.is_empty(), "block #{bi} {:?} has no op", b.kind);
        ensure!(
            b.old_paras.start <= b.old_paras.end && b.old_paras.end <= d.old.paragraphs.len(),
            "block #{bi} OLD paragraphs {:?} out of 0..{}",
            b.old_paras,
            d.old.paragraphs.len()
        );
        ensure!(
            b.new_paras.start <= b.new_paras.end && b.new_paras.end <= d.new.paragraphs.len(),
            "block #{bi} NEW paragraphs {:?} out of 0..{}",
            b.new_paras,
            d.new.paragraphs.len()
        );
        ensure!((0.0..=1.0).contains(&b.similarity), "block #{bi} similarity {}", b.similarity);
        let (no, nn) = (b.old_paras.len(), b.new_paras.len());
        let shape_ok = match b.kind {
            BlockKind::Gap => no == 0 && nn == 0,
            BlockKind::Equal | BlockKind::Edited => no == 1 && nn == 1,
            BlockKind::Merged => no > 1 && nn == 1,
            BlockKind::Split => no == 1 && nn > 1,
            BlockKind::Deleted => no > 0 && nn == 0,
            BlockKind::Inserted => no == 0 && nn > 0,
        };
        ensure!(shape_ok, "block #{bi} {:?} has {no} OLD and {nn} NEW paragraphs", b.kind);
        if b.kind != BlockKind::Gap {
            b.old_paras.clone().for_each(|i| seen_old[i] += 1);
            b.new_paras.clone().for_each(|i| seen_new[i] += 1);
        }
        if nn > 0 {
            if let Some(p) = prev_new_para {
                ensure!(p < b.new_paras.start, "block #{bi} NEW paragraphs {:?} out of NEW's order", b.new_paras);
            }
            prev_new_para = Some(b.new_paras.start);
        }
        for (k, op) in b.ops.iter().enumerate() {
            let what = format!("block #{bi} ({:?}) op #{k} {op:?}", b.kind);
            check_span(old, op.old, &format!("{what}: OLD span"))?;
            check_span(new, op.new, &format!("{what}: NEW span"))?;
            match op.tag {
                OpTag::Insert => ensure!(op.old.is_empty() && !op.new.is_empty(), "{what}: insert spans"),
                OpTag::Delete => ensure!(op.new.is_empty() && !op.old.is_empty(), "{what}: delete spans"),
                OpTag::Replace => ensure!(!op.old.is_empty() || !op.new.is_empty(), "{what}: empty replace"),
                OpTag::Equal | OpTag::Move => {
                    if b.kind != BlockKind::Gap {
                        let (a, z) = (
                            normalized_tokens(old, op.old, opts.normalize_options()),
                            normalized_tokens(new, op.new, opts.normalize_options()),
                        );
                        ensure!(a == z, "{what}: equal op relates different words {a:?} and {z:?}");
                    }
                }
            }
            ensure!(op.tag != OpTag::Move || b.moved, "{what}: move op in a block not moved");
            if b.kind == BlockKind::Gap {
                let blank = |s: &str| s.chars().all(|c| c.is_whitespace() || c == '\u{FEFF}');
                ensure!(blank(&old[op.old.range()]) && blank(&new[op.new.range()]), "{what}: gap op holds text");
            }
            ensure!(op.new.start == new_at, "{what}: NEW is not covered contiguously (expected start {new_at})");
            new_at = op.new.end;
            rebuilt_new.push_str(&new[op.new.range()]);
            old_spans.push(op.old);
        }
    }
    ensure!(rebuilt_new == new, "NEW is not rebuilt by its spans in block order (covered up to {new_at})");

    old_spans.sort_by_key(|s| (s.start, s.end));
    let mut at = 0;
    let mut rebuilt_old = String::with_capacity(old.len());
    for s in old_spans.iter().filter(|s| !s.is_empty()) {
        ensure!(s.start == at, "OLD is not partitioned: span {s:?} after byte {at}");
        at = s.end;
        rebuilt_old.push_str(&old[s.range()]);
    }
    ensure!(rebuilt_old == old, "OLD is not rebuilt by its sorted spans (covered up to {at})");

    if let Some(i) = seen_old.iter().position(|&c| c != 1) {
        ensure!(false, "OLD paragraph #{i} is in {} blocks", seen_old[i]);
    }
    if let Some(i) = seen_new.iter().position(|&c| c != 1) {
        ensure!(false, "NEW paragraph #{i} is in {} blocks", seen_new[i]);
    }
    let st = d.stats;
    let words = |seg: &Segmented| seg.tokens.iter().filter(|t| t.kind == TokenKind::Word).count();
    ensure!(
        st.old_words == words(&seg_old) && st.new_words == words(&seg_new),
        "word counts {st:?} differ from the segmentations"
    );
    ensure!(st.old_kept <= st.old_words && st.new_taken <= st.new_words, "kept more words than exist: {st:?}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_checked() {
        assert!(check_span("h\u{e9}", Span::new(0, 3), "x").is_ok());
        assert!(check_span("h\u{e9}", Span::new(0, 2), "x").is_err());
        assert!(check_span("ab", Span::new(1, 3), "x").is_err());
    }
}
