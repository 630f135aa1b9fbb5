//! The report of `copytrace trace`: [`TraceReport`] and its JSON and JSON Lines writers.
//!
//! The format is described in the [crate docs](crate#copytrace-trace).

use crate::scan::{line, DocumentRecord, Location, Notice};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::io::{self, Write};

/// Value of [`TraceReport::format`].
pub const TRACE_FORMAT: &str = "copytrace-trace";

/// One corpus document found in a paragraph of the traced article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TraceHit {
    /// The corpus document's id.
    pub doc: String,
    /// Its path relative to the corpus directory.
    pub path: String,
    /// Its date, if known, as normalised RFC 3339 (a day `2024-03-11`, or a date-time with
    /// its offset, `2024-03-11T09:00:00+01:00`).
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
    /// The tier of each passage in `passages`, in the same order: `verbatim`, `edited` or
    /// `reworded` (see the scan report's passages). Absent from reports written before tiers
    /// existed.
    #[serde(default)]
    pub tiers: Vec<String>,
}

/// One paragraph of the traced article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TraceParagraph {
    /// Paragraph index in the article's segmentation: 0-based (the human report counts
    /// paragraphs from 1).
    pub index: usize,
    /// 1-based line of its first character in the article.
    pub line: usize,
    /// Offset of its first byte in the article's file, 0-based.
    pub start: usize,
    /// Offset one past its last byte (end exclusive).
    pub end: usize,
    /// Its words.
    pub words: usize,
    /// The likeliest source's id: the document covering most of the paragraph (at equal
    /// coverage, a judged source, then the earlier dated one).
    pub likeliest: Option<String>,
    /// Documents sharing text with it, most covered words first.
    pub sources: Vec<TraceHit>,
}

/// The report of `copytrace trace --format json`: one article traced against a corpus,
/// paragraph by paragraph.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TraceReport {
    /// Always `"copytrace-trace"` ([`TRACE_FORMAT`]).
    #[schemars(extend("const" = "copytrace-trace"))]
    pub format: String,
    /// The format's version: `1` ([`VERSION`](crate::scan::VERSION)) for this layout.
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
    crate::json::write_json(out, report)
}

/// One line of `copytrace trace --format jsonl`, tagged with its `type`: a `header`, one
/// `paragraph` each, the `error` lines, a final `summary`.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum TraceLine<'a> {
    /// The first line: what the stream is, the corpus and the traced article.
    Header(TraceHeader<'a>),
    /// One paragraph, as in [`TraceReport::paragraphs`].
    Paragraph(&'a TraceParagraph),
    /// One corpus file that could not be read, as in [`TraceReport::errors`].
    Error(&'a Notice),
    /// The last line: the counts. A stream without it was cut short.
    Summary(TraceSummary),
}

/// The `header` line of `copytrace trace --format jsonl`.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct TraceHeader<'a> {
    /// Always `"copytrace-trace"` ([`TRACE_FORMAT`]).
    pub format: &'a str,
    /// The format's version: `1` ([`VERSION`](crate::scan::VERSION)) for this layout.
    pub version: u32,
    /// The corpus path as given.
    pub corpus: &'a str,
    /// The traced article.
    pub query: &'a DocumentRecord,
}

/// The `summary` line of `copytrace trace --format jsonl`.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct TraceSummary {
    /// Documents read from the corpus.
    pub documents: usize,
    /// Paragraphs of the article with words (the `paragraph` lines).
    pub paragraphs: usize,
    /// Of those, paragraphs with at least one source.
    pub traced: usize,
    /// Whether a corpus file could not be read.
    pub partial: bool,
}

impl TraceReport {
    /// The lines of `--format jsonl`, in their order.
    pub fn lines(&self) -> impl Iterator<Item = TraceLine<'_>> {
        let header =
            TraceHeader { format: &self.format, version: self.version, corpus: &self.corpus, query: &self.query };
        let summary = TraceSummary {
            documents: self.documents,
            paragraphs: self.paragraphs.len(),
            traced: self.paragraphs.iter().filter(|p| !p.sources.is_empty()).count(),
            partial: self.partial,
        };
        std::iter::once(TraceLine::Header(header))
            .chain(self.paragraphs.iter().map(TraceLine::Paragraph))
            .chain(self.errors.iter().map(TraceLine::Error))
            .chain(std::iter::once(TraceLine::Summary(summary)))
    }
}

/// Writes a trace report as JSON Lines (see the [crate docs](crate#copytrace-trace)).
///
/// # Errors
/// Any error of `out`.
pub fn write_trace_jsonl(report: &TraceReport, out: &mut dyn Write) -> io::Result<()> {
    report.lines().try_for_each(|l| line(out, &l))
}
