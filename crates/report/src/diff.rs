//! The report of `copytrace diff`: [`DiffReport`], built from a [`copytrace_diff::Diff`]
//! with [`DiffReport::new`].
//!
//! The format is described in the [crate docs](crate#copytrace-diff---format-json): byte
//! spans into the original files, 0-based paragraph ranges, blocks in NEW's order, ops
//! covering both texts.

use crate::build::html;
use crate::json::{round4, write_json};
use copytrace_corpus::Input;
use copytrace_diff::{BlockKind, Diff, NormalizeOptions, OpTag, Span};
use schemars::JsonSchema;
use serde::Serialize;
use std::io::{self, Write};

/// The version of this schema, in [`DiffReport::version`].
pub const VERSION: u32 = 1;

/// The report of `copytrace diff --format json`: how NEW differs from OLD, paragraph by
/// paragraph and word by word.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct DiffReport {
    /// The schema version: `1`.
    pub version: u32,
    /// Whether the files are equal under the normalisation (the exit status is then 0).
    pub equal: bool,
    /// What the normalisation folded when deciding which words are the same.
    pub normalization: WireNormalization,
    /// The two files.
    pub files: WireFiles,
    /// Word counts and containment both ways.
    pub stats: WireStats,
    /// The metadata keys whose values differ (front matter, a `date` prefix), in a fixed
    /// order; absent when the metadata is the same. Metadata is not prose: no op covers
    /// it, and a difference here alone makes the files differ (`equal` is false).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub metadata: Vec<WireMetadataChange>,
    /// The alignment, in NEW's order.
    pub blocks: Vec<WireBlock>,
}

/// One metadata key whose value differs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct WireMetadataChange {
    /// The key: `title`, `outlet`, `date`, `url` or another front-matter key.
    pub key: String,
    /// OLD's value (dates normalised), or null when OLD has no such key.
    pub old: Option<String>,
    /// NEW's value, or null.
    pub new: Option<String>,
}

/// What the normalisation folded (`copytrace diff` options).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct WireNormalization {
    /// Unicode compatibility forms, quotes, apostrophes, dashes (off with `--strict-typography`).
    pub typography: bool,
    /// Letter case (`--ignore-case`).
    pub case: bool,
    /// Punctuation ignored (`--ignore-punctuation`).
    pub punctuation: bool,
}

/// The two files.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct WireFiles {
    /// The earlier text.
    pub old: WireFile,
    /// The later text.
    pub new: WireFile,
}

/// One file.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct WireFile {
    /// The path as given on the command line (`<stdin>` for `-`).
    pub path: String,
    /// How the bytes were read: `utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be` or
    /// `windows-1252` (text that was not valid UTF-8).
    pub encoding: String,
    /// `"html"` when the document is an HTML page, read as the prose of its article
    /// (offsets still refer to the page's bytes: markup and references included); absent
    /// for text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("enum" = ["html"]))]
    pub format: Option<String>,
    /// Size in bytes.
    pub bytes: usize,
    /// Number of paragraphs.
    pub paragraphs: usize,
    /// Number of words.
    pub words: usize,
    /// The bytes before the prose when the file starts with metadata (white space, front
    /// matter up to its closing line, a `date` prefix and the white space after it), which
    /// no op covers; absent when the file has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<WireSpan>,
}

/// Word counts and containment.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, JsonSchema)]
pub struct WireStats {
    /// Words in OLD.
    pub old_words: usize,
    /// Words in NEW.
    pub new_words: usize,
    /// Words of OLD kept in NEW (in `equal` and `move` ops).
    pub old_kept: usize,
    /// Words of NEW taken from OLD.
    pub new_taken: usize,
    /// `old_kept / old_words`: the share of OLD found in NEW (1 when OLD has no words).
    pub old_in_new: f64,
    /// `new_taken / new_words`: the share of NEW taken from OLD (1 when NEW has no words).
    pub new_from_old: f64,
}

/// A run of OLD paragraphs aligned with a run of NEW paragraphs.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct WireBlock {
    /// One of:
    /// * `equal`: one paragraph each side, equal under the normalisation;
    /// * `edited`: one paragraph each side, similar but edited;
    /// * `merged`: several consecutive OLD paragraphs became one NEW paragraph (N:1);
    /// * `split`: one OLD paragraph became several consecutive NEW paragraphs (1:N);
    /// * `deleted`: OLD paragraphs with no counterpart (`new_paragraphs` is empty, placed
    ///   where they stood);
    /// * `inserted`: NEW paragraphs with no counterpart (`old_paragraphs` is empty);
    /// * `gap`: white space between paragraphs (both ranges empty); never a change.
    #[schemars(extend("enum" = ["equal", "edited", "merged", "split", "deleted", "inserted", "gap"]))]
    pub kind: String,
    /// OLD's paragraphs (0-based, end exclusive).
    pub old_paragraphs: WireRange,
    /// NEW's paragraphs (0-based, end exclusive).
    pub new_paragraphs: WireRange,
    /// Whether the OLD paragraphs moved: they stood elsewhere relative to their neighbours.
    /// Their unchanged text is then tagged `move`, not `equal`.
    pub moved: bool,
    /// Share of the two sides' words that match, `0..=1` (0 for deleted and inserted
    /// blocks, 1 for gaps).
    pub similarity: f64,
    /// Word-level operations over the block's bytes.
    pub ops: Vec<WireOp>,
}

/// A range of paragraph indices: 0-based, end exclusive. The human report shows the same
/// range 1-based and inclusive: `{"start": 2, "end": 5}` is `¶3-5` there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct WireRange {
    /// Index of the first paragraph, 0-based.
    pub start: usize,
    /// Index one past the last paragraph (end exclusive; equal to `start` when empty).
    pub end: usize,
}

/// A byte span of an original file (its bytes on disk, whatever its encoding): 0-based, end
/// exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct WireSpan {
    /// Offset of the first byte, 0-based.
    pub start: usize,
    /// Offset one past the last byte (end exclusive; equal to `start` when empty).
    pub end: usize,
}

/// One operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct WireOp {
    /// What the op does (see the [crate docs](crate#blocks-and-ops)): `equal` (the same
    /// text under the normalisation), `delete` (text of OLD not in NEW; `new` is the empty
    /// span where it was), `insert` (text of NEW not in OLD; `old` is the empty span where
    /// it goes), `replace` (OLD's text replaced by NEW's) or `move` (equal text in a block
    /// that moved).
    #[schemars(extend("enum" = ["equal", "delete", "insert", "replace", "move"]))]
    pub tag: &'static str,
    /// The span in OLD's bytes.
    pub old: WireSpan,
    /// The span in NEW's bytes.
    pub new: WireSpan,
}

impl DiffReport {
    /// Builds the report of `diff`, computed from the texts of `old` and `new` with the
    /// normalisation `norm`; spans are mapped to the files' bytes.
    #[must_use]
    pub fn new(diff: &Diff, old: &Input, new: &Input, norm: &NormalizeOptions) -> Self {
        let file = |input: &Input, seg: &copytrace_diff::Layout, words: usize| WireFile {
            path: input.name.clone(),
            encoding: input.encoding().name().to_owned(),
            format: html(input.format()),
            bytes: input.decoded.original_len(),
            paragraphs: seg.paragraphs.len(),
            words,
            metadata: input.metadata_span().map(|s| WireSpan { start: s.start, end: s.end }),
        };
        let s = &diff.stats;
        let span = |input: &Input, sp: Span| {
            let o = input.original_span(sp);
            WireSpan { start: o.start, end: o.end }
        };
        let blocks = diff
            .blocks
            .iter()
            .map(|b| WireBlock {
                kind: kind_name(b.kind).to_owned(),
                old_paragraphs: WireRange { start: b.old_paras.start, end: b.old_paras.end },
                new_paragraphs: WireRange { start: b.new_paras.start, end: b.new_paras.end },
                moved: b.moved,
                similarity: round4(b.similarity),
                ops: b
                    .ops
                    .iter()
                    .map(|op| WireOp { tag: tag_name(op.tag), old: span(old, op.old), new: span(new, op.new) })
                    .collect(),
            })
            .collect();
        let metadata: Vec<WireMetadataChange> = copytrace_corpus::Metadata::changes(&old.meta, &new.meta)
            .into_iter()
            .map(|c| WireMetadataChange { key: c.key, old: c.old, new: c.new })
            .collect();
        DiffReport {
            version: VERSION,
            equal: diff.is_equal() && metadata.is_empty(),
            normalization: WireNormalization {
                typography: norm.folds_typography(),
                case: norm.folds_case(),
                punctuation: norm.folds_punctuation(),
            },
            files: WireFiles { old: file(old, &diff.old, s.old_words), new: file(new, &diff.new, s.new_words) },
            stats: WireStats {
                old_words: s.old_words,
                new_words: s.new_words,
                old_kept: s.old_kept,
                new_taken: s.new_taken,
                old_in_new: round4(s.old_in_new()),
                new_from_old: round4(s.new_from_old()),
            },
            metadata,
            blocks,
        }
    }
}

/// The wire name of a block kind.
#[must_use]
pub fn kind_name(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::Equal => "equal",
        BlockKind::Edited => "edited",
        BlockKind::Merged => "merged",
        BlockKind::Split => "split",
        BlockKind::Deleted => "deleted",
        BlockKind::Inserted => "inserted",
        BlockKind::Gap => "gap",
    }
}

/// The wire name of an op tag.
#[must_use]
pub fn tag_name(tag: OpTag) -> &'static str {
    match tag {
        OpTag::Equal => "equal",
        OpTag::Delete => "delete",
        OpTag::Insert => "insert",
        OpTag::Replace => "replace",
        OpTag::Move => "move",
    }
}

/// Writes the report of `diff` as JSON (see [`DiffReport::new`]).
///
/// # Errors
/// Whatever the writer returns.
pub fn write(w: &mut dyn Write, diff: &Diff, old: &Input, new: &Input, norm: &NormalizeOptions) -> io::Result<()> {
    write_json(w, &DiffReport::new(diff, old, new, norm))
}
