//! Paragraph-aware prose diff.
//!
//! `copytrace-diff` compares two versions of a prose text the way an editor reads them:
//! paragraph by paragraph, then word by word inside paragraphs that correspond. It survives
//! what line- and word-based tools stumble on: a paragraph merged into its neighbour or
//! split in three, a paragraph moved elsewhere, curly quotes replaced by straight ones. It
//! does no IO and knows nothing about colour; renderers (the `copytrace` CLI) turn a
//! [`Diff`] into a report. Decoding, segmentation and normalisation are those of
//! `copytrace-text`, shared with `copytrace-provenance`.
//!
//! # Overview
//!
//! [`diff()`] takes two `&str` and a [`DiffOptions`] and returns a [`Diff`]:
//!
//! * [`Diff::old`] and [`Diff::new`]: the paragraphs of both texts ([`Layout`]: byte spans,
//!   which [`Block`]s refer to by index; [`copytrace_text::Segmented`] gives the tokens too);
//! * [`Diff::blocks`]: [`Block`]s in NEW's order, each relating a run of OLD paragraphs to
//!   a run of NEW paragraphs ([`BlockKind`]), with a similarity score and word-level
//!   [`Op`]s;
//! * [`Diff::stats`]: word counts and the containment both ways ([`Stats::old_in_new`],
//!   [`Stats::new_from_old`]).
//!
//! Every position is a byte [`Span`] into the text given (end exclusive). When that text
//! was decoded from a file that was not UTF-8, map spans back to the file's bytes with
//! [`copytrace_text::Decoded::original_span`].
//!
//! # Normalisation
//!
//! Normalisation decides which tokens are *the same*; it never changes what is shown
//! ([`copytrace_text::normalize`]). By default typography and white space are folded, never words: Unicode
//! NFKC, curly and straight quotes and apostrophes, the dash family, the ellipsis; any run
//! of white space (spaces, tabs, line breaks, `\r\n` or `\n`) equals any other, and the
//! white space between paragraphs is never a change. A leading byte-order mark is not
//! text. Case folding ([`NormalizeOptions::case`]) and ignoring punctuation
//! ([`NormalizeOptions::punctuation`]) are opt-in. Word boundaries themselves are found with
//! quotes and dashes folded, so a typographic variant never splits a word differently.
//!
//! # Alignment model
//!
//! Paragraphs are separated by blank lines ([`copytrace_text::segment`]). First, unchanged paragraphs are
//! **settled** (details in the source of the `settle` module): a paragraph whose bytes occur
//! exactly once in OLD and once in NEW, and holds a word, is paired with its twin as an
//! equal block when such pairs, in the heaviest chain of them in the same order in both
//! texts (weight: bytes), keep that order; settled pairs always stay in place. As a line
//! diff's common lines do, this makes unchanged text nearly free (it is segmented once and
//! never interned, indexed or word-diffed). The other paragraphs (changed, repeated, equal
//! only after normalisation, or unchanged but moved) are paired in five steps (details in
//! the source of the `align` module; a paragraph alone between two settled pairs, facing
//! one alone between the same two in the other text, pairs with it directly when the two
//! pass step 2's test and their word diff holds up):
//!
//! 1. **Candidates** from an inverted index over word bigrams: each paragraph is compared
//!    only with the few paragraphs of the other text sharing the most bigrams, never with
//!    all of them.
//! 2. **Units.** Two paragraphs pair 1:1 when the Dice coefficient of their bags of words
//!    reaches [`DiffOptions::min_similarity`] (default 0.5), or when the shorter (at least
//!    four words) is contained in the longer to [`DiffOptions::min_containment`] (default
//!    0.8). A run of consecutive paragraphs taking most of their words from one paragraph of
//!    the other text forms a 1:N unit.
//! 3. **Chain.** The heaviest set of units in the same order in both texts (weight: words
//!    shared) stays in place. A paragraph with an identical counterpart pairs 1:1 with
//!    nothing else.
//! 4. **Moves.** Units crossing that chain are moves: `moved: true`, shown at their NEW
//!    place, with their OLD paragraphs in [`Block::old_paras`].
//! 5. **In place.** Paragraphs still unpaired that stand between the same two chain units
//!    in both texts pair 1:1 at the lower [`DiffOptions::min_similarity_in_place`] (default
//!    0.25): a paragraph reworded where it stood is shown as edited. Below these thresholds
//!    paragraphs are never forced together: they are a deletion and an insertion. So is a
//!    pair whose word-by-word similarity, after the clean-up described below, stays under
//!    0.1: bags of words can make unrelated paragraphs look alike through "the" and "of",
//!    the word diff cannot. A move must reach the in-place threshold word by word. Units
//!    failing these checks are excluded and the selection (steps 3-5) runs again, at most
//!    three times in all, so the paragraphs they held can pair otherwise.
//!
//! Block kinds: [`BlockKind::Equal`] and [`BlockKind::Edited`] (one paragraph each side),
//! [`BlockKind::Merged`] (several OLD paragraphs became one NEW paragraph),
//! [`BlockKind::Split`] (one OLD paragraph became several NEW ones), [`BlockKind::Deleted`],
//! [`BlockKind::Inserted`], and [`BlockKind::Gap`] for the white space between blocks.
//! Blocks come in NEW's order; a deleted block stands right after the block holding the
//! nearest OLD paragraph before it that did not move.
//!
//! Inside a block the token sequences of both sides are compared (see *Cost bounds*), then
//! a semantic clean-up ([`DiffOptions::semantic_cleanup`]) absorbs a run of at most two
//! equal tokens lying between two changes when it is no longer, in characters, than the
//! larger side of the change before it and of the change after it: a rewritten phrase shows
//! as one replacement, not as a confetti of matches on "the" and "a", while a single changed
//! word in a long sentence still shows alone, and longer runs the writer kept stay equal.
//! Changed spans are tight: the white space next to a change belongs to the neighbouring
//! equal op. In a moved block, unchanged text is [`OpTag::Move`].
//!
//! # Invariants
//!
//! These hold for every input and every option (property-tested):
//!
//! * The ops of all blocks, gap blocks included, **partition both texts**: every byte of
//!   OLD lies in exactly one op's `old` span, every byte of NEW in exactly one op's `new`
//!   span. Concatenating the `old` spans sorted by start rebuilds OLD; concatenating the
//!   `new` spans in block order rebuilds NEW.
//! * An [`OpTag::Insert`] has an empty `old` span at the place in OLD where its text goes;
//!   an [`OpTag::Delete`] has an empty `new` span likewise. No other op has an empty span on
//!   both sides.
//! * [`OpTag::Equal`] and [`OpTag::Move`] ops are equal under the normalisation: the same
//!   normalised tokens (white space aside). No op boundary cuts a token.
//! * Every paragraph is in exactly one non-gap block; `Equal`/`Edited` blocks hold one
//!   paragraph each side, `Merged` N:1, `Split` 1:N. Gap blocks hold only white space and a
//!   byte-order mark. Inside `Merged` and `Split` blocks, an op may run across a paragraph
//!   boundary (the blank line then lies inside it); renderers cut it at the paragraph spans.
//! * Deterministic: the same input gives the same [`Diff`]. No result depends on a clock or
//!   on hash-map iteration order.
//!
//! # Example
//!
//! ```
//! use copytrace_diff::{diff, BlockKind, DiffOptions, OpTag};
//!
//! let old = "The minister said \u{201C}no comment\u{201D}.\n\nA second paragraph. And a third one.\n";
//! let new = "The minister said \"no comment\".\r\n\r\nA second paragraph.\r\n\r\nAnd a third one, now longer.\r\n";
//! let d = diff(old, new, &DiffOptions::default());
//!
//! let kinds: Vec<BlockKind> = d.blocks.iter().map(|b| b.kind).filter(|k| *k != BlockKind::Gap).collect();
//! // Quote style and line endings are not changes; the second paragraph was split in two.
//! assert_eq!(kinds, [BlockKind::Equal, BlockKind::Split]);
//!
//! let changes: Vec<(&str, &str)> = d
//!     .blocks
//!     .iter()
//!     .flat_map(|b| &b.ops)
//!     .filter(|op| op.tag != OpTag::Equal)
//!     .map(|op| (&old[op.old.range()], &new[op.new.range()]))
//!     .collect();
//! assert_eq!(changes, [("", ", now longer")]);
//! assert!(d.stats.old_in_new() == 1.0 && d.stats.new_from_old() < 1.0);
//!
//! // Every byte of NEW, in block order.
//! let rebuilt: String = d.blocks.iter().flat_map(|b| &b.ops).map(|op| &new[op.new.range()]).collect();
//! assert_eq!(rebuilt, new);
//! ```
//!
//! # Cost bounds
//!
//! No result ever depends on a deadline; work is bounded by the size of the input:
//!
//! * Segmentation, normalisation and interning are linear. From 1 MiB of input (OLD and NEW
//!   together) on, the two texts are segmented, interned and indexed in parallel (rayon); the
//!   results are merged in a fixed order and equal the sequential ones.
//! * Paragraph candidates come from the bigram index: at most eight per paragraph and
//!   direction, and bigrams held by more than 32 paragraphs are not followed, so scoring is
//!   linear in the number of words, whatever the number of paragraphs. The chain takes
//!   `O(u log u)` for `u` candidate units. In-place pairing scores every pair only in gaps
//!   of at most 64 pairs of leftover paragraphs.
//! * Token sequences of a block are compared with `similar`'s Myers algorithm only when
//!   both sides together hold at most 2,000 tokens after common prefix and suffix are
//!   stripped (at most about four million steps). Larger pieces are cut at tokens unique on
//!   both sides that keep their order (the patience idea), or, where no token is unique, at
//!   unique runs of 2 to 16 tokens, and compared again; a piece with no such anchor, or any
//!   piece once the call has spent 64 units of work per token, is one replacement.
//!
//! Two unrelated 10 MB texts, or thousands of paragraphs against thousands, take a few
//! seconds in a release build; the test suite checks that four times the input costs well
//! under sixteen times the work, counting work rather than time.

mod align;
mod chain;
mod engine;
mod flat;
mod hash;
pub mod model;
mod options;
mod par;
mod settle;
mod side;
mod words;
mod work;

#[cfg(test)]
mod tests;

pub use copytrace_text::{NormalizeOptions, Span};
pub use model::{Block, BlockKind, Diff, Layout, Op, OpTag, Stats};
pub use options::DiffOptions;

/// Compares `old` with `new`: paragraphs aligned, word-level ops inside each block (see the
/// [crate documentation](crate) for the model and its invariants).
#[must_use]
pub fn diff(old: &str, new: &str, opts: &DiffOptions) -> Diff {
    engine::diff_counted(old, new, opts).0
}
