//! Settled paragraphs: unchanged paragraphs fixed in place before the alignment starts.
//!
//! Most paragraphs of a revised text are unchanged byte for byte. A paragraph whose bytes
//! occur exactly once in OLD and exactly once in NEW (the unique lines of patience diff,
//! with paragraphs for lines), and that holds at least one word, is a *settling candidate*.
//! The heaviest chain of candidates in the same order in both texts (each weighing its
//! length in bytes) is *settled*:
//!
//! * each settled pair is an equal 1:1 unit of the alignment's chain, always kept there
//!   (the alignment gives it a weight that outweighs everything else, see
//!   [`crate::align`]);
//! * its paragraphs are neither interned nor indexed, they propose no candidate and are
//!   proposed to none, and their word diff is known without computing it;
//! * neither copy is tokenised: the words of one are counted, for both
//!   ([`crate::side::Side::pair`]).
//!
//! Settling needs only the paragraphs' bytes, so it runs before segmentation.
//!
//! This is what makes unchanged text cheap, as a line diff's common lines are: the work
//! left grows with what changed. Candidates left out of the chain (an unchanged paragraph
//! that moved, or crossed a move) are aligned like every other paragraph, and so are
//! paragraphs that are equal only after normalisation (curly quotes, `\r\n`), or repeated in
//! a text. Byte equality implies equality under every normalisation, so a settled pair is
//! equal whatever the options.
//!
//! What settling changes against aligning every paragraph: a settled paragraph is never a
//! member of a merge or a split, and no heavier arrangement can push it out of the chain.
//! A paragraph found once, unchanged, in both texts, in the same order as the other such
//! paragraphs, is taken to have stayed where it was.

use crate::chain::{heaviest_chain, Cand};
use crate::hash::{MixHasher, MixMap};
use crate::work::Work;
use copytrace_text::Span;
use std::hash::{BuildHasher, BuildHasherDefault};

/// A hash of each paragraph's bytes (compared only within one run: a [`MixHasher`]).
pub(crate) fn paragraph_hashes(text: &str, spans: &[Span]) -> Vec<u64> {
    let build = BuildHasherDefault::<MixHasher>::default();
    spans.iter().map(|p| build.hash_one(&text[p.range()])).collect()
}

/// Settled pairs `(old paragraph, new paragraph)` of OLD (`old`, its paragraphs `o`, their
/// [`paragraph_hashes`] `oh`) and NEW, increasing in both.
pub(crate) fn settle(old: &str, o: &[Span], oh: &[u64], new: &str, n: &[Span], nh: &[u64]) -> Vec<(usize, usize)> {
    // Per distinct paragraph hash: how often it occurs in OLD and in NEW, and where in OLD
    // (the last occurrence; only used when it is the only one). Two texts sharing a hash
    // only look repeated (not settled), or are told apart by their bytes below. Only
    // looked up, never iterated.
    let mut seen: MixMap<u64, [u32; 3]> = MixMap::default();
    seen.reserve(o.len());
    for (i, &h) in oh.iter().enumerate() {
        let e = seen.entry(h).or_insert([0, 0, 0]);
        e[0] += 1;
        e[1] = u32::try_from(i).expect("fewer than 2^32 paragraphs");
    }
    for h in nh {
        if let Some(e) = seen.get_mut(h) {
            e[2] += 1;
        }
    }
    let mut cands: Vec<Cand> = Vec::new();
    for (j, (p, h)) in n.iter().zip(nh).enumerate() {
        let Some(&[1, i, 1]) = seen.get(h) else { continue };
        let (i, text) = (i as usize, &new[p.range()]);
        // A word token is one holding an alphanumeric character.
        if old[o[i].range()] == *text && text.chars().any(char::is_alphanumeric) {
            cands.push(Cand { old: i..i + 1, new: j..j + 1, weight: p.len() as u64 });
        }
    }
    let chain = heaviest_chain(&mut cands, o.len(), &mut Work::default());
    chain.into_iter().map(|k| (cands[k].old.start, cands[k].new.start)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use copytrace_text::segment::{paragraphs_of, Segmented};

    fn settled(old: &str, new: &str) -> Vec<(usize, usize)> {
        let (o, n) = (paragraphs_of(old), paragraphs_of(new));
        settle(old, &o, &paragraph_hashes(old, &o), new, &n, &paragraph_hashes(new, &n))
    }

    #[test]
    fn unique_unchanged_paragraphs_in_order_settle() {
        let old = "Alpha one.\n\nBeta two.\n\nGamma three.\n\nDelta four.";
        let new = "Alpha one.\n\nBeta 2.\n\nGamma three.\n\nNew.\n\nDelta four.";
        assert_eq!(settled(old, new), vec![(0, 0), (2, 2), (3, 4)]);
    }

    #[test]
    fn repeated_normalised_or_wordless_paragraphs_do_not_settle() {
        // "Same." twice in OLD; curly against straight quote; "***" has no word.
        let old = "Same.\n\nSame.\n\nIt's here.\n\n***\n\nEnd here.";
        let new = "Same.\n\nIt\u{2019}s here.\n\n***\n\nEnd here.";
        assert_eq!(settled(old, new), vec![(4, 3)]);
    }

    #[test]
    fn texts_sharing_a_hash_are_never_settled_together() {
        let (old, new) = ("One here.\n\nTwo here.", "Uno here.\n\nTwo here.");
        let (o, n) = (paragraphs_of(old), paragraphs_of(new));
        // Paragraph 0 differs on each side but gets the same hash; paragraph 1 is the same.
        assert_eq!(settle(old, &o, &[7, 8], new, &n, &[7, 8]), vec![(1, 1)]);
        // Every paragraph of a text sharing one hash: all look repeated.
        assert_eq!(settle(old, &o, &[5, 5], new, &n, &[5, 5]), vec![]);
    }

    #[test]
    fn a_moved_paragraph_is_left_to_the_alignment() {
        // The heaviest chain keeps the three long paragraphs; the short one crossed them.
        let old = "Tiny.\n\nThe first long paragraph here.\n\nThe second long paragraph here.\n\nAnd a third long one.";
        let new = "The first long paragraph here.\n\nThe second long paragraph here.\n\nAnd a third long one.\n\nTiny.";
        assert_eq!(settled(old, new), vec![(1, 0), (2, 1), (3, 2)]);
    }

    proptest::proptest! {
        /// Settled pairs are byte-equal, unique on both sides, hold a word, and increase in
        /// both texts.
        #[test]
        fn settled_pairs_are_unique_equal_and_increasing(
            old in proptest::collection::vec("[abc]{0,2}|\\*", 0..12),
            new in proptest::collection::vec("[abc]{0,2}|\\*", 0..12),
        ) {
            let (old, new) = (old.join("\n\n"), new.join("\n\n"));
            let (o, n) = (Segmented::new(&old), Segmented::new(&new));
            let (po, pn) = (paragraphs_of(&old), paragraphs_of(&new));
            let got = settle(&old, &po, &paragraph_hashes(&old, &po), &new, &pn, &paragraph_hashes(&new, &pn));
            let text = |t: &str, s: &Segmented, i: usize| t[s.paragraphs[i].span.range()].to_owned();
            for w in got.windows(2) {
                proptest::prop_assert!(w[0].0 < w[1].0 && w[0].1 < w[1].1);
            }
            for &(i, j) in &got {
                let p = text(&old, &o, i);
                proptest::prop_assert_eq!(&p, &text(&new, &n, j));
                proptest::prop_assert!(o.paragraph_words(i) > 0);
                let count = |t: &str, s: &Segmented| (0..s.paragraphs.len()).filter(|&k| text(t, s, k) == p).count();
                proptest::prop_assert_eq!((count(&old, &o), count(&new, &n)), (1, 1));
            }
        }
    }
}
