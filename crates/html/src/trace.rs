//! The trace report page: the article paragraph by paragraph, each with its sources beside
//! it, every shared passage highlighted in the article and linked to the matching text of
//! the source (quoted with [`CONTEXT_BYTES`] of context).
//!
//! The page is drawn on the server side (an article is one document); its script adds the
//! keyboard navigation and the filter. The data block holds the trace report as in
//! `copytrace trace --format json`, under `"report"`.

use crate::page::write_page;
use crate::scan::CONTEXT_BYTES;
use copytrace_corpus::Document;
use copytrace_report::trace::TraceReport;
use maud::{html, Markup};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::io::{self, Write};

/// The data block of a trace page.
#[derive(Serialize)]
struct TraceData<'a> {
    kind: &'static str,
    report: &'a TraceReport,
}

/// The largest char boundary at or below `at`.
fn floor(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// `text[start..end]` with up to [`CONTEXT_BYTES`] either side, cut at white space:
/// `(before, passage, after)`.
fn excerpt(text: &str, start: usize, end: usize) -> (&str, &str, &str) {
    let (start, end) = (floor(text, start), floor(text, end.max(start)));
    let mut from = floor(text, start.saturating_sub(CONTEXT_BYTES));
    if from > 0 {
        from = text[from..start].find(char::is_whitespace).map_or(start, |i| from + i);
    }
    let mut to = floor(text, end + CONTEXT_BYTES);
    if to < text.len() {
        to = text[end..to].rfind(char::is_whitespace).map_or(end, |i| end + i);
    }
    (&text[from..start], &text[start..end], &text[end..to])
}

/// One paragraph's text with its passages marked: `(text, Some(mark id))` pieces.
fn marked(doc: &Document, para: (usize, usize), marks: &[(usize, usize, String)]) -> Vec<(String, Option<String>)> {
    let text = doc.text();
    let (ps, pe) = (floor(text, doc.text_offset(para.0)), floor(text, doc.text_offset(para.1)));
    let mut spans: Vec<(usize, usize, &str)> = marks
        .iter()
        .map(|(s, e, id)| {
            (floor(text, doc.text_offset(*s)).max(ps), floor(text, doc.text_offset(*e)).min(pe), id.as_str())
        })
        .filter(|(s, e, _)| s < e)
        .collect();
    spans.sort();
    let mut out = Vec::new();
    let mut at = ps;
    for (s, e, id) in spans {
        // Overlapping passages of different sources: the first one marks the shared part.
        let s = s.max(at);
        if s >= e {
            continue;
        }
        if s > at {
            out.push((text[at..s].to_owned(), None));
        }
        out.push((text[s..e].to_owned(), Some(id.to_owned())));
        at = e;
    }
    if at < pe {
        out.push((text[at..pe].to_owned(), None));
    }
    out
}

fn body(report: &TraceReport, query: &Document, sources: &HashMap<&str, &Document>) -> Markup {
    let traced = report.paragraphs.iter().filter(|p| !p.sources.is_empty()).count();
    html! {
        header.top {
            h1 { "copytrace trace" }
            p.sub { "Article " code { (report.query.path) } " against " code { (report.corpus) }
                " (" (report.documents) " documents)" }
            div.filter role="search" {
                label for="filter" { "Filter sources " }
                input #filter type="search" placeholder="name or date" autocomplete="off";
                span.keys { "Keys: " kbd { "/" } " filter, " kbd { "n" } " / " kbd { "p" } " next / previous passage" }
            }
        }
        main #main tabindex="-1" {
            @if report.partial {
                p.warning role="note" { "Some of the corpus could not be read; the trace covers the rest." }
            }
            section #summary {
                h2 { "Summary" }
                p { (traced) " of " (report.paragraphs.len()) " paragraphs share text with the corpus. "
                    "Highlighted text is found in the source beside it; select it to go there." }
            }
            section #paragraphs aria-label="Paragraphs" {
                @for para in &report.paragraphs {
                    @let marks: Vec<(usize, usize, String)> = para.sources.iter().enumerate().flat_map(|(k, hit)| {
                        hit.passages.iter().enumerate().map(move |(j, (mine, _))| (mine.start, mine.end, format!("q-{}-{k}-{j}", para.index)))
                    }).collect();
                    @let pieces = marked(query, (para.start, para.end), &marks);
                    // Links only to targets on the page: an article mark to its source's
                    // excerpt (when the source was read), an excerpt back to its mark (when
                    // an overlapping passage did not take its text).
                    @let marked_ids: HashSet<&str> = pieces.iter().filter_map(|(_, id)| id.as_deref()).collect();
                    @let quoted: HashSet<String> = para.sources.iter().enumerate().flat_map(|(k, hit)| {
                        hit.passages.iter().enumerate().filter(|(_, (_, theirs))| sources.contains_key(theirs.doc.as_str()))
                            .map(move |(j, _)| format!("s-{}-{k}-{j}", para.index))
                    }).collect();
                    article.para #{"para-" (para.index)} {
                        div.para-text {
                            h2.para-h { a href={"#para-" (para.index)} { "¶" (para.index + 1) } " · line " (para.line) " · " (para.words) " words" }
                            p {
                                @for (text, id) in &pieces {
                                    @if let Some(id) = id {
                                        @let target = id.replacen("q-", "s-", 1);
                                        @if quoted.contains(&target) {
                                            a.pmark href={"#" (target)} id=(id) data-finding="passage" { mark.p.shared { (text) } }
                                        } @else {
                                            mark.p.shared id=(id) { (text) }
                                        }
                                    } @else { (text) }
                                }
                            }
                        }
                        div.para-sources {
                            @if para.sources.is_empty() {
                                p.note { "Not found in the corpus." }
                            }
                            @for (k, hit) in para.sources.iter().enumerate() {
                                div.source data-name={(hit.path) " " (hit.date.as_deref().unwrap_or(""))} {
                                    h3 {
                                        (hit.path)
                                        @if let Some(d) = &hit.date { " · " (d) }
                                        " · " (hit.words) " words"
                                        @if hit.is_source { " · " strong { "likely source" } }
                                        @else if para.likeliest.as_deref() == Some(hit.doc.as_str()) { " · " strong { "likeliest" } }
                                    }
                                    @for (j, (_, theirs)) in hit.passages.iter().enumerate() {
                                        @if let Some(doc) = sources.get(theirs.doc.as_str()) {
                                            @let t = doc.text();
                                            @let (before, shared, after) = excerpt(t, doc.text_offset(theirs.start), doc.text_offset(theirs.end));
                                            blockquote.excerpt {
                                                @if let Some(tier) = hit.tiers.get(j).and_then(|t| known_tier(t)) {
                                                    span class={"tier " (tier)} { (tier) } " "
                                                }
                                                @if !before.is_empty() { "… " (before) }
                                                @let back = format!("q-{}-{k}-{j}", para.index);
                                                @if marked_ids.contains(back.as_str()) {
                                                    a href={"#" (back)} id={"s-" (para.index) "-" (k) "-" (j)}
                                                        data-start=(theirs.start) data-end=(theirs.end) {
                                                        mark.p.shared { (shared) }
                                                    }
                                                } @else {
                                                    mark.p.shared id={"s-" (para.index) "-" (k) "-" (j)}
                                                        data-start=(theirs.start) data-end=(theirs.end) { (shared) }
                                                }
                                                @if !after.is_empty() { (after) " …" }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Writes the trace page of `report`: `query` is the traced article, `corpus` the documents
/// it was traced against (the sources are quoted from them).
///
/// # Errors
/// When writing fails.
pub fn write_trace(out: &mut dyn Write, report: &TraceReport, query: &Document, corpus: &[Document]) -> io::Result<()> {
    let sources: HashMap<&str, &Document> = corpus.iter().map(|d| (d.id.as_str(), d)).collect();
    let title = format!("copytrace trace: {}", report.query.path);
    write_page(out, &title, "trace", &body(report, query, &sources), &TraceData { kind: "trace", report })
}

/// `tier` when it is a tier name the page styles (`verbatim`, `edited`, `reworded`): a
/// report's strings are untrusted, and a class attribute takes only the known ones.
fn known_tier(tier: &str) -> Option<&'static str> {
    ["verbatim", "edited", "reworded"].into_iter().find(|&t| t == tier)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_cut_at_white_space() {
        let text = format!("{} the shared words here {}", "lead ".repeat(100), "tail ".repeat(100));
        let start = text.find("the shared").unwrap();
        let end = start + "the shared words here".len();
        let (before, shared, after) = excerpt(&text, start, end);
        assert_eq!(shared, "the shared words here");
        assert!(before.len() <= CONTEXT_BYTES && before.starts_with(char::is_whitespace), "{before:?}");
        assert!(after.len() <= CONTEXT_BYTES && after.ends_with(char::is_alphabetic), "{after:?}");
    }
}
