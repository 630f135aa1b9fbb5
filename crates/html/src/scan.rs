//! The scan report page: [`ScanData`] (what the page's script renders) and [`write_scan`].
//!
//! The page carries the passages with some context ([`CONTEXT_BYTES`] either side, cut at a
//! word boundary) rather than every full text, so a report of a large corpus stays small:
//! between two passages of a pair, text longer than twice the context is shown as a gap
//! with its word count. Offsets in the data are the original file's bytes, as in the JSON
//! report.

use crate::page::write_page;
use copytrace_corpus::Document;
use copytrace_diff::OpTag;
use copytrace_report::scan::{ScanReport, DEFINITIONS};
use copytrace_report::PassageText;
use maud::{html, Markup};
use serde::Serialize;
use std::collections::HashMap;
use std::io::{self, Write};

/// Bytes of context shown before and after each passage in the pair view (cut back to a
/// word boundary).
pub const CONTEXT_BYTES: usize = 320;

/// Documents shown in the containment matrix: those with the most reused words.
pub const MATRIX_DOCUMENTS: usize = 24;

/// The data of a scan page, serialised into it as JSON (see the [module docs](self)).
#[derive(Clone, Debug, Serialize)]
pub struct ScanData {
    /// `"scan"`.
    pub kind: &'static str,
    /// The corpus as given.
    pub root: String,
    /// Whether some input could not be read.
    pub partial: bool,
    /// The figures of the summary.
    pub summary: copytrace_report::scan::Summary,
    /// `(figure, definition)`, as in every report.
    pub definitions: Vec<(String, String)>,
    /// The documents, in report order.
    pub documents: Vec<DocData>,
    /// The pairs, in report order (largest first).
    pub pairs: Vec<PairData>,
    /// The passages, by id.
    pub passages: Vec<PassageData>,
    /// The clusters.
    pub clusters: Vec<ClusterData>,
    /// Boilerplate, listed apart.
    pub boilerplate: Vec<BoilerplateData>,
    /// Documents of the containment matrix (indices), most reused first.
    pub matrix: Vec<usize>,
    /// Files skipped, with the reason.
    pub skipped: Vec<(String, String)>,
}

/// One document.
#[derive(Clone, Debug, Serialize)]
pub struct DocData {
    /// Its id.
    pub id: String,
    /// Its path, for display.
    pub path: String,
    /// Title, outlet and date from its metadata.
    pub title: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Date as written.
    pub date: Option<String>,
    /// Words (the one word count).
    pub words: usize,
    /// Words found in another document.
    pub shared_words: usize,
    /// Reused share.
    pub reused: f64,
    /// Derived share.
    pub derived: f64,
    /// Originality.
    pub originality: f64,
}

/// The likely direction of a pair.
#[derive(Clone, Debug, Serialize)]
pub struct DirectionData {
    /// Index of the likely source, if one of the pair.
    pub source: Option<usize>,
    /// Index of the third document both likely took the text from, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub common_source: Option<usize>,
    /// What the verdict rests on.
    pub basis: String,
    /// Confidence from 0 to 1.
    pub confidence: f64,
}

/// One pair.
#[derive(Clone, Debug, Serialize)]
pub struct PairData {
    /// The pair's id (as in the JSON report; `#pair-ID` links to it).
    pub id: usize,
    /// Document indices.
    pub a: usize,
    /// Second document.
    pub b: usize,
    /// Words shared.
    pub shared: usize,
    /// Share of `a` found in `b`.
    pub a_in_b: f64,
    /// Share of `b` found in `a`.
    pub b_in_a: f64,
    /// Direction.
    pub direction: DirectionData,
    /// Passage ids.
    pub passages: Vec<usize>,
    /// Accepted by a baseline.
    pub accepted: bool,
    /// The pair view: each side's text around its passages.
    pub view: [Vec<Segment>; 2],
}

/// A piece of one side of the pair view.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Segment {
    /// Context: text outside the pair's passages.
    Text {
        /// The text.
        t: String,
    },
    /// Text left out: this many words.
    Gap {
        /// Words left out.
        gap: usize,
    },
    /// A passage of the pair.
    Passage {
        /// Passage id.
        p: usize,
        /// Start, original bytes.
        s: usize,
        /// End, original bytes.
        e: usize,
        /// The passage's text as runs `(text, changed)`: changed runs are not in the other side.
        runs: Vec<(String, bool)>,
    },
}

/// One passage.
#[derive(Clone, Debug, Serialize)]
pub struct PassageData {
    /// Id.
    pub id: usize,
    /// Its pair's id.
    pub pair: usize,
    /// `verbatim`, `edited` or `reworded`.
    pub tier: String,
    /// Similarity of its two sides.
    pub similarity: f64,
    /// Matched words.
    pub words: usize,
    /// Its cluster, if any.
    pub cluster: Option<usize>,
    /// Accepted by a baseline.
    pub accepted: bool,
    /// Side a, original bytes.
    pub a: (usize, usize),
    /// Side b, original bytes.
    pub b: (usize, usize),
    /// Other occurrences of its text in the pair (repeated text), as `[a bytes, b bytes,
    /// words]`; omitted when there is none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alt: Vec<Alternate>,
}

/// Another occurrence of a passage's text: `(a bytes, b bytes, words)`, serialised as an
/// array to keep the page small.
pub type Alternate = ((usize, usize), (usize, usize), usize);

/// One cluster.
#[derive(Clone, Debug, Serialize)]
pub struct ClusterData {
    /// Id.
    pub id: usize,
    /// Member documents (indices).
    pub documents: Vec<usize>,
    /// Words.
    pub words: usize,
    /// The text.
    pub text: String,
    /// Likely origin (index).
    pub origin: Option<usize>,
}

/// Boilerplate.
#[derive(Clone, Debug, Serialize)]
pub struct BoilerplateData {
    /// Why it is boilerplate.
    pub kind: String,
    /// Its text.
    pub text: String,
    /// In how many documents.
    pub documents: usize,
}

/// The tier of a passage: the report's, or from its similarity for a report written before
/// tiers existed.
fn tier_of(tier: &str, similarity: f64) -> String {
    match tier {
        "" if similarity >= 1.0 => "verbatim".to_owned(),
        "" => "edited".to_owned(),
        t => t.to_owned(),
    }
}

/// Builds the page's data from the report, its documents (in report order) and each
/// passage's text with its word differences (`texts[i]` for `report.passages[i]`).
#[must_use]
pub fn scan_data(report: &ScanReport, documents: &[Document], texts: &[PassageText]) -> ScanData {
    let index: HashMap<&str, usize> = report.documents.iter().enumerate().map(|(i, d)| (d.id.as_str(), i)).collect();
    let doc_of = |id: &str| index.get(id).copied();
    let by_id: HashMap<&str, &Document> = documents.iter().map(|d| (d.id.as_str(), d)).collect();
    let docs: Vec<DocData> = report
        .documents
        .iter()
        .map(|d| DocData {
            id: d.id.clone(),
            path: d.path.clone(),
            title: d.title.clone(),
            outlet: d.outlet.clone(),
            date: d.date.clone(),
            words: d.words,
            shared_words: d.shared_words,
            reused: d.reused,
            derived: d.derived,
            originality: d.originality,
        })
        .collect();
    let passages: Vec<PassageData> = report
        .passages
        .iter()
        .map(|p| PassageData {
            id: p.id,
            pair: p.pair,
            tier: tier_of(&p.tier, p.similarity),
            similarity: p.similarity,
            words: p.words,
            cluster: p.cluster,
            accepted: p.accepted.is_some(),
            a: (p.a.start, p.a.end),
            b: (p.b.start, p.b.end),
            alt: p.alternates.iter().map(|x| ((x.a.start, x.a.end), (x.b.start, x.b.end), x.words)).collect(),
        })
        .collect();
    let pairs = report
        .pairs
        .iter()
        // A pair always names documents of the report; one that did not would be skipped
        // rather than shown under another document's name.
        .filter(|pair| doc_of(&pair.a).is_some() && doc_of(&pair.b).is_some())
        .map(|pair| {
            let view = [&pair.a, &pair.b].map(|doc_id| {
                let Some(doc) = by_id.get(doc_id.as_str()) else { return Vec::new() };
                let sides: Vec<SideSpan> = pair
                    .passages
                    .iter()
                    .filter_map(|&pid| {
                        let p = report.passages.get(pid)?;
                        let text = texts.get(pid);
                        let (loc, side_text) = if &p.a.doc == doc_id {
                            (&p.a, text.map(|t| (t, true)))
                        } else {
                            (&p.b, text.map(|t| (t, false)))
                        };
                        Some(SideSpan {
                            passage: pid,
                            start: doc.text_offset(loc.start),
                            end: doc.text_offset(loc.end),
                            original: (loc.start, loc.end),
                            runs: side_text.map(|(t, is_a)| runs(t, is_a)),
                        })
                    })
                    .collect();
                side_view(doc.text(), sides)
            });
            PairData {
                id: pair.id,
                a: doc_of(&pair.a).unwrap_or_default(),
                b: doc_of(&pair.b).unwrap_or_default(),
                shared: pair.shared_words,
                a_in_b: pair.a_in_b,
                b_in_a: pair.b_in_a,
                direction: DirectionData {
                    source: pair.direction.source.as_deref().and_then(doc_of),
                    common_source: pair.direction.common_source.as_deref().and_then(doc_of),
                    basis: pair.direction.basis.clone(),
                    confidence: pair.direction.confidence,
                },
                passages: pair.passages.clone(),
                accepted: pair.accepted.is_some(),
                view,
            }
        })
        .collect();
    let clusters = report
        .clusters
        .iter()
        .map(|c| ClusterData {
            id: c.id,
            documents: c.documents.iter().filter_map(|d| doc_of(d)).collect(),
            words: c.words,
            text: c.text.clone(),
            origin: c.origin.as_deref().and_then(doc_of),
        })
        .collect();
    let boilerplate = report
        .boilerplate
        .iter()
        .map(|b| BoilerplateData { kind: b.kind.clone(), text: b.text.clone(), documents: b.documents })
        .collect();
    let mut matrix: Vec<usize> = (0..docs.len()).filter(|&i| docs[i].shared_words > 0).collect();
    matrix.sort_by(|&x, &y| docs[y].shared_words.cmp(&docs[x].shared_words).then(x.cmp(&y)));
    matrix.truncate(MATRIX_DOCUMENTS);
    ScanData {
        kind: "scan",
        root: report.root.clone(),
        partial: report.partial,
        summary: report.summary.clone(),
        definitions: DEFINITIONS.iter().map(|(t, d)| ((*t).to_owned(), (*d).to_owned())).collect(),
        documents: docs,
        pairs,
        passages,
        clusters,
        boilerplate,
        matrix,
        skipped: report.skipped.iter().map(|s| (s.path.clone(), s.reason.clone())).collect(),
    }
}

/// One passage on one side of a pair: its span in the document's text (decoded), in the
/// original bytes, and its runs.
struct SideSpan {
    passage: usize,
    start: usize,
    end: usize,
    original: (usize, usize),
    runs: Option<Vec<(String, bool)>>,
}

/// The runs of one side of a passage: its text cut where the word diff changes, each run
/// marked changed when that side's words are not in the other side.
fn runs(text: &PassageText, side_a: bool) -> Vec<(String, bool)> {
    let own = if side_a { &text.a } else { &text.b };
    let mut changed: Vec<(usize, usize)> = text
        .ops
        .iter()
        .filter_map(|op| {
            let (span, is_changed) = if side_a {
                (op.old, matches!(op.tag, OpTag::Delete | OpTag::Replace))
            } else {
                (op.new, matches!(op.tag, OpTag::Insert | OpTag::Replace))
            };
            (is_changed && !span.is_empty()).then_some((span.start, span.end))
        })
        .collect();
    changed.sort_unstable();
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut push = |s: &str, c: bool| {
        if s.is_empty() {
            return;
        }
        match out.last_mut() {
            Some((t, lc)) if *lc == c => t.push_str(s),
            _ => out.push((s.to_owned(), c)),
        }
    };
    let mut at = 0;
    for (s, e) in changed {
        let (s, e) = (s.max(at).min(own.len()), e.min(own.len()));
        if s >= e || !own.is_char_boundary(s) || !own.is_char_boundary(e) {
            continue;
        }
        push(&own[at..s], false);
        push(&own[s..e], true);
        at = e;
    }
    push(&own[at..], false);
    out
}

/// The largest char boundary at or below `at`.
fn floor(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Context of at most [`CONTEXT_BYTES`] after `from`, ending at a word boundary.
fn head(text: &str, from: usize, to: usize) -> usize {
    let cut = floor(text, (from + CONTEXT_BYTES).min(to));
    if cut == to {
        return to;
    }
    text[from..cut].rfind(char::is_whitespace).map_or(cut, |i| from + i)
}

/// Context of at most [`CONTEXT_BYTES`] before `to`, starting at a word boundary.
fn tail(text: &str, from: usize, to: usize) -> usize {
    let mut cut = to.saturating_sub(CONTEXT_BYTES).max(from);
    while !text.is_char_boundary(cut) {
        cut += 1;
    }
    if cut == from {
        return from;
    }
    text[cut..to].find(char::is_whitespace).map_or(cut, |i| cut + i)
}

/// The segments of one side: context, gaps and passages in text order.
fn side_view(text: &str, mut sides: Vec<SideSpan>) -> Vec<Segment> {
    sides.sort_by_key(|s| (s.start, s.end, s.passage));
    let mut out = Vec::new();
    let mut cursor = 0;
    let gap = |out: &mut Vec<Segment>, from: usize, to: usize, first: bool, last: bool| {
        if from >= to {
            return;
        }
        let keep_head = if first { from } else { head(text, from, to) };
        let keep_tail = if last { to } else { tail(text, from, to) };
        if keep_head >= keep_tail {
            out.push(Segment::Text { t: text[from..to].to_owned() });
            return;
        }
        if keep_head > from {
            out.push(Segment::Text { t: text[from..keep_head].to_owned() });
        }
        let words = copytrace_text::word_count(&text[keep_head..keep_tail]);
        if words > 0 {
            out.push(Segment::Gap { gap: words });
        }
        if keep_tail < to {
            out.push(Segment::Text { t: text[keep_tail..to].to_owned() });
        }
    };
    for side in sides {
        let (start, end) = (floor(text, side.start), floor(text, side.end));
        if start > cursor {
            gap(&mut out, cursor, start, cursor == 0, false);
        }
        // A passage overlapping the one before on this side (a short passage inside a long
        // one, matched elsewhere on the other side) is shown whole after it, its text
        // repeated, so each passage has its own highlight over exactly its bytes.
        let runs = side.runs.unwrap_or_else(|| vec![(text[start..end].to_owned(), false)]);
        out.push(Segment::Passage { p: side.passage, s: side.original.0, e: side.original.1, runs });
        cursor = cursor.max(end);
    }
    gap(&mut out, cursor, text.len(), cursor == 0, true);
    out
}

/// The server-rendered part of the scan page: header, summary with its definitions, and
/// the sections the script fills.
fn body(data: &ScanData) -> Markup {
    let s = &data.summary;
    html! {
        header.top {
            h1 { "copytrace scan" }
            p.sub { "Corpus " code { (data.root) } }
            nav aria-label="Sections" {
                ul {
                    li { a href="#summary" { "Summary" } }
                    li { a href="#matrix" { "Matrix" } }
                    li { a href="#pairs" { "Pairs" } }
                    li { a href="#clusters" { "Clusters" } }
                    li { a href="#originality" { "Originality" } }
                    li { a href="#boilerplate" { "Boilerplate" } }
                }
            }
            div.filter role="search" {
                label for="filter" { "Filter by document " }
                input #filter type="search" placeholder="name, outlet or date" autocomplete="off";
                span.keys { "Keys: " kbd { "/" } " filter, " kbd { "n" } " / " kbd { "p" } " next / previous finding, " kbd { "Esc" } " back" }
            }
        }
        main #main tabindex="-1" {
            @if data.partial {
                p.warning role="note" { "Some input could not be read; the report covers the rest (see Skipped)." }
            }
            section #summary aria-labelledby="summary-h" {
                h2 #summary-h { "Summary" }
                dl.figures {
                    div { dt { "documents" } dd { (s.documents) } }
                    div { dt { "pairs with reuse" } dd { (s.pairs) } }
                    div { dt { "passages" } dd { (s.passages) } }
                    div { dt { "clusters" } dd { (s.clusters) } }
                    div { dt { "reused words" } dd { (s.shared_words) } }
                    div { dt { "boilerplate" } dd { (s.boilerplate) } }
                    div { dt { "skipped files" } dd { (s.skipped) } }
                }
                details.legend {
                    summary { "What the figures mean" }
                    dl {
                        @for (term, def) in &data.definitions {
                            dt { (term) }
                            dd { (def) }
                        }
                        dt { "tiers" }
                        dd {
                            "each passage's tier: " span.tier.verbatim { "verbatim" } " (every word the same), "
                            span.tier.edited { "edited" } " (light word edits), "
                            span.tier.reworded { "reworded" } " (the same content reworded)"
                        }
                    }
                }
            }
            section #matrix aria-labelledby="matrix-h" {
                h2 #matrix-h { "Containment matrix" }
                p.note { "Share of the row's document found in the column's document, for the "
                    (data.matrix.len()) " documents with the most reuse. Select a cell to open the pair." }
                div.matrix-wrap #matrix-body {}
            }
            section #pairs aria-labelledby="pairs-h" {
                h2 #pairs-h { "Pairs" }
                div #pairs-body {}
            }
            section #clusters aria-labelledby="clusters-h" {
                h2 #clusters-h { "Clusters" }
                div #clusters-body {}
            }
            section #originality aria-labelledby="originality-h" {
                h2 #originality-h { "Originality" }
                div #originality-body {}
            }
            section #boilerplate aria-labelledby="boilerplate-h" {
                h2 #boilerplate-h { "Boilerplate" }
                p.note { "Text set aside: label lines, text found in too many documents. Not counted as reuse." }
                div #boilerplate-body {}
            }
            @if !data.skipped.is_empty() {
                section #skipped aria-labelledby="skipped-h" {
                    h2 #skipped-h { "Skipped" }
                    ul {
                        @for (path, reason) in &data.skipped {
                            li { code { (path) } ": " (reason) }
                        }
                    }
                }
            }
            section #pair-view hidden {}
        }
        noscript { p.warning { "The lists and pair views of this report are drawn by its script; enable JavaScript for this file." } }
    }
}

/// Writes the scan page: `documents` in report order, `texts[i]` the text and word
/// differences of `report.passages[i]` (see [`copytrace_report::build_scan`] with texts).
///
/// # Errors
/// When writing fails.
pub fn write_scan(
    out: &mut dyn Write,
    report: &ScanReport,
    documents: &[Document],
    texts: &[PassageText],
) -> io::Result<()> {
    let data = scan_data(report, documents, texts);
    let title = format!("copytrace scan: {} ({} pairs)", report.root, report.pairs.len());
    write_page(out, &title, "scan", &body(&data), &data)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passage_text(a: &str, b: &str) -> PassageText {
        PassageText::new(a.to_owned(), b.to_owned())
    }

    #[test]
    fn runs_cover_the_side_and_mark_what_the_other_lacks() {
        let t = passage_text("The council met on Monday to vote.", "The council met to vote on the plan.");
        let a = runs(&t, true);
        let b = runs(&t, false);
        assert_eq!(a.iter().map(|r| r.0.as_str()).collect::<String>(), t.a);
        assert_eq!(b.iter().map(|r| r.0.as_str()).collect::<String>(), t.b);
        let changed_a: String = a.iter().filter(|r| r.1).map(|r| r.0.as_str()).collect();
        assert!(changed_a.contains("Monday"), "{a:?}");
        let changed_b: String = b.iter().filter(|r| r.1).map(|r| r.0.as_str()).collect();
        assert!(changed_b.contains("plan"), "{b:?}");
        assert!(!changed_b.contains("council"));
    }

    #[test]
    fn long_stretches_between_passages_become_gaps() {
        let filler = "word ".repeat(200);
        let text = format!("{filler}SHARED PASSAGE HERE {filler}");
        let start = filler.len();
        let end = start + "SHARED PASSAGE HERE".len();
        let view =
            side_view(&text, vec![SideSpan { passage: 7, start, end, original: (start + 10, end + 10), runs: None }]);
        // Leading gap, context, the passage, context, trailing gap.
        assert!(matches!(view[0], Segment::Gap { gap } if gap > 100), "{view:?}");
        assert!(matches!(&view[2], Segment::Passage { p: 7, s, e, .. } if *s == start + 10 && *e == end + 10));
        let shown: usize = view
            .iter()
            .map(|s| match s {
                Segment::Text { t } => t.len(),
                _ => 0,
            })
            .sum();
        assert!(shown <= 2 * CONTEXT_BYTES + 2, "at most the context either side: {shown}");
        assert!(matches!(view.last(), Some(Segment::Gap { .. })));
        // Short texts are shown whole.
        let view = side_view(
            "a b SHARED c d",
            vec![SideSpan { passage: 0, start: 4, end: 10, original: (4, 10), runs: None }],
        );
        assert_eq!(view.len(), 3, "{view:?}");
    }
}
