//! The fuzz targets' invariants, run in the normal test suite.
//!
//! The checks are the very functions the AFL++ targets in `fuzz/` call (the file is shared
//! through `#[path]`, see `fuzz/src/lib.rs`). They run here over
//!
//! * every seed in `fuzz/seeds/<target>/` and every input the fuzzers ever crashed on, saved
//!   in `fuzz/regressions/<target>/` (a fixed bug stays fixed);
//! * inputs made from the seed articles in `corpus/`;
//! * random inputs from proptest, so the properties keep being exercised on every CI run.

#[path = "../../../fuzz/src/diff_invariants.rs"]
mod diff_invariants;
#[path = "../../../fuzz/src/replay.rs"]
mod replay;

use proptest::prelude::*;
use replay::{check_all, corpus_articles, outcome};

#[test]
fn decode_invariants_hold_on_saved_inputs() {
    let n = check_all("decode", diff_invariants::decode_target, &corpus_articles());
    assert!(n > 3, "no hand-made decode seeds were found");
}

#[test]
fn segment_invariants_hold_on_saved_inputs() {
    let n = check_all("segment", diff_invariants::segment, &corpus_articles());
    assert!(n > 3, "no hand-made segment seeds were found");
}

#[test]
fn normalize_invariants_hold_on_saved_inputs() {
    // Every word of the articles, under each of the eight option sets.
    let mut extra = Vec::new();
    for (name, bytes) in corpus_articles() {
        let text = String::from_utf8(bytes).expect("articles are UTF-8");
        for word in text.split_whitespace().take(400) {
            for opts in 0u8..8 {
                let mut data = vec![opts];
                data.extend_from_slice(word.as_bytes());
                extra.push((format!("{name}: {word:?} with options {opts}"), data));
            }
        }
    }
    let n = check_all("normalize", diff_invariants::normalize_target, &extra);
    assert!(n > extra.len(), "no hand-made normalize seeds were found");
}

#[test]
fn diff_invariants_hold_on_saved_inputs() {
    // Every ordered pair of articles (a text against itself included), under default
    // options and under a few option bytes covering every switch.
    let articles = corpus_articles();
    let mut extra = Vec::new();
    for (a, old) in &articles {
        for (b, new) in &articles {
            for opts in [None, Some(0b0011_1111u8), Some(0b0100_0111), Some(0b1100_0001)] {
                let mut data = old.clone();
                data.push(0);
                data.extend_from_slice(new);
                if let Some(o) = opts {
                    data.extend_from_slice(&[0, o]);
                }
                extra.push((format!("{a} vs {b}, options {opts:?}"), data));
            }
        }
    }
    let n = check_all("diff", diff_invariants::diff_target, &extra);
    assert!(n > extra.len(), "no hand-made diff seeds were found");
}

#[test]
fn the_checks_reject_broken_invariants() {
    // The checks must be able to fail: a paragraph cut in the middle of a character, a
    // paragraph that leaves text outside, and non-idempotent tokens are all reported.
    let text = "h\u{e9} there";
    let mut seg = copytrace_text::segment::Segmented::new(text);
    assert!(diff_invariants::check_segmented(text, &seg).is_ok());
    seg.paragraphs[0].span.end = 2;
    assert!(diff_invariants::check_segmented(text, &seg).is_err());
    let mut seg = copytrace_text::segment::Segmented::new(text);
    seg.paragraphs[0].span.end = 3;
    let err = diff_invariants::check_segmented(text, &seg).unwrap_err();
    assert!(err.contains("outside") || err.contains("paragraph"), "{err}");
}

/// Text drawn from a mix of prose, typography, white space of every kind and odd Unicode.
fn prose() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("The".to_owned()),
        Just("minister".to_owned()),
        Just(" ".to_owned()),
        Just("\n".to_owned()),
        Just("\n\n".to_owned()),
        Just("\r\n".to_owned()),
        Just(".".to_owned()),
        Just("\u{201C}".to_owned()),
        Just("\u{2019}".to_owned()),
        Just("\u{2014}".to_owned()),
        Just("\u{FEFF}".to_owned()),
        Just("\u{00A0}".to_owned()),
        Just("\u{0301}".to_owned()),
        Just("\u{FB01}".to_owned()),
        Just("\u{0130}".to_owned()),
        any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

/// Two texts sharing paragraphs, so that the engine pairs, merges and moves.
fn similar_texts() -> impl Strategy<Value = (String, String)> {
    let para = proptest::collection::vec(prop_oneof![Just("alpha"), Just("beta"), Just("gamma"), Just("delta.")], 1..6)
        .prop_map(|w| w.join(" "));
    let doc = proptest::collection::vec(para, 0..6);
    (doc.clone(), doc, prose()).prop_map(|(a, b, noise)| {
        let old = a.join("\n\n");
        let mut new = b.clone();
        new.extend(a.iter().rev().take(2).cloned());
        new.push(noise);
        (old, new.join(if b.len() % 2 == 0 { "\n\n" } else { "\n" }))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn decode_invariants_hold_on_random_bytes(data in proptest::collection::vec(any::<u8>(), 0..300)) {
        prop_assert_eq!(outcome(diff_invariants::decode_target, &data), Ok(()));
    }

    #[test]
    fn decode_invariants_hold_on_utf16(text in prose(), big_endian in any::<bool>()) {
        let mut data = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
        for unit in text.encode_utf16() {
            data.extend(if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
        }
        prop_assert_eq!(outcome(diff_invariants::decode_target, &data), Ok(()));
    }

    #[test]
    fn segment_invariants_hold_on_random_prose(text in prose()) {
        prop_assert_eq!(outcome(diff_invariants::segment, text.as_bytes()), Ok(()));
    }

    #[test]
    fn diff_invariants_hold_on_similar_texts((old, new) in similar_texts(), opts in any::<u8>()) {
        let mut data = old.into_bytes();
        data.push(0);
        data.extend_from_slice(new.as_bytes());
        data.extend_from_slice(&[0, opts]);
        prop_assert_eq!(outcome(diff_invariants::diff_target, &data), Ok(()));
    }

    #[test]
    fn normalize_invariants_hold_on_random_tokens(opts in 0u8..8, text in prose()) {
        let mut data = vec![opts];
        data.extend_from_slice(text.as_bytes());
        prop_assert_eq!(outcome(diff_invariants::normalize_target, &data), Ok(()));
    }
}
