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
//! * NEW's paragraph is not even segmented: it takes the tokens of OLD's
//!   ([`crate::text::segment_pair`]).
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

use crate::align::{heaviest_chain, Cand};
use crate::side::MixMap;
use crate::span::Span;
use crate::words::Work;

/// Settled pairs `(old paragraph, new paragraph)` of OLD (`old`, its paragraphs `o`) and
/// NEW, increasing in both.
pub(crate) fn settle(old: &str, o: &[Span], new: &str, n: &[Span]) -> Vec<(usize, usize)> {
    // Per distinct paragraph text: how often it occurs in OLD and in NEW, and where in OLD
    // (the last occurrence; only used when it is the only one). Only looked up, never
    // iterated.
    let mut seen: MixMap<&str, [u32; 3]> = MixMap::default();
    seen.reserve(o.len());
    for (i, p) in o.iter().enumerate() {
        let e = seen.entry(&old[p.range()]).or_insert([0, 0, 0]);
        e[0] += 1;
        e[1] = u32::try_from(i).expect("fewer than 2^32 paragraphs");
    }
    for p in n {
        if let Some(e) = seen.get_mut(&new[p.range()]) {
            e[2] += 1;
        }
    }
    let mut cands: Vec<Cand> = Vec::new();
    for (j, p) in n.iter().enumerate() {
        let text = &new[p.range()];
        let Some(&[1, i, 1]) = seen.get(text) else { continue };
        // A word token is one holding an alphanumeric character.
        if text.chars().any(char::is_alphanumeric) {
            let i = i as usize;
            cands.push(Cand { old: i..i + 1, new: j..j + 1, weight: p.len() as u64 });
        }
    }
    let chain = heaviest_chain(&mut cands, o.len(), &mut Work::default());
    chain.into_iter().map(|k| (cands[k].old.start, cands[k].new.start)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::text::{paragraphs_of, Segmented};

    fn settled(old: &str, new: &str) -> Vec<(usize, usize)> {
        settle(old, &paragraphs_of(old), new, &paragraphs_of(new))
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
            let got = settle(&old, &paragraphs_of(&old), &new, &paragraphs_of(&new));
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
