//! Engine settings: [`Config`] and its [`defaults`], declared once.
//!
//! The command line takes its defaults (and the numbers in its help text) from
//! [`defaults`]; nothing else writes them down.

use crate::align::Tier;
use serde::{Deserialize, Serialize};

/// The default engine settings, the single place they are declared: [`Config::default`],
/// the `copytrace` command line (its `default_value_t` and help texts) and the index format
/// ([`crate::index::FREQUENT`]) read them from here.
///
/// ```
/// use copytrace_provenance::{config::defaults, Config};
/// assert_eq!(Config::new().get_ngram(), defaults::NGRAM);
/// assert_eq!(defaults::guaranteed_run(defaults::NGRAM, defaults::WINDOW), defaults::MIN_WORDS);
/// ```
pub mod defaults {
    /// Words per fingerprint n-gram ([`super::Config::ngram`]).
    pub const NGRAM: usize = 5;
    /// Winnowing window, in n-grams ([`super::Config::window`]).
    pub const WINDOW: usize = 4;
    /// Shortest passage reported, in matched words ([`super::Config::min_words`]): the run
    /// that [`NGRAM`] and [`WINDOW`] guarantee to seed ([`guaranteed_run`]).
    pub const MIN_WORDS: usize = guaranteed_run(NGRAM, WINDOW);
    /// Gap tolerance inside a passage, in words ([`super::Config::max_gap`]).
    pub const MAX_GAP: usize = 12;
    /// Lowest similarity of a passage's two sides ([`super::Config::min_similarity`]).
    pub const MIN_SIMILARITY: f64 = 0.5;
    /// The floor of the derived common-text limit `max(FLOOR, ceil(2 * sqrt(documents)))`
    /// ([`super::Config::effective_max_doc_freq`]).
    pub const MAX_DOC_FREQ_FLOOR: usize = 50;
    /// Document frequency above which a fingerprint cannot make a pair on its own
    /// ([`super::Config::lone_doc_freq`]): the floor of the common-text limit.
    pub const LONE_DOC_FREQ: usize = MAX_DOC_FREQ_FLOOR;
    /// Minimum shared fingerprints of a candidate pair ([`super::Config::min_shared`]).
    pub const MIN_SHARED: usize = 1;
    /// Minimum confidence of a direction claim
    /// ([`super::Config::min_direction_confidence`]): the confidences are probabilities
    /// (see [`crate::direction`](mod@crate::direction)), and a claim right less than seven
    /// times in ten tells a reader little more than a coin; below it the direction is
    /// unknown.
    pub const MIN_DIRECTION_CONFIDENCE: f64 = 0.7;
    /// Longest label line, in words ([`super::Config::label_line_max_words`]).
    pub const LABEL_LINE_MAX_WORDS: usize = 25;
    /// Seed k-gram length ([`super::Config::seed_words`]).
    pub const SEED_WORDS: usize = 3;
    /// Whether the reworded tier runs ([`super::Config::reword`]).
    pub const REWORD: bool = true;
    /// Distinct shared reworded-tier fingerprints (sorted stemmed content-word 3-grams)
    /// that make two documents a reworded-tier candidate pair
    /// ([`super::Config::reword_min_shared`]). One or two such grams are what two reports
    /// of one event share by chance ("prime minister announced", "police officer arrested");
    /// a reworded passage of a few sentences keeps several even when a third of its words
    /// are replaced (each gram survives with probability `(1-p)³`).
    pub const REWORD_MIN_SHARED: usize = 3;
    /// Lowest cosine and Dice coefficient of a sentence pair that seeds a reworded passage
    /// ([`super::Config::reword_seed_similarity`]): 0.33, the value of Sanchez-Perez,
    /// Sidorov and Gelbukh (PAN 2014, the task's best system) for both measures.
    pub const REWORD_SEED_SIMILARITY: f64 = 0.33;
    /// Sentences allowed between two seeds of one reworded passage, on each side
    /// ([`super::Config::reword_max_gap`]): a sentence or two left out or rewritten beyond
    /// recognition does not split a passage (Sanchez-Perez et al. allowed 4 for their
    /// general case; 2 keeps two same-topic articles' scattered similar sentences apart).
    pub const REWORD_MAX_GAP: usize = 2;
    /// Fewest words on each side of a reworded passage (not configurable): 25 words, about
    /// the 150 characters of English below which Sanchez-Perez et al. drop a detection. A
    /// single sentence of two same-topic texts can share most of its few content words ("in
    /// the vector space model documents are represented as vectors"); a rewrite of a
    /// passage has more to show.
    pub const REWORD_MIN_SIDE_WORDS: usize = 25;
    /// Lowest similarity (tf-isf cosine of the two sides) of a reworded passage
    /// ([`super::Config::reword_min_similarity`]).
    pub const REWORD_MIN_SIMILARITY: f64 = 0.45;

    /// The length, in words, of a shared run guaranteed to share a fingerprint with
    /// `ngram`-grams winnowed over windows of `window`: `window + ngram - 1`.
    #[must_use]
    pub const fn guaranteed_run(ngram: usize, window: usize) -> usize {
        window + ngram - 1
    }

    /// The length, in words, from which a run of text found in more than
    /// [`LONE_DOC_FREQ`] documents is guaranteed to be found (it needs two fingerprints):
    /// `2 * window + ngram - 1`.
    #[must_use]
    pub const fn guaranteed_frequent_run(ngram: usize, window: usize) -> usize {
        2 * window + ngram - 1
    }
}

/// Settings of the provenance engine, shared by all three stages.
///
/// Built with setters that state their defaults. The defaults are chosen together:
/// with word 5-grams winnowed over windows of 4, any run of `4 + 5 - 1 = 8` identical
/// words (after normalisation) shared by two documents is guaranteed to share at least
/// one fingerprint, so every exact shared passage of [`Config::min_words`] words is seeded
/// (for text found in more than [`Config::lone_doc_freq`] documents, from 12 words on).
///
/// ```
/// use copytrace_provenance::Config;
/// let cfg = Config::new().min_words(10).max_doc_freq(Some(200));
/// assert_eq!(cfg.get_ngram(), 5);
/// assert_eq!(cfg.guaranteed_run(), 8);
/// assert_eq!(cfg.effective_max_doc_freq(3), 200);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Config {
    ngram: usize,
    window: usize,
    min_words: usize,
    max_gap: usize,
    max_doc_freq: Option<usize>,
    min_similarity: f64,
    min_shared: usize,
    /// Absent from settings serialised before it existed: the default then.
    #[serde(default = "default_lone_doc_freq")]
    lone_doc_freq: usize,
    min_direction_confidence: f64,
    label_line_max_words: usize,
    seed_words: usize,
    /// The reworded tier's settings; absent from settings serialised before it existed:
    /// the defaults then.
    #[serde(default = "default_reword")]
    reword: bool,
    #[serde(default = "default_reword_min_shared")]
    reword_min_shared: usize,
    #[serde(default = "default_reword_seed_similarity")]
    reword_seed_similarity: f64,
    #[serde(default = "default_reword_max_gap")]
    reword_max_gap: usize,
    #[serde(default = "default_reword_min_similarity")]
    reword_min_similarity: f64,
    /// The tiers reported, one bit per [`Tier`] in [`Tier::ALL`]'s order.
    #[serde(default = "default_tiers")]
    tiers: u8,
    /// Absent from settings serialised before it existed: none then.
    #[serde(default)]
    wire_outlets: Vec<String>,
}

fn default_tiers() -> u8 {
    0b111
}

fn tier_bit(t: Tier) -> u8 {
    1 << Tier::ALL.iter().position(|&x| x == t).unwrap_or(0)
}

fn default_reword() -> bool {
    defaults::REWORD
}
fn default_reword_min_shared() -> usize {
    defaults::REWORD_MIN_SHARED
}
fn default_reword_seed_similarity() -> f64 {
    defaults::REWORD_SEED_SIMILARITY
}
fn default_reword_max_gap() -> usize {
    defaults::REWORD_MAX_GAP
}
fn default_reword_min_similarity() -> f64 {
    defaults::REWORD_MIN_SIMILARITY
}

fn default_lone_doc_freq() -> usize {
    defaults::LONE_DOC_FREQ
}

impl Default for Config {
    fn default() -> Self {
        Config {
            ngram: defaults::NGRAM,
            window: defaults::WINDOW,
            min_words: defaults::MIN_WORDS,
            max_gap: defaults::MAX_GAP,
            max_doc_freq: None,
            min_similarity: defaults::MIN_SIMILARITY,
            min_shared: defaults::MIN_SHARED,
            lone_doc_freq: defaults::LONE_DOC_FREQ,
            min_direction_confidence: defaults::MIN_DIRECTION_CONFIDENCE,
            label_line_max_words: defaults::LABEL_LINE_MAX_WORDS,
            seed_words: defaults::SEED_WORDS,
            reword: defaults::REWORD,
            reword_min_shared: defaults::REWORD_MIN_SHARED,
            reword_seed_similarity: defaults::REWORD_SEED_SIMILARITY,
            reword_max_gap: defaults::REWORD_MAX_GAP,
            reword_min_similarity: defaults::REWORD_MIN_SIMILARITY,
            tiers: default_tiers(),
            wire_outlets: Vec::new(),
        }
    }
}

impl Config {
    /// The default settings.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Words per n-gram (fingerprints hash `n` consecutive normalised words).
    /// Default: [`defaults::NGRAM`]. Values below 1 are taken as 1.
    #[must_use]
    pub fn ngram(mut self, n: usize) -> Self {
        self.ngram = n.max(1);
        self
    }

    /// Winnowing window, in n-grams. Default: [`defaults::WINDOW`]. Values below 1 are taken as 1 (every
    /// n-gram is a fingerprint).
    #[must_use]
    pub fn window(mut self, w: usize) -> Self {
        self.window = w.max(1);
        self
    }

    /// Minimum number of *matched* words for a passage to be reported. Default: [`defaults::MIN_WORDS`].
    /// Values below 1 are taken as 1.
    #[must_use]
    pub fn min_words(mut self, words: usize) -> Self {
        self.min_words = words.max(1);
        self
    }

    /// Gap tolerance, in words: two exact matches are chained into one passage when the
    /// text between them is at most this many words on each side and the two sides'
    /// gaps differ by at most this many words. It is also the band half-width of the
    /// alignment that extends passages past their outermost exact matches. Default:
    /// [`defaults::MAX_GAP`].
    #[must_use]
    pub fn max_gap(mut self, words: usize) -> Self {
        self.max_gap = words;
        self
    }

    /// Fingerprints found in more than this many documents are boilerplate: they create
    /// no candidate pair and are reported apart. `None` (the default) derives the limit
    /// from the corpus size `n` as `max(FLOOR, ceil(2 * sqrt(n)))` (FLOOR:
    /// [`defaults::MAX_DOC_FREQ_FLOOR`]); see
    /// [`Config::effective_max_doc_freq`].
    #[must_use]
    pub fn max_doc_freq(mut self, limit: Option<usize>) -> Self {
        self.max_doc_freq = limit.map(|l| l.max(2));
        self
    }

    /// Minimum similarity (`2 * matched / (words_a + words_b)`) of a passage.
    /// Default: [`defaults::MIN_SIMILARITY`]. Clamped to `0.0..=1.0`.
    #[must_use]
    pub fn min_similarity(mut self, s: f64) -> Self {
        self.min_similarity = if s.is_nan() { 0.0 } else { s.clamp(0.0, 1.0) };
        self
    }

    /// Minimum number of distinct shared fingerprints for two documents to become a
    /// candidate pair. Default: [`defaults::MIN_SHARED`] (needed for the guarantee that every shared run of
    /// [`Config::guaranteed_run`] words is found); raise it to trade recall of short
    /// passages for speed on very large corpora. Values below 1 are taken as 1.
    #[must_use]
    pub fn min_shared(mut self, n: usize) -> Self {
        self.min_shared = n.max(1);
        self
    }

    /// Fingerprints found in more than this many documents (but not in so many that they
    /// are common text, see [`Config::max_doc_freq`]) are *frequent*: a pair of documents
    /// whose shared fingerprints are all frequent is a candidate only when it shares at
    /// least two of them. Default: [`defaults::LONE_DOC_FREQ`], the floor of the common-text
    /// limit, so corpora whose default common-text limit is that floor are not affected.
    /// Values below 1 are taken as 1.
    ///
    /// A lone shared fingerprint is a shared run of only 5 to 11 words; when it is found in
    /// more than that many documents it is nearly always a stock phrase ("for the first time
    /// since the", "said in a statement on"), whose pairs grow with the square of its
    /// frequency and yield no passage. Without this rule the number of such pairs grows
    /// faster than the corpus, because the common-text limit grows with it. The cost: a
    /// passage shared by more than this many documents is found when it is at least
    /// [`defaults::guaranteed_frequent_run`] words long rather than
    /// [`Config::guaranteed_run`] words.
    #[must_use]
    pub fn lone_doc_freq(mut self, docs: usize) -> Self {
        self.lone_doc_freq = docs.max(1);
        self
    }

    /// The document frequency above which a fingerprint cannot make a pair on its own.
    #[must_use]
    pub fn get_lone_doc_freq(&self) -> usize {
        self.lone_doc_freq
    }

    /// Minimum confidence of a direction claim; below it the direction is
    /// [`crate::Verdict::Unknown`]. Default: [`defaults::MIN_DIRECTION_CONFIDENCE`]. Clamped
    /// to `0.0..=1.0`.
    #[must_use]
    pub fn min_direction_confidence(mut self, c: f64) -> Self {
        self.min_direction_confidence = if c.is_nan() { 0.0 } else { c.clamp(0.0, 1.0) };
        self
    }

    /// Outlets that are wire services: their documents (by [`crate::DocInput::outlet`],
    /// compared without regard to ASCII case or surrounding spaces) count as wire stories
    /// in the direction rule, like those declared `role: wire`. Default: none.
    #[must_use]
    pub fn wire_outlets(mut self, outlets: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.wire_outlets = outlets.into_iter().map(Into::into).collect();
        self
    }

    /// Longest line, in words, that can be a *label line* (`READ MORE: …`, `WATCH: …`,
    /// see [`crate::fingerprint`](mod@crate::fingerprint)). Default:
    /// [`defaults::LABEL_LINE_MAX_WORDS`].
    #[must_use]
    pub fn label_line_max_words(mut self, words: usize) -> Self {
        self.label_line_max_words = words;
        self
    }

    /// Length of the word k-grams that seed the alignment of a candidate pair: every
    /// k-gram the two documents share seeds an exact match, which finds the short runs
    /// left between heavier edits. `0` seeds from the shared fingerprints only (cheaper,
    /// lower recall on edited text). Default: [`defaults::SEED_WORDS`].
    #[must_use]
    pub fn seed_words(mut self, k: usize) -> Self {
        self.seed_words = k;
        self
    }

    /// Whether the reworded tier runs (see [`crate::reword`](mod@crate::reword)): passages
    /// whose words were largely replaced, reordered or condensed, found from sentences
    /// sharing stemmed content words. Default: [`defaults::REWORD`]. Off, a scan finds
    /// verbatim and edited passages only (and costs less).
    #[must_use]
    pub fn reword(mut self, on: bool) -> Self {
        self.reword = on;
        self
    }

    /// Whether the reworded tier runs: it is on ([`Config::reword`]) and its passages are
    /// reported ([`Config::tiers`]).
    #[must_use]
    pub fn get_reword(&self) -> bool {
        self.reword && self.reports(Tier::Reworded)
    }

    /// The tiers whose passages are reported (default: all). Passages of the others are
    /// dropped right after alignment, before clusters, containment, direction and
    /// originality, as if not found; without [`Tier::Reworded`] that tier does not run. An
    /// empty list is taken as all tiers.
    ///
    /// ```
    /// use copytrace_provenance::{Config, Tier};
    /// let cfg = Config::new().tiers([Tier::Verbatim, Tier::Edited]);
    /// assert!(cfg.reports(Tier::Edited) && !cfg.reports(Tier::Reworded) && !cfg.get_reword());
    /// ```
    #[must_use]
    pub fn tiers(mut self, tiers: impl IntoIterator<Item = Tier>) -> Self {
        let bits = tiers.into_iter().fold(0u8, |b, t| b | tier_bit(t));
        self.tiers = if bits == 0 { default_tiers() } else { bits };
        self
    }

    /// Whether passages of `tier` are reported.
    #[must_use]
    pub fn reports(&self, tier: Tier) -> bool {
        self.tiers & tier_bit(tier) != 0
    }

    /// Minimum distinct shared reworded-tier fingerprints of a reworded-tier candidate
    /// pair. Default: [`defaults::REWORD_MIN_SHARED`]. Values below 1 are taken as 1.
    #[must_use]
    pub fn reword_min_shared(mut self, n: usize) -> Self {
        self.reword_min_shared = n.max(1);
        self
    }

    /// Minimum shared reworded-tier fingerprints of a candidate pair.
    #[must_use]
    pub fn get_reword_min_shared(&self) -> usize {
        self.reword_min_shared
    }

    /// Lowest cosine and Dice coefficient of a seeding sentence pair. Default:
    /// [`defaults::REWORD_SEED_SIMILARITY`]. Clamped to `0.0..=1.0`.
    #[must_use]
    pub fn reword_seed_similarity(mut self, s: f64) -> Self {
        self.reword_seed_similarity = if s.is_nan() { 0.0 } else { s.clamp(0.0, 1.0) };
        self
    }

    /// Lowest similarity of a seeding sentence pair.
    #[must_use]
    pub fn get_reword_seed_similarity(&self) -> f64 {
        self.reword_seed_similarity
    }

    /// Sentences allowed between two seeds of a reworded passage. Default:
    /// [`defaults::REWORD_MAX_GAP`].
    #[must_use]
    pub fn reword_max_gap(mut self, sentences: usize) -> Self {
        self.reword_max_gap = sentences;
        self
    }

    /// Sentences allowed between two seeds of a reworded passage.
    #[must_use]
    pub fn get_reword_max_gap(&self) -> usize {
        self.reword_max_gap
    }

    /// Lowest similarity of a reworded passage. Default:
    /// [`defaults::REWORD_MIN_SIMILARITY`]. Clamped to `0.0..=1.0`.
    #[must_use]
    pub fn reword_min_similarity(mut self, s: f64) -> Self {
        self.reword_min_similarity = if s.is_nan() { 0.0 } else { s.clamp(0.0, 1.0) };
        self
    }

    /// Lowest similarity of a reworded passage.
    #[must_use]
    pub fn get_reword_min_similarity(&self) -> f64 {
        self.reword_min_similarity
    }

    /// Seed k-gram length (0: fingerprints only).
    #[must_use]
    pub fn get_seed_words(&self) -> usize {
        self.seed_words
    }

    /// Words per n-gram.
    #[must_use]
    pub fn get_ngram(&self) -> usize {
        self.ngram
    }

    /// Winnowing window.
    #[must_use]
    pub fn get_window(&self) -> usize {
        self.window
    }

    /// Minimum matched words of a passage.
    #[must_use]
    pub fn get_min_words(&self) -> usize {
        self.min_words
    }

    /// Gap tolerance in words.
    #[must_use]
    pub fn get_max_gap(&self) -> usize {
        self.max_gap
    }

    /// The configured document-frequency limit (`None`: derived from the corpus size).
    #[must_use]
    pub fn get_max_doc_freq(&self) -> Option<usize> {
        self.max_doc_freq
    }

    /// Minimum passage similarity.
    #[must_use]
    pub fn get_min_similarity(&self) -> f64 {
        self.min_similarity
    }

    /// Minimum shared fingerprints of a candidate pair.
    #[must_use]
    pub fn get_min_shared(&self) -> usize {
        self.min_shared
    }

    /// Minimum confidence of a direction claim.
    #[must_use]
    pub fn get_min_direction_confidence(&self) -> f64 {
        self.min_direction_confidence
    }

    /// The outlets that are wire services.
    #[must_use]
    pub fn get_wire_outlets(&self) -> &[String] {
        &self.wire_outlets
    }

    /// Longest label line in words.
    #[must_use]
    pub fn get_label_line_max_words(&self) -> usize {
        self.label_line_max_words
    }

    /// The length, in words, of a shared run that is guaranteed to share a fingerprint:
    /// `window + ngram - 1`.
    #[must_use]
    pub fn guaranteed_run(&self) -> usize {
        defaults::guaranteed_run(self.ngram, self.window)
    }

    /// The document-frequency limit for a corpus of `docs` documents: the configured
    /// value, or `max(FLOOR, ceil(2 * sqrt(docs)))` (FLOOR:
    /// [`defaults::MAX_DOC_FREQ_FLOOR`]).
    ///
    /// The square root keeps candidate generation near-linear: a fingerprint shared by
    /// `d` documents costs `d²/2` pair updates, so with `d <= 2·sqrt(n)` each such
    /// fingerprint costs at most `2n`. The floor means small corpora never lose
    /// text to this rule: a passage must appear in more than that many documents (a wire
    /// statement quoted by fifty outlets is still reuse) before it counts as boilerplate.
    #[must_use]
    pub fn effective_max_doc_freq(&self, docs: usize) -> usize {
        self.max_doc_freq.unwrap_or_else(|| {
            // Integer square root, rounded up, without floating point.
            let mut r = 0usize;
            while r * r < docs {
                r += 1;
            }
            (2 * r).max(defaults::MAX_DOC_FREQ_FLOOR)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_clamps() {
        let c = Config::new();
        assert_eq!((c.get_ngram(), c.get_window(), c.get_min_words()), (5, 4, 8));
        assert_eq!(c.guaranteed_run(), c.get_min_words());
        let c = Config::new().ngram(0).window(0).min_words(0).min_similarity(3.0).min_shared(0);
        assert_eq!((c.get_ngram(), c.get_window(), c.get_min_words(), c.get_min_shared()), (1, 1, 1, 1));
        assert!((c.get_min_similarity() - 1.0).abs() < f64::EPSILON);
    }

    #[test]
    fn max_doc_freq_scales_with_corpus() {
        let c = Config::new();
        assert_eq!(c.effective_max_doc_freq(0), 50);
        assert_eq!(c.effective_max_doc_freq(3), 50);
        assert_eq!(c.effective_max_doc_freq(10_000), 200);
        assert_eq!(c.effective_max_doc_freq(100_001), 2 * 317);
        assert_eq!(Config::new().max_doc_freq(Some(7)).effective_max_doc_freq(1_000_000), 7);
    }
}
