//! Stage 3: aligning one candidate pair into passages.
//!
//! 1. **Seeds.** Every word k-gram (k = [`Config::seed_words`], 3 by default) found in both
//!    documents gives a seed at its word positions in each; with `seed_words(0)`, only the
//!    shared fingerprints do. The pair itself was found by its shared fingerprints; seeding
//!    it densely finds the short exact runs left between heavier edits, which
//!    fingerprints (one per window) may miss. A k-gram repeated in `a` pairs each of its
//!    occurrences in `b` with at most 8 of them, chosen by rank (the `k`-th occurrence in
//!    `b` with those around the `k`-th in `a`), so copy `k` of a
//!    repeated block meets copy `k` of the other document and repetitive text cannot blow
//!    up.
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
//!    itself; and a chain never spills into a paragraph whose text does not match: where
//!    it crosses a paragraph boundary (on either side) near an end, the words beyond the
//!    boundary must hold at least `ngram` matched words, or be a whole paragraph matched
//!    word for word on both sides, or the chain is cut back to the boundary (two stories
//!    whose next paragraphs both begin with "The" share no text there).
//! 6. **One passage per span.** Repeated text aligns at several places. Passages are
//!    taken by decreasing matched words (in text order at equal weight, which pairs copy
//!    `k` with copy `k`); one lying (half of its exactly matched words or more) on both sides inside
//!    passages taken is dropped, one lying so on one side only is another occurrence of
//!    that passage's text and is kept as one of its [`Passage::alternates`], not a passage
//!    of its own; one whose span lies inside a taken passage's span on both sides (its
//!    words matched in that passage's gaps) is dropped too.
//!
//! **Bounded work.** Natural text never comes near these bounds, but repetitive text
//! (`ha ha ha …`, a two-word vocabulary) would make exact matches and chains quadratic:
//! growing exact matches stops after 32 word comparisons per word of the pair, each
//! exact match is offered to the 32 most recently opened chains that can still take it,
//! and extension examines at most 8 window words per word of the pair over all chains.
//! The seeds are capped per repeated k-gram (step 1), and choosing one passage per span
//! is linear in the passages' words. All bounds are fixed, so results stay deterministic.

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
/// ones by the second tier ([`crate::reword`](mod@crate::reword)), which may join passages
/// of the word alignment into one (then of the weakest tier inside it); passages of a pair
/// never overlap on both sides.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// Every word of both sides matched (similarity 1).
    #[default]
    Verbatim,
    /// Found by the word alignment with light edits (similarity below 1).
    Edited,
    /// Found by the reworded tier: sentences sharing stemmed content words, with or
    /// without pieces of the word alignment between them.
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
    /// Other occurrences of the same text: where one side of this passage is found again
    /// in the other document (repeated text), each as the pair of sides it aligns, by
    /// `(b.words.start, a.words.start)`. Not passages of their own (not counted as
    /// passages, not in clusters), but their words are shared text: they count in
    /// containment and in the reused and derived shares.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternates: Vec<Alternate>,
    /// The tier that found it.
    #[serde(default)]
    pub tier: Tier,
}

impl Passage {
    /// The words of side `a` and of the `a` sides of its alternates (which may repeat it).
    pub fn words_a(&self) -> impl Iterator<Item = WordRange> + '_ {
        std::iter::once(self.a.words).chain(self.alternates.iter().map(|x| x.a.words))
    }

    /// The words of side `b` and of the `b` sides of its alternates (which may repeat it).
    pub fn words_b(&self) -> impl Iterator<Item = WordRange> + '_ {
        std::iter::once(self.b.words).chain(self.alternates.iter().map(|x| x.b.words))
    }
}

/// Another occurrence of a passage's text (see [`Passage::alternates`]): one side lies
/// (at least half of its words) inside the passage, the other elsewhere in its document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Alternate {
    /// The side in the document with the lower index.
    pub a: PassageSide,
    /// The side in the document with the higher index.
    pub b: PassageSide,
    /// Words matched by the alignment of these two sides.
    pub matched_words: u32,
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

/// Positions of `a` paired with each seed position of `b` when its key is repeated in `a`.
///
/// A key found at most this many times in `a` pairs every one of them (so text of `a`
/// found several times in `b`, or the reverse, is aligned at each occurrence and the
/// occurrences become [`Passage::alternates`]); a key found more often pairs the `k`-th
/// occurrence in `b` with the occurrences of rank `k - 3 ..= k + 4` in `a`. Copy `k` of a
/// repeated block thus meets copy `k` of the other document (the diagonal) and its
/// neighbours, never all `n²` pairs of copies: the seeds, and so the work, stay linear in
/// the text. Eight is the bound the seeding had before the rank rule: enough neighbours
/// for a repeat whose occurrences drift by a few copies (a block missing in one document).
const MAX_SEED_REPEAT: usize = 8;

/// The range of `a`'s occurrences (`from..to` of [`PairAligner::keys`], in text order)
/// paired with the occurrence of rank `rank` in `b` (see [`MAX_SEED_REPEAT`]).
fn seed_window(from: usize, to: usize, rank: usize) -> std::ops::Range<usize> {
    let n = to - from;
    if n <= MAX_SEED_REPEAT {
        return from..to;
    }
    let lo = rank.saturating_sub(MAX_SEED_REPEAT / 2 - 1).min(n - MAX_SEED_REPEAT);
    from + lo..from + lo + MAX_SEED_REPEAT
}

/// Word comparisons allowed per word of a pair for growing exact matches.
const WORK_PER_WORD: usize = 32;

/// Open chains considered for each exact match (the most recent ones).
const MAX_OPEN_CHAINS: usize = 32;

/// Words of extension windows examined per word of a pair, over all its chains.
const EXTEND_PER_WORD: usize = 8;

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
        self.align_with_progress(pair, fb, &NoProgress)
    }

    /// [`PairAligner::align`], telling `progress` of the words of `fb` done as it goes
    /// (all of them, `fb.words.len()`, by the time it returns). The result is the same.
    #[must_use]
    pub fn align_with_progress(
        &self,
        pair: &CandidatePair,
        fb: &DocFingerprints,
        progress: &dyn Progress,
    ) -> Vec<Passage> {
        let tb: Vec<u32> = fb.words.iter().map(|w| w.id).collect();
        // `b`'s seed keys are computed as they are read, never stored.
        let blocks = match self.cfg.get_seed_words() {
            0 => {
                let keys = fb.fingerprints.iter().map(|x| (x.hash, x.word));
                self.exact_blocks(keys, &tb, self.fa.ngram.max(1) as usize, false, progress)
            }
            k => self.exact_blocks(kgram_iter(&tb, k), &tb, k, true, progress),
        };
        let passages = assemble(pair, self.fa, fb, &self.ta, &tb, blocks, self.cfg);
        progress.advance((tb.len() - tb.len() / 2) as u64);
        passages
    }

    /// Maximal exact matches: every seed position of `b` is looked up among `a`'s; a seed
    /// that really matches over `n` words is extended. With `dense` seeds (every k-gram),
    /// only a seed that starts a run (the words before differ) is extended, to the right,
    /// so each maximal run of at least `n` equal words is found once; sparse seeds
    /// (fingerprints) are extended both ways.
    fn exact_blocks(
        &self,
        b_keys: impl Iterator<Item = (u64, u32)>,
        tb: &[u32],
        n: usize,
        dense: bool,
        progress: &dyn Progress,
    ) -> Vec<Block> {
        let ta = &self.ta;
        let mut blocks = Vec::new();
        // Work bound for repetitive text (see the module docs).
        let mut budget = WORK_PER_WORD * (ta.len() + tb.len()) + 4096;
        // Diagonal -> end (in `a`) of the last match found on it.
        let mut found: HashMap<i64, usize> = HashMap::new();
        // Rank of each occurrence in `b` of a key repeated in `a` more than
        // MAX_SEED_REPEAT times: its occurrences in `b` so far (`b_keys` is in text order).
        let mut ranks: HashMap<u64, usize, BuildHasherDefault<KeyHasher>> = HashMap::default();
        // Seeding is half of the progress told (by words of `b`), the rest at the end.
        let (half, mut told) = (tb.len() / 2, 0usize);
        let result = 'seeds: {
            for (key, pb) in b_keys {
                let pb = pb as usize;
                let due = half * pb / tb.len().max(1);
                if due >= told + PROGRESS_STEP {
                    progress.advance((due - told) as u64);
                    told = due;
                }
                let Some(&(from, to)) = self.index.get(&key) else { continue };
                let rank = if (to - from) as usize > MAX_SEED_REPEAT {
                    let seen = ranks.entry(key).or_insert(0);
                    *seen += 1;
                    *seen - 1
                } else {
                    0
                };
                for &(_, pa) in &self.keys[seed_window(from as usize, to as usize, rank)] {
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
                        break 'seeds blocks;
                    }
                }
            }
            blocks
        };
        progress.advance((half - told) as u64);
        result
    }
}

/// Progress of the alignment, for a progress bar: told of units of work as they are done
/// (see [`PairAligner::align_with_progress`] and
/// [`analyze_fingerprints_with_progress`](crate::analyze::analyze_fingerprints_with_progress)).
/// Called from several threads at once; it decides nothing about the results.
pub trait Progress: Sync {
    /// The whole work, in units, once known (before any [`Progress::advance`]).
    fn total(&self, _units: u64) {}
    /// `units` more units done.
    fn advance(&self, units: u64);
}

/// A [`Progress`] that ignores everything.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn advance(&self, _units: u64) {}
}

/// Words of `b` between two progress reports while seeding.
const PROGRESS_STEP: usize = 1 << 16;

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
    // Extension work bound (see the module docs).
    let mut budget = EXTEND_PER_WORD * (ta.len() + tb.len()) + 4096;
    for c in &chains {
        if c.iter().any(|b| b.len >= core) {
            all.extend(extend_left(ta, tb, c[0], max_gap, &mut budget));
            all.extend_from_slice(c);
            all.extend(extend_right(ta, tb, c[c.len() - 1], max_gap, &mut budget));
        } else {
            all.extend_from_slice(c);
        }
    }
    let chains = chain(all, max_gap);

    let mut passages: Vec<(Passage, Vec<Block>)> = Vec::new();
    for c in &chains {
        let c = trim_paragraphs(trim_ends(c, core), fa, fb, core);
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
        let passage = Passage {
            a: side(pair.a, fa, ra),
            b: side(pair.b, fb, rb),
            matched_words: matched as u32,
            similarity,
            kind: if label { PassageKind::Boilerplate(BoilerplateReason::LabelLine) } else { PassageKind::Reuse },
            cluster: None,
            alternates: Vec::new(),
            tier: if matched == wa && matched == wb { Tier::Verbatim } else { Tier::Edited },
        };
        passages.push((passage, c));
    }
    select(passages, ta.len(), tb.len())
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

/// Cuts a chain back to the paragraph boundary it crosses at either end when too little
/// of the shared text lies beyond it (see the [module docs](self), step 5): the words of
/// the last (first) paragraph the chain reaches on either side must hold at least `core`
/// matched words, or be a whole paragraph matched word for word on both sides, else the
/// matches there are cut off; repeated while it cuts.
fn trim_paragraphs(c: &[Block], fa: &DocFingerprints, fb: &DocFingerprints, core: usize) -> Vec<Block> {
    let mut c: Vec<Block> = c.to_vec();
    // The tail: the last paragraph on either side, when the chain starts before it.
    while let (Some(&first), Some(&last)) = (c.first(), c.last()) {
        let (pa, pb) = (fa.paragraph_bounds(last.a_end() - 1), fb.paragraph_bounds(last.b_end() - 1));
        let cut_a = (pa.0 > first.a).then_some(pa.0);
        let cut_b = (pb.0 > first.b).then_some(pb.0);
        if cut_a.is_none() && cut_b.is_none() {
            break;
        }
        // Position in `a` from which a block's matches are in the tail.
        let from = |x: &Block| {
            let via_b = cut_b.map_or(usize::MAX, |cb| (cb + x.a).saturating_sub(x.b));
            cut_a.unwrap_or(usize::MAX).min(via_b).clamp(x.a, x.a_end())
        };
        let tail: usize = c.iter().map(|x| x.a_end().saturating_sub(from(x))).sum();
        // A whole short paragraph, matched word for word, on each side that crosses.
        let whole = cut_a.is_none_or(|_| last.a_end() == pa.1 && tail == pa.1 - pa.0)
            && cut_b.is_none_or(|_| last.b_end() == pb.1 && tail == pb.1 - pb.0);
        if tail >= core || (tail > 0 && whole) {
            break;
        }
        c = c
            .iter()
            .filter_map(|x| {
                let end = from(x);
                (end > x.a).then(|| Block { len: end - x.a, ..*x })
            })
            .collect();
    }
    // The head: the first paragraph on either side, when the chain ends after it.
    while let (Some(&first), Some(&last)) = (c.first(), c.last()) {
        let (pa, pb) = (fa.paragraph_bounds(first.a), fb.paragraph_bounds(first.b));
        let cut_a = (pa.1 < last.a_end()).then_some(pa.1);
        let cut_b = (pb.1 < last.b_end()).then_some(pb.1);
        if cut_a.is_none() && cut_b.is_none() {
            break;
        }
        // Position in `a` up to which a block's matches are in the head.
        let to = |x: &Block| {
            let via_b = cut_b.map_or(0, |cb| (cb + x.a).saturating_sub(x.b));
            cut_a.unwrap_or(0).max(via_b).clamp(x.a, x.a_end())
        };
        let head: usize = c.iter().map(|x| to(x).saturating_sub(x.a)).sum();
        let whole = cut_a.is_none_or(|_| first.a == pa.0 && head == pa.1 - pa.0)
            && cut_b.is_none_or(|_| first.b == pb.0 && head == pb.1 - pb.0);
        if head >= core || (head > 0 && whole) {
            break;
        }
        c = c
            .iter()
            .filter_map(|x| {
                let start = to(x);
                (start < x.a_end()).then(|| Block { a: start, b: x.b + (start - x.a), len: x.a_end() - start })
            })
            .collect();
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
    kgram_iter(ids, k).collect()
}

/// The keys of [`kgram_keys`], computed one by one.
fn kgram_iter(ids: &[u32], k: usize) -> impl Iterator<Item = (u64, u32)> + '_ {
    ids.windows(k.max(1)).enumerate().map(|(i, w)| {
        let key = w.iter().fold(0x9E37_79B9_7F4A_7C15u64, |h, &id| {
            (h ^ u64::from(id)).wrapping_mul(0xBF58_476D_1CE4_E5B9).rotate_left(29)
        });
        (key, i as u32)
    })
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
fn extend_right(ta: &[u32], tb: &[u32], last: Block, max_gap: usize, budget: &mut usize) -> Vec<Block> {
    let window = ext_window(max_gap);
    let mut out = Vec::new();
    let (mut ia, mut ib) = (last.a_end(), last.b_end());
    while *budget > 0 {
        *budget = budget.saturating_sub(window);
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
fn extend_left(ta: &[u32], tb: &[u32], first: Block, max_gap: usize, budget: &mut usize) -> Vec<Block> {
    let window = ext_window(max_gap);
    let mut out = Vec::new();
    let (mut ia, mut ib) = (first.a, first.b); // exclusive ends, going left
    while *budget > 0 {
        *budget = budget.saturating_sub(window);
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

/// One passage per span (see the [module docs](self), step 6): passages are taken by
/// decreasing matched words (then in text order); one with at least half of its exact
/// matches' words on *both* sides matched by passages already taken is dropped, one with
/// at least half of one side's so matched becomes an [`Alternate`] of the passage that
/// matched most of them, any other is taken. Words in a passage's gaps (unmatched) do
/// not count: a sentence moved into another passage's span is a passage of its own.
/// Returns the passages taken in `a`'s text order. The work is linear in the passages'
/// matched words (each word remembers the passage that matched it).
fn select(mut passages: Vec<(Passage, Vec<Block>)>, la: usize, lb: usize) -> Vec<Passage> {
    passages.sort_by_key(|(p, _)| {
        (std::cmp::Reverse(p.matched_words), p.a.words.start, p.b.words.start, p.a.words.end, p.b.words.end)
    });
    let (mut own_a, mut own_b) = (vec![FREE; la], vec![FREE; lb]);
    let mut kept: Vec<Passage> = Vec::new();
    for (p, blocks) in passages {
        let ranges_a = blocks.iter().map(|x| x.a..x.a_end());
        let ranges_b = blocks.iter().map(|x| x.b..x.b_end());
        match (owner(&own_a, ranges_a.clone()), owner(&own_b, ranges_b.clone())) {
            (Some(_), Some(_)) => {}
            (Some(k), None) | (None, Some(k)) => {
                kept[k as usize].alternates.push(Alternate { a: p.a, b: p.b, matched_words: p.matched_words });
            }
            // Its words matched in another passage's gaps, but it lies inside that passage's
            // span on both sides: the text is already reported there.
            (None, None) if kept.iter().any(|q| within(q.a.words, p.a.words) && within(q.b.words, p.b.words)) => {}
            (None, None) => {
                let k = u32::try_from(kept.len()).unwrap_or(FREE - 1);
                for (own, ranges) in [(&mut own_a, ranges_a.collect::<Vec<_>>()), (&mut own_b, ranges_b.collect())] {
                    for r in ranges {
                        for o in &mut own[r] {
                            if *o == FREE {
                                *o = k;
                            }
                        }
                    }
                }
                kept.push(p);
            }
        }
    }
    for p in &mut kept {
        p.alternates.sort_by_key(|x| (x.b.words.start, x.a.words.start, x.b.words.end, x.a.words.end));
    }
    kept.sort_by_key(|p| (p.a.words.start, p.b.words.start, p.a.words.end, p.b.words.end));
    kept
}

/// Whether `inner` lies inside `outer`.
fn within(outer: WordRange, inner: WordRange) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// A word no passage has matched yet (in [`select`]).
const FREE: u32 = u32::MAX;

/// The passage that matched most of the words of `ranges`, if at least half of them are
/// matched by passages already taken.
fn owner(own: &[u32], ranges: impl Iterator<Item = std::ops::Range<usize>>) -> Option<u32> {
    let mut counts: Vec<(u32, u32)> = Vec::new();
    let (mut total, mut taken) = (0usize, 0usize);
    for r in ranges {
        total += r.len();
        for &o in own[r].iter().filter(|&&o| o != FREE) {
            taken += 1;
            // Owners come in runs: look at the latest first.
            match counts.iter_mut().rev().find(|c| c.0 == o) {
                Some(c) => c.1 += 1,
                None => counts.push((o, 1)),
            }
        }
    }
    if total == 0 || 2 * taken < total {
        return None;
    }
    counts.iter().max_by_key(|c| (c.1, std::cmp::Reverse(c.0))).map(|c| c.0)
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
        // The main run; shifted copies of it overlap it on both sides and are dropped.
        assert_eq!(p.len(), 1, "{}", p.len());
        assert!(p[0].matched_words >= 14_000);
        let c = "a b ".repeat(5_000) + &"b a a ".repeat(3_000);
        let d = "b a b b ".repeat(3_000);
        let q = align(&c, &d, &Config::new());
        assert!(q.iter().all(|x| x.matched_words as usize >= 8));
    }

    const OTHER: [&str; 3] = [
        "Weather forecasters expect heavy rain across the north of the country this weekend.",
        "The museum will reopen next month after a renovation that took almost three years.",
        "Local farmers say the unusually dry summer has cut their harvest of wheat by a third.",
    ];

    #[test]
    fn text_found_several_times_in_the_other_is_one_passage_with_alternates() {
        // SOURCE once in a, three times in b between other paragraphs.
        let b = format!("{}\n\n{SOURCE}\n\n{}\n\n{SOURCE}\n\n{}\n\n{SOURCE}", OTHER[0], OTHER[1], OTHER[2]);
        let p = align(SOURCE, &b, &Config::new());
        assert_eq!(p.len(), 1, "{p:?}");
        // The first copy is the passage; the two others its alternates, in b's order.
        let starts: Vec<usize> = b.match_indices(SOURCE).map(|(i, _)| i).collect();
        assert_eq!(p[0].b.span.start, starts[0]);
        let alt: Vec<usize> = p[0].alternates.iter().map(|x| x.b.span.start).collect();
        assert_eq!(alt, starts[1..].to_vec());
        assert!(p[0].alternates.iter().all(|x| x.a.span == p[0].a.span && x.matched_words == p[0].matched_words));
        // The same from the other side: b's copies are a's now.
        let q = align(&b, SOURCE, &Config::new());
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].alternates.len(), 2);
    }

    #[test]
    fn repeated_copies_pair_copy_k_with_copy_k() {
        // Three copies in each, between paragraphs found only there: nine pairings of equal
        // weight, of which the three on the diagonal are the passages.
        let own = "Our correspondent adds that nobody has yet been charged in connection with it.";
        let a = format!("{SOURCE}\n\n{}\n\n{SOURCE}\n\n{}\n\n{SOURCE}", OTHER[0], OTHER[1]);
        let b = format!("{}\n\n{SOURCE}\n\n{own}\n\n{SOURCE}\n\n{}", OTHER[2], "Ends here.\n\n".to_owned() + SOURCE);
        let p = align(&a, &b, &Config::new());
        let sa: Vec<usize> = a.match_indices(SOURCE).map(|(i, _)| i).collect();
        let sb: Vec<usize> = b.match_indices(SOURCE).map(|(i, _)| i).collect();
        let pairs: Vec<(usize, usize)> = p.iter().map(|x| (x.a.span.start, x.b.span.start)).collect();
        assert_eq!(pairs, vec![(sa[0], sb[0]), (sa[1], sb[1]), (sa[2], sb[2])], "{p:?}");
        // The six other pairings are alternates, none a passage of its own.
        let alternates: usize = p.iter().map(|x| x.alternates.len()).sum();
        assert_eq!(alternates, 6);
    }

    #[test]
    fn an_article_repeated_many_times_against_an_edit_is_one_passage() {
        let article = format!("{SOURCE} {}", OTHER.join(" "));
        let a = vec![article.as_str(); 200].join("\n\n");
        // One word changed in the middle copy.
        let mid = a.len() / 2;
        let at = mid + a[mid..].find("museum").unwrap();
        let b = format!("{}gallery{}", &a[..at], &a[at + "museum".len()..]);
        let p = align(&a, &b, &Config::new());
        assert_eq!(p.len(), 1, "{}", p.len());
        let words = a.split_whitespace().count() as u32;
        assert_eq!((p[0].a.word_count, p[0].b.word_count), (words, words));
        assert_eq!(p[0].matched_words, words - 1);
        // Shifted pairings of the copies overlap the passage on both sides: not alternates.
        assert!(p[0].alternates.is_empty());
    }

    #[test]
    fn a_passage_does_not_spill_into_a_paragraph_that_does_not_match() {
        let wire =
            format!("{SOURCE}\n\nThe Minister said the plans would be published in the autumn after a consultation.");
        let outlet =
            format!("{SOURCE}\n\nThe Echo understands that several councillors intend to vote against the plan.");
        let p = align(&wire, &outlet, &Config::new());
        assert_eq!(p.len(), 1, "{p:?}");
        // Without the cut, "The" (first word of both next paragraphs) would join the passage.
        assert_eq!(&outlet[p[0].b.span.range()], &SOURCE[..SOURCE.len() - 1]);
        assert_eq!((p[0].a.paragraphs.last, p[0].b.paragraphs.last), (0, 0));
        // At the start too: the end of the paragraph before is not taken along.
        let wire = format!("The Minister said so.\n\n{SOURCE}");
        let outlet = format!("Our reporter said so.\n\n{SOURCE}");
        let p = align(&wire, &outlet, &Config::new());
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(&outlet[p[0].b.span.range()], &SOURCE[..SOURCE.len() - 1]);
    }

    #[test]
    fn a_passage_crosses_a_boundary_when_the_shared_text_continues() {
        // Five shared words into the next paragraph: they continue the shared text.
        let wire = format!("{SOURCE}\n\nThe Minister said the plans would be published in the autumn.");
        let outlet = format!("{SOURCE}\n\nThe Minister said the plans would never see the light of day.");
        let p = align(&wire, &outlet, &Config::new());
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(outlet[p[0].b.span.range()].ends_with("The Minister said the plans would"), "{p:?}");
        // A whole short paragraph matched word for word on both sides is kept.
        let wire = format!("{SOURCE}\n\nNo comment.\n\nThe wire's own closing words come here.");
        let outlet = format!("{SOURCE}\n\nNo comment.\n\nThe Echo's own closing words differ.");
        let p = align(&wire, &outlet, &Config::new());
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(outlet[p[0].b.span.range()].ends_with("No comment"), "{p:?}");
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
