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
//! `copytrace-diff` and the standard library.

use copytrace_diff::decode::{decode, DecodeError, Decoded, Encoding};
use copytrace_diff::normalize::{fold_typography, NormalizeOptions};
use copytrace_diff::text::{normalized_words, sentences, Segmented, TokenKind};
use copytrace_diff::Span;

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

/// Fuzz target `decode`: decodes arbitrary bytes and checks
///
/// * the error offsets lie inside the input;
/// * the text is exactly what the reported encoding says the bytes hold, and has no NUL;
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
    ensure!(!text.contains('\0'), "decoded text holds a NUL");
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
