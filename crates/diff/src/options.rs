//! [`DiffOptions`]: what the engine folds and how eagerly it pairs paragraphs.

use copytrace_text::NormalizeOptions;

/// Options of [`crate::diff()`]. Built with setters that state their defaults.
///
/// ```
/// use copytrace_diff::{DiffOptions, NormalizeOptions};
/// let opts = DiffOptions::new()
///     .normalize(NormalizeOptions::new().case(true))
///     .min_similarity(0.6)
///     .detect_moves(false);
/// assert!(opts.normalize_options().folds_case());
/// assert_eq!(opts.similarity_threshold(), 0.6);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DiffOptions {
    normalize: NormalizeOptions,
    min_similarity: f64,
    min_similarity_in_place: f64,
    min_containment: f64,
    detect_moves: bool,
    detect_merges: bool,
    semantic_cleanup: bool,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions {
            normalize: NormalizeOptions::default(),
            min_similarity: 0.5,
            min_similarity_in_place: 0.25,
            min_containment: 0.8,
            detect_moves: true,
            detect_merges: true,
            semantic_cleanup: true,
        }
    }
}

impl DiffOptions {
    /// The default options (see each setter for its default).
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// What normalisation folds when deciding which words are the same.
    /// Default: [`NormalizeOptions::default()`] (typography and white space folded, never
    /// case or punctuation).
    #[must_use]
    pub fn normalize(mut self, normalize: NormalizeOptions) -> Self {
        self.normalize = normalize;
        self
    }

    /// The smallest similarity for two paragraphs to be paired as one edited paragraph
    /// (or one moved paragraph), in `0.0..=1.0`. Similarity here is the Dice coefficient of
    /// the two paragraphs' bags of words: twice the number of shared words over the sum of
    /// both word counts. Pairs below it are reported as a deletion and an insertion, not as
    /// a rewrite riddled with coincidental matches on common words (unless
    /// [`DiffOptions::min_containment`] pairs them). Values are clamped into `0.0..=1.0`.
    /// Default: `0.5`.
    #[must_use]
    pub fn min_similarity(mut self, value: f64) -> Self {
        self.min_similarity = clamp01(value);
        self
    }

    /// The smallest similarity (as in [`DiffOptions::min_similarity`]) for two paragraphs to
    /// be paired when they stand *in the same place*: both are left unpaired between the
    /// same two paired paragraphs (or the same end of the texts) and nothing better pairs
    /// them. A paragraph reworded in place is then shown as edited rather than deleted and
    /// inserted; a paragraph elsewhere still needs [`DiffOptions::min_similarity`]. Set it
    /// to the same value or higher to turn in-place pairing off. Values are clamped into
    /// `0.0..=1.0`. Default: `0.25`.
    #[must_use]
    pub fn min_similarity_in_place(mut self, value: f64) -> Self {
        self.min_similarity_in_place = clamp01(value);
        self
    }

    /// The smallest share of a paragraph's words that must be found in another paragraph
    /// for the two to be paired although their similarity is below
    /// [`DiffOptions::min_similarity`] (a paragraph that was expanded or cut down), and for a
    /// paragraph to join a merge or split group (a part of a 1:N match). The shorter
    /// paragraph must hold at least four words for containment alone to pair it. Values are
    /// clamped into `0.0..=1.0`. Default: `0.8`.
    #[must_use]
    pub fn min_containment(mut self, value: f64) -> Self {
        self.min_containment = clamp01(value);
        self
    }

    /// Report paragraphs that changed place as moves (`moved: true`, equal text as
    /// [`crate::OpTag::Move`]) instead of a deletion plus an insertion. Default: `true`.
    #[must_use]
    pub fn detect_moves(mut self, yes: bool) -> Self {
        self.detect_moves = yes;
        self
    }

    /// Report one paragraph matching several consecutive paragraphs of the other text as
    /// one merged or split block. Default: `true`.
    #[must_use]
    pub fn detect_merges(mut self, yes: bool) -> Self {
        self.detect_merges = yes;
        self
    }

    /// Absorb short runs of equal words between two changes into one change, so a
    /// rewritten phrase reads as one replacement rather than a confetti of one-word
    /// matches on "the" and "a". Default: `true`.
    #[must_use]
    pub fn semantic_cleanup(mut self, yes: bool) -> Self {
        self.semantic_cleanup = yes;
        self
    }

    /// The normalisation options.
    #[must_use]
    pub fn normalize_options(&self) -> &NormalizeOptions {
        &self.normalize
    }

    /// The similarity threshold (see [`DiffOptions::min_similarity`]).
    #[must_use]
    pub fn similarity_threshold(&self) -> f64 {
        self.min_similarity
    }

    /// The in-place similarity threshold (see [`DiffOptions::min_similarity_in_place`]).
    #[must_use]
    pub fn in_place_threshold(&self) -> f64 {
        self.min_similarity_in_place
    }

    /// The containment threshold (see [`DiffOptions::min_containment`]).
    #[must_use]
    pub fn containment_threshold(&self) -> f64 {
        self.min_containment
    }

    /// Whether moves are detected.
    #[must_use]
    pub fn detects_moves(&self) -> bool {
        self.detect_moves
    }

    /// Whether merges and splits are detected.
    #[must_use]
    pub fn detects_merges(&self) -> bool {
        self.detect_merges
    }

    /// Whether the semantic clean-up runs.
    #[must_use]
    pub fn cleans_up(&self) -> bool {
        self.semantic_cleanup
    }
}

fn clamp01(v: f64) -> f64 {
    if v.is_nan() {
        0.0
    } else {
        v.clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_as_documented() {
        let o = DiffOptions::default();
        assert_eq!(o, DiffOptions::new());
        assert_eq!(o.similarity_threshold(), 0.5);
        assert_eq!(o.in_place_threshold(), 0.25);
        assert_eq!(o.containment_threshold(), 0.8);
        assert!(o.detects_moves() && o.detects_merges() && o.cleans_up());
        assert_eq!(*o.normalize_options(), NormalizeOptions::default());
    }

    #[test]
    fn thresholds_are_clamped() {
        let o = DiffOptions::new().min_similarity(1.5).min_containment(f64::NAN);
        assert_eq!(o.similarity_threshold(), 1.0);
        assert_eq!(o.containment_threshold(), 0.0);
        assert_eq!(DiffOptions::new().min_similarity(-2.0).similarity_threshold(), 0.0);
    }
}
