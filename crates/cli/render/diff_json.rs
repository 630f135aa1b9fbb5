//! The JSON wire format of `copytrace diff --format json`, version 1.
//!
//! One JSON object ([`DiffReport`]) on stdout, laid out by [`super::json::write_json`]
//! (struct field order, two-space indentation at the top levels, one op per line). Same
//! input, same bytes.
//!
//! # Conventions
//!
//! * **Byte spans** `{"start": s, "end": e}` ([`WireSpan`]) are offsets into the
//!   **original files' bytes**, end exclusive, whatever the file's encoding: for a file read
//!   as Windows-1252 or UTF-16 they are mapped back from the decoded text, so
//!   `file_bytes[s..e]` is exactly the text the op is about.
//! * **Paragraph ranges** `{"start": s, "end": e}` ([`WireRange`]) are **0-based, end
//!   exclusive** indices into the file's paragraphs (blank-line separated), like the byte
//!   spans. The human report shows the same ranges 1-based and inclusive: `{"start": 2,
//!   "end": 5}` is `¶3-5` there.
//! * **Scores** are fractions in `0..=1`, rounded to 4 decimals.
//! * **Additions** within version 1 only add fields; a change of meaning or a removal bumps
//!   [`DiffReport::version`]. Readers should ignore fields they do not know.
//!
//! # Blocks and ops
//!
//! `blocks` follow NEW's order (a deleted block stands where its text was). Each block
//! relates a run of OLD paragraphs to a run of NEW paragraphs (see [`WireBlock::kind`]) and
//! holds `ops`, word-level operations whose spans, taken over all blocks, cover:
//!
//! * **NEW** contiguously and in order: concatenating `new_bytes[op.new.start..op.new.end]`
//!   over every op of every block rebuilds NEW;
//! * **OLD** exactly once: sorting every op's `old` span by `start` gives a partition of OLD
//!   (blocks that moved take their OLD text out of order);
//!
//! except a UTF-16 file's 2-byte byte-order mark and a file's metadata (front matter or a
//! `date` prefix: [`WireFile::metadata`]), which no span covers: metadata is not prose, it
//! is compared apart ([`DiffReport::metadata`]). White space between paragraphs lives in
//! blocks of kind `gap` (and a UTF-8 byte-order mark too, when the file has no metadata).
//!
//! An op's `tag` is one of:
//!
//! | tag | meaning | `old` | `new` |
//! |-----|---------|-------|-------|
//! | `equal` | the same text under the normalisation (bytes may differ: quotes, spacing) | the text in OLD | the text in NEW |
//! | `delete` | text of OLD not in NEW | the deleted text | empty span where it was, in NEW |
//! | `insert` | text of NEW not in OLD | empty span where it goes, in OLD | the inserted text |
//! | `replace` | OLD's text replaced by NEW's | the old text | the new text |
//! | `move` | equal text in a block that moved | the text at its OLD place | the text at its NEW place |
//!
//! # Example
//!
//! `copytrace diff --format json old.txt new.txt` with `old.txt` holding
//! `"Old" text.\n\nSecond para.\n` and `new.txt` holding
//! `Second para.\n\n“Old” text, edited.\n`:
//!
//! ```json
//! {
//!   "version": 1,
//!   "equal": false,
//!   "normalization": {
//!     "typography": true,
//!     "case": false,
//!     "punctuation": false
//!   },
//!   "files": {
//!     "old": {
//!       "path": "old.txt",
//!       "encoding": "utf-8",
//!       "bytes": 26,
//!       "paragraphs": 2,
//!       "words": 4
//!     },
//!     "new": {
//!       "path": "new.txt",
//!       "encoding": "utf-8",
//!       "bytes": 38,
//!       "paragraphs": 2,
//!       "words": 5
//!     }
//!   },
//!   "stats": {
//!     "old_words": 4,
//!     "new_words": 5,
//!     "old_kept": 4,
//!     "new_taken": 4,
//!     "old_in_new": 1.0,
//!     "new_from_old": 0.8
//!   },
//!   "blocks": [
//!     {
//!       "kind": "gap",
//!       "old_paragraphs": {"start": 1, "end": 1},
//!       "new_paragraphs": {"start": 0, "end": 0},
//!       "moved": false,
//!       "similarity": 1.0,
//!       "ops": [
//!         {"tag": "delete", "old": {"start": 11, "end": 13}, "new": {"start": 0, "end": 0}}
//!       ]
//!     },
//!     {
//!       "kind": "equal",
//!       "old_paragraphs": {"start": 1, "end": 2},
//!       "new_paragraphs": {"start": 0, "end": 1},
//!       "moved": false,
//!       "similarity": 1.0,
//!       "ops": [
//!         {"tag": "equal", "old": {"start": 13, "end": 25}, "new": {"start": 0, "end": 12}}
//!       ]
//!     },
//!     {
//!       "kind": "gap",
//!       "old_paragraphs": {"start": 0, "end": 0},
//!       "new_paragraphs": {"start": 1, "end": 1},
//!       "moved": false,
//!       "similarity": 1.0,
//!       "ops": [
//!         {"tag": "insert", "old": {"start": 25, "end": 25}, "new": {"start": 12, "end": 14}}
//!       ]
//!     },
//!     {
//!       "kind": "edited",
//!       "old_paragraphs": {"start": 0, "end": 1},
//!       "new_paragraphs": {"start": 1, "end": 2},
//!       "moved": true,
//!       "similarity": 0.8,
//!       "ops": [
//!         {"tag": "move", "old": {"start": 0, "end": 10}, "new": {"start": 14, "end": 28}},
//!         {"tag": "insert", "old": {"start": 10, "end": 10}, "new": {"start": 28, "end": 36}},
//!         {"tag": "move", "old": {"start": 10, "end": 11}, "new": {"start": 36, "end": 37}}
//!       ]
//!     },
//!     {
//!       "kind": "gap",
//!       "old_paragraphs": {"start": 2, "end": 2},
//!       "new_paragraphs": {"start": 2, "end": 2},
//!       "moved": false,
//!       "similarity": 1.0,
//!       "ops": [
//!         {"tag": "equal", "old": {"start": 25, "end": 26}, "new": {"start": 37, "end": 38}}
//!       ]
//!     }
//!   ]
//! }
//! ```

use super::json::{round4, write_json};
use copytrace_corpus::Input;
use copytrace_diff::{BlockKind, Diff, NormalizeOptions, OpTag, Span};
use serde::Serialize;
use std::io::{self, Write};

/// The version of this schema, in [`DiffReport::version`].
pub const VERSION: u32 = 1;

/// The whole report.
#[derive(Clone, Debug, PartialEq, Serialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WireMetadataChange {
    /// The key: `title`, `outlet`, `date`, `url` or another front-matter key.
    pub key: String,
    /// OLD's value (dates normalised), or null when OLD has no such key.
    pub old: Option<String>,
    /// NEW's value, or null.
    pub new: Option<String>,
}

/// What the normalisation folded (`copytrace diff` options).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct WireNormalization {
    /// Unicode compatibility forms, quotes, apostrophes, dashes (off with `--strict-typography`).
    pub typography: bool,
    /// Letter case (`--ignore-case`).
    pub case: bool,
    /// Punctuation ignored (`--ignore-punctuation`).
    pub punctuation: bool,
}

/// The two files.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WireFiles {
    /// The earlier text.
    pub old: WireFile,
    /// The later text.
    pub new: WireFile,
}

/// One file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WireFile {
    /// The path as given on the command line (`<stdin>` for `-`).
    pub path: String,
    /// How the bytes were read: `utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be` or
    /// `windows-1252` (text that was not valid UTF-8).
    pub encoding: String,
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
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
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
#[derive(Clone, Debug, PartialEq, Serialize)]
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

/// A range of paragraph indices: 0-based, end exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct WireRange {
    /// The first paragraph.
    pub start: usize,
    /// One past the last paragraph.
    pub end: usize,
}

/// A byte span into an original file: 0-based, end exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct WireSpan {
    /// The first byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// One operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct WireOp {
    /// `equal`, `delete`, `insert`, `replace` or `move` (see the [module docs](self)).
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

/// Writes the report of `diff` as JSON.
///
/// # Errors
/// Whatever the writer returns.
pub fn render(w: &mut dyn Write, diff: &Diff, old: &Input, new: &Input, norm: &NormalizeOptions) -> io::Result<()> {
    write_json(w, &DiffReport::new(diff, old, new, norm))
}
