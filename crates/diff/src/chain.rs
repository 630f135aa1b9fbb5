//! The heaviest chain of candidate units in the same order in both texts: the step that
//! decides which paragraph pairs stay in place, used by settling (byte-identical paragraphs)
//! and by alignment (all units).

use crate::work::Work;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ops::Range;

/// A unit with its weight, before the chain is chosen.
#[derive(Clone, Debug)]
pub(crate) struct Cand {
    pub(crate) old: Range<usize>,
    pub(crate) new: Range<usize>,
    pub(crate) weight: u64,
}

/// Indices into `cands` of the heaviest chain of candidates strictly increasing in both
/// texts (each ends before the next starts, on both sides). Sorts `cands`.
pub(crate) fn heaviest_chain(cands: &mut [Cand], old_len: usize, work: &mut Work) -> Vec<usize> {
    cands.sort_by_key(|c| (c.new.start, c.old.start, c.new.end, c.old.end, Reverse(c.weight)));
    work.add(cands.len() * 8);
    // Fenwick tree over OLD end positions of prefix maxima of (score, preference for the
    // lower index).
    type Best = (u64, Reverse<usize>);
    let none: Best = (0, Reverse(usize::MAX));
    let mut tree = vec![none; old_len + 1];
    let mut score = vec![0u64; cands.len()];
    let mut prev = vec![usize::MAX; cands.len()];
    let mut pending: BinaryHeap<Reverse<(usize, usize)>> = BinaryHeap::new();
    let mut overall = none;
    for k in 0..cands.len() {
        while let Some(&Reverse((end, j))) = pending.peek() {
            if end > cands[k].new.start {
                break;
            }
            pending.pop();
            let mut at = cands[j].old.end;
            while at <= old_len {
                if (score[j], Reverse(j)) > tree[at] {
                    tree[at] = (score[j], Reverse(j));
                }
                at += at & at.wrapping_neg();
            }
        }
        let mut best = none;
        let mut at = cands[k].old.start;
        while at > 0 {
            best = best.max(tree[at]);
            at -= at & at.wrapping_neg();
        }
        score[k] = best.0 + cands[k].weight;
        prev[k] = if best.0 > 0 { best.1 .0 } else { usize::MAX };
        pending.push(Reverse((cands[k].new.end, k)));
        overall = overall.max((score[k], Reverse(k)));
    }
    let mut chain = Vec::new();
    let mut at = if overall.0 > 0 { overall.1 .0 } else { usize::MAX };
    while at != usize::MAX {
        chain.push(at);
        at = prev[at];
    }
    chain.reverse();
    chain
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(o: Range<usize>, n: Range<usize>, w: u64) -> Cand {
        Cand { old: o, new: n, weight: w }
    }

    #[test]
    fn chain_is_heaviest_and_increasing() {
        let mut c = vec![cand(0..1, 0..1, 5), cand(1..2, 1..2, 5), cand(2..3, 0..1, 20), cand(0..1, 2..3, 1)];
        let mut w = Work::default();
        let chain = heaviest_chain(&mut c, 3, &mut w);
        let got: Vec<(Range<usize>, Range<usize>)> =
            chain.iter().map(|&k| (c[k].old.clone(), c[k].new.clone())).collect();
        // (2,0) weighs 20 but nothing can follow it; (0,0)+(1,1) weighs 10 and (0,2) cannot follow.
        assert_eq!(got, vec![(2..3, 0..1)]);
        let mut c = vec![cand(0..1, 0..1, 5), cand(1..2, 1..2, 5), cand(2..3, 0..1, 8)];
        let chain = heaviest_chain(&mut c, 3, &mut w);
        assert_eq!(chain.len(), 2);
    }

    #[test]
    fn chain_respects_group_ranges() {
        // A split 0 -> 0..3 conflicts with 1:1 units inside its NEW range.
        let mut c = vec![cand(0..1, 0..3, 30), cand(1..2, 1..2, 10), cand(1..2, 3..4, 10)];
        let mut w = Work::default();
        let chain = heaviest_chain(&mut c, 2, &mut w);
        let got: Vec<Range<usize>> = chain.iter().map(|&k| c[k].new.clone()).collect();
        assert_eq!(got, vec![0..3, 3..4]);
    }
}
