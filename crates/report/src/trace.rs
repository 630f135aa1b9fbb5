//! The report of `copytrace trace`: [`TraceReport`] and its JSON and JSON Lines writers.
//!
//! The format is described in the [crate docs](crate#copytrace-trace).

use crate::scan::{line, DocumentRecord, Location, Notice};
use serde::{Deserialize, Serialize};
use std::io::{self, Write};

/// Value of [`TraceReport::format`].
pub const TRACE_FORMAT: &str = "copytrace-trace";

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
    /// Paragraph index (0-based) in the article's segmentation.
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
    /// Always [`VERSION`](crate::scan::VERSION) for this layout.
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

/// Writes a trace report as JSON Lines (see the [crate docs](crate#copytrace-trace)).
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
