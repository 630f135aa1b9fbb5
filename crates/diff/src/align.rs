//! Paragraph alignment: which paragraphs of OLD correspond to which of NEW.
//!
//! 1. **Candidates.** Every paragraph is reduced to its bag of words (interned normalised
//!    ids) and its set of word bigrams. An inverted index from bigram to the paragraphs of
//!    the other text holding it (and, for paragraphs shorter than [`SHORT_WORDS`] words,
//!    from single words) proposes, for every paragraph of each text, the
//!    [`TOP_CANDIDATES`] paragraphs of the other text sharing the most bigrams (bigrams held
//!    by more than [`MAX_POSTINGS`] paragraphs are too common to say anything and are
//!    skipped). Paragraphs with exactly the same normalised tokens are always candidates.
//!    No pair of paragraphs is scored unless proposed, so the cost grows with the texts'
//!    size, not with the product of their paragraph counts.
//! 2. **Units.** A candidate pair becomes a 1:1 unit when the Dice coefficient of its bags
//!    reaches [`DiffOptions::min_similarity`], or when the shorter paragraph (of at least
//!    [`MIN_CONTAINED_WORDS`] words) is contained in the longer one to
//!    [`DiffOptions::min_containment`], unless either paragraph has an identical counterpart
//!    (which then is its only 1:1 candidate). A run of consecutive paragraphs of one text that
//!    each take most of their words from the same paragraph of the other text (it is their
//!    best source, and they pass the containment test, or the similarity threshold for both
//!    words and bigrams) becomes a 1:N unit: a split, or, the other way round, a merge.
//! 3. **Chain.** The heaviest chain of units increasing in both texts (weight: words shared)
//!    is found exactly in `O(u log u)` for `u` units; its units stay in place.
//! 4. **Moves.** Units left out of the chain whose paragraphs are all still free are, from
//!    the heaviest, taken as moves: they cross the chain.
//! 5. **In place.** Paragraphs still free that stand between the same two chain units in
//!    both texts pair 1:1 when their Dice coefficient reaches the lower
//!    [`DiffOptions::min_similarity_in_place`]: their position supports the pairing. Only
//!    narrow gaps (at most [`MAX_GAP_PAIRS`] pairs of leftovers) count; there every pair is
//!    scored.
//!
//! Before step 1, a paragraph alone in its text between two settled pairs ([`crate::settle`])
//! and one alone between the same two in the other text pair directly when they pass the
//! 1:1 test ([`lone_pairs`]): in any chain they could only pair with each other.
//!
//! Paragraphs in no unit are deleted or inserted.

use crate::chain::{heaviest_chain, Cand};
use crate::flat::FlatIds;
use crate::hash::MixMap;
use crate::options::DiffOptions;
use crate::par::{both, map_all};
use crate::side::Side;
use crate::work::Work;
use rayon::prelude::*;
use std::cmp::Reverse;
use std::collections::BTreeSet;
use std::ops::Range;

/// Candidates proposed per paragraph.
pub(crate) const TOP_CANDIDATES: usize = 8;
/// Bigrams found in more paragraphs than this are not used to propose candidates.
pub(crate) const MAX_POSTINGS: usize = 32;
/// Widest gap between chain units, in pairs of leftover paragraphs (OLD × NEW), where
/// paragraphs pair in place.
pub(crate) const MAX_GAP_PAIRS: usize = 64;
/// Paragraphs with fewer words than this also look their words up, not only bigrams.
pub(crate) const SHORT_WORDS: usize = 3;
/// Shortest paragraph (in words) that containment alone may pair.
pub(crate) const MIN_CONTAINED_WORDS: usize = 4;

/// Paragraphs of OLD matched with paragraphs of NEW.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Unit {
    pub(crate) old: Range<usize>,
    pub(crate) new: Range<usize>,
    pub(crate) moved: bool,
}

/// What matching needs to know about one paragraph.
#[derive(Debug, Default)]
struct Para {
    words: usize,
    /// Sorted `(word id, count)`.
    bag: Vec<(u32, u32)>,
    /// Sorted, deduplicated word bigrams, as dense bigram ids ([`Bigrams`]).
    bigrams: Vec<u32>,
}

impl Para {
    /// Keys of the inverted index this paragraph is filed under: its bigrams and its words.
    /// Keys are dense: a word's key is its id, a bigram's is `words` (the number of word
    /// ids) plus its bigram id, so no word key equals a bigram key.
    fn index_keys(&self, words: u32) -> impl Iterator<Item = u32> + '_ {
        self.bigrams.iter().map(move |&g| words + g).chain(self.bag.iter().map(|&(id, _)| id))
    }

    /// Keys this paragraph looks up: its bigrams, and its words when it is too short to
    /// have a telling bigram.
    fn query_keys(&self, words: u32) -> impl Iterator<Item = u32> + '_ {
        let short = self.words < SHORT_WORDS;
        self.bigrams.iter().map(move |&g| words + g).chain(self.bag.iter().filter(move |_| short).map(|&(id, _)| id))
    }
}

/// Dense ids of the word bigrams of both texts, in order of first appearance. The map is
/// only looked up, never iterated; an id only ever stands for its bigram (equality), so the
/// numbering decides nothing.
#[derive(Default)]
struct Bigrams {
    ids: FlatIds<u64>,
    /// The bigram of each id.
    keys: Vec<u64>,
}

impl Bigrams {
    fn id(&mut self, a: u32, b: u32) -> u32 {
        self.key_id((u64::from(a) << 32) | u64::from(b))
    }

    fn key_id(&mut self, key: u64) -> u32 {
        let (id, new) = self.ids.get_or_insert(key, self.len());
        if new {
            self.keys.push(key);
        }
        id
    }

    fn len(&self) -> u32 {
        u32::try_from(self.keys.len()).expect("fewer than 2^32 distinct bigrams")
    }

    /// Takes in the bigrams of `other` in the order of its ids and returns the id here of
    /// each id of `other` (the ids numbering both texts in one would have given).
    fn absorb(&mut self, other: &Bigrams) -> Vec<u32> {
        other.keys.iter().map(|&key| self.key_id(key)).collect()
    }
}

fn paras(s: &Side, lone: &[bool], bigram_ids: &mut Bigrams, work: &mut Work) -> Vec<Para> {
    // The table is not sized up front: how many bigrams are new depends on how much the
    // text repeats itself (a quarter of the tokens on the 5 MB benchmark pair), and room for
    // one per token would make the table, and the memory it touches, several times larger
    // than growing it does.
    bigram_ids.keys.reserve(s.ids.len());
    let mut ids: Vec<u32> = Vec::new();
    s.para_kept
        .iter()
        .enumerate()
        .map(|(i, r)| {
            if lone.get(i).copied().unwrap_or(false) {
                // Paired already ([`lone_pairs`]): nothing to look up or be found by.
                return Para { words: s.word_count(r.clone()), bag: Vec::new(), bigrams: Vec::new() };
            }
            ids.clear();
            ids.extend(r.clone().filter(|&k| s.words[k]).map(|k| s.ids[k]));
            work.add(ids.len() * 4 + 1);
            let mut bigrams: Vec<u32> = ids.windows(2).map(|w| bigram_ids.id(w[0], w[1])).collect();
            bigrams.sort_unstable();
            bigrams.dedup();
            Para { words: ids.len(), bag: bag_of(&mut ids), bigrams }
        })
        .collect()
}

/// The bag of words `ids` (sorted here): sorted `(word id, count)`.
fn bag_of(ids: &mut [u32]) -> Vec<(u32, u32)> {
    ids.sort_unstable();
    // Sized once: most paragraphs' bags would otherwise grow four or five times.
    let distinct = ids.windows(2).filter(|w| w[0] != w[1]).count() + usize::from(!ids.is_empty());
    let mut bag: Vec<(u32, u32)> = Vec::with_capacity(distinct);
    for &id in ids.iter() {
        match bag.last_mut() {
            Some((last, c)) if *last == id => *c += 1,
            _ => bag.push((id, 1)),
        }
    }
    bag
}

/// Words two bags share (multiset intersection).
fn shared(a: &[(u32, u32)], b: &[(u32, u32)], work: &mut Work) -> usize {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    work.add(small.len() * (usize::BITS - large.len().leading_zeros()) as usize + 1);
    if large.len() > 16 * small.len() {
        return small
            .iter()
            .map(|&(id, c)| match large.binary_search_by_key(&id, |p| p.0) {
                Ok(k) => c.min(large[k].1) as usize,
                Err(_) => 0,
            })
            .sum();
    }
    // Bags of similar sizes: one merge over both sorted lists.
    let (mut i, mut j, mut sum) = (0, 0, 0usize);
    while i < small.len() && j < large.len() {
        let (x, y) = (small[i], large[j]);
        match x.0.cmp(&y.0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += x.1.min(y.1) as usize;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// Bigrams of `a` also in `b` (both sorted).
fn shared_bigrams(a: &[u32], b: &[u32], work: &mut Work) -> usize {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    work.add(small.len() * (usize::BITS - large.len().leading_zeros()) as usize + 1);
    small.iter().filter(|x| large.binary_search(x).is_ok()).count()
}

fn merge_bags(bags: &[&[(u32, u32)]]) -> Vec<(u32, u32)> {
    let mut all: Vec<(u32, u32)> = bags.iter().flat_map(|b| b.iter().copied()).collect();
    all.sort_unstable();
    let mut out: Vec<(u32, u32)> = Vec::with_capacity(all.len());
    for (id, c) in all {
        match out.last_mut() {
            Some((last, n)) if *last == id => *n += c,
            _ => out.push((id, c)),
        }
    }
    out
}

/// Proposes, for each paragraph of `from`, the paragraphs of `to` sharing the most
/// bigrams. Returns `(from index, to index)` pairs. `keys` is the number of distinct keys
/// ([`Para::index_keys`]) and `words` the number of word ids.
fn propose(from: &[Para], to: &[Para], words: u32, keys: usize, work: &mut Work) -> Vec<(usize, usize)> {
    // The index: the paragraphs filed under each key, key by key (`start[key]..start[key + 1]`
    // into `postings`, in paragraph order).
    let mut start = vec![0u32; keys + 1];
    // Words are looked up only by short paragraphs: the words no paragraph of `from`
    // looks up are not filed (a key never looked up changes no count).
    let mut queried = vec![false; words as usize];
    for p in from.iter().filter(|p| p.words < SHORT_WORDS) {
        p.bag.iter().for_each(|&(id, _)| queried[id as usize] = true);
    }
    let filed = |g: &u32| *g >= words || queried[*g as usize];
    for p in to {
        for g in p.index_keys(words).filter(filed) {
            start[g as usize + 1] += 1;
        }
    }
    for k in 1..start.len() {
        start[k] += start[k - 1];
    }
    let entries = start[keys] as usize;
    work.add(entries * (usize::BITS - entries.leading_zeros()) as usize);
    let mut fill: Vec<u32> = start[..keys].to_vec();
    let mut postings = vec![0u32; entries];
    for (k, p) in to.iter().enumerate() {
        let k = u32::try_from(k).expect("fewer than 2^32 paragraphs");
        for g in p.index_keys(words).filter(filed) {
            let at = &mut fill[g as usize];
            postings[*at as usize] = k;
            *at += 1;
        }
    }
    drop(fill);
    let mut counts = vec![0u32; to.len()];
    // The paragraphs of `to` counted for the current paragraph, each once, in the order
    // first met: `touched[..met]` (room for all of them and one more written past them, so
    // it is filled without a branch).
    let mut touched = vec![0u32; to.len() + 1];
    let mut out = Vec::new();
    for (i, p) in from.iter().enumerate() {
        let mut met = 0;
        for g in p.query_keys(words) {
            work.add(1);
            let (lo, hi) = (start[g as usize] as usize, start[g as usize + 1] as usize);
            // Keys held by no paragraph of `to`, or by too many to say anything, are skipped.
            if lo == hi || hi - lo > MAX_POSTINGS {
                continue;
            }
            work.add(hi - lo);
            for &k in &postings[lo..hi] {
                let c = &mut counts[k as usize];
                touched[met] = k;
                met += usize::from(*c == 0);
                *c += 1;
            }
        }
        let touched = &mut touched[..met];
        let rank = |&k: &u32| (Reverse(counts[k as usize]), k);
        // The best few by count, then index (a total order, so the same as sorting all).
        if touched.len() > TOP_CANDIDATES {
            touched.select_nth_unstable_by_key(TOP_CANDIDATES - 1, rank);
            touched[..TOP_CANDIDATES].sort_unstable_by_key(rank);
        } else {
            touched.sort_unstable_by_key(rank);
        }
        out.extend(touched.iter().take(TOP_CANDIDATES).map(|&k| (i, k as usize)));
        work.add(touched.len() * 2);
        for &k in touched.iter() {
            counts[k as usize] = 0;
        }
    }
    out
}

/// Pairs of paragraphs with the same normalised tokens: each NEW paragraph with the OLD
/// ones of the same key nearest in rank among that key's occurrences.
fn identical(o: &Side, n: &Side, lone_o: &[bool], lone_n: &[bool]) -> Vec<(usize, usize)> {
    // Only looked up, never iterated.
    let mut by_key: MixMap<&[u32], Vec<usize>> = MixMap::default();
    // Settled paragraphs have no tokens here, and their counterpart is known; so is that of
    // paragraphs paired alone in a gap.
    let free = |s: &Side, lone: &[bool], i: usize| !s.is_settled(i) && !lone.get(i).copied().unwrap_or(false);
    for (i, r) in o.para_kept.iter().enumerate().filter(|&(i, _)| free(o, lone_o, i)) {
        by_key.entry(&o.ids[r.clone()]).or_default().push(i);
    }
    let mut rank: MixMap<&[u32], usize> = MixMap::default();
    let mut out = Vec::new();
    for (j, r) in n.para_kept.iter().enumerate().filter(|&(j, _)| free(n, lone_n, j)) {
        let key = &n.ids[r.clone()];
        let Some(olds) = by_key.get(key) else { continue };
        let at = rank.entry(key).or_insert(0);
        let lo = at.saturating_sub(TOP_CANDIDATES / 2).min(olds.len().saturating_sub(TOP_CANDIDATES));
        out.extend(olds[lo..(lo + TOP_CANDIDATES).min(olds.len())].iter().map(|&i| (i, j)));
        *at += 1;
    }
    out
}

/// A lone pair: OLD paragraph, NEW paragraph, words shared.
pub(crate) type LonePair = (usize, usize, usize);

/// Pairs of paragraphs each alone in its text between the same two settled pairs (or a
/// text's start or end), that pass the 1:1 test ([`pairable`]) and whose tokens are not
/// identical to those of another paragraph of the other text; with the words they share.
///
/// Such a pair is what the alignment would pair anyway: a unit in the chain has to stay
/// between the settled pairs around it, so the only unit either paragraph can be in there
/// is this pair (there is no room for a merge or a split, whose paragraphs are consecutive
/// and never settled), which is consistent with every other unit of the chain and so is
/// part of the heaviest; and a paragraph in the chain is in no move. So these pairs, once
/// their word diff holds up (the engine checks), join the candidates directly, and their
/// paragraphs are not indexed, proposed or scored against the rest: in a revision, most
/// edited paragraphs are such pairs. Against aligning them with the rest, two things can
/// differ: a pair the candidate search would have missed (not among either paragraph's
/// best few) is found, and a paragraph of the other text whose best source was one of
/// them may now join another paragraph's merge or split.
pub(crate) fn lone_pairs(
    o: &Side,
    n: &Side,
    settled: &[(usize, usize)],
    opts: &DiffOptions,
    parallel: bool,
    work: &mut Work,
) -> Vec<LonePair> {
    let mut out = Vec::new();
    let mut gaps = Vec::new();
    let (mut pi, mut pj) = (0, 0);
    for &(si, sj) in settled.iter().chain(std::iter::once(&(o.paras(), n.paras()))) {
        if si == pi + 1 && sj == pj + 1 {
            gaps.push((pi, pj));
        }
        (pi, pj) = (si + 1, sj + 1);
    }
    if gaps.is_empty() {
        return out;
    }
    // How often each token sequence occurs among the other text's paragraphs not settled.
    // Only looked up, never iterated.
    fn count<'s>(s: &'s Side, work: &mut Work) -> MixMap<&'s [u32], usize> {
        let mut m: MixMap<&[u32], usize> = MixMap::default();
        for (i, r) in s.para_kept.iter().enumerate() {
            if !s.is_settled(i) {
                work.add(r.len() + 1);
                *m.entry(&s.ids[r.clone()]).or_insert(0) += 1;
            }
        }
        m
    }
    let counted = |s| {
        let mut w = Work::default();
        (count(s, &mut w), w)
    };
    let ((in_old, w_old), (in_new, w_new)) = both(parallel, || counted(o), || counted(n));
    work.units = work.units.saturating_add(w_old.units).saturating_add(w_new.units);
    // Words of paragraph `i` of `s`, and its bag of them.
    let bag = |s: &Side, i: usize| -> (usize, Vec<(u32, u32)>) {
        let mut ids: Vec<u32> = s.para_kept[i].clone().filter(|&k| s.words[k]).map(|k| s.ids[k]).collect();
        (ids.len(), bag_of(&mut ids))
    };
    // Each gap on its own (all at once if `parallel`), taken in in the gaps' order.
    let one = |&(i, j): &(usize, usize)| -> (Option<LonePair>, Work) {
        let mut w = Work::default();
        let (x, y) = (&o.ids[o.para_kept[i].clone()], &n.ids[n.para_kept[j].clone()]);
        let same = usize::from(x == y);
        if in_new.get(x).copied().unwrap_or(0) > same || in_old.get(y).copied().unwrap_or(0) > same {
            return (None, w);
        }
        let ((wa, a), (wb, b)) = (bag(o, i), bag(n, j));
        w.add(wa + wb + 1);
        let shared = shared(&a, &b, &mut w);
        (pairable(shared, wa, wb, opts).then_some((i, j, shared)), w)
    };
    for (pair, w) in map_all(parallel, &gaps, one) {
        work.units = work.units.saturating_add(w.units);
        out.extend(pair);
    }
    out
}

/// A scored candidate pair.
#[derive(Clone, Copy, Debug)]
struct Pair {
    o: usize,
    n: usize,
    shared: usize,
    identical: bool,
}

/// Units excluded from alignment, as `(old.start, old.end, new.start, new.end)`.
pub(crate) type Excluded = BTreeSet<(usize, usize, usize, usize)>;

/// Candidate units of two texts, computed once; [`Aligner::select`] then picks the units,
/// possibly several times with more units excluded.
pub(crate) struct Aligner {
    po: Vec<Para>,
    pn: Vec<Para>,
    cands: Vec<Cand>,
}

fn key(c: &Cand) -> (usize, usize, usize, usize) {
    (c.old.start, c.old.end, c.new.start, c.new.end)
}

impl Aligner {
    /// Scores candidate pairs and builds the candidate units of `o` and `n`, whose token
    /// ids are all below `words` (with independent steps at once if `parallel`).
    ///
    /// The `lone` pairs ([`lone_pairs`], those whose word diff holds up: with the words
    /// they share) join the candidates as they are, their paragraphs in no other.
    ///
    /// The `settled` pairs ([`crate::settle`]) join the candidates as equal 1:1 units, each
    /// weighing more than all other candidates together: every chain holding them all (they
    /// are in order) outweighs every chain missing one, so the chain keeps them.
    pub(crate) fn new(
        o: &Side,
        n: &Side,
        words: u32,
        (settled, lone): (&[(usize, usize)], &[LonePair]),
        opts: &DiffOptions,
        parallel: bool,
        work: &mut Work,
    ) -> Aligner {
        if o.paras() == 0 || n.paras() == 0 {
            return Aligner { po: Vec::new(), pn: Vec::new(), cands: Vec::new() };
        }
        // Each text on its own (both at once if `parallel`), then NEW's bigram ids renumbered
        // into OLD's: the same ids as numbering OLD then NEW in one.
        let (mut lone_o, mut lone_n) = (Vec::new(), Vec::new());
        if !lone.is_empty() {
            (lone_o, lone_n) = (vec![false; o.paras()], vec![false; n.paras()]);
            for &(i, j, _) in lone {
                (lone_o[i], lone_n[j]) = (true, true);
            }
        }
        let one = |s: &Side, lone: &[bool]| {
            let (mut bigrams, mut w) = (Bigrams::default(), Work::default());
            let p = paras(s, lone, &mut bigrams, &mut w);
            (p, bigrams, w)
        };
        let ((po, mut bigrams, w_old), (mut pn, new_bigrams, w_new)) =
            both(parallel, || one(o, &lone_o), || one(n, &lone_n));
        work.units = work.units.saturating_add(w_old.units).saturating_add(w_new.units);
        let remap = bigrams.absorb(&new_bigrams);
        let renumber = |p: &mut Para| {
            p.bigrams.iter_mut().for_each(|g| *g = remap[*g as usize]);
            p.bigrams.sort_unstable();
        };
        if parallel {
            pn.par_iter_mut().for_each(renumber);
        } else {
            pn.iter_mut().for_each(renumber);
        }
        let mut cands = candidates(
            o,
            n,
            (&po, &pn),
            (&lone_o, &lone_n),
            (words, words as usize + bigrams.len() as usize),
            opts,
            parallel,
            work,
        );
        cands.extend(lone.iter().map(|&(i, j, shared)| Cand {
            old: i..i + 1,
            new: j..j + 1,
            weight: 2 * shared as u64 + 1,
        }));
        let heavier = cands.iter().fold(1u64, |w, c| w.saturating_add(c.weight));
        for &(i, j) in settled {
            let w = 2 * o.settled_words_of(i).unwrap_or(0) as u64 + 2;
            cands.push(Cand { old: i..i + 1, new: j..j + 1, weight: heavier.saturating_add(w) });
        }
        Aligner { po, pn, cands }
    }

    /// Picks the units (chain, moves, in-place pairs), never one in `excluded`.
    pub(crate) fn select(&self, opts: &DiffOptions, excluded: &Excluded, work: &mut Work) -> Vec<Unit> {
        if self.po.is_empty() || self.pn.is_empty() {
            return Vec::new();
        }
        let mut cands: Vec<Cand> = self.cands.iter().filter(|c| !excluded.contains(&key(c))).cloned().collect();
        select(&mut cands, &self.po, &self.pn, opts, excluded, work)
    }
}

/// Candidate units: 1:1 pairs passing the thresholds, and 1:N groups.
#[allow(clippy::too_many_arguments, reason = "one step of `Aligner::new`, sharing its state")]
fn candidates(
    o: &Side,
    n: &Side,
    (po, pn): (&[Para], &[Para]),
    (lone_o, lone_n): (&[bool], &[bool]),
    (words, key_count): (u32, usize),
    opts: &DiffOptions,
    parallel: bool,
    work: &mut Work,
) -> Vec<Cand> {
    let mut keys: Vec<(usize, usize)> = identical(o, n, lone_o, lone_n);
    let ident_count = keys.len();
    // Both directions at once if `parallel` (the result is the same).
    let run = |from: &[Para], to: &[Para]| {
        let mut w = Work::default();
        (propose(from, to, words, key_count, &mut w), w)
    };
    let ((from_new, w_new), (from_old, w_old)) = both(parallel, || run(pn, po), || run(po, pn));
    work.units = work.units.saturating_add(w_new.units).saturating_add(w_old.units);
    keys.extend(from_new.into_iter().map(|(j, i)| (i, j)));
    keys.extend(from_old);
    let mut marked: Vec<(usize, usize, bool)> =
        keys.iter().enumerate().map(|(k, &(i, j))| (i, j, k < ident_count)).collect();
    marked.sort_unstable_by_key(|&(i, j, id)| (i, j, Reverse(id)));
    marked.dedup_by_key(|p| (p.0, p.1));
    work.add(marked.len() * 8);
    // Pairs come sorted by OLD paragraph: each OLD bag is spread once into a table by word
    // id, and every NEW bag paired with it is looked up there (the same multiset
    // intersection as `shared`, counted as such).
    // With `parallel`, in two halves cut between OLD paragraphs, each with its own table
    // (the same pairs in the same order).
    let score = |marked: &[(usize, usize, bool)]| {
        let mut w = Work::default();
        let mut table = vec![0u32; words as usize];
        let mut loaded: Option<usize> = None;
        let pairs: Vec<Pair> = marked
            .iter()
            .map(|&(i, j, identical)| {
                if loaded != Some(i) {
                    if let Some(prev) = loaded {
                        po[prev].bag.iter().for_each(|&(id, _)| table[id as usize] = 0);
                    }
                    po[i].bag.iter().for_each(|&(id, c)| table[id as usize] = c);
                    loaded = Some(i);
                }
                let (a, b) = (&po[i].bag, &pn[j].bag);
                let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
                w.add(small.len() * (usize::BITS - large.len().leading_zeros()) as usize + 1);
                let s: usize = b.iter().map(|&(id, c)| c.min(table[id as usize]) as usize).sum();
                debug_assert_eq!(s, shared(a, b, &mut Work::default()));
                Pair { o: i, n: j, shared: s, identical }
            })
            .collect();
        (pairs, w)
    };
    let mut cut = if parallel { marked.len() / 2 } else { marked.len() };
    while cut > 0 && cut < marked.len() && marked[cut].0 == marked[cut - 1].0 {
        cut += 1;
    }
    let (head, tail) = marked.split_at(cut);
    let ((mut pairs, w_head), (rest, w_tail)) = both(parallel, || score(head), || score(tail));
    pairs.extend(rest);
    work.units = work.units.saturating_add(w_head.units).saturating_add(w_tail.units);

    // A paragraph with an identical counterpart pairs with nothing else 1:1: otherwise a
    // chain of merely similar pairs can outweigh it and leave the identical text to look
    // rewritten (seen with paragraphs in reverse order).
    let mut ident_old = vec![false; po.len()];
    let mut ident_new = vec![false; pn.len()];
    for p in pairs.iter().filter(|p| p.identical) {
        ident_old[p.o] = true;
        ident_new[p.n] = true;
    }
    let mut cands: Vec<Cand> = Vec::new();
    for p in &pairs {
        if p.identical || (!ident_old[p.o] && !ident_new[p.n] && pairable(p.shared, po[p.o].words, pn[p.n].words, opts))
        {
            let weight = 2 * p.shared as u64 + u64::from(p.identical) + 1;
            cands.push(Cand { old: p.o..p.o + 1, new: p.n..p.n + 1, weight });
        }
    }
    if opts.detects_merges() {
        // Splits, then merges (both at once if `parallel`).
        let splits = || {
            let (mut w, mut out) = (Work::default(), Vec::new());
            groups(&pairs, po, pn, opts, &mut w, &mut out);
            (out, w)
        };
        let merges = || {
            let (mut w, mut out) = (Work::default(), Vec::new());
            let flipped: Vec<Pair> = pairs.iter().map(|p| Pair { o: p.n, n: p.o, ..*p }).collect();
            groups(&flipped, pn, po, opts, &mut w, &mut out);
            for c in &mut out {
                std::mem::swap(&mut c.old, &mut c.new);
            }
            (out, w)
        };
        let ((s, w_s), (m, w_m)) = both(parallel, splits, merges);
        cands.extend(s);
        cands.extend(m);
        work.units = work.units.saturating_add(w_s.units).saturating_add(w_m.units);
    }
    cands
}

fn select(
    cands: &mut [Cand],
    po: &[Para],
    pn: &[Para],
    opts: &DiffOptions,
    excluded: &Excluded,
    work: &mut Work,
) -> Vec<Unit> {
    let chain = heaviest_chain(cands, po.len(), work);
    let mut old_used = vec![false; po.len()];
    let mut new_used = vec![false; pn.len()];
    let mut units = Vec::new();
    let mut in_chain = vec![false; cands.len()];
    for &k in &chain {
        in_chain[k] = true;
        let c = &cands[k];
        c.old.clone().for_each(|i| old_used[i] = true);
        c.new.clone().for_each(|j| new_used[j] = true);
        units.push(Unit { old: c.old.clone(), new: c.new.clone(), moved: false });
    }
    let chain_units: Vec<Unit> = units.clone();
    if opts.detects_moves() {
        let mut rest: Vec<usize> = (0..cands.len()).filter(|&k| !in_chain[k]).collect();
        rest.sort_by_key(|&k| (Reverse(cands[k].weight), cands[k].new.start, cands[k].old.start));
        for k in rest {
            let c = &cands[k];
            if c.old.clone().any(|i| old_used[i]) || c.new.clone().any(|j| new_used[j]) {
                continue;
            }
            c.old.clone().for_each(|i| old_used[i] = true);
            c.new.clone().for_each(|j| new_used[j] = true);
            units.push(Unit { old: c.old.clone(), new: c.new.clone(), moved: true });
        }
    }
    in_place(&chain_units, po, pn, opts, excluded, work, &mut old_used, &mut new_used, &mut units);
    units
}

/// Pairs paragraphs left over between the same two chain units in both texts when their
/// similarity reaches [`DiffOptions::min_similarity_in_place`]: their position supports the
/// pairing that their words alone do not. Only narrow gaps count (at most
/// [`MAX_GAP_PAIRS`] pairs of leftovers): in a wide one, position says little, and
/// paragraphs of unrelated texts on one topic reach such similarities by their common
/// words alone.
#[allow(clippy::too_many_arguments, reason = "one step of `align`, sharing its state")]
fn in_place(
    chain: &[Unit],
    po: &[Para],
    pn: &[Para],
    opts: &DiffOptions,
    excluded: &Excluded,
    work: &mut Work,
    old_used: &mut [bool],
    new_used: &mut [bool],
    units: &mut Vec<Unit>,
) {
    let threshold = opts.in_place_threshold();
    if threshold >= opts.similarity_threshold() {
        return;
    }
    let dice = |s: usize, a: usize, b: usize| if a + b == 0 { 0.0 } else { 2.0 * s as f64 / (a + b) as f64 };
    let mut weak: Vec<Cand> = Vec::new();
    let push = |i: usize, j: usize, shared: usize, weak: &mut Vec<Cand>| {
        if dice(shared, po[i].words, pn[j].words) >= threshold && !excluded.contains(&(i, i + 1, j, j + 1)) {
            weak.push(Cand { old: i..i + 1, new: j..j + 1, weight: 2 * shared as u64 + 1 });
        }
    };
    for g in 0..=chain.len() {
        let olds = if g == 0 { 0 } else { chain[g - 1].old.end }..chain.get(g).map_or(po.len(), |u| u.old.start);
        let news = if g == 0 { 0 } else { chain[g - 1].new.end }..chain.get(g).map_or(pn.len(), |u| u.new.start);
        let lo: Vec<usize> = olds.filter(|&i| !old_used[i]).collect();
        let ln: Vec<usize> = news.filter(|&j| !new_used[j]).collect();
        if lo.is_empty() || ln.is_empty() || lo.len() * ln.len() > MAX_GAP_PAIRS {
            continue;
        }
        for &i in &lo {
            for &j in &ln {
                let s = shared(&po[i].bag, &pn[j].bag, work);
                push(i, j, s, &mut weak);
            }
        }
    }
    let picked = heaviest_chain(&mut weak, po.len(), work);
    for k in picked {
        let c = &weak[k];
        old_used[c.old.start] = true;
        new_used[c.new.start] = true;
        units.push(Unit { old: c.old.clone(), new: c.new.clone(), moved: false });
    }
}

/// Whether two paragraphs sharing `shared` words, of `a` and `b` words, pair 1:1.
fn pairable(shared: usize, a: usize, b: usize, opts: &DiffOptions) -> bool {
    if a + b == 0 {
        return false;
    }
    let (s, a, b) = (shared as f64, a as f64, b as f64);
    let dice = 2.0 * s / (a + b);
    let small = a.min(b);
    dice >= opts.similarity_threshold()
        || (small >= MIN_CONTAINED_WORDS as f64 && s / small >= opts.containment_threshold())
}

/// 1:N candidates: for each paragraph `i` of the first text (`po`), runs of at least two
/// consecutive paragraphs of the second (`pn`) for which `i` is the best source and which
/// are mostly contained in it. Pushed with `old = i..i+1`, `new = run` (the caller swaps
/// them for merges).
fn groups(pairs: &[Pair], po: &[Para], pn: &[Para], opts: &DiffOptions, work: &mut Work, out: &mut Vec<Cand>) {
    // Best source of each paragraph of the second text: most shared words, then the lowest index.
    let mut best: Vec<Option<(usize, usize)>> = vec![None; pn.len()];
    for p in pairs {
        let better = match best[p.n] {
            None => p.shared > 0,
            Some((s, o)) => p.shared > s || (p.shared == s && p.o < o),
        };
        if better {
            best[p.n] = Some((p.shared, p.o));
        }
    }
    // Members per source, in order of the second text.
    let mut members: Vec<(usize, usize)> = Vec::new();
    for p in pairs {
        if best[p.n].map(|b| b.1) != Some(p.o) || pn[p.n].words == 0 {
            continue;
        }
        let words = pn[p.n].words as f64;
        let cont = p.shared as f64 / words;
        let ok = cont >= opts.containment_threshold() || {
            cont >= opts.similarity_threshold() && {
                let g = shared_bigrams(&pn[p.n].bigrams, &po[p.o].bigrams, work) as f64;
                g / pn[p.n].bigrams.len().max(1) as f64 >= opts.similarity_threshold()
            }
        };
        if ok {
            members.push((p.o, p.n));
        }
    }
    members.sort_unstable();
    let mut k = 0;
    while k < members.len() {
        let (src, first) = members[k];
        let mut end = k + 1;
        while end < members.len() && members[end].0 == src && members[end].1 == members[end - 1].1 + 1 {
            end += 1;
        }
        if end - k >= 2 {
            let last = members[end - 1].1;
            let bags: Vec<&[(u32, u32)]> = (first..=last).map(|j| pn[j].bag.as_slice()).collect();
            let union = merge_bags(&bags);
            work.add(union.len() * 2);
            let s = shared(&po[src].bag, &union, work);
            out.push(Cand { old: src..src + 1, new: first..last + 1, weight: 2 * s as u64 + 1 });
        }
        k = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairable_uses_dice_or_containment() {
        let o = DiffOptions::default();
        assert!(pairable(5, 10, 10, &o));
        assert!(!pairable(4, 10, 10, &o));
        // A paragraph of 10 words wholly inside one of 40: Dice 0.4, containment 1.0.
        assert!(pairable(10, 10, 40, &o));
        // Too short for containment alone.
        assert!(!pairable(3, 3, 40, &o));
        assert!(!pairable(0, 0, 0, &o));
    }

    /// Bags of up to `n` distinct ids below 40, counts 1 to 3.
    fn bag(n: usize) -> impl proptest::strategy::Strategy<Value = Vec<(u32, u32)>> {
        use proptest::prelude::*;
        proptest::collection::btree_map(0u32..40, 1u32..4, 0..n).prop_map(|m| m.into_iter().collect())
    }

    /// A paragraph of word ids below 12 (few ids, so keys repeat and some are too common).
    fn para() -> impl proptest::strategy::Strategy<Value = Vec<u32>> {
        proptest::collection::vec(0u32..12, 0..8)
    }

    /// The proposals by definition: every pair of paragraphs, counting shared keys held by
    /// at most [`MAX_POSTINGS`] paragraphs of `to`; the best [`TOP_CANDIDATES`] by count,
    /// then index.
    fn propose_naive(from: &[Para], to: &[Para], words: u32) -> Vec<(usize, usize)> {
        let holders = |g: u32| to.iter().filter(|q| q.index_keys(words).any(|h| h == g)).count();
        let mut out = Vec::new();
        for (i, p) in from.iter().enumerate() {
            let mut scored: Vec<(Reverse<usize>, usize)> = Vec::new();
            for (k, q) in to.iter().enumerate() {
                let c = p
                    .query_keys(words)
                    .filter(|&g| q.index_keys(words).any(|h| h == g) && holders(g) <= MAX_POSTINGS)
                    .count();
                if c > 0 {
                    scored.push((Reverse(c), k));
                }
            }
            scored.sort_unstable();
            out.extend(scored.iter().take(TOP_CANDIDATES).map(|&(_, k)| (i, k)));
        }
        out
    }

    fn paras_of(texts: &[Vec<u32>], words: u32, bigrams: &mut Bigrams) -> Vec<Para> {
        texts
            .iter()
            .map(|ids| {
                let mut g: Vec<u32> = ids.windows(2).map(|w| bigrams.id(w[0], w[1])).collect();
                g.sort_unstable();
                g.dedup();
                let mut bag: Vec<(u32, u32)> = Vec::new();
                let mut sorted = ids.clone();
                sorted.sort_unstable();
                for id in sorted {
                    match bag.last_mut() {
                        Some((last, c)) if *last == id => *c += 1,
                        _ => bag.push((id, 1)),
                    }
                }
                assert!(ids.iter().all(|&id| id < words));
                Para { words: ids.len(), bag, bigrams: g }
            })
            .collect()
    }

    proptest::proptest! {
        /// Numbering the bigrams of two texts apart and absorbing the second gives the
        /// numbering of both in one.
        #[test]
        fn absorbed_bigrams_number_like_one_map(
            a in proptest::collection::vec((0u32..6, 0u32..6), 0..30),
            b in proptest::collection::vec((0u32..6, 0u32..6), 0..30),
        ) {
            let mut one = Bigrams::default();
            let ids_a: Vec<u32> = a.iter().map(|&(x, y)| one.id(x, y)).collect();
            let ids_b: Vec<u32> = b.iter().map(|&(x, y)| one.id(x, y)).collect();
            let (mut left, mut right) = (Bigrams::default(), Bigrams::default());
            let apart_a: Vec<u32> = a.iter().map(|&(x, y)| left.id(x, y)).collect();
            let apart_b: Vec<u32> = b.iter().map(|&(x, y)| right.id(x, y)).collect();
            let remap = left.absorb(&right);
            proptest::prop_assert_eq!(apart_a, ids_a);
            proptest::prop_assert_eq!(apart_b.iter().map(|&g| remap[g as usize]).collect::<Vec<_>>(), ids_b);
            proptest::prop_assert_eq!(left.keys, one.keys);
        }

        /// The merge and the binary-search branches of `shared` both give the multiset
        /// intersection.
        #[test]
        fn shared_is_the_multiset_intersection(a in bag(40), b in bag(3)) {
            let naive = |x: &[(u32, u32)], y: &[(u32, u32)]| -> usize {
                x.iter().map(|&(id, c)| y.iter().find(|p| p.0 == id).map_or(0, |p| c.min(p.1) as usize)).sum()
            };
            let mut w = Work::default();
            proptest::prop_assert_eq!(shared(&a, &b, &mut w), naive(&a, &b));
            proptest::prop_assert_eq!(shared(&b, &a, &mut w), naive(&a, &b));
            proptest::prop_assert_eq!(shared(&a, &a, &mut w), naive(&a, &a));
        }

        /// The inverted index proposes exactly what the definition says (with many
        /// paragraphs, so that keys held by more than `MAX_POSTINGS` are skipped).
        #[test]
        fn propose_matches_its_definition(
            from in proptest::collection::vec(para(), 0..12),
            to in proptest::collection::vec(para(), 0..50),
        ) {
            let words = 12;
            let mut bigrams = Bigrams::default();
            let (pf, pt) = (paras_of(&from, words, &mut bigrams), paras_of(&to, words, &mut bigrams));
            let keys = words as usize + bigrams.len() as usize;
            let mut w = Work::default();
            proptest::prop_assert_eq!(propose(&pf, &pt, words, keys, &mut w), propose_naive(&pf, &pt, words));
        }
    }

    #[test]
    fn propose_when_every_paragraph_is_met_by_several_keys() {
        // Each key of the short paragraph (its bigram and both words) is held by all of `to`.
        let words = 3;
        let mut bigrams = Bigrams::default();
        let to = paras_of(&[vec![1, 2], vec![1, 2], vec![2, 1, 2]], words, &mut bigrams);
        let from = paras_of(&[vec![1, 2]], words, &mut bigrams);
        let keys = words as usize + bigrams.len() as usize;
        let got = propose(&from, &to, words, keys, &mut Work::default());
        assert_eq!(got, propose_naive(&from, &to, words));
        assert_eq!(got, vec![(0, 0), (0, 1), (0, 2)]);
    }

    #[test]
    fn lone_pairs_are_one_paragraph_each_side_between_settled_pairs() {
        use crate::side::Interner;
        let opts = DiffOptions::default();
        let pair = |old: &str, new: &str| {
            let (o, n, _, settled): (Side, Side, Interner, _) =
                Side::pair(old, new, opts.normalize_options(), true, false);
            let one = lone_pairs(&o, &n, &settled, &opts, false, &mut Work::default());
            assert_eq!(lone_pairs(&o, &n, &settled, &opts, true, &mut Work::default()), one, "the same on two threads");
            one
        };
        let (a, c, e) = ("Alpha stays the same here.", "Gamma stays the same too.", "Epsilon ends the text.");
        // One edited paragraph between two settled ones; one gap of two NEW paragraphs.
        let old = format!("{a}\n\nBeta was one way.\n\n{c}\n\nDelta old.\n\n{e}");
        let new = format!("{a}\n\nBeta was one other way.\n\n{c}\n\nDelta old, then.\n\nAnd more.\n\n{e}");
        assert_eq!(pair(&old, &new), vec![(1, 1, 4)]);
        // Too different to pass the 1:1 test, or repeated elsewhere in the other text.
        let new = format!("{a}\n\nSomething else entirely.\n\n{c}\n\nDelta old.\n\n{e}");
        assert_eq!(pair(&old, &new), vec![]);
        let old = format!("{a}\n\nBeta, then.\n\n{c}\n\nBeta, then.\n\n{e}");
        let new = format!("{a}\n\nBeta, then!\n\n{c}\n\nBeta, then.\n\n{e}\n\nBeta, then.");
        assert!(pair(&old, &new).iter().all(|&(i, _, _)| i != 3), "{:?}", pair(&old, &new));
    }

    #[test]
    fn shared_counts_multisets() {
        let mut w = Work::default();
        assert_eq!(shared(&[(1, 2), (3, 1)], &[(1, 1), (2, 5), (3, 4)], &mut w), 2);
        let large: Vec<(u32, u32)> = (0..40).map(|id| (id, 2)).collect();
        assert_eq!(shared(&[(2, 1)], &large, &mut w), 1);
        assert_eq!(shared_bigrams(&[1, 5, 9], &[5, 9, 11, 12], &mut w), 2);
        assert_eq!(merge_bags(&[&[(1, 1), (4, 2)], &[(1, 3)]]), vec![(1, 4), (4, 2)]);
    }
}
