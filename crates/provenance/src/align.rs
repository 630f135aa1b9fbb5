//! Stage 3: aligning one candidate pair into passages.
//!
//! 1. **Seeds.** Every word k-gram (k = [`Config::seed_words`], 3 by default) found in both
//!    documents gives a seed at its word positions in each; with `seed_words(0)`, only the
//!    shared fingerprints do. The pair itself was found by its shared fingerprints; seeding
//!    it densely finds the short exact runs left between heavier edits, which
//!    fingerprints (one per window) may miss. A k-gram repeated in a document gives at
//!    most 8 × 8 seeds, so repetitive text cannot blow up.
//! 2. **Exact matches.** Each seed is extended left and right while the word ids are
//!    equal, giving maximal exact matches; seeds falling in a match already found on the
//!    same diagonal are skipped.
//! 3. **Chaining, order-free.** Exact matches are taken by position in document `a`; one
//!    joins an open chain when it follows the chain's last match in *both* documents with
//!    at most [`Config::max_gap`] words between them on each side and a shift between the
//!    two gaps of at most `max_gap`. Otherwise it starts a new chain. A chain is one
//!    diagonal-ish run of text; different chains may come in any order in the two
//!    documents (moved passages), and paragraph boundaries play no part (merged and split
//!    paragraphs are invisible at the word level).
//! 4. **Extension.** Each chain is grown at both ends by the banded alignment of
//!    [`crate::banded::extend`] (a match `+1`, an edit `-2`), which crosses light edits at
//!    the ends of a passage that no fingerprint covered; the matches it finds join the
//!    chain's exact matches and the chaining runs again, so chains that the extension
//!    brought within reach merge.
//! 5. **Scoring.** A passage's matched words are its exact matches plus the banded LCS of
//!    each gap between them; its similarity is `2 · matched / (words_a + words_b)`. A
//!    passage is kept when it has at least [`Config::min_words`] matched words, at least
//!    [`Config::min_similarity`], and one exact match of at least [`Config::ngram`] words
//!    (scattered short coincidences, such as the stock phrases of two reports on the same
//!    story, are not a passage). Before scoring, an exact match shorter than `ngram` words
//!    at either end of a chain is dropped when its gap to the next match is longer than
//!    itself. Passages contained on both sides in another are dropped.
//!
//! **Bounded work.** Natural text never comes near these bounds, but repetitive text
//! (`ha ha ha …`, a two-word vocabulary) would make exact matches and chains quadratic:
//! growing exact matches stops after 32 word comparisons per word of the pair, and each
//! exact match is offered to the 32 most recently opened chains that can still take it.
//! Both bounds are fixed, so results stay deterministic.

use crate::banded::{extend, lcs_banded};
use crate::candidates::CandidatePair;
use crate::config::Config;
use crate::fingerprint::{DocFingerprints, WordRange};
use copytrace_text::Span;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Why a passage or a piece of text is boilerplate rather than reuse.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BoilerplateReason {
    /// Made (at least 80 % of its fingerprints) of fingerprints found in more documents
    /// than the document-frequency limit.
    CommonText,
    /// Lies (at least 80 % of its words) inside label lines (`READ MORE: …`,
    /// `Credit: PA`) in one of the documents.
    LabelLine,
    /// Its cluster spans more documents than the document-frequency limit.
    Widespread,
}

/// What a passage is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PassageKind {
    /// Shared text that counts as reuse.
    Reuse,
    /// Shared text reported apart; not counted in containment or originality.
    Boilerplate(BoilerplateReason),
}

/// How a passage was found: the detection tier.
///
/// `verbatim` and `edited` passages are found by this module's word alignment; `reworded`
/// ones by the second tier ([`crate::reword`](mod@crate::reword)) only, and never overlap the
/// others of their pair.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// Every word of both sides matched (similarity 1).
    #[default]
    Verbatim,
    /// Found by the word alignment with light edits (similarity below 1).
    Edited,
    /// Found only by the reworded tier: sentences sharing stemmed content words.
    Reworded,
}

impl Tier {
    /// Every tier, in order.
    pub const ALL: [Tier; 3] = [Tier::Verbatim, Tier::Edited, Tier::Reworded];

    /// The tier's name as written in reports and on the command line.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Tier::Verbatim => "verbatim",
            Tier::Edited => "edited",
            Tier::Reworded => "reworded",
        }
    }

    /// The tier named `name` (as [`Tier::name`] writes it).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Tier> {
        Tier::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// First and last paragraph (indices of the document's segmentation) a passage touches.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ParagraphRange {
    /// First paragraph.
    pub first: u32,
    /// Last paragraph (inclusive).
    pub last: u32,
}

/// One side of a passage.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PassageSide {
    /// Index of the document in the corpus.
    pub doc: u32,
    /// Bytes of the text, from the first word's first byte to the last word's last byte.
    pub span: Span,
    /// Word indices (into [`DocFingerprints::words`]).
    pub words: WordRange,
    /// Number of words on this side.
    pub word_count: u32,
    /// The paragraphs it covers.
    pub paragraphs: ParagraphRange,
}

/// A passage shared by two documents.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Passage {
    /// The side in the document with the lower index.
    pub a: PassageSide,
    /// The side in the document with the higher index.
    pub b: PassageSide,
    /// Words matched by the alignment.
    pub matched_words: u32,
    /// `2 · matched_words / (a.word_count + b.word_count)` for the verbatim and edited
    /// tiers; for the reworded tier, the tf-isf cosine of the two sides' stemmed content
    /// words (see [`crate::reword`](mod@crate::reword)).
    pub similarity: f64,
    /// Reuse or boilerplate.
    pub kind: PassageKind,
    /// The cluster it belongs to, if any.
    pub cluster: Option<u32>,
    /// The tier that found it.
    #[serde(default)]
    pub tier: Tier,
}

/// An exact match: `len` equal words from `a` in document a and `b` in document b.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Block {
    a: usize,
    b: usize,
    len: usize,
}

impl Block {
    fn a_end(&self) -> usize {
        self.a + self.len
    }
    fn b_end(&self) -> usize {
        self.b + self.len
    }
}

/// Seeds per repeated hash are capped at this many positions on each side.
const MAX_SEED_REPEAT: usize = 8;

/// Word comparisons allowed per word of a pair for growing exact matches.
const WORK_PER_WORD: usize = 32;

/// Open chains considered for each exact match (the most recent ones).
const MAX_OPEN_CHAINS: usize = 32;

/// Stage 3: the passages shared by the two documents of `pair` (see the [module docs](self)).
///
/// `fa` and `fb` are the stage-1 fingerprints of documents `pair.a` and `pair.b`; the
/// passages are in `a`'s text order, with [`PassageKind::Boilerplate`]`(LabelLine)` set
/// when at least 80 % of a passage lies inside label lines on either side and [`PassageKind::Reuse`]
/// otherwise (the corpus-level kinds are set by [`crate::analyze()`]).
#[must_use]
pub fn align_pair(pair: &CandidatePair, fa: &DocFingerprints, fb: &DocFingerprints, cfg: &Config) -> Vec<Passage> {
    PairAligner::new(fa, cfg).align(pair, fb)
}

/// Stage 3 for many pairs sharing document `a`: the word ids and the seed index of `a`
/// are built once and reused for every `b`. [`align_pair`] is `PairAligner::new(fa,
/// cfg).align(pair, fb)`.
#[derive(Debug)]
pub struct PairAligner<'a> {
    fa: &'a DocFingerprints,
    cfg: &'a Config,
    ta: Vec<u32>,
    /// `(key, position)` of every seed k-gram of `a`, sorted.
    keys: Vec<(u64, u32)>,
    /// Key -> range of `keys`.
    index: HashMap<u64, (u32, u32), BuildHasherDefault<KeyHasher>>,
}

impl<'a> PairAligner<'a> {
    /// Prepares the alignment of document `fa` against others.
    #[must_use]
    pub fn new(fa: &'a DocFingerprints, cfg: &'a Config) -> Self {
        let ta: Vec<u32> = fa.words.iter().map(|w| w.id).collect();
        let mut keys = match cfg.get_seed_words() {
            0 => fa.fingerprints.iter().map(|x| (x.hash, x.word)).collect(),
            k => kgram_keys(&ta, k),
        };
        keys.sort_unstable();
        let mut index: HashMap<u64, (u32, u32), BuildHasherDefault<KeyHasher>> = HashMap::default();
        index.reserve(keys.len());
        let mut i = 0;
        while i < keys.len() {
            let k = keys[i].0;
            let j = i + keys[i..].iter().take_while(|x| x.0 == k).count();
            index.insert(k, (i as u32, j as u32));
            i = j;
        }
        PairAligner { fa, cfg, ta, keys, index }
    }

    /// The passages shared by `a` and `fb` (document `pair.b`); `pair.a` must be the
    /// document this aligner was built for.
    #[must_use]
    pub fn align(&self, pair: &CandidatePair, fb: &DocFingerprints) -> Vec<Passage> {
        let tb: Vec<u32> = fb.words.iter().map(|w| w.id).collect();
        let (seed_len, b_keys) = match self.cfg.get_seed_words() {
            0 => (self.fa.ngram.max(1) as usize, fb.fingerprints.iter().map(|x| (x.hash, x.word)).collect()),
            k => (k, kgram_keys(&tb, k)),
        };
        let dense = self.cfg.get_seed_words() > 0;
        let blocks = self.exact_blocks(&b_keys, &tb, seed_len, dense);
        assemble(pair, self.fa, fb, &self.ta, &tb, blocks, self.cfg)
    }

    /// Maximal exact matches: every seed position of `b` is looked up among `a`'s; a seed
    /// that really matches over `n` words is extended. With `dense` seeds (every k-gram),
    /// only a seed that starts a run (the words before differ) is extended, to the right,
    /// so each maximal run of at least `n` equal words is found once; sparse seeds
    /// (fingerprints) are extended both ways.
    fn exact_blocks(&self, b_keys: &[(u64, u32)], tb: &[u32], n: usize, dense: bool) -> Vec<Block> {
        let ta = &self.ta;
        let mut blocks = Vec::new();
        // Work bound for repetitive text (see the module docs).
        let mut budget = WORK_PER_WORD * (ta.len() + tb.len()) + 4096;
        // Diagonal -> end (in `a`) of the last match found on it.
        let mut found: HashMap<i64, usize> = HashMap::new();
        for &(key, pb) in b_keys {
            let Some(&(from, to)) = self.index.get(&key) else { continue };
            let pb = pb as usize;
            for &(_, pa) in self.keys[from as usize..to as usize].iter().take(MAX_SEED_REPEAT) {
                let pa = pa as usize;
                let inside = pa > 0 && pb > 0 && ta[pa - 1] == tb[pb - 1];
                if dense && inside {
                    continue; // inside a run that starts earlier, found from there
                }
                let diag = pb as i64 - pa as i64;
                if found.get(&diag).is_some_and(|&end| pa < end) {
                    continue; // inside a match already found
                }
                if pa + n > ta.len() || pb + n > tb.len() || ta[pa..pa + n] != tb[pb..pb + n] {
                    continue; // a key collision
                }
                let (mut sa, mut sb) = (pa, pb);
                while sa > 0 && sb > 0 && ta[sa - 1] == tb[sb - 1] {
                    sa -= 1;
                    sb -= 1;
                }
                let mut end = pa + n;
                while end < ta.len() && end - sa + sb < tb.len() && ta[end] == tb[end - sa + sb] {
                    end += 1;
                }
                blocks.push(Block { a: sa, b: sb, len: end - sa });
                found.insert(diag, end);
                budget = budget.saturating_sub(end - sa + n);
                if budget == 0 {
                    return blocks;
                }
            }
        }
        blocks
    }
}

/// A hasher for keys that are already well-mixed 64-bit values.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8 | u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

/// Chains, extends and scores the exact matches of one pair.
fn assemble(
    pair: &CandidatePair,
    fa: &DocFingerprints,
    fb: &DocFingerprints,
    ta: &[u32],
    tb: &[u32],
    blocks: Vec<Block>,
    cfg: &Config,
) -> Vec<Passage> {
    let core = fa.ngram.max(1) as usize;
    let max_gap = cfg.get_max_gap();
    let chains = chain(blocks, max_gap);
    // Extend the chains that can make a passage (one exact match of `core` words) at both
    // ends, then chain again with the new matches.
    let mut all: Vec<Block> = Vec::new();
    for c in &chains {
        if c.iter().any(|b| b.len >= core) {
            all.extend(extend_left(ta, tb, c[0], max_gap));
            all.extend_from_slice(c);
            all.extend(extend_right(ta, tb, c[c.len() - 1], max_gap));
        } else {
            all.extend_from_slice(c);
        }
    }
    let chains = chain(all, max_gap);

    let mut passages: Vec<Passage> = Vec::new();
    for c in &chains {
        let c = trim_ends(c, core);
        if c.iter().all(|b| b.len < core) {
            continue;
        }
        let first = c[0];
        let last = c[c.len() - 1];
        let mut matched: usize = c.iter().map(|b| b.len).sum();
        for w in c.windows(2) {
            let (x, y) = (w[0], w[1]);
            if y.a > x.a_end() && y.b > x.b_end() {
                matched += lcs_banded(&ta[x.a_end()..y.a], &tb[x.b_end()..y.b], max_gap) as usize;
            }
        }
        let ra = WordRange { start: first.a as u32, end: last.a_end() as u32 };
        let rb = WordRange { start: first.b as u32, end: last.b_end() as u32 };
        let (wa, wb) = (ra.len() as usize, rb.len() as usize);
        let similarity = 2.0 * matched as f64 / (wa + wb) as f64;
        if matched < cfg.get_min_words() || similarity < cfg.get_min_similarity() {
            continue;
        }
        let label = 5 * fa.label_words_in(ra) >= 4 * ra.len() || 5 * fb.label_words_in(rb) >= 4 * rb.len();
        passages.push(Passage {
            a: side(pair.a, fa, ra),
            b: side(pair.b, fb, rb),
            matched_words: matched as u32,
            similarity,
            kind: if label { PassageKind::Boilerplate(BoilerplateReason::LabelLine) } else { PassageKind::Reuse },
            cluster: None,
            tier: if matched == wa && matched == wb { Tier::Verbatim } else { Tier::Edited },
        });
    }
    drop_contained(passages)
}

/// Drops short exact matches hanging off a chain's ends: an end match shorter than
/// `core` words whose gap to its neighbour is longer than itself.
fn trim_ends(c: &[Block], core: usize) -> &[Block] {
    let gap = |x: &Block, y: &Block| y.a.saturating_sub(x.a_end()).max(y.b.saturating_sub(x.b_end()));
    let mut c = c;
    while c.len() >= 2 && c[0].len < core && gap(&c[0], &c[1]) > c[0].len {
        c = &c[1..];
    }
    while c.len() >= 2 && c[c.len() - 1].len < core && gap(&c[c.len() - 2], &c[c.len() - 1]) > c[c.len() - 1].len {
        c = &c[..c.len() - 1];
    }
    c
}

pub(crate) fn side(doc: u32, fp: &DocFingerprints, words: WordRange) -> PassageSide {
    PassageSide {
        doc,
        span: fp.span_of_words(words),
        words,
        word_count: words.len(),
        paragraphs: ParagraphRange {
            first: fp.paragraph_of(words.start),
            last: fp.paragraph_of(words.end.saturating_sub(1).max(words.start)),
        },
    }
}

/// Keys of every word k-gram of `ids` with its position (a fast multiplicative mix of the
/// word ids; equal keys are verified word by word before use).
fn kgram_keys(ids: &[u32], k: usize) -> Vec<(u64, u32)> {
    if ids.len() < k {
        return Vec::new();
    }
    ids.windows(k)
        .enumerate()
        .map(|(i, w)| {
            let key = w.iter().fold(0x9E37_79B9_7F4A_7C15u64, |h, &id| {
                (h ^ u64::from(id)).wrapping_mul(0xBF58_476D_1CE4_E5B9).rotate_left(29)
            });
            (key, i as u32)
        })
        .collect()
}

/// Chains exact matches into collinear runs (see the [module docs](self)).
fn chain(mut blocks: Vec<Block>, max_gap: usize) -> Vec<Vec<Block>> {
    // By start in a; at equal starts the longer first, so it anchors the chain.
    blocks.sort_unstable_by_key(|x| (x.a, x.b, std::cmp::Reverse(x.len)));
    blocks.dedup();
    let gap = max_gap as i64;
    let mut chains: Vec<Vec<Block>> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for x in blocks {
        // Chains that ended too far back in `a` can take nothing more.
        open.retain(|&c| {
            let l = chains[c][chains[c].len() - 1];
            l.a_end() as i64 + gap >= x.a as i64
        });
        let mut best: Option<(i64, usize, Block)> = None;
        for &c in open.iter().rev().take(MAX_OPEN_CHAINS) {
            let l = chains[c][chains[c].len() - 1];
            if x.a_end() <= l.a_end() || x.b_end() <= l.b_end() || x.a < l.a || x.b < l.b {
                continue;
            }
            let ga = x.a as i64 - l.a_end() as i64;
            let gb = x.b as i64 - l.b_end() as i64;
            if ga > gap || gb > gap || (ga - gb).abs() > gap {
                continue;
            }
            // Overlap with the last match: drop the overlapping head of `x`.
            let trim = (-ga).max(-gb).max(0) as usize;
            if trim >= x.len {
                continue;
            }
            let cost = ga.max(gb).max(0) + (ga - gb).abs();
            if best.is_none_or(|(bc, bi, _)| (cost, c) < (bc, bi)) {
                best = Some((cost, c, Block { a: x.a + trim, b: x.b + trim, len: x.len - trim }));
            }
        }
        match best {
            Some((_, c, trimmed)) => chains[c].push(trimmed),
            None => {
                open.push(chains.len());
                chains.push(vec![x]);
            }
        }
    }
    chains
}

/// Window of words examined per extension step.
fn ext_window(max_gap: usize) -> usize {
    (3 * max_gap).max(16)
}

/// Matches gained by extending to the right of `last`.
fn extend_right(ta: &[u32], tb: &[u32], last: Block, max_gap: usize) -> Vec<Block> {
    let window = ext_window(max_gap);
    let mut out = Vec::new();
    let (mut ia, mut ib) = (last.a_end(), last.b_end());
    loop {
        let a = &ta[ia..(ia + window).min(ta.len())];
        let b = &tb[ib..(ib + window).min(tb.len())];
        let e = extend(a, b, max_gap);
        if e.matches == 0 {
            break;
        }
        out.extend(e.runs.iter().map(|&(ra, rb, len)| Block { a: ia + ra, b: ib + rb, len }));
        ia += e.len_a;
        ib += e.len_b;
        // Stop unless the best end was near the window's edge (more may follow).
        if e.len_a + max_gap < a.len() && e.len_b + max_gap < b.len() {
            break;
        }
        if a.len() < window || b.len() < window {
            break;
        }
    }
    out
}

/// Matches gained by extending to the left of `first`.
fn extend_left(ta: &[u32], tb: &[u32], first: Block, max_gap: usize) -> Vec<Block> {
    let window = ext_window(max_gap);
    let mut out = Vec::new();
    let (mut ia, mut ib) = (first.a, first.b); // exclusive ends, going left
    loop {
        let from_a = ia.saturating_sub(window);
        let from_b = ib.saturating_sub(window);
        let a: Vec<u32> = ta[from_a..ia].iter().rev().copied().collect();
        let b: Vec<u32> = tb[from_b..ib].iter().rev().copied().collect();
        let e = extend(&a, &b, max_gap);
        if e.matches == 0 {
            break;
        }
        // Run (ra, rb, len) in reversed coordinates covers a[ia-ra-len .. ia-ra].
        out.extend(e.runs.iter().map(|&(ra, rb, len)| Block { a: ia - ra - len, b: ib - rb - len, len }));
        ia -= e.len_a;
        ib -= e.len_b;
        if e.len_a + max_gap < a.len() && e.len_b + max_gap < b.len() {
            break;
        }
        if a.len() < window || b.len() < window {
            break;
        }
    }
    out
}

/// Drops passages contained, on both sides, in another one; keeps `a` order.
pub(crate) fn drop_contained(mut passages: Vec<Passage>) -> Vec<Passage> {
    passages.sort_by(|x, y| {
        (y.a.words.len() + y.b.words.len(), x.a.words.start, x.b.words.start).cmp(&(
            x.a.words.len() + x.b.words.len(),
            y.a.words.start,
            y.b.words.start,
        ))
    });
    let mut kept: Vec<Passage> = Vec::with_capacity(passages.len());
    for p in passages {
        let inside = |outer: &WordRange, inner: &WordRange| outer.start <= inner.start && inner.end <= outer.end;
        if !kept.iter().any(|k| inside(&k.a.words, &p.a.words) && inside(&k.b.words, &p.b.words)) {
            kept.push(p);
        }
    }
    kept.sort_by_key(|p| (p.a.words.start, p.b.words.start, p.a.words.end, p.b.words.end));
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint::{fingerprint, DocInput};

    fn align(a: &str, b: &str, cfg: &Config) -> Vec<Passage> {
        let fa = fingerprint(&DocInput::new("a", a), cfg);
        let fb = fingerprint(&DocInput::new("b", b), cfg);
        align_pair(&CandidatePair { a: 0, b: 1, shared: 0 }, &fa, &fb, cfg)
    }

    const SOURCE: &str = "The committee met on Tuesday to discuss the proposed changes to the regional \
        transport budget, which had been delayed twice since the spring because of disagreements \
        between the councils over how the costs of the new rail link should be shared among them.";

    #[test]
    fn identical_text_is_one_full_passage() {
        let cfg = Config::new();
        let p = align(SOURCE, SOURCE, &cfg);
        assert_eq!(p.len(), 1);
        let words = SOURCE.split_whitespace().count() as u32;
        assert_eq!((p[0].a.word_count, p[0].b.word_count, p[0].matched_words), (words, words, words));
        assert_eq!(p[0].a.span, Span::new(0, SOURCE.len() - 1)); // without the final full stop
        assert!((p[0].similarity - 1.0).abs() < 1e-12);
    }

    #[test]
    fn light_edits_keep_one_passage() {
        let edited = "Intro words of another outlet come first here. The committee met on Wednesday to discuss \
            the proposed changes to the regional transport budget, which had been postponed twice since \
            the spring because of disagreements between the two councils over how the costs of the new \
            rail link should be divided among them. Unrelated closing words follow.";
        let p = align(SOURCE, edited, &Config::new());
        assert_eq!(p.len(), 1, "{p:?}");
        let b = &edited[p[0].b.span.range()];
        assert!(b.starts_with("The committee"), "{b}");
        // The last edit leaves two words, too few to pay for crossing it.
        assert!(b.ends_with("rail link should be"), "{b}");
        assert!(p[0].similarity > 0.85);
    }

    #[test]
    fn unrelated_texts_share_nothing() {
        let other = "Weather forecasters expect heavy rain across the north of the country this weekend, \
            with flood warnings issued for several rivers and travellers advised to check before setting out.";
        assert!(align(SOURCE, other, &Config::new()).is_empty());
    }

    #[test]
    fn reordered_passages_are_each_found() {
        let p1 = "Scientists have discovered a new species of frog in the rainforests of central Peru during a survey.";
        let p2 =
            "The museum will reopen next month after a renovation that took almost three years to finish completely.";
        let p3 =
            "Local farmers say the unusually dry summer has cut their harvest of wheat by nearly a third this year.";
        let a = format!("{p1}\n\n{p2}\n\n{p3}");
        let b = format!("{p3}\n\nSome words of our own in between.\n\n{p1}\n\n{p2}");
        let p = align(&a, &b, &Config::new());
        let mut found: Vec<&str> = p.iter().map(|x| &a[x.a.span.range()]).collect();
        found.sort_unstable();
        // p1 and p2 stay adjacent in both documents: one passage; p3 moved: another.
        assert_eq!(p.len(), 2, "{found:?}");
        assert!(found.iter().any(|s| s.starts_with("Scientists") && s.ends_with("finish completely")));
        assert!(found.iter().any(|s| s.starts_with("Local farmers") && s.ends_with("this year")));
        // Passages cross paragraph boundaries.
        let joined = p.iter().find(|x| a[x.a.span.range()].starts_with("Scientists")).unwrap();
        assert_eq!((joined.a.paragraphs.first, joined.a.paragraphs.last), (0, 1));
        assert_eq!((joined.b.paragraphs.first, joined.b.paragraphs.last), (2, 3));
    }

    #[test]
    fn short_shared_phrases_are_not_passages() {
        let a = "Critics said the minister had breached the Official Secrets Act by talking to reporters.";
        let b = "Nobody has yet shown that he had breached the Official Secrets Act in any of his remarks.";
        assert!(align(a, b, &Config::new()).is_empty());
        assert_eq!(align(a, b, &Config::new().min_words(6).window(2)).len(), 1);
    }

    #[test]
    fn repetitive_text_stays_cheap_and_sane() {
        let a = "ha ".repeat(20_000);
        let b = format!("intro words {}", "ha ".repeat(15_000));
        let p = align(&a, &b, &Config::new());
        // The main run, and a few shifted copies of it (at most one per seed position).
        assert!(!p.is_empty() && p.len() <= 2 * MAX_SEED_REPEAT, "{}", p.len());
        assert!(p.iter().any(|x| x.matched_words >= 14_000));
        let c = "a b ".repeat(5_000) + &"b a a ".repeat(3_000);
        let d = "b a b b ".repeat(3_000);
        let q = align(&c, &d, &Config::new());
        assert!(q.iter().all(|x| x.matched_words as usize >= 8));
    }

    #[test]
    fn label_lines_make_boilerplate_passages() {
        let a = "Story one text here.\n\nREAD MORE: Minister sacked from government over the Huawei leak scandal today\n\nEnd one.";
        let b = "Story two other text.\n\nREAD MORE: Minister sacked from government over the Huawei leak scandal today\n\nEnd two.";
        let p = align(a, b, &Config::new());
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].kind, PassageKind::Boilerplate(BoilerplateReason::LabelLine));
    }
}
