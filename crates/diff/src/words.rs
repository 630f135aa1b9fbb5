//! Word-level differences between two runs of tokens, bounded by their size.
//!
//! Three steps:
//!
//! 1. [`diff_ids`] compares two sequences of interned token ids. Small inputs go to
//!    `similar`'s Myers algorithm (without a deadline), without the tokens found on one
//!    side only (they cannot match; diff tools discard lines without a match the same way),
//!    which come back as changes. Larger ones are cut at *anchors*,
//!    tokens that occur exactly once on each side, in the longest increasing run of such
//!    pairs (the patience idea), and the pieces are compared again. Where no token is unique
//!    (a long text over a small vocabulary), runs of 2, 4, 8 or 16 tokens that occur once on
//!    each side are the anchors. A piece that is still too large and has no anchor, or any
//!    piece once the work budget of the call is spent, is reported as one replacement. The work done is counted, not timed, so results never
//!    depend on the machine's speed.
//! 2. [`cleanup`] merges neighbouring changes and, optionally, absorbs a short run of equal
//!    tokens lying between two changes into one change when that run holds at most
//!    [`MAX_ABSORBED_TOKENS`] tokens and is no longer (in characters) than the larger side of
//!    the change before it *and* of the change after it.
//!    A rewritten phrase then shows as one replacement instead of a confetti of one-word
//!    matches on "the" and "a", while a single substituted word in a long sentence still
//!    shows alone.
//! 3. [`build_ops`] turns token ranges into byte spans covering both byte ranges exactly
//!    once. White space (and dropped punctuation) between a change and an equal run belongs
//!    to the equal run, so changed spans are tight.

use crate::hash::{MixHasher, MixMap};
use crate::model::{Op, OpTag};
use crate::work::Work;
use copytrace_text::Span;
use similar::{capture_diff_slices, Algorithm, DiffOp};
use std::hash::Hasher;
use std::ops::Range;

/// Largest `old + new` token count handed to Myers directly; its cost is at most about the
/// square of this.
pub(crate) const MYERS_MAX: usize = 2000;

/// Longest run of equal tokens the semantic clean-up absorbs into the changes around it:
/// the function words and punctuation of a rewritten phrase ("the", "of the", ", and").
/// Longer runs are kept, so text a writer left alone is not marked as changed (on the
/// IteraTeR human revisions, absorbing longer runs marked much unchanged text: precision
/// fell from 0.99 to 0.91 for one point of recall).
pub(crate) const MAX_ABSORBED_TOKENS: usize = 2;

/// Longest run of tokens tried as an anchor when no single token is unique on both sides.
const MAX_ANCHOR_RUN: usize = 16;

/// Work units a call may spend per input token (beyond the small direct cases) before the
/// remaining pieces are reported as replacements.
const BUDGET_PER_TOKEN: u64 = 64;

/// A run of equal tokens or a change, as token ranges into the two sequences.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Seg {
    pub(crate) equal: bool,
    pub(crate) old: Range<usize>,
    pub(crate) new: Range<usize>,
}

impl Seg {
    fn equal(old: Range<usize>, new: Range<usize>) -> Seg {
        debug_assert_eq!(old.len(), new.len());
        Seg { equal: true, old, new }
    }

    fn change(old: Range<usize>, new: Range<usize>) -> Seg {
        Seg { equal: false, old, new }
    }
}

enum Task {
    Diff(Range<usize>, Range<usize>),
    Emit(Seg),
}

/// Compares `a` and `b`; the result covers both sequences in order, with adjacent segments
/// not necessarily merged (see [`cleanup`]).
pub(crate) fn diff_ids(a: &[u32], b: &[u32], work: &mut Work) -> Vec<Seg> {
    let mut out = Vec::new();
    let budget =
        work.units.saturating_add(BUDGET_PER_TOKEN * (a.len() + b.len()) as u64 + (MYERS_MAX * MYERS_MAX) as u64);
    let mut stack = vec![Task::Diff(0..a.len(), 0..b.len())];
    while let Some(task) = stack.pop() {
        let (ra, rb) = match task {
            Task::Emit(seg) => {
                out.push(seg);
                continue;
            }
            Task::Diff(ra, rb) => (ra, rb),
        };
        let (x, y) = (&a[ra.clone()], &b[rb.clone()]);
        let pre = x.iter().zip(y).take_while(|(p, q)| p == q).count();
        let suf = x[pre..].iter().rev().zip(y[pre..].iter().rev()).take_while(|(p, q)| p == q).count();
        work.add(pre + suf + 1);
        if pre > 0 {
            out.push(Seg::equal(ra.start..ra.start + pre, rb.start..rb.start + pre));
        }
        let ma = ra.start + pre..ra.end - suf;
        let mb = rb.start + pre..rb.end - suf;
        if suf > 0 {
            stack.push(Task::Emit(Seg::equal(ma.end..ra.end, mb.end..rb.end)));
        }
        if ma.is_empty() || mb.is_empty() {
            if !(ma.is_empty() && mb.is_empty()) {
                out.push(Seg::change(ma, mb));
            }
            continue;
        }
        let total = ma.len() + mb.len();
        if total <= MYERS_MAX {
            work.add(total * total);
            myers(&a[ma.clone()], &b[mb.clone()], ma.start, mb.start, &mut out);
            continue;
        }
        if work.units >= budget {
            out.push(Seg::change(ma, mb));
            continue;
        }
        // Unique words first; in long texts of a small vocabulary, where hardly any word is
        // unique, unique runs of 2, 4, 8 … words.
        let (x, y) = (&a[ma.clone()], &b[mb.clone()]);
        // A run of 2k tokens shared by both sides holds a shared run of k tokens, so once no
        // run of k is shared, longer runs are not tried.
        let mut k = 1;
        let (mut anchors, mut shared) = unique_anchors(x, y, k, work);
        while anchors.is_empty() && shared && k < MAX_ANCHOR_RUN && 2 * k <= x.len().min(y.len()) && work.units < budget
        {
            k *= 2;
            (anchors, shared) = unique_anchors(x, y, k, work);
        }
        if anchors.is_empty() {
            out.push(Seg::change(ma, mb));
            continue;
        }
        // Push the pieces in reverse so they are processed left to right.
        let mut pieces = Vec::with_capacity(anchors.len() * 2 + 1);
        let (mut pa, mut pb) = (ma.start, mb.start);
        for (ia, ib) in anchors {
            let (ia, ib) = (ma.start + ia, mb.start + ib);
            pieces.push(Task::Diff(pa..ia, pb..ib));
            pieces.push(Task::Emit(Seg::equal(ia..ia + k, ib..ib + k)));
            pa = ia + k;
            pb = ib + k;
        }
        pieces.push(Task::Diff(pa..ma.end, pb..mb.end));
        stack.extend(pieces.into_iter().rev());
    }
    out
}

fn myers(a: &[u32], b: &[u32], oa: usize, ob: usize, out: &mut Vec<Seg>) {
    // Tokens found only on one side can never be matched. As diff tools discard lines
    // without a match before their search (GNU diff, git's xdiff), they are left out of
    // Myers's search, whose cost grows with the edit distance it has to cover (for two
    // rewritten sentences, mostly their words found on one side only), and come back as
    // changes between the matches it finds.
    let shared_with = |other: &[u32]| {
        let mut ids = other.to_vec();
        ids.sort_unstable();
        ids.dedup();
        move |id: &u32| ids.binary_search(id).is_ok()
    };
    let (in_b, in_a) = (shared_with(b), shared_with(a));
    let ka: Vec<usize> = (0..a.len()).filter(|&i| in_b(&a[i])).collect();
    let kb: Vec<usize> = (0..b.len()).filter(|&j| in_a(&b[j])).collect();
    if ka.len() == a.len() && kb.len() == b.len() {
        return myers_all(a, b, oa, ob, out);
    }
    let (ra, rb): (Vec<u32>, Vec<u32>) = (ka.iter().map(|&i| a[i]).collect(), kb.iter().map(|&j| b[j]).collect());
    // Matches of the reduced sequences, back in `a` and `b`, as maximal runs.
    let (mut i, mut j) = (0, 0);
    let mut run: Option<(usize, usize, usize)> = None;
    let flush = |run: (usize, usize, usize), i: &mut usize, j: &mut usize, out: &mut Vec<Seg>| {
        let (si, sj, len) = run;
        if (si, sj) != (*i, *j) {
            out.push(Seg::change(oa + *i..oa + si, ob + *j..ob + sj));
        }
        out.push(Seg::equal(oa + si..oa + si + len, ob + sj..ob + sj + len));
        (*i, *j) = (si + len, sj + len);
    };
    for op in capture_diff_slices(Algorithm::Myers, &ra, &rb) {
        let DiffOp::Equal { old_index, new_index, len } = op else { continue };
        for k in 0..len {
            let (pi, pj) = (ka[old_index + k], kb[new_index + k]);
            run = match run {
                Some((si, sj, n)) if si + n == pi && sj + n == pj => Some((si, sj, n + 1)),
                Some(r) => {
                    flush(r, &mut i, &mut j, out);
                    Some((pi, pj, 1))
                }
                None => Some((pi, pj, 1)),
            };
        }
    }
    if let Some(r) = run {
        flush(r, &mut i, &mut j, out);
    }
    if (i, j) != (a.len(), b.len()) {
        out.push(Seg::change(oa + i..oa + a.len(), ob + j..ob + b.len()));
    }
}

/// Myers's diff of all of `a` and `b` (offsets `oa`, `ob`) into `out`.
fn myers_all(a: &[u32], b: &[u32], oa: usize, ob: usize, out: &mut Vec<Seg>) {
    // Positions come from running cursors and the ops' lengths: the index `similar` gives
    // for the empty side of a deletion or insertion is not always the current position.
    let (mut i, mut j) = (oa, ob);
    for op in capture_diff_slices(Algorithm::Myers, a, b) {
        let (old_len, new_len, equal) = match op {
            DiffOp::Equal { len, .. } => (len, len, true),
            DiffOp::Delete { old_len, .. } => (old_len, 0, false),
            DiffOp::Insert { new_len, .. } => (0, new_len, false),
            DiffOp::Replace { old_len, new_len, .. } => (old_len, new_len, false),
        };
        debug_assert!(old_len == 0 || op.old_range().start + oa == i);
        debug_assert!(new_len == 0 || op.new_range().start + ob == j);
        out.push(Seg { equal, old: i..i + old_len, new: j..j + new_len });
        (i, j) = (i + old_len, j + new_len);
    }
    debug_assert_eq!((i, j), (oa + a.len(), ob + b.len()));
}

/// Positions `(i, j)` where the run of `k` tokens `a[i..i + k]` equals `b[j..j + k]` and
/// occurs once in `a` and once in `b`, keeping the longest run of such pairs increasing in
/// both, without overlaps (a pair overlapping the one kept before it is dropped). Also says
/// whether any run of `k` tokens (unique or not) is found on both sides.
fn unique_anchors(a: &[u32], b: &[u32], k: usize, work: &mut Work) -> (Vec<(usize, usize)>, bool) {
    if k == 0 || a.len() < k || b.len() < k {
        return (Vec::new(), false);
    }
    // The key of the run starting at `i`: the token itself, or a hash of the `k` tokens (a
    // collision can only cost an anchor, since runs are compared before they are kept).
    let key = |s: &[u32], i: usize| -> u64 {
        if k == 1 {
            return u64::from(s[i]);
        }
        let mut h = MixHasher::default();
        for &t in &s[i..i + k] {
            h.write_u64(u64::from(t));
        }
        h.finish()
    };
    // (count in a, count in b, position in b). Only looked up, never iterated.
    let mut counts: MixMap<u64, (u32, u32, usize)> = MixMap::default();
    for i in 0..=a.len() - k {
        counts.entry(key(a, i)).or_insert((0, 0, 0)).0 += 1;
    }
    let mut shared = false;
    for j in 0..=b.len() - k {
        if let Some(c) = counts.get_mut(&key(b, j)) {
            c.1 += 1;
            c.2 = j;
            shared = true;
        }
    }
    let pairs: Vec<(usize, usize)> = (0..=a.len() - k)
        .filter_map(|i| {
            let c = counts[&key(a, i)];
            (c.0 == 1 && c.1 == 1 && a[i..i + k] == b[c.2..c.2 + k]).then_some((i, c.2))
        })
        .collect();
    work.add((a.len() + b.len()) * k + pairs.len() * (usize::BITS - pairs.len().leading_zeros()) as usize);
    let keep = longest_increasing(&pairs.iter().map(|p| p.1).collect::<Vec<_>>());
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(keep.len());
    for (i, j) in keep.into_iter().map(|x| pairs[x]) {
        if out.last().is_none_or(|&(pi, pj)| i >= pi + k && j >= pj + k) {
            out.push((i, j));
        }
    }
    (out, shared)
}

/// Indices of a longest strictly increasing subsequence of `v` (the leftmost one among
/// equals, so the result is deterministic).
pub(crate) fn longest_increasing(v: &[usize]) -> Vec<usize> {
    // tails[k]: index into v of the smallest tail of an increasing run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev = vec![usize::MAX; v.len()];
    for (i, &x) in v.iter().enumerate() {
        let k = tails.partition_point(|&t| v[t] < x);
        if k > 0 {
            prev[i] = tails[k - 1];
        }
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
    }
    let mut out = Vec::with_capacity(tails.len());
    let mut at = tails.last().copied().unwrap_or(usize::MAX);
    while at != usize::MAX {
        out.push(at);
        at = prev[at];
    }
    out.reverse();
    out
}

/// Merges neighbouring segments of the same kind and, when `semantic` is set, absorbs
/// short equal runs between two changes (see the module docs). `chars` gives the length of
/// a token of `a` (for equal runs and deletions) or `b` (insertions).
pub(crate) fn cleanup(
    segs: Vec<Seg>,
    semantic: bool,
    old_chars: &dyn Fn(usize) -> usize,
    new_chars: &dyn Fn(usize) -> usize,
) -> Vec<Seg> {
    let len = |r: &Range<usize>, f: &dyn Fn(usize) -> usize| r.clone().map(|i| f(i) + 1).sum::<usize>();
    let change_size = |s: &Seg| len(&s.old, old_chars).max(len(&s.new, new_chars));
    let mut out: Vec<Seg> = Vec::with_capacity(segs.len());
    for seg in segs {
        if seg.old.is_empty() && seg.new.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.equal == seg.equal => {
                last.old.end = seg.old.end;
                last.new.end = seg.new.end;
            }
            _ => out.push(seg),
        }
        if !semantic {
            continue;
        }
        // Absorb `change, equal, change` at the top while the equal run is small; a grown
        // change may make the previous equal run absorbable too.
        while out.len() >= 3 {
            let n = out.len();
            let (x, e, y) = (&out[n - 3], &out[n - 2], &out[n - 1]);
            if x.equal || !e.equal || y.equal {
                break;
            }
            let el = len(&e.old, old_chars);
            if e.old.len() > MAX_ABSORBED_TOKENS || el > change_size(x) || el > change_size(y) {
                break;
            }
            let merged = Seg::change(x.old.start..y.old.end, x.new.start..y.new.end);
            out.truncate(n - 3);
            out.push(merged);
        }
    }
    out
}

/// Turns segments into ops covering `old_range` and `new_range` exactly once.
///
/// `old_spans`/`new_spans` give the byte span of each token the segments index (`None`
/// past the last one; all lying
/// inside the ranges, in order). Equal runs get tag `equal_tag` (`Equal` or `Move`).
/// Changes get `Delete`, `Insert` or `Replace` by which of their spans is empty.
pub(crate) fn build_ops(
    segs: &[Seg],
    old_spans: &dyn Fn(usize) -> Option<Span>,
    new_spans: &dyn Fn(usize) -> Option<Span>,
    old_range: Span,
    new_range: Span,
    equal_tag: OpTag,
) -> Vec<Op> {
    let mut ops = Vec::with_capacity(segs.len().max(1));
    let (mut oc, mut nc) = (old_range.start, new_range.start);
    for (k, seg) in segs.iter().enumerate() {
        let last = k + 1 == segs.len();
        let oe = cut(seg, &seg.old, old_spans, oc, old_range.end, last);
        let ne = cut(seg, &seg.new, new_spans, nc, new_range.end, last);
        let (old, new) = (Span::new(oc, oe), Span::new(nc, ne));
        let tag = if seg.equal { equal_tag } else { change_tag(old, new) };
        ops.push(Op { tag, old, new });
        (oc, nc) = (oe, ne);
    }
    if segs.is_empty() && !(old_range.is_empty() && new_range.is_empty()) {
        // Nothing kept on either side (say, only dropped punctuation): the bytes are equal
        // under the normalisation, or one side is empty.
        let tag =
            if old_range.is_empty() || new_range.is_empty() { change_tag(old_range, new_range) } else { equal_tag };
        ops.push(Op { tag, old: old_range, new: new_range });
    }
    ops
}

fn change_tag(old: Span, new: Span) -> OpTag {
    match (old.is_empty(), new.is_empty()) {
        (true, false) => OpTag::Insert,
        (false, true) => OpTag::Delete,
        _ => OpTag::Replace,
    }
}

/// Where segment `seg` ends on one side (its tokens `r`, starting at byte `from`).
fn cut(
    seg: &Seg,
    r: &Range<usize>,
    spans: &dyn Fn(usize) -> Option<Span>,
    from: usize,
    range_end: usize,
    last: bool,
) -> usize {
    if last {
        range_end
    } else if seg.equal {
        // Equal runs take the white space up to the next token.
        spans(r.end).map_or(range_end, |s| s.start)
    } else if r.is_empty() {
        from
    } else {
        spans(r.end - 1).expect("a token of the segment").end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(s: &str) -> Vec<u32> {
        s.bytes().map(u32::from).collect()
    }

    fn check_cover(segs: &[Seg], a: usize, b: usize) {
        let (mut i, mut j) = (0, 0);
        for s in segs {
            assert_eq!((s.old.start, s.new.start), (i, j), "{segs:?}");
            (i, j) = (s.old.end, s.new.end);
        }
        assert_eq!((i, j), (a, b));
    }

    #[test]
    fn small_inputs_use_myers() {
        let (a, b) = (ids("abcdef"), ids("abXdef"));
        let mut w = Work::default();
        let segs = cleanup(diff_ids(&a, &b, &mut w), true, &|_| 1, &|_| 1);
        check_cover(&segs, 6, 6);
        assert_eq!(segs, vec![Seg::equal(0..2, 0..2), Seg::change(2..3, 2..3), Seg::equal(3..6, 3..6)]);
    }

    #[test]
    fn myers_segments_are_contiguous() {
        // `similar` gives odd indices for the empty side of these deletions and insertions.
        for (a, b) in [(vec![1, 1, 1, 2, 1, 1, 3], vec![4, 2, 2, 2, 3, 5]), (vec![1, 2, 3], vec![2, 2, 3, 1])] {
            let segs = diff_ids(&a, &b, &mut Work::default());
            check_cover(&segs, a.len(), b.len());
            check_cover(&cleanup(segs, true, &|_| 1, &|_| 1), a.len(), b.len());
        }
    }

    #[test]
    fn large_inputs_are_cut_at_unique_anchors() {
        // Two long sequences sharing unique markers in order, different in between.
        let mut a = Vec::new();
        let mut b = Vec::new();
        for k in 0..400u32 {
            a.extend([1_000_000 + k, 1, 2, 3]);
            b.extend([1_000_000 + k, 4, 5, 6]);
        }
        let mut w = Work::default();
        let segs = cleanup(diff_ids(&a, &b, &mut w), false, &|_| 1, &|_| 1);
        check_cover(&segs, a.len(), b.len());
        let equal: usize = segs.iter().filter(|s| s.equal).map(|s| s.old.len()).sum();
        assert_eq!(equal, 400, "every marker is matched");
        assert!(w.units < 100 * (a.len() + b.len()) as u64, "{w:?}");
    }

    #[test]
    fn without_unique_words_long_inputs_are_cut_at_unique_runs() {
        // A small vocabulary: no word occurs once, but runs of a few words do. A few words
        // changed must stay a few small changes, not one replacement of everything.
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng
        };
        let a: Vec<u32> = (0..20_000).map(|_| (next() % 50) as u32).collect();
        let mut b = a.clone();
        for at in (100..20_000).step_by(997) {
            b[at] = 1_000 + at as u32;
        }
        let mut w = Work::default();
        let segs = cleanup(diff_ids(&a, &b, &mut w), false, &|_| 1, &|_| 1);
        check_cover(&segs, a.len(), b.len());
        let changed: usize = segs.iter().filter(|s| !s.equal).map(|s| s.old.len().max(s.new.len())).sum();
        assert_eq!(
            changed,
            20,
            "only the substituted words change: {:?}",
            segs.iter().filter(|s| !s.equal).collect::<Vec<_>>()
        );
        assert!(w.units < 200 * (a.len() + b.len()) as u64, "{w:?}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        /// Inputs past the Myers limit (cut at unique words or unique runs): the segments
        /// cover both sequences in order, and every equal segment is equal.
        #[test]
        fn large_inputs_are_partitioned_into_true_matches(
            vocab in 3u32..60,
            seed in proptest::prelude::any::<u64>(),
            len in 1500usize..4000,
            edits in proptest::collection::vec((0usize..4000, 0u32..80, 0usize..3), 0..40),
        ) {
            let mut x = seed | 1;
            let a: Vec<u32> = (0..len)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    (x % u64::from(vocab)) as u32
                })
                .collect();
            let mut b = a.clone();
            for (at, token, kind) in edits {
                let at = at % b.len().max(1);
                match kind {
                    0 => b[at] = token,
                    1 => b.insert(at, token),
                    _ => {
                        b.remove(at);
                    }
                }
            }
            let segs = diff_ids(&a, &b, &mut Work::default());
            check_cover(&segs, a.len(), b.len());
            for s in segs.iter().filter(|s| s.equal) {
                proptest::prop_assert_eq!(&a[s.old.clone()], &b[s.new.clone()]);
            }
        }
    }

    #[test]
    fn huge_inputs_without_anchors_become_one_replacement() {
        let a: Vec<u32> = (0..5000).map(|i| i % 7).collect();
        let b: Vec<u32> = (0..5000).map(|i| 7 + i % 5).collect();
        let mut w = Work::default();
        let segs = diff_ids(&a, &b, &mut w);
        assert_eq!(segs, vec![Seg::change(0..5000, 0..5000)]);
        assert!(w.units < 20_000);
    }

    #[test]
    fn longest_increasing_is_correct() {
        assert_eq!(longest_increasing(&[3, 1, 2, 5, 4, 6]), vec![1, 2, 4, 5]);
        assert_eq!(longest_increasing(&[]), Vec::<usize>::new());
        assert_eq!(longest_increasing(&[5, 4, 3]).len(), 1);
    }

    #[test]
    fn semantic_cleanup_absorbs_confetti() {
        // "the cat sat on the mat" -> "a dog stood by the door": only "the" matches.
        let segs = vec![Seg::change(0..4, 0..4), Seg::equal(4..5, 4..5), Seg::change(5..6, 5..6)];
        let len = |_| 3;
        let out = cleanup(segs.clone(), true, &len, &len);
        assert_eq!(out, vec![Seg::change(0..6, 0..6)]);
        // Without the clean-up the match stays.
        assert_eq!(cleanup(segs, false, &len, &len).len(), 3);
    }

    #[test]
    fn semantic_cleanup_keeps_long_equal_runs() {
        let segs = vec![Seg::change(0..1, 0..1), Seg::equal(1..6, 1..6), Seg::change(6..7, 6..7)];
        let out = cleanup(segs.clone(), true, &|_| 4, &|_| 4);
        assert_eq!(out, segs);
    }

    #[test]
    fn semantic_cleanup_keeps_runs_of_three_tokens() {
        // Three short equal tokens between two long changes: text the writer kept.
        let segs = vec![Seg::change(0..5, 0..5), Seg::equal(5..8, 5..8), Seg::change(8..13, 8..13)];
        assert_eq!(cleanup(segs.clone(), true, &|_| 2, &|_| 2), segs);
        let two = vec![Seg::change(0..5, 0..5), Seg::equal(5..7, 5..7), Seg::change(7..12, 7..12)];
        assert_eq!(cleanup(two, true, &|_| 2, &|_| 2), vec![Seg::change(0..12, 0..12)]);
    }

    #[test]
    fn cleanup_cascades_backwards() {
        // c e(1) c e(1) C(big): absorbing the second equal grows the change, which then
        // swallows the first one too.
        let segs = vec![
            Seg::change(0..1, 0..1),
            Seg::equal(1..2, 1..2),
            Seg::change(2..3, 2..3),
            Seg::equal(3..4, 3..4),
            Seg::change(4..10, 4..10),
        ];
        let out = cleanup(segs, true, &|i| if i == 1 { 1 } else { 2 }, &|_| 2);
        assert_eq!(out, vec![Seg::change(0..10, 0..10)]);
    }

    #[test]
    fn ops_cover_ranges_with_tight_changes() {
        let old = "a b c";
        let new = "a X c";
        let sp = |t: &str| -> Vec<Span> {
            t.match_indices(|c: char| !c.is_whitespace()).map(|(i, s)| Span::new(i, i + s.len())).collect()
        };
        let segs = vec![Seg::equal(0..1, 0..1), Seg::change(1..2, 1..2), Seg::equal(2..3, 2..3)];
        let (os, ns) = (sp(old), sp(new));
        let ops = build_ops(
            &segs,
            &|i| os.get(i).copied(),
            &|i| ns.get(i).copied(),
            Span::new(0, 5),
            Span::new(0, 5),
            OpTag::Equal,
        );
        let got: Vec<(OpTag, &str, &str)> =
            ops.iter().map(|o| (o.tag, &old[o.old.range()], &new[o.new.range()])).collect();
        assert_eq!(got, vec![(OpTag::Equal, "a ", "a "), (OpTag::Replace, "b", "X"), (OpTag::Equal, " c", " c")]);
    }

    #[test]
    fn insert_gets_empty_old_span_where_it_goes() {
        let old = "a c";
        let new = "a b c";
        let os = [Span::new(0, 1), Span::new(2, 3)];
        let ns = [Span::new(0, 1), Span::new(2, 3), Span::new(4, 5)];
        let segs = vec![Seg::equal(0..1, 0..1), Seg::change(1..1, 1..2), Seg::equal(1..2, 2..3)];
        let ops = build_ops(
            &segs,
            &|i| os.get(i).copied(),
            &|i| ns.get(i).copied(),
            Span::new(0, 3),
            Span::new(0, 5),
            OpTag::Move,
        );
        assert_eq!(ops[1].tag, OpTag::Insert);
        assert_eq!(ops[1].old, Span::empty(2));
        assert_eq!(&new[ops[1].new.range()], "b");
        assert_eq!(ops[0].tag, OpTag::Move);
        assert_eq!(&old[ops[0].old.range()], "a ");
        assert_eq!(&old[ops[2].old.range()], "c");
    }

    #[test]
    fn no_kept_tokens_is_one_op() {
        let none = |_| None;
        let ops = build_ops(&[], &none, &none, Span::new(0, 2), Span::new(0, 1), OpTag::Equal);
        assert_eq!(ops, vec![Op { tag: OpTag::Equal, old: Span::new(0, 2), new: Span::new(0, 1) }]);
        let ops = build_ops(&[], &none, &none, Span::new(0, 0), Span::new(0, 1), OpTag::Equal);
        assert_eq!(ops[0].tag, OpTag::Insert);
    }
}
