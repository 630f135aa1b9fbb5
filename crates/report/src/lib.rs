//! The wire formats of copytrace's JSON reports, the code that builds them from the engines'
//! results, and their JSON Schemas.
//!
//! `copytrace scan`, `copytrace trace` and `copytrace diff` write their `--format json` (and
//! `--format jsonl`) reports from the types of this crate, and read nothing else: a program
//! that links this crate gets the same reports, byte for byte, as the binary prints. The crate
//! does no file system IO and prints nothing; writers take any [`std::io::Write`].
//!
//! * [`scan`]: [`ScanReport`], the report of `copytrace scan` (documents, pairs, passages,
//!   clusters, boilerplate), and its JSON and JSON Lines writers.
//! * [`trace`]: [`TraceReport`], the report of `copytrace trace` (one article, paragraph by
//!   paragraph).
//! * [`diff`]: [`DiffReport`], the report of `copytrace diff`, built from a
//!   [`copytrace_diff::Diff`].
//! * [`json`]: the deterministic JSON layout every report is written in.
//! * [`build`]: [`build_scan`] and [`build_trace`], the reports built from the provenance
//!   engine's results and the documents of a [`copytrace_corpus::Corpus`] (offsets mapped
//!   to the original bytes, cluster origins from dates, [`clip`]ped trace passages).
//! * [`baseline`]: accepted reuse and which passages of a report it accepts.
//! * [`schema`]: the JSON Schema of each format, generated from these types.
//!
//! # Versioning
//!
//! The formats are a contract with the programs that read copytrace's reports (CI gates,
//! dashboards, a `--baseline` of accepted reuse): within a version fields are only ever
//! *added*; renaming or removing one, or changing its meaning, bumps the version
//! ([`scan::VERSION`], [`diff::VERSION`]). Readers should ignore fields they do not know.
//!
//! # Offsets and indices
//!
//! * **Byte offsets** `{"start": s, "end": e}` are offsets into the **original file's bytes**,
//!   0-based and **end exclusive**, whatever the file's encoding: a Windows-1252 or UTF-16
//!   file is decoded for matching, but offsets are mapped back to its bytes, so
//!   `file_bytes[s..e]` is exactly the text meant. For a document read from a JSON Lines
//!   record, the offsets are into the record's `text` value as UTF-8 after JSON unescaping
//!   ([`DocumentRecord::offsets`] says which).
//! * **Paragraph indices** (`paragraphs_a`, `paragraphs_b`, `index`, the diff's
//!   `old_paragraphs`/`new_paragraphs`) are **0-based**; the human reports count paragraphs
//!   from 1 (`paragraphs_a: [0]` is "paragraph 1" there, the range `{"start": 2, "end": 5}`
//!   is `¶3-5`).
//! * **Scores** (shares, similarities, confidences) are fractions in `0..=1`, rounded to four
//!   decimals ([`json::round4`]), so they print the same on every machine.
//!
//! # `copytrace scan --format json`
//!
//! One object, [`ScanReport`]:
//!
//! ```json
//! {
//!   "format": "copytrace-scan",
//!   "version": 1,
//!   "root": "corpus/",
//!   "partial": false,
//!   "summary": {"documents": 3, "pairs": 1, "passages": 9, "clusters": 0,
//!               "boilerplate": 2, "shared_words": 395, "skipped": 0, "warnings": 0, "errors": 0},
//!   "settings": {"ngram": 5, "window": 4, "min_words": 8, "max_gap": 12, "max_doc_freq": 50,
//!                "lone_doc_freq": 50, "min_similarity": 0.5,
//!                "tiers": ["verbatim", "edited", "reworded"],
//!                "reword": {"min_shared": 3, "seed_similarity": 0.33, "max_gap": 2,
//!                           "min_similarity": 0.45},
//!                "min_direction_confidence": 0.7},
//!   "documents": [{"id": "a.txt", "path": "a.txt", "date": "2019-05-04", "encoding": "utf-8",
//!                  "offsets": "file", "bytes": 2477, "body": {"start": 16, "end": 2477},
//!                  "words": 419, "shared_words": 400, "reused": 0.95, "derived": 0.0,
//!                  "originality": 1.0, ...}],
//!   "pairs": [{"id": 0, "a": "a.txt", "b": "b.txt", "shared_words": 395,
//!              "a_in_b": 0.94, "b_in_a": 0.62,
//!              "direction": {"source": "a.txt", "basis": "date", "confidence": 0.98},
//!              "passages": [0, 1, 2]}],
//!   "passages": [{"id": 0, "pair": 0, "a": {"doc": "a.txt", "start": 17, "end": 108},
//!                 "b": {"doc": "b.txt", "start": 85, "end": 176}, "words": 16,
//!                 "similarity": 1.0, "tier": "verbatim", "cluster": null,
//!                 "paragraphs_a": [0], "paragraphs_b": [1]}],
//!   "clusters": [{"id": 0, "documents": ["a.txt", "b.txt", "c.txt"], "words": 40,
//!                 "members": [{"doc": "a.txt", "start": 0, "end": 200}, ...], "passages": [3, 7],
//!                 "text": "In a statement, the police said ...", "origin": "a.txt"}],
//!   "boilerplate": [{"id": 0, "kind": "label-line", "text": "READ MORE: ...", "documents": 1,
//!                    "occurrences": [{"doc": "c.txt", "start": 900, "end": 960}]}],
//!   "skipped": [{"path": "logo.png", "reason": "binary: a NUL byte at byte 8"}],
//!   "warnings": [{"path": "old.txt", "message": "not valid UTF-8; read as Windows-1252"}],
//!   "errors": [{"path": "locked.txt", "message": "permission denied"}]
//! }
//! ```
//!
//! * `documents` are in corpus order (for a directory the walk order, by bytes of the file
//!   names at each level; for JSON Lines the file's order); `pairs` by shared words (most
//!   first), then by document order; `passages` by pair, then by their start in `a`;
//!   `boilerplate` by number of documents (most first), then position. Ids of pairs,
//!   passages, clusters and boilerplate are their indices in these arrays.
//! * In a pair, `a` is the document that comes first in `documents`. `a_in_b` is the share of
//!   `a`'s words found in `b` (containment of `a` in `b`), `b_in_a` the converse;
//!   `shared_words` is the larger of the two sides' shared word counts.
//! * A pair's `direction` names the likely `source` (one of the pair), or, when both took the
//!   shared text from a third document, `common_source` (its id; `source` is then `null`), or
//!   neither (`basis` `"unknown"`). `basis` is what the claim rests on (`"date"`, `"wire"`,
//!   `"hub"`, `"expansion"`, `"extract"`, `"common_source"`) and `confidence` the
//!   probability that it is right (see `copytrace_provenance::direction`).
//! * Words are counted as the engine matches them: metadata and label lines (`Credit: PA`,
//!   `READ MORE: ...`) are left out.
//! * Only passages that are reuse are in `passages`; text shared as boilerplate is in
//!   `boilerplate` (grouped by text, white space and case folded), with `kind`
//!   `"label-line"`, `"common-text"` (made of fingerprints found in more documents than
//!   `settings.max_doc_freq`) or `"widespread"` (a passage in more documents than that).
//! * A cluster's `text` is its core (in the document every member is aligned to), white
//!   space collapsed; `origin`, present only when at least two members are dated and one is
//!   dated before all the others, is that earliest member: the likely origin of the text.
//! * `partial` is true when a file could not be read (see `errors`): the report covers the
//!   rest, and the command exits with its "partial" code.
//!
//!
//! # `copytrace scan --format jsonl`
//!
//! One JSON object per line ([`scan::ScanLine`]), each with a `"type"`, in this order: one
//! `header` (`format`, `version`, `root`, `settings`), then every `document`, `pair`,
//! `passage`, `cluster`, `boilerplate`, `skipped`, `warning` and `error` record (each the
//! object of the same name above, plus its `type`), and a final `summary` (the summary
//! object plus `partial`). A reader can stop at any line; a stream without its `summary`
//! line was cut short.
//!
//! # `copytrace trace`
//!
//! `--format json` writes one [`TraceReport`] (`"format": "copytrace-trace"`): the `query`
//! (a document record), the `corpus` path, and `paragraphs[]`, one per paragraph of the
//! query that has words: `{index, line, start, end, words, likeliest, sources[]}`, where each
//! source is `{doc, path, date?, words, is_source, passages: [[query, source], ...]}` (two
//! [`Location`]s per passage, clipped to the paragraph: its bytes in the query file and in
//! the source). `--format jsonl` writes ([`trace::TraceLine`]) a `header` line (`format`,
//! `version`, `corpus`, `query`), one `paragraph` line each, the `error` lines and a final
//! `summary` line (`documents`, `paragraphs`, `traced`, `partial`).
//!
//! # `copytrace diff --format json`
//!
//! One JSON object, [`DiffReport`].
//!
//! ## Blocks and ops
//!
//! `blocks` follow NEW's order (a deleted block stands where its text was). Each block
//! relates a run of OLD paragraphs to a run of NEW paragraphs (see [`diff::WireBlock::kind`]) and
//! holds `ops`, word-level operations whose spans, taken over all blocks, cover:
//!
//! * **NEW** contiguously and in order: concatenating `new_bytes[op.new.start..op.new.end]`
//!   over every op of every block rebuilds NEW;
//! * **OLD** exactly once: sorting every op's `old` span by `start` gives a partition of OLD
//!   (blocks that moved take their OLD text out of order);
//!
//! except a UTF-16 file's 2-byte byte-order mark and a file's metadata (front matter or a
//! `date` prefix: [`diff::WireFile::metadata`]), which no span covers: metadata is not prose, it
//! is compared apart ([`diff::DiffReport::metadata`]). White space between paragraphs lives in
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
//! ## Example
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
//!
//! # JSON Schema
//!
//! [`schema`] generates a JSON Schema (draft 2020-12) of each format from these types, every
//! field described by its documentation; `copytrace schema scan|scan-jsonl|trace|trace-jsonl|diff`
//! prints it, and the repository keeps them under `schemas/`.
//!
//! # Examples
//!
//! Build the report of a diff and write it:
//!
//! ```
//! use copytrace_corpus::Input;
//! use copytrace_diff::{diff, DiffOptions, NormalizeOptions};
//! use copytrace_report::diff::DiffReport;
//! use copytrace_text::decode::decode;
//!
//! let old = Input::new("old.txt", decode(b"The mayor said the bridge would reopen on Monday.\n").unwrap());
//! let new = Input::new("new.txt", decode(b"The mayor said the bridge would reopen on Tuesday.\n").unwrap());
//! let norm = NormalizeOptions::default();
//! let result = diff(old.text(), new.text(), &DiffOptions::new().normalize(norm));
//! let report = DiffReport::new(&result, &old, &new, &norm);
//! assert!(!report.equal);
//! assert_eq!(report.stats.new_words, 9);
//!
//! let mut out = Vec::new();
//! copytrace_report::json::write_json(&mut out, &report).unwrap();
//! let text = String::from_utf8(out).unwrap();
//! assert!(text.starts_with("{\n  \"version\": 1,"));
//! ```

pub mod baseline;
pub mod build;
pub mod clip;
pub mod diff;
pub mod json;
pub mod scan;
pub mod schema;
pub mod trace;

pub use build::{build_scan, build_trace, doc_input, PassageText};
pub use diff::DiffReport;
pub use scan::{Accepted, AlternateRecord, DocumentRecord, Location, Notice, ScanReport};
pub use trace::TraceReport;
