//! Assembling a [`Diff`]: blocks in NEW's order, gap blocks, word-level ops and scores.

use crate::align::{Aligner, Excluded, Unit};
use crate::hash::MixMap;
use crate::model::{Block, BlockKind, Diff, Op, OpTag, Stats};
use crate::options::DiffOptions;
use crate::par::map_all;
use crate::side::{Interner, Side};
use crate::words::{self, Seg};
use crate::work::Work;
use copytrace_text::Span;
use std::ops::Range;

/// Smallest word-level similarity (after the semantic clean-up) of a pair of paragraphs
/// kept as a pair; lower thresholds in [`DiffOptions`] lower it too. Once the clean-up has
/// absorbed the coincidental matches on function words, unrelated paragraphs score about
/// zero, while heavy rewrites of one paragraph keep a few phrases and score above it.
pub(crate) const MIN_WORD_SIMILARITY: f64 = 0.1;

/// How many times units are selected at most (each time without those whose word diff
/// failed the floors).
pub(crate) const SELECTION_ROUNDS: usize = 3;

/// Texts (OLD and NEW together) from this many bytes on are prepared in parallel: handing
/// work to another thread costs about a millisecond, more than small texts take. The result
/// is the same either way.
pub(crate) const PARALLEL_BYTES: usize = 1 << 20;

/// Diffs `old` against `new`, also returning the work counted (for the cost tests).
pub(crate) fn diff_counted(old: &str, new: &str, opts: &DiffOptions) -> (Diff, Work) {
    diff_with(old, new, opts, old.len() + new.len() >= PARALLEL_BYTES, true)
}

/// [`diff_counted`], with the independent steps run in parallel or not, and unchanged
/// paragraphs settled ([`crate::settle`]) or not (only tests turn settling off).
pub(crate) fn diff_with(old: &str, new: &str, opts: &DiffOptions, parallel: bool, settle: bool) -> (Diff, Work) {
    let (o, n, interner, settled) = Side::pair(old, new, opts.normalize_options(), settle, parallel);
    let mut work = Work::default();
    // Word by word, a pair may turn out less alike than its bags of words said (unrelated
    // paragraphs share "the", "of" and "and"): below the floor it becomes a deletion and an
    // insertion.
    let floor = MIN_WORD_SIMILARITY.min(opts.in_place_threshold()).min(opts.similarity_threshold());
    // A move claims that text came from elsewhere: it must hold up word by word at the
    // in-place threshold.
    let move_floor = opts.in_place_threshold().min(opts.similarity_threshold());
    // Only looked up, never iterated: it decides nothing about the order of anything.
    let mut cache: MixMap<(usize, usize, usize, usize), WordDiff> = MixMap::default();
    // Paragraphs alone between the same settled pairs pair directly when their word diff
    // holds up; the others (and those) are left to the whole alignment.
    // The word diffs of `units` (each depends on its unit alone: with `parallel` they are
    // computed at once, then taken in in the units' order, the same result).
    let word_diffs = |units: &[Unit], work: &mut Work| -> Vec<WordDiff> {
        let one = |u: &Unit| {
            let mut w = Work::default();
            (word_diff(&o, &n, u, opts, &interner, &mut w), w)
        };
        map_all(parallel, units, one)
            .into_iter()
            .map(|(wd, w)| {
                work.units = work.units.saturating_add(w.units);
                wd
            })
            .collect()
    };
    let lone = crate::align::lone_pairs(&o, &n, &settled, opts, parallel, &mut work);
    let units: Vec<Unit> = lone.iter().map(|&(i, j, _)| Unit { old: i..i + 1, new: j..j + 1, moved: false }).collect();
    let mut held = Vec::with_capacity(lone.len());
    for ((u, wd), pair) in units.iter().zip(word_diffs(&units, &mut work)).zip(lone) {
        if wd.similarity >= floor {
            cache.insert(unit_key(u), wd);
            held.push(pair);
        }
    }
    let lone = held;
    let aligner = Aligner::new(&o, &n, interner.len(), (&settled, &lone), opts, parallel, &mut work);
    let mut excluded = Excluded::new();
    let mut kept = Vec::new();
    // Units failing the word-level check are excluded and the selection runs again, so the
    // paragraphs they held can pair otherwise; a bounded number of rounds.
    for round in 0..SELECTION_ROUNDS {
        kept.clear();
        let mut failed = false;
        let units = aligner.select(opts, &excluded, &mut work);
        // The word diffs not yet known.
        let todo: Vec<Unit> = units.iter().filter(|u| !cache.contains_key(&unit_key(u))).cloned().collect();
        for (u, wd) in todo.iter().zip(word_diffs(&todo, &mut work)) {
            cache.insert(unit_key(u), wd);
        }
        for u in units {
            let key = unit_key(&u);
            let wd = &cache[&key];
            if wd.similarity >= if u.moved { move_floor } else { floor } {
                kept.push(u);
            } else {
                failed = true;
                excluded.insert(key);
            }
        }
        if !failed || round + 1 == SELECTION_ROUNDS {
            break;
        }
    }
    let ordered = order(&o, &n, kept);
    // The blocks of the matched units, each from its unit and word diff alone (all at once
    // if `parallel`), taken in in order by the assembly.
    let matched: Vec<&Unit> = ordered.iter().filter(|u| !u.old.is_empty() && !u.new.is_empty()).collect();
    let blocks = map_all(parallel, &matched, |u| {
        let wd = &cache[&unit_key(u)];
        (matched_block(&o, &n, u, wd), wd.kept_old, wd.kept_new)
    });
    drop(cache);
    let mut asm = Assembler {
        matched: blocks.into_iter(),
        o: &o,
        n: &n,

        work,
        blocks: Vec::new(),
        old_cursor: 0,
        new_cursor: 0,
        stats: Stats::default(),
    };
    for unit in &ordered {
        asm.gap(unit);
        asm.content(unit);
    }
    asm.trailing_gap();
    asm.stats.old_words = o.word_count(0..o.ids.len()) + o.settled_words();
    asm.stats.new_words = n.word_count(0..n.ids.len()) + n.settled_words();
    let Assembler { blocks, stats, work, .. } = asm;
    (Diff { old: o.layout, new: n.layout, blocks, stats }, work)
}

/// A unit as `(old.start, old.end, new.start, new.end)`.
fn unit_key(u: &Unit) -> (usize, usize, usize, usize) {
    (u.old.start, u.old.end, u.new.start, u.new.end)
}

/// Puts matched units in NEW's order, adds inserted runs for NEW paragraphs left over and
/// deleted runs for OLD paragraphs left over; a deleted run follows the block holding the
/// nearest OLD paragraph before it that did not move (or leads when there is none).
fn order(o: &Side, n: &Side, mut units: Vec<Unit>) -> Vec<Unit> {
    let mut new_used = vec![false; n.paras()];
    for u in &units {
        for i in u.new.clone() {
            new_used[i] = true;
        }
    }
    for r in runs(&new_used) {
        units.push(Unit { old: 0..0, new: r, moved: false });
    }
    units.sort_by_key(|u| (u.new.start, u.old.start));
    // Owner of each OLD paragraph: index into `units` of a non-moved unit.
    let mut anchor_of = vec![usize::MAX; o.paras()];
    let mut old_used = vec![false; o.paras()];
    for (k, u) in units.iter().enumerate() {
        for i in u.old.clone() {
            old_used[i] = true;
            if !u.moved {
                anchor_of[i] = k;
            }
        }
    }
    // followers[k + 1]: deleted runs placed after unit k; followers[0]: leading ones.
    let mut followers: Vec<Vec<Range<usize>>> = vec![Vec::new(); units.len() + 1];
    for r in runs(&old_used) {
        let slot = (0..r.start).rev().find(|&i| anchor_of[i] != usize::MAX).map_or(0, |i| anchor_of[i] + 1);
        followers[slot].push(r);
    }
    let mut out = Vec::with_capacity(units.len() + followers.iter().map(Vec::len).sum::<usize>());
    let mut followers = followers.into_iter();
    let deleted = |r: Range<usize>| Unit { old: r, new: 0..0, moved: false };
    out.extend(followers.next().unwrap_or_default().into_iter().map(deleted));
    for (u, f) in units.into_iter().zip(followers) {
        out.push(u);
        out.extend(f.into_iter().map(deleted));
    }
    out
}

/// Maximal runs of `false` in `used`.
fn runs(used: &[bool]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < used.len() {
        if used[i] {
            i += 1;
            continue;
        }
        let s = i;
        while i < used.len() && !used[i] {
            i += 1;
        }
        out.push(s..i);
    }
    out
}

/// The word-level comparison of a matched unit.
struct WordDiff {
    segs: Vec<Seg>,
    kept_old: usize,
    kept_new: usize,
    similarity: f64,
}

fn word_diff(o: &Side, n: &Side, u: &Unit, opts: &DiffOptions, int: &Interner, work: &mut Work) -> WordDiff {
    if let (1, Some(words)) = (u.old.len(), o.settled_words_of(u.old.start)) {
        // A settled pair: the same bytes. No segment: one equal op over both paragraphs.
        return WordDiff { segs: Vec::new(), kept_old: words, kept_new: words, similarity: 1.0 };
    }
    let ko = o.kept(&u.old);
    let kn = n.kept(&u.new);
    let (a, b) = (&o.ids[ko.clone()], &n.ids[kn.clone()]);
    let segs = words::diff_ids(a, b, work);
    let segs = words::cleanup(segs, opts.cleans_up(), &|i| int.chars(a[i]), &|j| int.chars(b[j]));
    let (mut kept_old, mut kept_new) = (0, 0);
    for s in segs.iter().filter(|s| s.equal) {
        kept_old += o.word_count(ko.start + s.old.start..ko.start + s.old.end);
        kept_new += n.word_count(kn.start + s.new.start..kn.start + s.new.end);
    }
    let words = o.word_count(ko) + n.word_count(kn);
    let similarity = if words == 0 {
        1.0
    } else {
        #[allow(clippy::cast_precision_loss, reason = "word counts are far below 2^52")]
        let s = (kept_old + kept_new) as f64 / words as f64;
        s
    };
    WordDiff { segs, kept_old, kept_new, similarity }
}

struct Assembler<'a> {
    /// The blocks of the matched units in order, with the words each keeps of OLD and
    /// takes from it in NEW.
    matched: std::vec::IntoIter<(Block, usize, usize)>,
    o: &'a Side,
    n: &'a Side,
    work: Work,
    blocks: Vec<Block>,
    /// Where text inserted now would go in OLD.
    old_cursor: usize,
    /// End of NEW's bytes covered so far.
    new_cursor: usize,
    stats: Stats,
}

impl Assembler<'_> {
    /// The gap block before `unit`: OLD's white space before its first paragraph (unless it
    /// has none) and NEW's likewise.
    fn gap(&mut self, unit: &Unit) {
        let og = (!unit.old.is_empty()).then(|| self.o.gap_before(unit.old.start));
        let ng = (!unit.new.is_empty()).then(|| self.n.gap_before(unit.new.start));
        let old_at = if unit.old.is_empty() { self.old_para_at() } else { unit.old.start };
        let new_at = if unit.new.is_empty() { self.new_para_at() } else { unit.new.start };
        self.push_gap(og, ng, old_at, new_at);
        if let (Some(g), false) = (og, unit.moved) {
            self.old_cursor = g.end;
        }
    }

    fn trailing_gap(&mut self) {
        let og = Some(self.o.gap_before(self.o.paras()));
        let ng = Some(self.n.gap_before(self.n.paras()));
        self.push_gap(og, ng, self.o.paras(), self.n.paras());
    }

    /// Index of the OLD paragraph after the OLD cursor.
    fn old_para_at(&self) -> usize {
        self.o.layout.paragraphs.partition_point(|p| p.start < self.old_cursor)
    }

    fn new_para_at(&self) -> usize {
        self.n.layout.paragraphs.partition_point(|p| p.start < self.new_cursor)
    }

    fn push_gap(&mut self, og: Option<Span>, ng: Option<Span>, old_at: usize, new_at: usize) {
        let og = og.filter(|g| !g.is_empty());
        let ng = ng.filter(|g| !g.is_empty());
        let op = match (og, ng) {
            (None, None) => return,
            (Some(old), Some(new)) => Op { tag: OpTag::Equal, old, new },
            (Some(old), None) => Op { tag: OpTag::Delete, old, new: Span::empty(self.new_cursor) },
            (None, Some(new)) => Op { tag: OpTag::Insert, old: Span::empty(self.old_cursor), new },
        };
        self.new_cursor = op.new.end;
        self.blocks.push(Block {
            kind: BlockKind::Gap,
            old_paras: old_at..old_at,
            new_paras: new_at..new_at,
            moved: false,
            similarity: 1.0,
            ops: vec![op],
        });
    }

    fn content(&mut self, u: &Unit) {
        let (o, n) = (self.o, self.n);
        let block = if u.new.is_empty() {
            let old = o.para_span(&u.old);
            let op = Op { tag: OpTag::Delete, old, new: Span::empty(self.new_cursor) };
            Block {
                kind: BlockKind::Deleted,
                old_paras: u.old.clone(),
                new_paras: self.new_para_at()..self.new_para_at(),
                moved: false,
                similarity: 0.0,
                ops: vec![op],
            }
        } else if u.old.is_empty() {
            let new = n.para_span(&u.new);
            let op = Op { tag: OpTag::Insert, old: Span::empty(self.old_cursor), new };
            let at = self.old_para_at();
            Block {
                kind: BlockKind::Inserted,
                old_paras: at..at,
                new_paras: u.new.clone(),
                moved: false,
                similarity: 0.0,
                ops: vec![op],
            }
        } else {
            self.matched()
        };
        if !u.moved {
            if let Some(op) = block.ops.last() {
                self.old_cursor = self.old_cursor.max(op.old.end);
            }
        }
        if let Some(op) = block.ops.last() {
            self.new_cursor = op.new.end;
        }
        self.blocks.push(block);
    }

    fn matched(&mut self) -> Block {
        let (block, kept_old, kept_new) = self.matched.next().expect("a block for every matched unit");
        self.stats.old_kept += kept_old;
        self.stats.new_taken += kept_new;
        block
    }
}

/// The block of matched unit `u` whose word diff is `wd`.
fn matched_block(o: &Side, n: &Side, u: &Unit, wd: &WordDiff) -> Block {
    let ko = o.kept(&u.old);
    let kn = n.kept(&u.new);
    let equal_tag = if u.moved { OpTag::Move } else { OpTag::Equal };
    let ops = words::build_ops(
        &wd.segs,
        &|k| (k < ko.len()).then(|| o.span(ko.start + k)).flatten(),
        &|k| (k < kn.len()).then(|| n.span(kn.start + k)).flatten(),
        o.para_span(&u.old),
        n.para_span(&u.new),
        equal_tag,
    );
    let changed = ops.iter().any(|op| !matches!(op.tag, OpTag::Equal | OpTag::Move));
    let kind = match (u.old.len(), u.new.len()) {
        (1, 1) if changed => BlockKind::Edited,
        (1, 1) => BlockKind::Equal,
        (a, b) if a > b => BlockKind::Merged,
        _ => BlockKind::Split,
    };
    Block { kind, old_paras: u.old.clone(), new_paras: u.new.clone(), moved: u.moved, similarity: wd.similarity, ops }
}

#[cfg(test)]
mod tests {
    use super::*;
    use copytrace_text::NormalizeOptions;

    fn unit(old: Range<usize>, new: Range<usize>, moved: bool) -> Unit {
        Unit { old, new, moved }
    }

    fn sides(old: &str, new: &str) -> (Side, Side) {
        let mut int = Interner::default();
        let o = Side::new(old, &NormalizeOptions::default(), &mut int);
        let n = Side::new(new, &NormalizeOptions::default(), &mut int);
        (o, n)
    }

    #[test]
    fn runs_are_maximal() {
        assert_eq!(runs(&[true, false, false, true, false]), vec![1..3, 4..5]);
        assert!(runs(&[true, true]).is_empty());
        assert_eq!(runs(&[false]), vec![0..1]);
    }

    #[test]
    fn deleted_runs_follow_their_nearest_unmoved_old_neighbour() {
        // OLD: a b c d e; NEW: a d c' x. b is deleted after a; c moved behind d; e, whose
        // OLD neighbour before it (d) stayed, is deleted after d's block; x is inserted.
        let (o, n) = sides("a\n\nb\n\nc\n\nd\n\ne", "a\n\nd\n\nc\n\nx");
        let units = vec![unit(0..1, 0..1, false), unit(3..4, 1..2, false), unit(2..3, 2..3, true)];
        let got: Vec<(Range<usize>, Range<usize>, bool)> =
            order(&o, &n, units).into_iter().map(|u| (u.old, u.new, u.moved)).collect();
        assert_eq!(
            got,
            vec![
                (0..1, 0..1, false),
                (1..2, 0..0, false),
                (3..4, 1..2, false),
                (4..5, 0..0, false),
                (2..3, 2..3, true),
                (0..0, 3..4, false),
            ]
        );
    }

    #[test]
    fn deleted_runs_without_unmoved_neighbour_lead() {
        // OLD: a b; NEW: b. a has nothing before it.
        let (o, n) = sides("a\n\nb", "b");
        let got: Vec<Range<usize>> = order(&o, &n, vec![unit(1..2, 0..1, false)]).into_iter().map(|u| u.old).collect();
        assert_eq!(got, vec![0..1, 1..2]);
    }

    #[test]
    fn inserted_text_points_where_it_goes_in_old() {
        let old = "One two.\n\nThree four.";
        let new = "One two.\n\nNew words here entirely.\n\nThree four.";
        let (d, _) = diff_counted(old, new, &DiffOptions::default());
        let ins = d.blocks.iter().find(|b| b.kind == BlockKind::Inserted).expect("inserted block");
        assert_eq!(ins.ops[0].old, Span::empty("One two.".len()));
        assert_eq!(ins.old_paras, 1..1);
        let del = diff_counted(new, old, &DiffOptions::default()).0;
        let del = del.blocks.iter().find(|b| b.kind == BlockKind::Deleted).expect("deleted block");
        assert_eq!(del.ops[0].new, Span::empty("One two.".len()));
        assert_eq!(del.new_paras, 1..1);
    }
}
