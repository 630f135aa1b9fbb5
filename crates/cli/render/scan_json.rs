//! The JSON wire format of `copytrace scan` and `copytrace trace` (`--format json` and
//! `--format jsonl`), version 1.
//!
//! This module is the contract with programs that read copytrace's reports (CI gates,
//! dashboards, an `--baseline` of accepted reuse): fields are only ever *added* within a
//! version; renaming or removing one, or changing its meaning, bumps [`VERSION`].
//!
//! # Offsets
//!
//! Every location is a [`Location`] `{"doc": ID, "start": S, "end": E}`: a document id and
//! a **byte** range `S..E` (end exclusive) of the **original file** as it is on disk, whatever
//! its encoding (a Windows-1252 or UTF-16 file is decoded for matching, but offsets are mapped
//! back to its bytes). For a document read from a JSON Lines record, the offsets are into the
//! record's `text` value as UTF-8 after JSON unescaping ([`Document::offsets`] says which).
//!
//! # `--format json`
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
//!                "lone_doc_freq": 50, "min_similarity": 0.5},
//!   "documents": [{"id": "a.txt", "path": "a.txt", "date": "2019-05-04", "encoding": "utf-8",
//!                  "offsets": "file", "bytes": 2477, "body": {"start": 16, "end": 2477},
//!                  "words": 419, "shared_words": 400, "reused": 0.95, "derived": 0.0,
//!                  "originality": 1.0, ...}],
//!   "pairs": [{"id": 0, "a": "a.txt", "b": "b.txt", "shared_words": 395,
//!              "a_in_b": 0.94, "b_in_a": 0.62,
//!              "direction": {"source": "a.txt", "basis": "date", "confidence": 1.0},
//!              "passages": [0, 1, 2]}],
//!   "passages": [{"id": 0, "pair": 0, "a": {"doc": "a.txt", "start": 17, "end": 108},
//!                 "b": {"doc": "b.txt", "start": 85, "end": 176}, "words": 16,
//!                 "similarity": 1.0, "cluster": null, "paragraphs_a": [0], "paragraphs_b": [1]}],
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
//! * Words are counted as the engine matches them: metadata and label lines (`Credit: PA`,
//!   `READ MORE: ...`) are left out. `summary.shared_words` adds up each document's
//!   `shared_words`, so a passage shared by two documents counts once on each side.
//! * **Paragraph numbers are 0-based** in every JSON field (`paragraphs_a`, `paragraphs_b`,
//!   a trace paragraph's `index`): paragraph `0` is the one the human reports call
//!   "paragraph 1" or `¶1`. Line numbers (`line`) are 1-based, as editors count them; byte
//!   offsets are 0-based with an exclusive end.
//! * A document's `reused` is `shared_words / words`, the share of its words also found in
//!   another document; `derived` the share found in documents judged to be its sources (see
//!   `pairs[].direction`); `originality` is `1 - derived`. The human report's "Originality"
//!   table shows them as `reused`, `derived` and `original`.
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
//! # `copytrace trace`
//!
//! `--format json` writes one [`TraceReport`] (`"format": "copytrace-trace"`): the `query`
//! (a document record), the `corpus` path, and `paragraphs[]`, one per paragraph of the
//! query that has words: `{index, line, start, end, words, likeliest, sources[]}`, where each
//! source is `{doc, path, date?, words, is_source, passages: [[query, source], ...]}` (two
//! [`Location`]s per passage, clipped to the paragraph: its bytes in the query file and in
//! the source). `--format
//! jsonl` writes a `header` line (`format`, `version`, `corpus`, `query`), one `paragraph`
//! line each, the `error` lines and a final `summary` line (`documents`, `paragraphs`,
//! `traced`, `partial`).
//!
//! # `--format jsonl`
//!
//! One JSON object per line, each with a `"type"`, in this order: one `header`
//! (`format`, `version`, `root`, `settings`), then every `document`, `pair`, `passage`,
//! `cluster`, `boilerplate`, `skipped`, `warning` and `error` record (each the object of
//! the same name above, plus its `type`), and a final `summary` (the summary object plus
//! `partial`). A reader can stop at any line; a stream without its `summary` line was cut
//! short.
//!
//! [`Document::offsets`]: DocumentRecord::offsets

use serde::{Deserialize, Serialize};
use std::io::{self, Write};

/// Value of [`ScanReport::format`].
pub const FORMAT: &str = "copytrace-scan";
/// Value of [`TraceReport::format`].
pub const TRACE_FORMAT: &str = "copytrace-trace";
/// Value of [`ScanReport::version`] and [`TraceReport::version`].
pub const VERSION: u32 = 1;

/// A byte range of one document's original bytes, end exclusive.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Location {
    /// Document id.
    pub doc: String,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// Counts for the summary line.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Documents read.
    pub documents: usize,
    /// Document pairs with at least one passage.
    pub pairs: usize,
    /// Passages in all pairs.
    pub passages: usize,
    /// Clusters (passages shared by three or more documents).
    pub clusters: usize,
    /// Boilerplate items set apart.
    pub boilerplate: usize,
    /// Words of all documents found in at least one other document: each document's
    /// [`DocumentRecord::shared_words`] added up, so a passage shared by two documents
    /// counts once on each side.
    pub shared_words: usize,
    /// Files not read on purpose.
    pub skipped: usize,
    /// Warnings.
    pub warnings: usize,
    /// Files that could not be read.
    pub errors: usize,
}

/// Engine settings that shaped the result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// Words per n-gram.
    pub ngram: usize,
    /// Winnowing window.
    pub window: usize,
    /// Minimum matched words of a passage.
    pub min_words: usize,
    /// Gap tolerance in words.
    pub max_gap: usize,
    /// Documents above which a fingerprint is boilerplate (as applied to this corpus).
    pub max_doc_freq: usize,
    /// Documents above which a fingerprint cannot join a pair on its own (`--lone-doc-freq`;
    /// absent from reports written before it existed).
    #[serde(default)]
    pub lone_doc_freq: usize,
    /// Minimum similarity of a passage.
    pub min_similarity: f64,
}

/// One document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentRecord {
    /// Unique id: the path relative to the corpus directory, or a JSON Lines record's id.
    pub id: String,
    /// Path relative to the corpus directory (for a record: the `.jsonl` file).
    pub path: String,
    /// For a JSON Lines record: its 1-based line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// `YYYY-MM-DD`, from the front matter, a date prefix or the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Outlet from the metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// Title from the metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// URL from the metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Encoding the file was read in (`utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be`,
    /// `windows-1252`).
    pub encoding: String,
    /// What offsets refer to: `"file"` (the file's bytes) or `"record-text"` (the UTF-8 bytes
    /// of a JSON Lines record's `text`).
    pub offsets: String,
    /// Length of the original bytes.
    pub bytes: usize,
    /// The matched part (after metadata), in original bytes.
    pub body: Span,
    /// Words taking part in matching.
    pub words: usize,
    /// Of those, words found in at least one other document.
    pub shared_words: usize,
    /// `shared_words / words`: the share of the document found elsewhere.
    pub reused: f64,
    /// Share of its words found in documents judged to be its sources (by an earlier date,
    /// or without dates by containment asymmetry; see `pairs[].direction`).
    pub derived: f64,
    /// `1 - derived`: the share not taken from a source.
    pub originality: f64,
}

/// A byte range without a document (the document is implied).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// Who likely copied whom in a pair.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Direction {
    /// The likely source's id; `null` when unknown.
    pub source: Option<String>,
    /// `"date"` (an earlier date), `"containment"` (asymmetry of containment, no usable
    /// dates) or `"unknown"` (weak evidence).
    pub basis: String,
    /// In `0.0..=1.0`.
    pub confidence: f64,
}

/// Two documents that share passages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PairRecord {
    /// Index in [`ScanReport::pairs`].
    pub id: usize,
    /// The id that sorts first.
    pub a: String,
    /// The other id.
    pub b: String,
    /// Words in the pair's passages (boilerplate excluded), counted on the side that has
    /// more of them.
    pub shared_words: usize,
    /// Share of `a`'s words found in `b`.
    pub a_in_b: f64,
    /// Share of `b`'s words found in `a`.
    pub b_in_a: f64,
    /// Likely direction of the copying.
    pub direction: Direction,
    /// Indices into [`ScanReport::passages`].
    pub passages: Vec<usize>,
}

/// One shared passage.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PassageRecord {
    /// Index in [`ScanReport::passages`].
    pub id: usize,
    /// Index in [`ScanReport::pairs`].
    pub pair: usize,
    /// Where it is in the pair's `a`.
    pub a: Location,
    /// Where it is in the pair's `b`.
    pub b: Location,
    /// Matched words.
    pub words: usize,
    /// Similarity of the two sides in `0.0..=1.0`.
    pub similarity: f64,
    /// The cluster it belongs to, if any.
    pub cluster: Option<usize>,
    /// Paragraphs of `a` it covers, **0-based** (in the engine's segmentation): `0` is the
    /// human report's "paragraph 1".
    pub paragraphs_a: Vec<usize>,
    /// Paragraphs of `b` it covers, 0-based like `paragraphs_a`.
    pub paragraphs_b: Vec<usize>,
}

/// A passage found in three or more documents.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClusterRecord {
    /// Index in [`ScanReport::clusters`].
    pub id: usize,
    /// Ids of the documents, sorted.
    pub documents: Vec<String>,
    /// Words of its longest member.
    pub words: usize,
    /// One location per document.
    pub members: Vec<Location>,
    /// Indices of the passages it groups.
    pub passages: Vec<usize>,
    /// The text of the cluster's core (in its hub document), white space collapsed.
    #[serde(default)]
    pub text: String,
    /// The likely origin: the member with the earliest date, when at least two members are
    /// dated and no other member has that date (absent otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
}

/// Text set apart as boilerplate rather than reuse.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoilerplateRecord {
    /// Index in [`ScanReport::boilerplate`].
    pub id: usize,
    /// `"label-line"` (`READ MORE: …`, `Credit: PA`), `"common-text"` (fingerprints present
    /// in more documents than `settings.max_doc_freq`) or `"widespread"` (a passage in more
    /// documents than that).
    pub kind: String,
    /// The text of its first occurrence.
    pub text: String,
    /// Documents it occurs in.
    pub documents: usize,
    /// Where.
    pub occurrences: Vec<Location>,
}

/// A file not read on purpose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedRecord {
    /// Path relative to the corpus directory.
    pub path: String,
    /// Why.
    pub reason: String,
}

/// A warning or an error about one path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// Path relative to the corpus directory (`file.jsonl:LINE` for a record).
    pub path: String,
    /// What.
    pub message: String,
}

/// The whole report of `copytrace scan`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScanReport {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`VERSION`] for this layout.
    pub version: u32,
    /// The corpus path as given on the command line.
    pub root: String,
    /// Whether a file could not be read.
    pub partial: bool,
    /// Counts.
    pub summary: Summary,
    /// Settings.
    pub settings: Settings,
    /// Documents, by id.
    pub documents: Vec<DocumentRecord>,
    /// Pairs with reuse, most shared words first.
    pub pairs: Vec<PairRecord>,
    /// Passages, by pair.
    pub passages: Vec<PassageRecord>,
    /// Clusters.
    pub clusters: Vec<ClusterRecord>,
    /// Boilerplate.
    pub boilerplate: Vec<BoilerplateRecord>,
    /// Files skipped.
    pub skipped: Vec<SkippedRecord>,
    /// Warnings.
    pub warnings: Vec<Notice>,
    /// Errors (files that could not be read).
    pub errors: Vec<Notice>,
}

/// Writes `report` as one JSON object in the shared layout of [`super::json`] (one record
/// per line, each record's locations compact) and a final newline.
///
/// # Errors
/// Any error of `out`.
pub fn write_json(report: &ScanReport, out: &mut dyn Write) -> io::Result<()> {
    super::json::write_json(out, report)
}

#[derive(Serialize)]
struct Tagged<'a, T: Serialize> {
    #[serde(rename = "type")]
    kind: &'a str,
    #[serde(flatten)]
    record: &'a T,
}

#[derive(Serialize)]
struct Header<'a> {
    format: &'a str,
    version: u32,
    root: &'a str,
    settings: &'a Settings,
}

#[derive(Serialize)]
struct SummaryLine<'a> {
    #[serde(flatten)]
    summary: &'a Summary,
    partial: bool,
}

fn line<T: Serialize>(out: &mut dyn Write, kind: &str, record: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &Tagged { kind, record }).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

/// Writes `report` as JSON Lines, one type-tagged record per line (see the
/// [module docs](self)).
///
/// # Errors
/// Any error of `out`.
pub fn write_jsonl(report: &ScanReport, out: &mut dyn Write) -> io::Result<()> {
    let header =
        Header { format: &report.format, version: report.version, root: &report.root, settings: &report.settings };
    line(out, "header", &header)?;
    for r in &report.documents {
        line(out, "document", r)?;
    }
    for r in &report.pairs {
        line(out, "pair", r)?;
    }
    for r in &report.passages {
        line(out, "passage", r)?;
    }
    for r in &report.clusters {
        line(out, "cluster", r)?;
    }
    for r in &report.boilerplate {
        line(out, "boilerplate", r)?;
    }
    for r in &report.skipped {
        line(out, "skipped", r)?;
    }
    for r in &report.warnings {
        line(out, "warning", r)?;
    }
    for r in &report.errors {
        line(out, "error", r)?;
    }
    line(out, "summary", &SummaryLine { summary: &report.summary, partial: report.partial })
}

/// One corpus document found in a paragraph of the traced article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TraceHit {
    /// The corpus document's id.
    pub doc: String,
    /// Its path relative to the corpus directory.
    pub path: String,
    /// Its date, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Words of the paragraph covered by passages shared with it.
    pub words: usize,
    /// Whether the pair's direction makes it the article's source.
    pub is_source: bool,
    /// The shared passages, clipped to this paragraph: `[in the article, in the source]`.
    /// The article side is the part of the passage inside the paragraph; the source side
    /// runs from the first to the last source word matched word for word to it. (A
    /// passage with a side of more than 20,000 words, or whose part in the paragraph has
    /// no word matched exactly, is given whole.)
    pub passages: Vec<(Location, Location)>,
}

/// One paragraph of the traced article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TraceParagraph {
    /// Paragraph index, **0-based**, in the article's segmentation: `0` is the human
    /// report's `¶1`.
    pub index: usize,
    /// 1-based line of its first character in the article.
    pub line: usize,
    /// First byte in the article's file.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// Its words.
    pub words: usize,
    /// The likeliest source's id: the document covering most of the paragraph (at equal
    /// coverage, a judged source, then the earlier dated one).
    pub likeliest: Option<String>,
    /// Documents sharing text with it, most covered words first.
    pub sources: Vec<TraceHit>,
}

/// The whole report of `copytrace trace`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TraceReport {
    /// Always [`TRACE_FORMAT`].
    pub format: String,
    /// Always [`VERSION`] for this layout.
    pub version: u32,
    /// The traced article.
    pub query: DocumentRecord,
    /// The corpus path as given.
    pub corpus: String,
    /// Documents read from the corpus.
    pub documents: usize,
    /// Whether a corpus file could not be read.
    pub partial: bool,
    /// Paragraphs with words, in text order.
    pub paragraphs: Vec<TraceParagraph>,
    /// Corpus files that could not be read.
    pub errors: Vec<Notice>,
}

/// Writes a trace report as one JSON object in the shared layout.
///
/// # Errors
/// Any error of `out`.
pub fn write_trace_json(report: &TraceReport, out: &mut dyn Write) -> io::Result<()> {
    super::json::write_json(out, report)
}

#[derive(Serialize)]
struct TraceHeader<'a> {
    format: &'a str,
    version: u32,
    corpus: &'a str,
    query: &'a DocumentRecord,
}

#[derive(Serialize)]
struct TraceSummary {
    documents: usize,
    paragraphs: usize,
    traced: usize,
    partial: bool,
}

/// Writes a trace report as JSON Lines (see the [module docs](self)).
///
/// # Errors
/// Any error of `out`.
pub fn write_trace_jsonl(report: &TraceReport, out: &mut dyn Write) -> io::Result<()> {
    let header =
        TraceHeader { format: &report.format, version: report.version, corpus: &report.corpus, query: &report.query };
    line(out, "header", &header)?;
    for p in &report.paragraphs {
        line(out, "paragraph", p)?;
    }
    for e in &report.errors {
        line(out, "error", e)?;
    }
    let summary = TraceSummary {
        documents: report.documents,
        paragraphs: report.paragraphs.len(),
        traced: report.paragraphs.iter().filter(|p| !p.sources.is_empty()).count(),
        partial: report.partial,
    };
    line(out, "summary", &summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> ScanReport {
        ScanReport {
            format: FORMAT.to_owned(),
            version: VERSION,
            root: "dir".to_owned(),
            partial: false,
            summary: Summary { documents: 1, ..Summary::default() },
            settings: Settings {
                ngram: 5,
                window: 4,
                min_words: 8,
                max_gap: 12,
                max_doc_freq: 50,
                lone_doc_freq: 50,
                min_similarity: 0.5,
            },
            documents: vec![DocumentRecord {
                id: "r1".to_owned(),
                path: "c.jsonl".to_owned(),
                line: Some(3),
                date: None,
                outlet: Some("Wire".to_owned()),
                title: None,
                url: None,
                encoding: "utf-8".to_owned(),
                offsets: "record-text".to_owned(),
                bytes: 10,
                body: Span { start: 0, end: 10 },
                words: 2,
                shared_words: 0,
                reused: 0.0,
                derived: 0.0,
                originality: 1.0,
            }],
            pairs: vec![],
            passages: vec![],
            clusters: vec![],
            boilerplate: vec![],
            skipped: vec![SkippedRecord { path: "x".to_owned(), reason: "hidden".to_owned() }],
            warnings: vec![],
            errors: vec![],
        }
    }

    #[test]
    fn json_round_trips_and_omits_absent_metadata() {
        let mut out = Vec::new();
        write_json(&tiny(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.ends_with("}\n"));
        let back: ScanReport = serde_json::from_str(&text).unwrap();
        assert_eq!(back, tiny());
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["format"], "copytrace-scan");
        assert_eq!(value["version"], 1);
        assert!(value["documents"][0].get("date").is_none());
        assert_eq!(value["documents"][0]["outlet"], "Wire");
    }

    #[test]
    fn jsonl_is_one_typed_record_per_line_header_first_summary_last() {
        let mut out = Vec::new();
        write_jsonl(&tiny(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        let types: Vec<&str> = lines.iter().map(|v| v["type"].as_str().unwrap()).collect();
        assert_eq!(types, ["header", "document", "skipped", "summary"]);
        assert_eq!(lines[0]["version"], 1);
        assert_eq!(lines[1]["id"], "r1");
        assert_eq!(lines[1]["line"], 3);
        assert_eq!(lines[3]["partial"], false);
        assert_eq!(lines[3]["documents"], 1);
    }
}
