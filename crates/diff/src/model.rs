//! The result of a diff: paragraph blocks and word-level operations over byte spans.
//!
//! These types are the contract between the diff engine and every renderer (the CLI's
//! human report, its side-by-side view and its JSON wire format).

use copytrace_text::segment::Segmented;
use copytrace_text::Span;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// What an operation does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OpTag {
    /// Same text under the chosen normalisation (the bytes may still differ, e.g. quotes).
    Equal,
    /// Text of OLD that is not in NEW. `new` is the empty span where it would have been.
    Delete,
    /// Text of NEW that is not in OLD. `old` is the empty span where it goes in OLD.
    Insert,
    /// OLD's text replaced by NEW's.
    Replace,
    /// Unchanged text that moved: `old` and `new` are the two places.
    Move,
}

/// One operation: a tag and the two spans it relates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Op {
    /// What happened.
    pub tag: OpTag,
    /// Span in OLD (empty for [`OpTag::Insert`]).
    pub old: Span,
    /// Span in NEW (empty for [`OpTag::Delete`]).
    pub new: Span,
}

/// How a block of paragraphs relates OLD to NEW.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    /// One paragraph each side, equal under normalisation.
    Equal,
    /// One paragraph each side, similar but edited.
    Edited,
    /// Several consecutive OLD paragraphs became one NEW paragraph (N:1).
    Merged,
    /// One OLD paragraph became several consecutive NEW paragraphs (1:N).
    Split,
    /// OLD paragraphs with no counterpart in NEW.
    Deleted,
    /// NEW paragraphs with no counterpart in OLD.
    Inserted,
    /// The white space (and a leading byte-order mark) between blocks, at the start and at
    /// the end of the texts. It holds no text, so it is never shown as a change: its ops are
    /// `Equal` when both sides have white space there, else `Insert` or `Delete`.
    /// `old_paras` and `new_paras` are empty ranges at the paragraph indices it precedes.
    Gap,
}

/// A run of paragraphs of OLD aligned with a run of paragraphs of NEW.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Block {
    /// The relation.
    pub kind: BlockKind,
    /// Paragraph indices in OLD (empty for inserted blocks, positioned where they go).
    pub old_paras: Range<usize>,
    /// Paragraph indices in NEW (empty for deleted blocks, positioned where they were).
    pub new_paras: Range<usize>,
    /// Whether the OLD paragraphs were moved: they stand elsewhere relative to their
    /// neighbours (the block is then shown at its NEW place with where it came from).
    pub moved: bool,
    /// Similarity of the two sides in `0.0..=1.0` (share of words matched).
    pub similarity: f64,
    /// Word-level operations covering the block's bytes on both sides.
    pub ops: Vec<Op>,
}

/// Word counts and containment both ways.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    /// Words in OLD.
    pub old_words: usize,
    /// Words in NEW.
    pub new_words: usize,
    /// Words of OLD kept in NEW (in equal or moved text).
    pub old_kept: usize,
    /// Words of NEW taken from OLD.
    pub new_taken: usize,
}

impl Stats {
    /// Share of OLD's words kept in NEW (1.0 for an empty OLD).
    #[must_use]
    pub fn old_in_new(&self) -> f64 {
        ratio(self.old_kept, self.old_words)
    }

    /// Share of NEW's words taken from OLD (1.0 for an empty NEW).
    #[must_use]
    pub fn new_from_old(&self) -> f64 {
        ratio(self.new_taken, self.new_words)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        #[allow(clippy::cast_precision_loss, reason = "word counts are far below 2^52")]
        let r = a as f64 / b as f64;
        r
    }
}

/// The paragraphs of one text, as the diff numbered them: [`Block::old_paras`] and
/// [`Block::new_paras`] index [`Layout::paragraphs`]. The same paragraphs as
/// [`Segmented::new`] finds; for the tokens, segment the text with it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Layout {
    /// Length of the text in bytes.
    pub len: usize,
    /// Bytes of a leading byte-order mark (0 or 3).
    pub bom: usize,
    /// Each paragraph's span, from its first to its last non-white-space character.
    pub paragraphs: Vec<Span>,
}

impl Layout {
    /// The layout of a segmented text.
    #[must_use]
    pub fn of(seg: &Segmented) -> Layout {
        Layout { len: seg.len, bom: seg.bom, paragraphs: seg.paragraphs.iter().map(|p| p.span).collect() }
    }
}

/// A complete diff of two texts.
#[derive(Clone, Debug, PartialEq)]
pub struct Diff {
    /// OLD's paragraphs.
    pub old: Layout,
    /// NEW's paragraphs.
    pub new: Layout,
    /// Blocks in NEW's order; deleted blocks stand where their text was, between the
    /// blocks of their OLD neighbours.
    pub blocks: Vec<Block>,
    /// Counts and containment.
    pub stats: Stats,
}

impl Diff {
    /// Whether the texts are equal under the normalisation used: every op outside
    /// [`BlockKind::Gap`] blocks is `Equal`. Gap blocks hold only white space (and a
    /// byte-order mark), which never makes two texts differ.
    #[must_use]
    pub fn is_equal(&self) -> bool {
        self.blocks.iter().filter(|b| b.kind != BlockKind::Gap).flat_map(|b| &b.ops).all(|o| o.tag == OpTag::Equal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containment_ratios() {
        let s = Stats { old_words: 10, new_words: 20, old_kept: 9, new_taken: 9 };
        assert!((s.old_in_new() - 0.9).abs() < 1e-12);
        assert!((s.new_from_old() - 0.45).abs() < 1e-12);
        assert_eq!(Stats::default().old_in_new(), 1.0, "an empty OLD is wholly kept");
    }

    fn block(kind: BlockKind, tag: OpTag) -> Block {
        let op = Op { tag, old: Span::new(0, 1), new: Span::new(0, 1) };
        Block { kind, old_paras: 0..1, new_paras: 0..1, moved: false, similarity: 1.0, ops: vec![op] }
    }

    #[test]
    fn gaps_never_make_texts_differ() {
        let mut d = Diff {
            old: Layout::default(),
            new: Layout::default(),
            blocks: vec![block(BlockKind::Equal, OpTag::Equal), block(BlockKind::Gap, OpTag::Insert)],
            stats: Stats::default(),
        };
        assert!(d.is_equal());
        d.blocks.push(block(BlockKind::Edited, OpTag::Replace));
        assert!(!d.is_equal());
    }
}
