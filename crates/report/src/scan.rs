//! The report of `copytrace scan`: [`ScanReport`] and its JSON and JSON Lines writers.
//!
//! The format is described in the [crate docs](crate#copytrace-scan---format-json); every
//! field's meaning is in its documentation here (and in the JSON Schema, [`crate::schema`]).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::io::{self, Write};

/// What each figure of the scan report means: `(figure, definition)`. The one text of these
/// definitions: the human report's legend, `scan --help`, the HTML report and the README
/// (checked by a test) show it.
pub const DEFINITIONS: [(&str, &str); 8] = [
    (
        "words",
        "a document's words, counted the same way by every command (its metadata, front matter \
         or a date prefix, is not prose and is left out)",
    ),
    ("reused", "the share of a document's words also found in another document, whichever copied"),
    (
        "derived",
        "the share of a document's words found in documents judged to be its sources (see \
         direction)",
    ),
    ("original", "100% minus derived: the share of a document's words not taken from a likely source"),
    (
        "reused words (first lines)",
        "each document's words found in another document, added up over the documents: a \
         passage shared by two documents counts once on each side",
    ),
    ("words shared (a pair)", "the words in the pair's passages, counted on the side that has more"),
    ("X% of A is in B", "the share of A's words found in B (the containment of A in B)"),
    (
        "direction",
        "which document of a pair is the likely source, or the third one both took the text \
         from (both from C), with what it rests on: an earlier date, a wire story (role: wire \
         or --wire-outlets), a hub (shared with many more documents), an expanded first version \
         or an extract; the confidence is the chance the claim is right (unknown when weak)",
    ),
];

/// Value of [`ScanReport::format`].
pub const FORMAT: &str = "copytrace-scan";
/// Value of [`ScanReport::version`] and [`TraceReport::version`](crate::TraceReport::version).
pub const VERSION: u32 = 1;

/// A byte range of one document's original bytes (the file as it is on disk, whatever its
/// encoding; for a JSON Lines record, its `text` as UTF-8), 0-based, end exclusive.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
pub struct Location {
    /// Document id (see `documents[].id`).
    pub doc: String,
    /// Offset of the first byte, 0-based.
    pub start: usize,
    /// Offset one past the last byte (end exclusive).
    pub end: usize,
}

/// Counts for the summary line.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
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
    /// Words of all documents found in at least one other document.
    pub shared_words: usize,
    /// Files not read on purpose.
    pub skipped: usize,
    /// Warnings.
    pub warnings: usize,
    /// Files that could not be read.
    pub errors: usize,
}

/// Engine settings that shaped the result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
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
    /// The tiers whose passages are reported (`--tiers`): `verbatim`, `edited`, `reworded`.
    /// (Absent from reports written before tiers existed, which had the first two.)
    #[serde(default = "legacy_tiers")]
    pub tiers: Vec<String>,
    /// The reworded tier's settings when it ran; absent when it did not (`--tiers` without
    /// `reworded`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reword: Option<RewordSettings>,
    /// Outlets taken as wire services for direction (`--wire-outlets`, beside documents whose
    /// metadata says `role: wire`); absent when none was given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub wire_outlets: Vec<String>,
    /// Lowest confidence of a direction claim: below it a pair's direction is unknown.
    /// (Absent from reports written before it existed.)
    #[serde(default)]
    pub min_direction_confidence: f64,
}

fn legacy_tiers() -> Vec<String> {
    vec!["verbatim".to_owned(), "edited".to_owned()]
}

/// Settings of the reworded tier ([`Settings::reword`]): what they mean is told in the
/// docs of the engine's `reword` module (crate `copytrace-provenance`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RewordSettings {
    /// Minimum distinct shared stemmed content-word fingerprints of a candidate pair.
    pub min_shared: usize,
    /// Lowest cosine and Dice coefficient of a seeding sentence pair.
    pub seed_similarity: f64,
    /// Sentences allowed between two seeds of one passage.
    pub max_gap: usize,
    /// Lowest similarity of a reworded passage.
    pub min_similarity: f64,
}

impl Settings {
    /// The settings of `cfg`, with `max_doc_freq` the common-text limit the engine applied
    /// (it may grow with the corpus: [`copytrace_provenance::Config`]).
    #[must_use]
    pub fn of(cfg: &copytrace_provenance::Config, max_doc_freq: usize) -> Settings {
        Settings {
            ngram: cfg.get_ngram(),
            window: cfg.get_window(),
            min_words: cfg.get_min_words(),
            max_gap: cfg.get_max_gap(),
            max_doc_freq,
            lone_doc_freq: cfg.get_lone_doc_freq(),
            min_similarity: crate::json::round4(cfg.get_min_similarity()),
            tiers: copytrace_provenance::Tier::ALL
                .into_iter()
                .filter(|&t| cfg.reports(t))
                .map(|t| t.name().to_owned())
                .collect(),
            reword: cfg.get_reword().then(|| RewordSettings {
                min_shared: cfg.get_reword_min_shared(),
                seed_similarity: crate::json::round4(cfg.get_reword_seed_similarity()),
                max_gap: cfg.get_reword_max_gap(),
                min_similarity: crate::json::round4(cfg.get_reword_min_similarity()),
            }),
            wire_outlets: cfg.get_wire_outlets().to_vec(),
            min_direction_confidence: crate::json::round4(cfg.get_min_direction_confidence()),
        }
    }
}

/// One document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DocumentRecord {
    /// Unique id: the path relative to the corpus directory, or a JSON Lines record's id.
    pub id: String,
    /// Path relative to the corpus directory (for a record: the `.jsonl` file).
    pub path: String,
    /// For a JSON Lines record: its 1-based line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The publication date, from the front matter, a date prefix or the record, as
    /// normalised RFC 3339: a day `2024-03-11`, or a date-time with the offset it was
    /// written in (`2024-03-11T08:00:00Z`, `2024-03-11T09:00:00+01:00`).
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
    /// `"html"` when the document is an HTML page, read as the prose of its article
    /// (offsets still refer to the page's bytes: markup and references included); absent
    /// for text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("enum" = ["html"]))]
    pub format: Option<String>,
    /// What offsets refer to: `"file"` (the file's bytes) or `"record-text"` (the UTF-8 bytes
    /// of a JSON Lines record's `text`, or of its `html` for a page).
    #[schemars(extend("enum" = ["file", "record-text"]))]
    pub offsets: String,
    /// Length of the original bytes.
    pub bytes: usize,
    /// The matched part (after metadata), in original bytes, end exclusive.
    pub body: Span,
    /// Words taking part in matching.
    pub words: usize,
    /// Of those, words found in at least one other document.
    pub shared_words: usize,
    /// `shared_words / words`: the share of the document found elsewhere.
    pub reused: f64,
    /// Share of its words found in documents judged to be its sources (see
    /// `pairs[].direction`).
    pub derived: f64,
    /// `1 - derived`: the share not taken from a source.
    pub originality: f64,
}

/// A byte range of the original bytes of a document implied by the context, 0-based, end
/// exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Span {
    /// Offset of the first byte, 0-based.
    pub start: usize,
    /// Offset one past the last byte (end exclusive).
    pub end: usize,
}

/// Who likely copied whom in a pair: one of the two (`source`), a third document both took
/// the text from (`common_source`), or neither (`basis` `"unknown"`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Direction {
    /// The likely source's id, one of the pair; `null` otherwise.
    pub source: Option<String>,
    /// The id of a third document both likely took the shared text from (`basis`
    /// `"common_source"`); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub common_source: Option<String>,
    /// What the verdict rests on: `"date"` (an earlier date), `"wire"` (a wire story and a
    /// document that is not one), `"hub"` (the source shares text with many more
    /// documents), `"expansion"` (the source is nearly all in the other, in order: a first
    /// version expanded), `"extract"` (the other is nearly all in the source, reordered or
    /// pieced together from several documents), `"common_source"` (both share only text the
    /// third has, and it is the likely source of each), or `"unknown"` (weak evidence).
    #[schemars(extend("enum" = ["date", "wire", "hub", "expansion", "extract", "common_source", "unknown"]))]
    pub basis: String,
    /// The probability that the verdict is right, in `0.0..=1.0` (calibrated: of the claims
    /// made at 0.9, about nine in ten are right); for `"unknown"`, that of the claim the
    /// evidence leaned to, below the threshold of a claim.
    pub confidence: f64,
}

/// Two documents that share passages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PairRecord {
    /// Index in [`ScanReport::pairs`].
    pub id: usize,
    /// The id that sorts first.
    pub a: String,
    /// The other id.
    pub b: String,
    /// Words of `a` in passages shared with `b` (boilerplate excluded).
    pub shared_words: usize,
    /// Share of `a`'s words found in `b`.
    pub a_in_b: f64,
    /// Share of `b`'s words found in `a`.
    pub b_in_a: f64,
    /// Likely direction of the copying.
    pub direction: Direction,
    /// Indices into [`ScanReport::passages`].
    pub passages: Vec<usize>,
    /// With `--baseline`, when **every** passage of the pair is accepted reuse: the entry
    /// that accepted its first passage (see [`PassageRecord::accepted`]). Absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted: Option<Accepted>,
}

/// The baseline entry that accepted a passage (`copytrace scan --baseline FILE`): reuse
/// known and accepted (licensed wire copy), still listed but not a finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Accepted {
    /// The entry, 0-based, in the order of the baseline file: for an allow-list, its
    /// entries (comment and blank lines not counted); for a JSON report, its passages.
    pub entry: usize,
    /// For an allow-list, the 1-based line of the entry; absent for a JSON report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

impl Accepted {
    /// How the human report names the entry: `baseline line 3` (an allow-list) or
    /// `baseline entry 2` (a JSON report's passage, counted from 1).
    #[must_use]
    pub fn describe(&self) -> String {
        match self.line {
            Some(line) => format!("baseline line {line}"),
            None => format!("baseline entry {}", self.entry + 1),
        }
    }
}

/// One shared passage.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
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
    /// Similarity of the two sides in `0.0..=1.0`: for the `verbatim` and `edited` tiers
    /// `2 · matched / (words of a + words of b)`; for `reworded`, the cosine of the two
    /// sides' stemmed content words weighted by inverse sentence frequency.
    pub similarity: f64,
    /// The detection tier that found it: `"verbatim"` (every word of both sides matched),
    /// `"edited"` (matched word for word with light edits) or `"reworded"` (found from
    /// sentences sharing stemmed content words: paraphrase, reordering, summary). Absent
    /// from reports written before tiers existed (read as `""`).
    #[serde(default)]
    #[schemars(extend("enum" = ["verbatim", "edited", "reworded"]))]
    pub tier: String,
    /// The cluster it belongs to, if any.
    pub cluster: Option<usize>,
    /// Paragraphs of `a` it covers: 0-based indices in the engine's segmentation (the human
    /// report counts paragraphs from 1: `[0]` is its "paragraph 1").
    pub paragraphs_a: Vec<usize>,
    /// Paragraphs of `b` it covers: 0-based, like `paragraphs_a`.
    pub paragraphs_b: Vec<usize>,
    /// With `--baseline`, the baseline entry that accepted it (the first that does); absent
    /// when it is not accepted or no baseline was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted: Option<Accepted>,
    /// Other occurrences of the same text in the pair (repeated text): each aligns one side
    /// of this passage, or most of it, with another place of the other document. They are
    /// not passages of their own (not counted as passages), but their words count as
    /// shared words of the pair and its documents. Ordered by `b.start`, then `a.start`;
    /// absent when there is none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternates: Vec<AlternateRecord>,
}

/// Another occurrence of a passage's text (see [`PassageRecord::alternates`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AlternateRecord {
    /// Where it is in the pair's `a`.
    pub a: Location,
    /// Where it is in the pair's `b`.
    pub b: Location,
    /// Matched words.
    pub words: usize,
}

/// A passage found in three or more documents.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BoilerplateRecord {
    /// Index in [`ScanReport::boilerplate`].
    pub id: usize,
    /// `"label-line"` (`READ MORE: …`, `Credit: PA`), `"common-text"` (fingerprints present
    /// in more documents than `settings.max_doc_freq`) or `"widespread"` (a passage in more
    /// documents than that).
    #[schemars(extend("enum" = ["label-line", "common-text", "widespread"]))]
    pub kind: String,
    /// The text of its first occurrence.
    pub text: String,
    /// Documents it occurs in.
    pub documents: usize,
    /// Where.
    pub occurrences: Vec<Location>,
}

/// A file not read on purpose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SkippedRecord {
    /// Path relative to the corpus directory.
    pub path: String,
    /// Why.
    pub reason: String,
}

/// A warning or an error about one path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Notice {
    /// Path relative to the corpus directory (`file.jsonl:LINE` for a record).
    pub path: String,
    /// What.
    pub message: String,
}

/// The report of `copytrace scan --format json`: the documents of a corpus, the passages
/// they share (pairs, clusters), direction and originality, and boilerplate set apart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ScanReport {
    /// Always `"copytrace-scan"` ([`FORMAT`]).
    #[schemars(extend("const" = "copytrace-scan"))]
    pub format: String,
    /// The format's version: `1` ([`VERSION`]) for this layout.
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

/// Writes `report` as one JSON object in the shared layout of [`crate::json`] (one record
/// per line, each record's locations compact) and a final newline.
///
/// # Errors
/// Any error of `out`.
pub fn write_json(report: &ScanReport, out: &mut dyn Write) -> io::Result<()> {
    crate::json::write_json(out, report)
}

/// One line of `copytrace scan --format jsonl`: a record of the report, tagged with its
/// `type` (see the [crate docs](crate#copytrace-scan---format-jsonl) for their order).
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum ScanLine<'a> {
    /// The first line: what the stream is and the settings.
    Header(ScanHeader<'a>),
    /// One document, as in [`ScanReport::documents`].
    Document(&'a DocumentRecord),
    /// One pair, as in [`ScanReport::pairs`].
    Pair(&'a PairRecord),
    /// One passage, as in [`ScanReport::passages`].
    Passage(&'a PassageRecord),
    /// One cluster, as in [`ScanReport::clusters`].
    Cluster(&'a ClusterRecord),
    /// One boilerplate item, as in [`ScanReport::boilerplate`].
    Boilerplate(&'a BoilerplateRecord),
    /// One skipped file, as in [`ScanReport::skipped`].
    Skipped(&'a SkippedRecord),
    /// One warning, as in [`ScanReport::warnings`].
    Warning(&'a Notice),
    /// One file that could not be read, as in [`ScanReport::errors`].
    Error(&'a Notice),
    /// The last line: the counts. A stream without it was cut short.
    Summary(ScanSummaryLine<'a>),
}

/// The `header` line of `copytrace scan --format jsonl`.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ScanHeader<'a> {
    /// Always `"copytrace-scan"` ([`FORMAT`]).
    pub format: &'a str,
    /// The format's version: `1` ([`VERSION`]) for this layout.
    pub version: u32,
    /// The corpus path as given on the command line.
    pub root: &'a str,
    /// Engine settings that shaped the result.
    pub settings: &'a Settings,
}

/// The `summary` line of `copytrace scan --format jsonl`: the [`Summary`] counts and
/// `partial`.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ScanSummaryLine<'a> {
    /// The counts.
    #[serde(flatten)]
    pub summary: &'a Summary,
    /// Whether a file could not be read (see the `error` lines).
    pub partial: bool,
}

/// Writes one JSON Lines record and its line break.
pub(crate) fn line<T: Serialize>(out: &mut dyn Write, record: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, record).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

impl ScanReport {
    /// The lines of `--format jsonl`, in their order.
    pub fn lines(&self) -> impl Iterator<Item = ScanLine<'_>> {
        let header =
            ScanHeader { format: &self.format, version: self.version, root: &self.root, settings: &self.settings };
        std::iter::once(ScanLine::Header(header))
            .chain(self.documents.iter().map(ScanLine::Document))
            .chain(self.pairs.iter().map(ScanLine::Pair))
            .chain(self.passages.iter().map(ScanLine::Passage))
            .chain(self.clusters.iter().map(ScanLine::Cluster))
            .chain(self.boilerplate.iter().map(ScanLine::Boilerplate))
            .chain(self.skipped.iter().map(ScanLine::Skipped))
            .chain(self.warnings.iter().map(ScanLine::Warning))
            .chain(self.errors.iter().map(ScanLine::Error))
            .chain(std::iter::once(ScanLine::Summary(ScanSummaryLine {
                summary: &self.summary,
                partial: self.partial,
            })))
    }
}

/// Writes `report` as JSON Lines, one type-tagged record per line (see the
/// [crate docs](crate#copytrace-scan---format-jsonl)).
///
/// # Errors
/// Any error of `out`.
pub fn write_jsonl(report: &ScanReport, out: &mut dyn Write) -> io::Result<()> {
    report.lines().try_for_each(|l| line(out, &l))
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
            settings: Settings::of(
                &copytrace_provenance::Config::default(),
                copytrace_provenance::config::defaults::MAX_DOC_FREQ_FLOOR,
            ),
            documents: vec![DocumentRecord {
                id: "r1".to_owned(),
                path: "c.jsonl".to_owned(),
                line: Some(3),
                date: None,
                outlet: Some("Wire".to_owned()),
                title: None,
                url: None,
                encoding: "utf-8".to_owned(),
                format: None,
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
