//! The reworded tier: passages whose words were largely replaced, reordered or condensed.
//!
//! The word alignment of [`crate::align`](mod@crate::align) needs runs of identical words; a
//! paragraph rewritten in house style, machine-translated and back, or summarised keeps
//! few of them but keeps its *content words*. This tier finds such passages in the way of
//! the best system of the PAN 2014 text-alignment task (Sanchez-Perez, Sidorov and
//! Gelbukh): similar sentences seed a passage, seeds close in both documents are grouped,
//! and the groups are filtered.
//!
//! # Stage 1: stems, sentences, fingerprints
//!
//! * **Content words.** Each word, normalised as for matching, is a *stop word* (a fixed
//!   list of English function words and the reporting verbs `said`/`says`) or a content
//!   word, whose id is the low 32 bits of `xxh3_64` (seed [`STEM_SEED`]) of its English
//!   Snowball stem (`rust-stemmers`), `0` never used: "governments", "government" and
//!   "governmental" become one id.
//! * **Sentences.** A sentence ends at a paragraph break, after `.`, `!` or `?` (not after
//!   a short title such as `Mr.`), or after [`MAX_SENTENCE_WORDS`] words without one (so
//!   text without punctuation still has units of a bounded size).
//! * **Fingerprints.** For every [`REWORD_NGRAM`] consecutive content words, their stem
//!   ids sorted and hashed (`xxh3_64`, seed [`REWORD_SEED`], of the ids as 4 little-endian
//!   bytes each). Sorting makes a local reordering ("the council approved the plan" / "the
//!   plan was approved by the council") keep the fingerprint, stop words do not count, and
//!   stems absorb changes of inflection; a synonym replaces the fingerprints of its
//!   three grams only. They are not winnowed: a rewrite keeps few of them, each counts.
//!
//! # Stage 2: candidates
//!
//! The same sort-based inverted index as the verbatim fingerprints
//! ([`crate::candidates`](mod@crate::candidates)), with the same document-frequency limit;
//! a pair sharing at least [`Config::reword_min_shared`] distinct reworded-tier
//! fingerprints is a candidate, and only those pairs are aligned by this tier (text copied
//! word for word counts among the shared fingerprints, so a pair that mixes copied and
//! reworded text is one). Fingerprints found in more than [`Config::lone_doc_freq`]
//! documents are topic collocations ("prime minister resign") and pair nothing.
//!
//! # Stage 3: aligning a pair
//!
//! 1. **Sentence vectors.** Each sentence of the two documents is a vector of its stems
//!    weighted by `tf · isf`, where the inverse sentence frequency `isf = ln(S / s)` counts
//!    the `s` sentences of the two documents (out of the `S` with content words) that hold
//!    the stem: a name or
//!    topic word that runs through both articles weighs little, a word two sentences
//!    alone share weighs much. Sentences half covered by a verbatim or edited passage of the
//!    pair are not seeded: that passage, a *piece*, stands for them in the groups below.
//! 2. **Seeds.** A sentence pair is a seed when it shares at least two stems and both its
//!    cosine and its Dice coefficient (of the distinct stems) reach
//!    [`Config::reword_seed_similarity`]. Candidates are found from an inverted index of
//!    the stems of `a`'s sentences, so only sentence pairs sharing a stem are compared.
//!    **Many-to-one:** a sentence that condenses a run of two to
//!    [`MAX_CONDENSED_SENTENCES`] consecutive sentences of the other side (a summary, two
//!    sentences merged) is similar to none of them alone; when the run's words taken as
//!    one bag pass both measures, the sentence seeds with each sentence of the run (see
//!    `condensed`; Sanchez-Perez et al. handle summaries with a larger gap instead, which
//!    the grouping below cannot give to a lone sentence).
//! 3. **Grouping.** Seeds and pieces are sorted by their sentences in `a` and cut where
//!    more than [`Config::reword_max_gap`] sentences separate one from those before it (or
//!    the word alignment's boilerplate lies between them); each group is then sorted by `b`
//!    and cut the same way, and so on until no group is cut. Groups are order-free: a
//!    quote moved from the end of a paragraph to its front stays in its paragraph's group.
//!    A summary sentence that condenses several source sentences seeds with each of them,
//!    and they stay one group: passages are many-to-one.
//! 4. **Filtering.** A group becomes a passage when it has at least two elements (one
//!    similar sentence is what two reports of one event share; seeds between the same
//!    two sentences, cut apart after [`MAX_SENTENCE_WORDS`] words, count once), its two sides (the hull of
//!    its sentences and pieces, clipped off boilerplate) have a tf-isf cosine of at least
//!    [`Config::reword_min_similarity`], at least [`Config::min_words`] matched words
//!    (words on each side whose stem the other side has, the smaller count, or the pieces'
//!    matched words if more) and, without a piece, at least
//!    [`defaults::REWORD_MIN_SIDE_WORDS`](crate::config::defaults::REWORD_MIN_SIDE_WORDS)
//!    words each. A group that fails is grouped again with one sentence less of gap, down
//!    to none (the recursive extension of Sanchez-Perez et al.); a piece in no passage
//!    stays as the word alignment found it. Passages overlapping a longer one on both
//!    sides are dropped.
//! 5. **Joined pieces.** A passage that holds pieces replaces them: the word alignment
//!    cuts a rewrite into fragments at every reordered or reworded sentence, and PAN's
//!    granularity counts each fragment as a detection of its own. Its tier is the weakest
//!    evidence inside: [`Tier::Reworded`] when a sentence only this tier matched is in it
//!    (its similarity the cosine), else [`Tier::Edited`] (pieces joined across unmatched
//!    words, its similarity `2 · matched / words`) if that passes
//!    [`Config::min_similarity`] as a passage of the word alignment must, else reworded
//!    too. The pieces'
//!    alternates are its own. Without a reworded sentence, pieces in another order on the
//!    two sides join only when they share a paragraph on one side: paragraphs moved whole
//!    stay passages of their own, whose order tells an extract from its source
//!    ([`crate::direction`](mod@crate::direction)).
//!
//! # Cost
//!
//! Stage 1 stems each distinct word of a document once. Stage 3 is linear in the two
//! documents' words plus the sentence pairs that share a stem found in at most
//! [`MAX_STEM_SENTENCES`] sentences of `a`.

use crate::align::{side, BoilerplateReason, ParagraphRange, Passage, PassageKind, Tier};
use crate::analyze::union;
use crate::candidates::CandidatePair;
use crate::config::Config;
use crate::fingerprint::{DocFingerprints, Fingerprint, Word, WordRange};
use copytrace_text::normalize::NormalizeOptions;
use rust_stemmers::{Algorithm, Stemmer};
use std::collections::HashMap;
use xxhash_rust::xxh3::xxh3_64_with_seed;

/// Content words per reworded-tier fingerprint. Three: a pair of content words is shared
/// by any two texts on one subject, four rarely survive a rewrite.
pub const REWORD_NGRAM: usize = 3;

/// The `xxh3_64` seed of stem ids.
pub const STEM_SEED: u64 = 0x5354_454d; // "STEM"

/// The `xxh3_64` seed of reworded-tier fingerprints (distinct from the verbatim ones, which
/// use no seed, so that the two kinds never collide by construction).
pub const REWORD_SEED: u64 = 0x5245_574f_5244; // "REWORD"

/// A sentence ends after this many words without a full stop.
pub const MAX_SENTENCE_WORDS: usize = 40;

/// Stems found in more sentences of `a` than this are not used to find seed candidates
/// (they still count in the similarities): they weigh little, and cost quadratic time.
pub const MAX_STEM_SENTENCES: usize = 64;

/// English function words and news reporting verbs: not content words. Written for this
/// crate: articles, pronouns and determiners, auxiliary and modal verbs, prepositions,
/// conjunctions and the commonest adverbs.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "either",
    "even",
    "ever",
    "every",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "neither",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "ought",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "per",
    "quite",
    "rather",
    "said",
    "same",
    "says",
    "shall",
    "she",
    "should",
    "since",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "thus",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// Short titles after which a full stop does not end a sentence.
const TITLES: &[&str] = &["dr", "mr", "mrs", "ms", "prof", "st", "sen", "rep", "gov", "gen", "lt", "col", "jr", "sr"];

/// Cuts a document into sentences while stage 1 walks its tokens.
#[derive(Debug)]
pub(crate) struct SentenceCutter {
    on: bool,
    starts: Vec<u32>,
    /// A sentence ends before the next word.
    pending: bool,
    /// The last word was a short title.
    title: bool,
    /// Words since the sentence started.
    run: usize,
}

impl SentenceCutter {
    pub(crate) fn new(on: bool) -> Self {
        SentenceCutter { on, starts: Vec::new(), pending: true, title: false, run: 0 }
    }

    /// A paragraph starts.
    pub(crate) fn paragraph(&mut self) {
        self.pending = true;
    }

    /// A punctuation token.
    pub(crate) fn punct(&mut self, p: &str) {
        if self.on && !self.title && p.contains(['.', '!', '?']) {
            self.pending = true;
        }
    }

    /// A word token (its raw text), the `index`-th word kept.
    pub(crate) fn word(&mut self, raw: &str, index: usize) {
        if !self.on {
            return;
        }
        if self.pending || self.run >= MAX_SENTENCE_WORDS {
            self.starts.push(u32::try_from(index).unwrap_or(u32::MAX));
            self.pending = false;
            self.run = 0;
        }
        self.run += 1;
        self.title = raw.len() <= 4 && TITLES.iter().any(|t| raw.eq_ignore_ascii_case(t));
    }

    pub(crate) fn finish(self) -> Vec<u32> {
        self.starts
    }
}

/// Whether `word` (normalised) is a stop word.
fn is_stop(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// Word hash -> stem id; the keys are already well-mixed hashes.
type StemCache = HashMap<u64, u32, std::hash::BuildHasherDefault<crate::align::KeyHasher>>;

/// Stems remembered per thread, by word hash, before the memory is cleared.
const STEM_CACHE_LIMIT: usize = 1 << 20;

thread_local! {
    /// Word hash (the full 64 bits of [`crate::fingerprint::word_hash`]) -> stem id: each
    /// distinct word is stemmed once per thread, not once per document. The stem id is a
    /// function of the normalised word alone, so the cache changes no result.
    static STEMS: std::cell::RefCell<(Stemmer, StemCache)> =
        std::cell::RefCell::new((Stemmer::create(Algorithm::English), StemCache::default()));
}

/// The stem id of every word of `text` (`0` for stop words), see the [module docs](self);
/// `hashes` are the words' 64-bit hashes.
pub(crate) fn stems(text: &str, words: &[Word], hashes: &[u64], opts: &NormalizeOptions) -> Vec<u32> {
    let mut buf = String::new();
    STEMS.with(|cell| {
        let mut guard = cell.borrow_mut();
        let (stemmer, cache) = &mut *guard;
        if cache.len() > STEM_CACHE_LIMIT {
            cache.clear();
        }
        words
            .iter()
            .zip(hashes)
            .map(|(w, &h)| {
                *cache.entry(h).or_insert_with(|| {
                    opts.normalize_into(&text[w.start as usize..w.end as usize], &mut buf);
                    if is_stop(&buf) {
                        return 0;
                    }
                    let stem = stemmer.stem(&buf);
                    (xxh3_64_with_seed(stem.as_bytes(), STEM_SEED) as u32).max(1)
                })
            })
            .collect()
    })
}

/// The reworded-tier fingerprints of a document's stem ids (see the [module docs](self)).
#[must_use]
pub fn reword_fingerprints(stems: &[u32]) -> Vec<Fingerprint> {
    let content: Vec<(u32, u32)> =
        stems.iter().enumerate().filter(|(_, &s)| s != 0).map(|(i, &s)| (i as u32, s)).collect();
    content
        .windows(REWORD_NGRAM)
        .map(|win| {
            let mut ids = [0u32; REWORD_NGRAM];
            for (d, (_, s)) in ids.iter_mut().zip(win) {
                *d = *s;
            }
            ids.sort_unstable();
            let mut bytes = [0u8; 4 * REWORD_NGRAM];
            for (chunk, id) in bytes.chunks_exact_mut(4).zip(ids) {
                chunk.copy_from_slice(&id.to_le_bytes());
            }
            Fingerprint { hash: xxh3_64_with_seed(&bytes, REWORD_SEED), word: win[0].0 }
        })
        .collect()
}

/// A document prepared for the reworded alignment, once for all its pairs: each sentence's
/// distinct stems with their counts, and each stem's number of sentences.
#[derive(Clone, Debug, Default)]
pub struct Prepared {
    /// Sentence `i`'s words.
    words: Vec<WordRange>,
    /// Sentence `i`'s number as a sentence of the text: sentences cut after
    /// [`MAX_SENTENCE_WORDS`] words without a full stop share the number of the first.
    real: Vec<u32>,
    /// Sentence `i`'s terms are `terms[starts[i]..starts[i + 1]]`: `(stem, count)`, by stem.
    starts: Vec<u32>,
    terms: Vec<(u32, u32)>,
    /// `(stem, sentences holding it)`, by stem.
    sf: Vec<(u32, u32)>,
    /// Sentences with at least one content word.
    nonempty: u32,
}

impl Prepared {
    /// Prepares `fp` (empty when it has no stems: the tier was off when it was made).
    #[must_use]
    pub fn new(fp: &DocFingerprints) -> Prepared {
        let mut p = Prepared::default();
        if fp.stems.len() != fp.words.len() {
            return p;
        }
        let n = fp.words.len() as u32;
        let mut buf: Vec<u32> = Vec::new();
        let mut all: Vec<u32> = Vec::new();
        p.starts.push(0);
        for (i, &start) in fp.sentences.iter().enumerate() {
            let end = fp.sentences.get(i + 1).copied().unwrap_or(n).min(n);
            let cut = p.words.last().is_some_and(|w| w.len() as usize >= MAX_SENTENCE_WORDS);
            let real = p.real.last().map_or(0, |&r| r + u32::from(!cut));
            p.words.push(WordRange { start, end });
            p.real.push(real);
            buf.clear();
            buf.extend(fp.stems[start.min(end) as usize..end as usize].iter().copied().filter(|&s| s != 0));
            buf.sort_unstable();
            let before = p.terms.len();
            for &t in &buf {
                let len = p.terms.len();
                match p.terms.last_mut() {
                    Some((s, c)) if *s == t && len > before => *c += 1,
                    _ => p.terms.push((t, 1)),
                }
            }
            all.extend(p.terms[before..].iter().map(|x| x.0));
            p.nonempty += u32::from(p.terms.len() > before);
            p.starts.push(p.terms.len() as u32);
        }
        all.sort_unstable();
        for t in all {
            match p.sf.last_mut() {
                Some((s, c)) if *s == t => *c += 1,
                _ => p.sf.push((t, 1)),
            }
        }
        p
    }

    fn len(&self) -> usize {
        self.words.len()
    }

    fn terms(&self, i: usize) -> &[(u32, u32)] {
        &self.terms[self.starts[i] as usize..self.starts[i + 1] as usize]
    }

    /// The first and last sentence holding a word of `r` (not empty).
    fn sentences_of(&self, r: WordRange) -> (u32, u32) {
        let first = self.words.partition_point(|w| w.end <= r.start);
        let last = self.words.partition_point(|w| w.start < r.end).saturating_sub(1).max(first);
        let last = last.min(self.words.len().saturating_sub(1));
        (first.min(last) as u32, last as u32)
    }

    fn sf(&self, t: u32) -> u32 {
        self.sf.binary_search_by_key(&t, |x| x.0).map_or(0, |k| self.sf[k].1)
    }
}

/// `ln(k)`, from a table for the small counts that sentence frequencies are.
fn ln(k: u32) -> f64 {
    static TABLE: std::sync::OnceLock<Vec<f64>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| (0..4096u32).map(|k| f64::from(k.max(1)).ln()).collect());
    table.get(k as usize).copied().unwrap_or_else(|| f64::from(k).ln())
}

/// An element of a group (stage 3): a seed, sentence `a0` of one document with sentence
/// `b0` of the other (`a1 == a0`, `b1 == b0`), or a *piece*, a reuse passage of the word
/// alignment, which spans sentences `a0..=a1` and `b0..=b1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Seed {
    a0: u32,
    a1: u32,
    b0: u32,
    b1: u32,
    /// The piece's index, for a piece.
    piece: Option<u32>,
}

impl Seed {
    /// The sentences it spans on side `a` (`by_a`) or `b`.
    fn on(&self, by_a: bool) -> (u32, u32) {
        if by_a {
            (self.a0, self.a1)
        } else {
            (self.b0, self.b1)
        }
    }
}

/// The passages of a candidate pair: the word alignment's passages `found` (of the same
/// pair), with the reworded passages this tier adds, some of which join several of
/// `found` into one (see the [module docs](self)).
#[must_use]
pub fn align_reworded(
    pair: &CandidatePair,
    fa: &DocFingerprints,
    fb: &DocFingerprints,
    found: Vec<Passage>,
    cfg: &Config,
) -> Vec<Passage> {
    let (pa, pb) = (Prepared::new(fa), Prepared::new(fb));
    align_prepared(pair, (fa, &pa, &stem_postings(&pa)), (fb, &pb), found, cfg)
}

/// `(stem, sentence, index in the sentence's terms)` of every term of `p`, sorted: the
/// inverted index of the side whose sentences are looked up.
#[must_use]
pub(crate) fn stem_postings(p: &Prepared) -> Vec<(u32, u32, u32)> {
    let mut postings: Vec<(u32, u32, u32)> = Vec::with_capacity(p.terms.len());
    for i in 0..p.len() {
        for (k, &(t, _)) in p.terms(i).iter().enumerate() {
            postings.push((t, i as u32, k as u32));
        }
    }
    postings.sort_unstable();
    postings
}

/// Cuts `seeds` into groups: sorted by side `a`, cut where more than `gap` sentences (or
/// a word of `blocked`'s side) separate an element from those before it; each part then
/// the same way by side `b`, and so on until no group is cut. Each round either cuts a
/// group or settles it, so there are at most as many rounds as seeds.
fn group(seeds: Vec<Seed>, gap: u32, blocked: &dyn Fn(bool, u32, u32) -> bool) -> Vec<Vec<Seed>> {
    let cut = |mut g: Vec<Seed>, by_a: bool| -> Vec<Vec<Seed>> {
        g.sort_unstable_by_key(|s| (s.on(by_a), s.on(!by_a), s.piece));
        let mut out: Vec<Vec<Seed>> = Vec::new();
        let mut cur: Vec<Seed> = Vec::new();
        let mut hi = 0u32;
        for s in g {
            let (lo, end) = s.on(by_a);
            if !cur.is_empty() && (lo > hi + gap + 1 || (lo > hi && blocked(by_a, hi, lo))) {
                out.push(std::mem::take(&mut cur));
            }
            hi = if cur.is_empty() { end } else { hi.max(end) };
            cur.push(s);
        }
        out.push(cur);
        out
    };
    let mut done: Vec<Vec<Seed>> = Vec::new();
    let mut work: Vec<(Vec<Seed>, bool)> = vec![(seeds, true)];
    while let Some((g, by_a)) = work.pop() {
        let parts = cut(g, by_a);
        if parts.len() == 1 {
            // Settled when the other way does not cut it either.
            let other = cut(parts.into_iter().next().unwrap_or_default(), !by_a);
            if other.len() == 1 {
                done.extend(other);
            } else {
                work.extend(other.into_iter().map(|p| (p, by_a)));
            }
        } else {
            work.extend(parts.into_iter().map(|p| (p, !by_a)));
        }
    }
    done.sort_unstable();
    done
}

/// Longest run of sentences that one sentence is compared with as a whole in
/// `condensed`: a sentence that condenses more than a paragraph of five sentences is a
/// summary of a text, not of a passage.
pub const MAX_CONDENSED_SENTENCES: usize = 5;

/// Seeds of sentences that condense several: for each sentence `o` of `one` and each run of
/// two to [`MAX_CONDENSED_SENTENCES`] consecutive sentences of `many` that each share at
/// least two stems with it (`near`: `(o, m)` pairs, sorted), the run's words taken as one
/// bag, its cosine and Dice coefficient with `o` are those of a seed; if both reach
/// `theta`, every `(o, m)` of the run is pushed to `out`. The Dice coefficient of a run is
/// taken over the distinct stems of all its sentences, so a long sentence that shares a few
/// topic words with each of its neighbours does not pass: most of its stems must come from
/// the run, and most of the run's from it.
fn condensed(
    near: &[(u32, u32)],
    one: &Prepared,
    many: &Prepared,
    isf: &dyn Fn(u32) -> f64,
    theta: f64,
    out: &mut Vec<(u32, u32)>,
) {
    let mut bag: Vec<(u32, u32)> = Vec::new();
    let mut k = 0;
    while k < near.len() {
        // The run of consecutive `m` with the same `o` starting at `k`.
        let o = near[k].0;
        let mut e = k + 1;
        while e < near.len() && near[e].0 == o && near[e].1 == near[e - 1].1 + 1 {
            e += 1;
        }
        let to = one.terms(o as usize);
        for s in k..e {
            for last in s + 1..e.min(s + MAX_CONDENSED_SENTENCES) {
                // Parts of one long sentence are not a run of sentences.
                if many.real[near[s].1 as usize] == many.real[near[last].1 as usize] {
                    continue;
                }
                bag.clear();
                for &(_, m) in &near[s..=last] {
                    bag.extend_from_slice(many.terms(m as usize));
                }
                bag.sort_unstable();
                let mut merged: Vec<(u32, u32)> = Vec::with_capacity(bag.len());
                for &(t, c) in &bag {
                    match merged.last_mut() {
                        Some((u, d)) if *u == t => *d += c,
                        _ => merged.push((t, c)),
                    }
                }
                let (cosine, shared) = bag_similarity(to, &merged, isf);
                let dice = 2.0 * f64::from(shared) / (to.len() + merged.len()) as f64;
                if cosine >= theta && dice >= theta && each_adds(to, &near[s..=last], many) {
                    out.extend(near[s..=last].iter().copied());
                }
            }
        }
        k = e;
    }
}

/// Whether each sentence of the run `near` (`(o, m)` pairs) shares at least two stems
/// with `to` that no other sentence of the run has: a sentence condensed into another
/// leaves words of its own there, while a sentence that only repeats the run's topic
/// words explains nothing the rest does not.
fn each_adds(to: &[(u32, u32)], near: &[(u32, u32)], many: &Prepared) -> bool {
    near.iter().all(|&(_, m)| {
        let own = many.terms(m as usize);
        own.iter()
            .filter(|(t, _)| {
                to.binary_search_by_key(t, |x| x.0).is_ok()
                    && near
                        .iter()
                        .all(|&(_, n)| n == m || many.terms(n as usize).binary_search_by_key(t, |x| x.0).is_err())
            })
            .take(2)
            .count()
            == 2
    })
}

/// The tf-isf cosine of two bags of `(stem, count)` sorted by stem, and their number of
/// distinct shared stems.
fn bag_similarity(x: &[(u32, u32)], y: &[(u32, u32)], isf: &dyn Fn(u32) -> f64) -> (f64, u32) {
    let o = bag_overlap(x, y, isf);
    (o.cosine, o.distinct)
}

/// What two bags of `(stem, count)` sorted by stem share: [`bag_similarity`] and
/// [`range_similarity`] both read it.
struct Overlap {
    /// The tf-isf cosine of the two bags.
    cosine: f64,
    /// Distinct stems in both.
    distinct: u32,
    /// Words of `x`, then of `y`, whose stem the other bag has.
    words: (u32, u32),
}

/// The [`Overlap`] of two bags, by one merge of the sorted stems.
fn bag_overlap(x: &[(u32, u32)], y: &[(u32, u32)], isf: &dyn Fn(u32) -> f64) -> Overlap {
    let (mut dot, mut distinct, mut words) = (0.0, 0u32, (0u32, 0u32));
    let (mut i, mut j) = (0, 0);
    while i < x.len() && j < y.len() {
        match x[i].0.cmp(&y[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                let w = isf(x[i].0);
                dot += f64::from(x[i].1) * f64::from(y[j].1) * w * w;
                distinct += 1;
                words.0 += x[i].1;
                words.1 += y[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    let norm = |v: &[(u32, u32)]| v.iter().map(|&(t, c)| (f64::from(c) * isf(t)).powi(2)).sum::<f64>().sqrt();
    let (nx, ny) = (norm(x), norm(y));
    let cosine = if nx == 0.0 || ny == 0.0 { 0.0 } else { dot / (nx * ny) };
    Overlap { cosine, distinct, words }
}

/// [`align_reworded`] on prepared documents (`a` with its [`stem_postings`]).
pub(crate) fn align_prepared(
    pair: &CandidatePair,
    (fa, pa, postings): (&DocFingerprints, &Prepared, &[(u32, u32, u32)]),
    (fb, pb): (&DocFingerprints, &Prepared),
    found: Vec<Passage>,
    cfg: &Config,
) -> Vec<Passage> {
    if pa.len() == 0 || pb.len() == 0 {
        return found;
    }
    // The word alignment's reuse passages are pieces a reworded group may join; its
    // boilerplate stays as it is and bounds the reworded passages.
    let (pieces, fixed): (Vec<Passage>, Vec<Passage>) = found.into_iter().partition(|p| p.kind == PassageKind::Reuse);
    let taken_a = union(pieces.iter().chain(&fixed).flat_map(Passage::words_a).collect());
    let taken_b = union(pieces.iter().chain(&fixed).flat_map(Passage::words_b).collect());
    let fixed_a = union(fixed.iter().flat_map(Passage::words_a).collect());
    let fixed_b = union(fixed.iter().flat_map(Passage::words_b).collect());
    // Sentences half covered by another tier's passage are not seeded (a piece stands for
    // them).
    let free = |p: &Prepared, taken: &[WordRange]| -> Vec<bool> {
        p.words.iter().map(|&w| 2 * crate::fingerprint::overlap_len(taken, w) < w.len()).collect()
    };
    let (free_a, free_b) = (free(pa, &taken_a), free(pb, &taken_b));
    // Inverse sentence frequencies over the sentences of both documents.
    let ln_total = ln((pa.nonempty + pb.nonempty).max(1));
    let isf = |t: u32| {
        let c = pa.sf(t) + pb.sf(t);
        if c == 0 {
            0.0
        } else {
            ln_total - ln(c)
        }
    };
    let norm_of =
        |p: &Prepared, i: usize| p.terms(i).iter().map(|&(t, c)| (f64::from(c) * isf(t)).powi(2)).sum::<f64>().sqrt();
    let mut na: Vec<f64> = vec![-1.0; pa.len()];
    let theta = cfg.get_reword_seed_similarity();
    let mut seeds: Vec<Seed> = Vec::new();
    let mut acc: Vec<(f64, u32)> = vec![(0.0, 0); pa.len()];
    let mut touched: Vec<u32> = Vec::new();
    // Sentence pairs sharing at least two stems, `(a, b)`.
    let mut near: Vec<(u32, u32)> = Vec::new();
    for (j, &free) in free_b.iter().enumerate() {
        let tb = pb.terms(j);
        if tb.is_empty() || !free {
            continue;
        }
        let nb = norm_of(pb, j);
        if nb == 0.0 {
            continue;
        }
        for &(t, cb) in tb {
            let from = postings.partition_point(|p| p.0 < t);
            let to = from + postings[from..].iter().take(MAX_STEM_SENTENCES + 1).take_while(|p| p.0 == t).count();
            if to - from > MAX_STEM_SENTENCES {
                continue;
            }
            let w = isf(t);
            for &(_, i, ka) in &postings[from..to] {
                if !free_a[i as usize] {
                    continue;
                }
                let ca = pa.terms(i as usize)[ka as usize].1;
                let e = &mut acc[i as usize];
                if e.1 == 0 {
                    touched.push(i);
                }
                e.0 += f64::from(ca) * f64::from(cb) * w * w;
                e.1 += 1;
            }
        }
        touched.sort_unstable();
        for &i in &touched {
            let (dot, shared) = std::mem::take(&mut acc[i as usize]);
            if shared < 2 {
                continue;
            }
            near.push((i, j as u32));
            if na[i as usize] < 0.0 {
                na[i as usize] = norm_of(pa, i as usize);
            }
            if na[i as usize] == 0.0 {
                continue;
            }
            let cosine = dot / (na[i as usize] * nb);
            let dice = 2.0 * f64::from(shared) / (pa.terms(i as usize).len() + tb.len()) as f64;
            if cosine >= theta && dice >= theta {
                let j = j as u32;
                seeds.push(Seed { a0: i, a1: i, b0: j, b1: j, piece: None });
            }
        }
        touched.clear();
    }
    // Many-to-one: a sentence that condenses a run of the other side's sentences.
    near.sort_unstable();
    let mut runs: Vec<(u32, u32)> = Vec::new();
    condensed(&near, pa, pb, &isf, theta, &mut runs);
    for (i, j) in runs {
        seeds.push(Seed { a0: i, a1: i, b0: j, b1: j, piece: None });
    }
    let mut flipped: Vec<(u32, u32)> = near.iter().map(|&(i, j)| (j, i)).collect();
    flipped.sort_unstable();
    let mut runs: Vec<(u32, u32)> = Vec::new();
    condensed(&flipped, pb, pa, &isf, theta, &mut runs);
    for (j, i) in runs {
        seeds.push(Seed { a0: i, a1: i, b0: j, b1: j, piece: None });
    }
    seeds.sort_unstable();
    seeds.dedup();
    for (k, p) in pieces.iter().enumerate() {
        let (a0, a1) = pa.sentences_of(p.a.words);
        let (b0, b1) = pb.sentences_of(p.b.words);
        seeds.push(Seed { a0, a1, b0, b1, piece: Some(k as u32) });
    }
    if seeds.len() < 2 {
        // Nothing to join or add.
        return pieces.into_iter().chain(fixed).collect();
    }

    // Words of the word alignment's boilerplate between two sentences of a side cut a
    // group there.
    let blocked = |by_a: bool, x: u32, y: u32| {
        let (sents, fixed) = if by_a { (pa, &fixed_a) } else { (pb, &fixed_b) };
        let gap = WordRange { start: sents.words[x as usize].end, end: sents.words[y as usize].start };
        !gap.is_empty() && crate::fingerprint::overlap_len(fixed, gap) > 0
    };
    let min_side = crate::config::defaults::REWORD_MIN_SIDE_WORDS as u32;
    // The passage a group makes, if it passes the filter (see the module docs).
    let passage = |g: &[Seed]| -> Option<Passage> {
        let joined: Vec<&Passage> = g.iter().filter_map(|s| s.piece).map(|k| &pieces[k as usize]).collect();
        let sentences = g.len() - joined.len();
        if sentences == 0 && joined.len() == 1 {
            return Some(joined[0].clone());
        }
        // Without a reworded sentence, pieces in another order on the two sides join only
        // when they share a paragraph on one side (a quote moved to the front of its
        // paragraph): paragraphs moved as they are stay passages of their own, whose order
        // tells an extract from its source.
        let share = |x: ParagraphRange, y: ParagraphRange| x.first <= y.last && y.first <= x.last;
        // A piece whose side lies inside another's is a second occurrence of repeated
        // text, not a fragment of one rewrite: joining it would stretch a passage over
        // the text between the occurrences.
        let inside = |x: WordRange, y: WordRange| {
            (y.start <= x.start && x.end <= y.end) || (x.start <= y.start && y.end <= x.end)
        };
        for (k, x) in joined.iter().enumerate() {
            if joined[k + 1..].iter().any(|y| inside(x.a.words, y.a.words) || inside(x.b.words, y.b.words)) {
                return None;
            }
        }
        for (k, x) in joined.iter().enumerate().filter(|_| sentences == 0) {
            for y in &joined[k + 1..] {
                let crossed = (x.a.words.start < y.a.words.start) != (x.b.words.start < y.b.words.start);
                if crossed && !share(x.a.paragraphs, y.a.paragraphs) && !share(x.b.paragraphs, y.b.paragraphs) {
                    return None;
                }
            }
        }
        // Seeds between the same two sentences of the texts count once.
        let mut pairs: Vec<(u32, u32)> =
            g.iter().filter(|s| s.piece.is_none()).map(|s| (pa.real[s.a0 as usize], pb.real[s.b0 as usize])).collect();
        pairs.sort_unstable();
        pairs.dedup();
        if pairs.len() + joined.len() < 2 {
            return None;
        }
        let hull = |ranges: &mut dyn Iterator<Item = WordRange>| {
            let (mut lo, mut hi) = (u32::MAX, 0u32);
            for r in ranges {
                lo = lo.min(r.start);
                hi = hi.max(r.end);
            }
            WordRange { start: lo, end: hi }
        };
        let ra = clip(
            hull(&mut g.iter().map(|s| s.piece.map_or(pa.words[s.a0 as usize], |k| pieces[k as usize].a.words))),
            &fixed_a,
        );
        let rb = clip(
            hull(&mut g.iter().map(|s| s.piece.map_or(pb.words[s.b0 as usize], |k| pieces[k as usize].b.words))),
            &fixed_b,
        );
        if joined.is_empty() && (ra.len() < min_side || rb.len() < min_side) {
            return None;
        }
        let (cosine, ma, mb) = range_similarity(fa, ra, fb, rb, &isf);
        let in_pieces: u32 = joined.iter().map(|p| p.matched_words).sum::<u32>().min(ra.len()).min(rb.len());
        let matched = ma.min(mb).max(in_pieces);
        if (matched as usize) < cfg.get_min_words() || cosine < cfg.get_reword_min_similarity() {
            return None;
        }
        // A passage with a sentence only this tier matched is reworded; pieces joined alone
        // are edited (the words between them are not matched) when they pass the word
        // alignment's own similarity test, else reworded too.
        let words_similarity = 2.0 * f64::from(in_pieces) / f64::from((ra.len() + rb.len()).max(1));
        let (tier, similarity, matched) = if sentences == 0
            && in_pieces as usize >= cfg.get_min_words()
            && words_similarity >= cfg.get_min_similarity()
        {
            let tier = if in_pieces == ra.len() && in_pieces == rb.len() { Tier::Verbatim } else { Tier::Edited };
            (tier, words_similarity.min(1.0), in_pieces)
        } else {
            (Tier::Reworded, cosine.min(1.0), matched)
        };
        let label = 5 * fa.label_words_in(ra) >= 4 * ra.len() || 5 * fb.label_words_in(rb) >= 4 * rb.len();
        let mut alternates: Vec<_> = joined.iter().flat_map(|p| p.alternates.iter().cloned()).collect();
        alternates.sort_by_key(|x| (x.b.words.start, x.a.words.start, x.b.words.end, x.a.words.end));
        Some(Passage {
            a: side(pair.a, fa, ra),
            b: side(pair.b, fb, rb),
            matched_words: matched,
            similarity,
            kind: if label { PassageKind::Boilerplate(BoilerplateReason::LabelLine) } else { PassageKind::Reuse },
            cluster: None,
            tier,
            alternates,
        })
    };
    // Sanchez-Perez et al.'s extension: a group that fails the filter is grouped again with
    // one sentence less of gap, down to none; pieces of no passage stay as they were.
    let mut passages: Vec<Passage> = Vec::new();
    let mut work: Vec<(Vec<Seed>, u32)> = group(seeds, cfg.get_reword_max_gap() as u32, &blocked)
        .into_iter()
        .map(|g| (g, cfg.get_reword_max_gap() as u32))
        .collect();
    while let Some((g, gap)) = work.pop() {
        if let Some(p) = passage(&g) {
            passages.push(p);
        } else if gap > 0 && g.len() > 1 {
            work.extend(group(g, gap - 1, &blocked).into_iter().map(|part| (part, gap - 1)));
        } else {
            passages.extend(g.iter().filter_map(|s| s.piece).map(|k| pieces[k as usize].clone()));
        }
    }
    let mut out = drop_overlapping(passages);
    out.extend(fixed);
    out.sort_by_key(|p| (p.a.words.start, p.b.words.start, p.a.words.end, p.b.words.end));
    out
}

/// `r` without the ranges of `taken` that overlap its ends.
fn clip(mut r: WordRange, taken: &[WordRange]) -> WordRange {
    for t in taken {
        if t.start <= r.start && t.end > r.start {
            r.start = t.end.min(r.end);
        }
        if t.start < r.end && t.end >= r.end {
            r.end = t.start.max(r.start);
        }
    }
    r
}

/// The tf-isf cosine of two word ranges' stems, and on each side the number of content
/// words whose stem the other side has.
fn range_similarity(
    fa: &DocFingerprints,
    ra: WordRange,
    fb: &DocFingerprints,
    rb: WordRange,
    isf: &dyn Fn(u32) -> f64,
) -> (f64, u32, u32) {
    let bag = |fp: &DocFingerprints, r: WordRange| {
        let mut v: Vec<u32> = fp.stems[r.start as usize..r.end as usize].iter().copied().filter(|&s| s != 0).collect();
        v.sort_unstable();
        let mut out: Vec<(u32, u32)> = Vec::new();
        for t in v {
            match out.last_mut() {
                Some((s, c)) if *s == t => *c += 1,
                _ => out.push((t, 1)),
            }
        }
        out
    };
    let o = bag_overlap(&bag(fa, ra), &bag(fb, rb), isf);
    (o.cosine, o.words.0, o.words.1)
}

/// Keeps the longer of two passages that overlap on both sides; `a` order.
fn drop_overlapping(mut passages: Vec<Passage>) -> Vec<Passage> {
    passages.sort_by_key(|p| (std::cmp::Reverse(p.a.words.len() + p.b.words.len()), p.a.words.start, p.b.words.start));
    let overlaps = |x: &WordRange, y: &WordRange| x.start < y.end && y.start < x.end;
    let mut kept: Vec<Passage> = Vec::with_capacity(passages.len());
    for p in passages {
        if !kept.iter().any(|k| overlaps(&k.a.words, &p.a.words) && overlaps(&k.b.words, &p.b.words)) {
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

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    const SOURCE: &str =
        "The harbour authority approved a plan on Monday to dredge the eastern channel before winter. \
        Engineers warned that silt carried down by the spring floods had narrowed the approach for larger ferries. \
        The work will cost about four million pounds and should finish by November. \
        Fishing crews fear the dredging will disturb the lobster beds near the breakwater. \
        A public meeting on the project is planned at the town hall next week.";

    /// SOURCE rewritten: synonyms, clauses reordered, inflections changed, no run of five
    /// equal words.
    const REWORDED: &str = "Opening words of our own edition come here first. \
        On Monday a plan to dredge the channel on the eastern side before the winter was approved by the harbour authority. \
        Silt brought down by floods in spring has narrowed the approach used by bigger ferries, engineers warned. \
        Costing roughly four million pounds, the works are expected to finish in November. \
        Crews who fish there fear that dredging could disturb lobster beds close to the breakwater. \
        Our own closing remark about something else entirely ends the piece.";

    /// Another article on the same event: the same names, numbers and topic words, but
    /// none of SOURCE's sentences.
    const SAME_TOPIC: &str = "Ferry passengers faced delays again this weekend at the harbour. \
        Several sailings were cancelled because the tide was too low for the larger vessels. \
        The harbour authority has long promised action on the eastern channel. \
        Lobster fishermen met on Saturday to discuss their catch, which fell sharply last year. \
        Tourism leaders said the town depends on reliable crossings in the summer months.";

    fn run(texts: &[&str]) -> crate::Report {
        let docs: Vec<DocInput<'_>> =
            texts.iter().enumerate().map(|(i, t)| DocInput::new(format!("d{i}"), t)).collect();
        crate::analyze(&docs, &Config::new())
    }

    #[test]
    fn a_reworded_paragraph_is_found_by_this_tier_only() {
        let r = run(&[SOURCE, REWORDED]);
        assert_eq!(r.passages.len(), 1, "{:?}", r.passages);
        let p = &r.passages[0];
        assert_eq!(p.tier, Tier::Reworded);
        assert!(SOURCE[p.a.span.range()].starts_with("The harbour authority"), "{}", &SOURCE[p.a.span.range()]);
        let b = &REWORDED[p.b.span.range()];
        assert!(b.starts_with("On Monday") && b.contains("breakwater"), "{b}");
        assert!(p.similarity >= Config::new().get_reword_min_similarity());
        // The word alignment alone finds nothing.
        let docs = [DocInput::new("a", SOURCE), DocInput::new("b", REWORDED)];
        assert!(crate::analyze(&docs, &Config::new().reword(false)).passages.is_empty());
    }

    #[test]
    fn same_topic_articles_share_no_passage() {
        let r = run(&[SOURCE, SAME_TOPIC]);
        assert!(r.passages.is_empty(), "{:?}", r.passages);
    }

    #[test]
    fn a_summary_sentence_aligns_with_the_sentences_it_condenses() {
        let summary = "Something unrelated about a cricket match opens this report. \
            Engineers say spring floods left silt that narrowed the channel for larger ferries, so the harbour \
            authority approved a four million pound plan on Monday to dredge it before winter, finishing by November. \
            Nothing else in this report concerns the harbour at all.";
        let r = run(&[SOURCE, summary]);
        assert_eq!(r.passages.len(), 1, "{:?}", r.passages);
        let p = &r.passages[0];
        assert_eq!(p.tier, Tier::Reworded);
        // One sentence of the summary, three of the source.
        assert!(summary[p.b.span.range()].starts_with("Engineers say"));
        assert!(!summary[p.b.span.range()].contains("cricket") && !summary[p.b.span.range()].contains("Nothing"));
        let a = &SOURCE[p.a.span.range()];
        assert!(a.starts_with("The harbour authority") && a.contains("finish by November"), "{a}");
    }

    #[test]
    fn a_reworded_group_joins_the_verbatim_copy_next_to_it() {
        // A verbatim copy of the last two sentences after the reworded first three: one
        // passage of the reworded tier, not two.
        let mixed = "Our own opening line comes first in this edition. \
            On Monday a plan to dredge the channel on the eastern side before the winter was approved by the harbour authority. \
            Silt brought down by floods in spring has narrowed the approach used by bigger ferries, engineers warned. \
            Costing roughly four million pounds, the works are expected to finish in November. \
            Fishing crews fear the dredging will disturb the lobster beds near the breakwater. \
            A public meeting on the project is planned at the town hall next week.";
        let r = run(&[SOURCE, mixed]);
        assert_eq!(r.passages.len(), 1, "{:?}", r.passages);
        let p = &r.passages[0];
        assert_eq!(p.tier, Tier::Reworded);
        let b = &mixed[p.b.span.range()];
        assert!(b.starts_with("On Monday") && b.ends_with("next week"), "{b}");
        assert_eq!(&SOURCE[p.a.span.range()], SOURCE.trim_end_matches('.'));
        // The word alignment alone finds the verbatim copy only.
        let docs = [DocInput::new("a", SOURCE), DocInput::new("b", mixed)];
        let words = crate::analyze(&docs, &Config::new().reword(false)).passages;
        assert_eq!(words.len(), 1, "{words:?}");
        assert!(mixed[words[0].b.span.range()].ends_with("next week"));
    }

    #[test]
    fn pieces_of_a_rewrite_with_a_moved_quote_become_one_passage() {
        // House style: the quote moved to the front word for word, the rest reworded. The
        // word alignment finds the quote and the reworded sentences around it apart.
        let source = "The harbour authority approved a plan on Monday to dredge the eastern channel before winter. \
            Engineers warned that silt carried down by the spring floods had narrowed the approach for larger ferries. \
            The work will cost about four million pounds and should finish by November. \
            \"We cannot let the larger ferries run aground every single spring tide,\" the harbour master said.";
        let copy = "Our own opening line comes first in this edition, about something else. \
            The harbour master said: \"We cannot let the larger ferries run aground every single spring tide.\" \
            On Monday a plan to dredge the channel on the eastern side before the winter was approved by the harbour authority. \
            Silt brought down by floods in spring has narrowed the approach used by bigger ferries, engineers warned. \
            Costing roughly four million pounds, the works are expected to finish in November.";
        let docs = [DocInput::new("a", source), DocInput::new("b", copy)];
        let words = crate::analyze(&docs, &Config::new().reword(false)).passages;
        assert_eq!(words.len(), 1, "the quote alone: {words:?}");
        let r = run(&[source, copy]);
        assert_eq!(r.passages.len(), 1, "{:?}", r.passages);
        let p = &r.passages[0];
        assert_eq!(p.tier, Tier::Reworded);
        // The quote and the reworded sentences after it (the attribution before the quote
        // has no counterpart in the source's order of words).
        assert!(copy[p.b.span.range()].starts_with("We cannot let"), "{}", &copy[p.b.span.range()]);
        assert!(copy[p.b.span.range()].ends_with("finish in November"));
        assert!(source[p.a.span.range()].starts_with("The harbour authority"));
    }

    #[test]
    fn copies_far_apart_stay_apart() {
        // Two verbatim copies of one source separated by three sentences of the copier's
        // own on one side: two passages, the text between them not reported.
        let own = "Our reporter visited the island school on Friday afternoon. \
            Pupils there are learning to sail in small dinghies built by volunteers. \
            The headteacher hopes to add a second boat before the summer holidays.";
        let first = "The harbour authority approved a plan on Monday to dredge the eastern channel before winter. \
            Engineers warned that silt carried down by the spring floods had narrowed the approach for larger ferries.";
        let last = "Fishing crews fear the dredging will disturb the lobster beds near the breakwater. \
            A public meeting on the project is planned at the town hall next week.";
        let copy = format!("{first} {own} {last}");
        let r = run(&[SOURCE, &copy]);
        assert_eq!(r.passages.len(), 2, "{:?}", r.passages);
        assert!(r.passages.iter().all(|p| !copy[p.b.span.range()].contains("headteacher")), "{:?}", r.passages);
        assert!(r.passages.iter().all(|p| p.tier == Tier::Verbatim));
    }

    #[test]
    fn a_sentence_that_condenses_several_seeds_with_all_of_them() {
        let source = "The harbour authority approved a plan on Monday to dredge the eastern channel before winter. \
            Engineers warned that silt carried down by the spring floods had narrowed the approach for larger ferries. \
            The work will cost about four million pounds and should finish by November. \
            Fishing crews fear the dredging will disturb the lobster beds near the breakwater.";
        let summary = "Harbour chiefs backed dredging the eastern channel, silt from floods narrowed the approach, \
            the work costs four million pounds, crews fear for lobster beds.";
        let docs = [DocInput::new("a", source), DocInput::new("b", summary)];
        let cfg = Config::new();
        let (fa, fb) = (fingerprint(&docs[0], &cfg), fingerprint(&docs[1], &cfg));
        let (pa, pb) = (Prepared::new(&fa), Prepared::new(&fb));
        // Not every source sentence alone is similar enough to the summary sentence ...
        let isf = |_: u32| 1.0;
        let alone = (0..pa.len())
            .filter(|&i| {
                let (cosine, shared) = bag_similarity(pa.terms(i), pb.terms(0), &isf);
                let dice = 2.0 * f64::from(shared) / (pa.terms(i).len() + pb.terms(0).len()) as f64;
                cosine >= 0.33 && dice >= 0.33
            })
            .count();
        assert!(alone < 4, "{alone}");
        // ... but the run of them is, and each of its sentences seeds with it.
        let near: Vec<(u32, u32)> = (0..4).map(|i| (0, i)).collect();
        let mut out = Vec::new();
        condensed(&near, &pb, &pa, &isf, 0.33, &mut out);
        out.sort_unstable();
        out.dedup();
        assert_eq!(out, near);
        // A sentence sharing a few topic words with each of its neighbours does not.
        let other = "Harbour crews met in the town hall about ferries and the spring weather on Monday.";
        let fo = fingerprint(&DocInput::new("c", other), &cfg);
        let po = Prepared::new(&fo);
        let mut out = Vec::new();
        condensed(&near, &po, &pa, &isf, 0.33, &mut out);
        assert!(out.is_empty(), "{out:?}");
    }

    #[test]
    fn a_scan_against_an_index_finds_reworded_reuse() {
        use crate::index::{analyze_against, DocRecord, Index, IndexSettings, IndexWriter};
        let cfg = Config::new();
        let mut writer = IndexWriter::new(IndexSettings::from_config(&cfg));
        for (i, text) in [SAME_TOPIC, SOURCE].iter().enumerate() {
            let fp = fingerprint(&DocInput::new(format!("a{i}"), text), &cfg);
            writer.push(DocRecord::new(format!("a{i}"), text.as_bytes()), &fp).unwrap();
        }
        let mut bytes = Vec::new();
        writer.write_to(&mut bytes).unwrap();
        let index = Index::parse(&bytes).unwrap();
        let new = vec![fingerprint(&DocInput::new("new", REWORDED), &cfg)];
        let result = analyze_against(&index, new, &cfg).unwrap();
        // The source is rebuilt from its stored stems and sentences and found reworded.
        assert_eq!(result.report.passages.len(), 1, "{:?}", result.report.passages);
        let p = &result.report.passages[0];
        assert_eq!((p.a.doc, p.b.doc, p.tier), (1, 2, Tier::Reworded));
    }

    #[test]
    fn fingerprints_survive_local_reordering_and_inflection() {
        let cfg = Config::new();
        let a = fingerprint(&DocInput::new("a", "The council approved the new budget plans."), &cfg);
        let b = fingerprint(&DocInput::new("b", "New budget plan approved by the councils."), &cfg);
        assert_eq!(a.reword.len(), 3);
        let hb: Vec<u64> = b.reword.iter().map(|f| f.hash).collect();
        // {council, approv, new} and {approv, new, budget} sorted ... at least one shared.
        assert!(a.reword.iter().any(|f| hb.contains(&f.hash)), "{:?} {:?}", a.reword, b.reword);
        assert_eq!(a.sentences, vec![0]);
        assert_eq!(a.stems.iter().filter(|&&s| s == 0).count(), 2); // the, the
    }

    #[test]
    fn sentences_end_at_stops_and_paragraphs_not_after_titles() {
        let fp = fingerprint(&DocInput::new("a", "Mr. Smith left. He went home!\n\nA new one"), &Config::new());
        assert_eq!(fp.sentences, vec![0, 3, 6]);
        let long = "word ".repeat(2 * MAX_SENTENCE_WORDS + 1);
        let fp = fingerprint(&DocInput::new("a", &long), &Config::new());
        assert_eq!(fp.sentences, vec![0, MAX_SENTENCE_WORDS as u32, 2 * MAX_SENTENCE_WORDS as u32]);
    }
}
