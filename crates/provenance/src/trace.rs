//! Tracing one document against a corpus, paragraph by paragraph.
//!
//! The query is analysed with the corpus (document frequencies, and so boilerplate, count
//! every document) but only the pairs that involve the query are aligned. For every
//! paragraph of the query that has words, the trace lists each corpus document sharing
//! reuse passages with it, with the number of the paragraph's words those passages
//! cover, and names the **likeliest source**: among the documents that the pair's
//! [`Direction`](crate::Direction) does not judge to be *derived from* the query, the one
//! covering most of the paragraph; at equal coverage, one judged to be the query's
//! source, then the earlier dated one, then the lower index. When every document found
//! is judged derived from the query, the paragraph has no likeliest source (the query
//! looks like the original).

use crate::align::PassageKind;
use crate::analyze::{analyze_fingerprints_touching, Report, Verdict};
use crate::config::Config;
use crate::fingerprint::{fingerprint, overlap_len, DocFingerprints, DocInput, WordRange};
use copytrace_text::{Date, Span};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// One corpus document found in a paragraph of the query.
///
/// A passage counts in every paragraph its query side covers, and so do its
/// [`alternates`](crate::Passage::alternates): the passage's text found again in the query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceHit {
    /// Index of the document (in the trace's report).
    pub doc: u32,
    /// Words of the paragraph covered by reuse passages with this document.
    pub words: u32,
    /// Indices (into the report's passages) of those passages.
    pub passages: Vec<u32>,
    /// Whether the pair's direction makes this document the query's source.
    pub is_source: bool,
    /// Whether the pair's direction makes this document derived from the query.
    pub is_derived: bool,
}

/// One paragraph of the query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParagraphTrace {
    /// Paragraph index in the query's segmentation.
    pub index: u32,
    /// Its bytes in the query text.
    pub span: Span,
    /// Its words (label lines excluded).
    pub words: u32,
    /// Documents sharing reuse passages with it, by decreasing covered words, then index.
    pub sources: Vec<SourceHit>,
    /// The likeliest source, if any (see the [module docs](self)).
    pub likeliest: Option<u32>,
}

/// The result of [`trace`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Trace {
    /// Index of the query in [`Report::documents`] (it comes after the corpus).
    pub query: u32,
    /// Paragraphs of the query that have words, in text order.
    pub paragraphs: Vec<ParagraphTrace>,
    /// The analysis of the pairs involving the query.
    pub report: Report,
}

/// Traces `query` against `corpus` (see the [module docs](self)). The query becomes
/// document `corpus.len()` of the report.
#[must_use]
pub fn trace(query: &DocInput<'_>, corpus: &[DocInput<'_>], cfg: &Config) -> Trace {
    let mut fps: Vec<DocFingerprints> = corpus.par_iter().map(|d| fingerprint(d, cfg)).collect();
    fps.push(fingerprint(query, cfg));
    let q = fps.len() - 1;
    trace_fingerprints(&fps, q, cfg)
}

/// Traces document `query` of `fps` against all the others.
///
/// # Panics
/// Panics if `query >= fps.len()`.
#[must_use]
pub fn trace_fingerprints(fps: &[DocFingerprints], query: usize, cfg: &Config) -> Trace {
    assert!(query < fps.len(), "query index {query} out of range");
    let q = query as u32;
    let mut touched = vec![false; fps.len()];
    touched[query] = true;
    let report = analyze_fingerprints_touching(fps, cfg, &touched);
    let fq = &fps[query];
    // The likely source of the pair of the query and `other`, if known.
    let pair_source = |other: u32| {
        let (a, b) = if other < q { (other, q) } else { (q, other) };
        report.pairs.binary_search_by_key(&(a, b), |p| (p.a, p.b)).ok().and_then(|i| {
            let d = &report.pairs[i].direction;
            if d.verdict == Verdict::Unknown {
                None
            } else {
                d.source
            }
        })
    };
    // Query-side ranges of reuse passages and of their alternates (the passage's text
    // found again in the query): (range, other doc, passage index).
    let mut sides: Vec<(WordRange, u32, u32)> = report
        .passages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == PassageKind::Reuse)
        .flat_map(|(i, p)| {
            let all = std::iter::once((p.a, p.b)).chain(p.alternates.iter().map(|x| (x.a, x.b)));
            all.filter_map(move |(a, b)| {
                if a.doc == q {
                    Some((a.words, b.doc, i as u32))
                } else if b.doc == q {
                    Some((b.words, a.doc, i as u32))
                } else {
                    None
                }
            })
        })
        .collect();
    sides.sort_unstable_by_key(|s| (s.1, s.0, s.2));
    let mut paragraphs = Vec::new();
    for (pi, para) in fq.paragraphs.iter().enumerate() {
        let pr = WordRange { start: para.first_word, end: para.end_word };
        if pr.is_empty() {
            continue;
        }
        let words = pr.len() - overlap_len(&fq.label_lines, pr);
        let mut hits: Vec<SourceHit> = Vec::new();
        let mut i = 0;
        while i < sides.len() {
            let doc = sides[i].1;
            let j = i + sides[i..].iter().take_while(|s| s.1 == doc).count();
            let mut clipped: Vec<WordRange> = Vec::new();
            let mut ps = Vec::new();
            for &(r, _, p) in &sides[i..j] {
                let c = WordRange { start: r.start.max(pr.start), end: r.end.min(pr.end) };
                if !c.is_empty() {
                    clipped.push(c);
                    if !ps.contains(&p) {
                        ps.push(p);
                    }
                }
            }
            if !clipped.is_empty() {
                clipped.sort_unstable();
                let mut covered = 0u32;
                let mut cur: Option<WordRange> = None;
                for c in clipped {
                    cur = match cur {
                        Some(mut u) if c.start <= u.end => {
                            u.end = u.end.max(c.end);
                            Some(u)
                        }
                        other => {
                            if let Some(u) = other {
                                covered += u.len() - overlap_len(&fq.label_lines, u);
                            }
                            Some(c)
                        }
                    };
                }
                if let Some(u) = cur {
                    covered += u.len() - overlap_len(&fq.label_lines, u);
                }
                if covered > 0 {
                    let source = pair_source(doc);
                    hits.push(SourceHit {
                        doc,
                        words: covered,
                        passages: ps,
                        is_source: source == Some(doc),
                        is_derived: source == Some(q),
                    });
                }
            }
            i = j;
        }
        let date = |d: u32| fps[d as usize].date.as_deref().and_then(|s| Date::parse(s.trim())).map(|d| d.sort_key());
        let likeliest = hits
            .iter()
            .filter(|h| !h.is_derived)
            .min_by(|x, y| {
                // Most words; then judged source; then earlier date (dated first); then index.
                let key = |h: &SourceHit| {
                    (std::cmp::Reverse(h.words), !h.is_source, date(h.doc).is_none(), date(h.doc), h.doc)
                };
                key(x).cmp(&key(y))
            })
            .map(|h| h.doc);
        hits.sort_by_key(|h| (std::cmp::Reverse(h.words), h.doc));
        paragraphs.push(ParagraphTrace { index: pi as u32, span: para.span, words, sources: hits, likeliest });
    }
    Trace { query: q, paragraphs, report }
}
