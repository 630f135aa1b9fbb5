//! The provenance fuzz targets' invariants, run in the normal test suite.
//!
//! The checks are the very functions the AFL++ targets in `fuzz/` call (the file is shared
//! through `#[path]`, see `fuzz/src/lib.rs`). They run here over every seed in
//! `fuzz/seeds/<target>/`, every saved crash in `fuzz/regressions/<target>/`, the seed
//! articles of `corpus/`, and random inputs from proptest.

#[path = "../../../fuzz/src/provenance_invariants.rs"]
mod provenance_invariants;
#[path = "../../../fuzz/src/replay.rs"]
mod replay;

use proptest::prelude::*;
use replay::{check_all, corpus_articles, outcome, saved_inputs};

#[test]
fn fingerprint_invariants_hold_on_saved_inputs() {
    let n = check_all("fingerprint", provenance_invariants::fingerprint_target, &corpus_articles());
    assert!(n > 3, "no hand-made fingerprint seeds were found");
}

#[test]
fn align_invariants_hold_on_saved_inputs() {
    let n = check_all("align", provenance_invariants::align_target, &[]);
    assert!(n >= 3, "no hand-made align seeds were found");
}

#[test]
fn analyze_invariants_hold_on_saved_inputs() {
    // The align seeds double as corpora (their second 0xFF, if any, starts a third text).
    let extra: Vec<(String, Vec<u8>)> = saved_inputs("align")
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read(&p).expect("readable align seed")))
        .collect();
    let n = check_all("analyze", provenance_invariants::analyze_target, &extra);
    assert!(n > extra.len(), "no hand-made analyze seeds were found");
}

#[test]
fn the_align_checks_reject_broken_invariants() {
    use copytrace_provenance::{align_pair, fingerprint, CandidatePair, Config, DocInput};
    let text = "the minister said on Tuesday that she would not resign after the leak of the report";
    let cfg = Config::new();
    let (da, db) = (DocInput::new("a", text), DocInput::new("b", text));
    let (fa, fb) = (fingerprint(&da, &cfg), fingerprint(&db, &cfg));
    let good = align_pair(&CandidatePair { a: 0, b: 1, shared: 1 }, &fa, &fb, &cfg);
    assert_eq!(good.len(), 1, "{good:?}");
    let docs: &[(&str, &_)] = &[(text, &fa), (text, &fb)];
    assert_eq!(provenance_invariants::check_passages(&cfg, docs, &good), Ok(()));
    let mut bad = good.clone();
    bad[0].matched_words += 1;
    assert!(provenance_invariants::check_passages(&cfg, docs, &bad).is_err());
    let mut bad = good.clone();
    bad[0].b.span.end -= 1;
    assert!(provenance_invariants::check_passages(&cfg, docs, &bad).is_err());
    let mut bad = good.clone();
    bad.push(good[0].clone());
    assert!(provenance_invariants::check_passages(&cfg, docs, &bad).is_err());
}

#[test]
fn the_fingerprint_checks_reject_broken_invariants() {
    use copytrace_provenance::{fingerprint, Config, DocInput};
    let text = "one two three four five six seven eight nine ten eleven twelve";
    let doc = DocInput::new("d", text);
    let cfg = Config::new().ngram(2).window(3);
    let good = fingerprint(&doc, &cfg);
    assert_eq!(provenance_invariants::check_fingerprints(&doc, &cfg, &good), Ok(()));
    // A dropped fingerprint breaks the winnowing guarantee; a wrong id breaks the hash spec.
    let mut bad = good.clone();
    bad.fingerprints.truncate(1);
    assert!(provenance_invariants::check_fingerprints(&doc, &cfg, &bad).is_err());
    let mut bad = good;
    bad.words[3].id ^= 1;
    assert!(provenance_invariants::check_fingerprints(&doc, &cfg, &bad).is_err());
}

/// Text drawn from a small vocabulary, so n-grams repeat, plus odd Unicode and white space.
fn prose() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("the "),
        Just("minister "),
        Just("SAID: "),
        Just("Credit: PA\n"),
        Just("READ MORE: "),
        Just("\n\n"),
        Just("\u{201C}don\u{2019}t\u{201D} "),
        Just("\u{FB01}ne "),
        Just("\u{0130}stanbul "),
        Just("\u{0399}\u{0308}\u{0301} "),
        Just("\u{FEFF}"),
        Just("`quoted` "),
        Just(". "),
    ];
    proptest::collection::vec(piece, 0..80).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn fingerprint_invariants_hold_on_random_prose(cfg in any::<u8>(), skips in any::<[u8; 2]>(), text in prose()) {
        let mut data = vec![cfg, skips[0], skips[1]];
        data.extend_from_slice(text.as_bytes());
        prop_assert_eq!(outcome(provenance_invariants::fingerprint_target, &data), Ok(()));
    }

    #[test]
    fn align_invariants_hold_on_shared_passages(
        cfg in any::<u8>(),
        base in proptest::collection::vec(0u8..0xFF, 0..150),
        head in proptest::collection::vec(0u8..0xFF, 0..20),
        cut in any::<proptest::sample::Index>(),
        edits in proptest::collection::vec((any::<proptest::sample::Index>(), 0u8..0xFF), 0..6),
    ) {
        // b is a's text from some word on, behind other words, with a few words replaced.
        let mut copy: Vec<u8> = head;
        copy.extend_from_slice(&base[cut.index(base.len() + 1)..]);
        for (at, word) in edits {
            if !copy.is_empty() {
                let i = at.index(copy.len());
                copy[i] = word;
            }
        }
        let mut data = vec![cfg];
        data.extend_from_slice(&base);
        data.push(0xFF);
        data.extend_from_slice(&copy);
        prop_assert_eq!(outcome(provenance_invariants::align_target, &data), Ok(()));
    }

    #[test]
    fn analyze_invariants_hold_on_three_related_texts(
        cfg in any::<u8>(),
        base in proptest::collection::vec(0u8..0xFF, 0..120),
        cuts in any::<[proptest::sample::Index; 3]>(),
        noise in proptest::collection::vec(0u8..0xFF, 0..30),
    ) {
        // A source, a copy of its tail after other words, and a third text quoting both.
        let tail = &base[cuts[0].index(base.len() + 1)..];
        let mut data = vec![cfg];
        data.extend_from_slice(&base);
        data.push(0xFF);
        data.extend_from_slice(&noise);
        data.extend_from_slice(tail);
        data.push(0xFF);
        data.extend_from_slice(&base[..cuts[1].index(base.len() + 1)]);
        data.extend_from_slice(&noise[..cuts[2].index(noise.len() + 1)]);
        data.extend_from_slice(tail);
        prop_assert_eq!(outcome(provenance_invariants::analyze_target, &data), Ok(()));
    }

    #[test]
    fn fingerprint_invariants_hold_on_random_bytes(data in proptest::collection::vec(any::<u8>(), 0..300)) {
        prop_assert_eq!(outcome(provenance_invariants::fingerprint_target, &data), Ok(()));
    }
}
