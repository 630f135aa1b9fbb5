//! The whole analysis: the three stages, then clusters, boilerplate, containment,
//! direction and originality.
//!
//! # Boilerplate
//! A passage is [`PassageKind::Boilerplate`] when
//! * at least 80 % of the fingerprints inside it (on side `a`) are common-text
//!   fingerprints ([`BoilerplateReason::CommonText`], see [`crate::candidates`](mod@crate::candidates));
//! * at least 80 % of its words lie in label lines on either side
//!   ([`BoilerplateReason::LabelLine`], see [`crate::fingerprint`](mod@crate::fingerprint));
//! * its cluster spans more documents than the document-frequency limit
//!   ([`BoilerplateReason::Widespread`]).
//!
//! Boilerplate passages stay in [`Report::passages`] with their kind, and the text they
//! cover, together with every label line and every run of common-text fingerprints, is
//! listed in [`Report::boilerplate`]. None of it counts as reused or derived text. A
//! document's word count is all its words ([`DocStats::words`]), label lines included: the
//! one definition of a word count ([`copytrace_text::word_count`]) that every copytrace
//! figure uses, so the shares below are shares of that count.
//!
//! # Containment
//! For a pair, `containment_a` is the share of `a`'s words covered by the pair's reuse
//! passages: the union of their word ranges on `a`'s side and of their alternates' (the
//! same text found again), label lines left out; likewise for `b`.
//!
//! # Direction
//! Who copied whom in each pair: [`crate::direction`](mod@crate::direction) (dates, wire
//! roles, hubs, expansion versus extract, common sources).
//!
//! # Per document
//! `reused_share` is the share of a document's words covered by any reuse passage;
//! `derived_share` the share covered by passages shared with documents judged to be its
//! source; `originality = 1 - derived_share`.

use crate::align::{BoilerplateReason, NoProgress, PairAligner, Passage, PassageKind, Progress};
use crate::candidates::{candidates, candidates_touching, CandidatePair, Candidates};
use crate::cluster::{clusters, Cluster};
use crate::config::Config;
use crate::direction::{directions, Shared};
pub use crate::direction::{Direction, DirectionBasis, Verdict};
use crate::fingerprint::{fingerprint, overlap_len, DocFingerprints, DocInput, WordRange};
use crate::reword::{align_prepared, stem_postings, Prepared};
use copytrace_text::Span;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Per-document results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocStats {
    /// Index of the document in the corpus.
    pub index: u32,
    /// Its id.
    pub id: String,
    /// Its date, if any.
    pub date: Option<String>,
    /// All its words, label lines included (metadata given as [`DocInput::skip`] excluded):
    /// the words [`copytrace_text::word_count`] counts in the text matched.
    ///
    /// [`DocInput::skip`]: crate::DocInput::skip
    pub words: u32,
    /// Words covered by reuse passages with any other document.
    pub reused_words: u32,
    /// `reused_words / words` (0 for a document without words).
    pub reused_share: f64,
    /// Words covered by reuse passages with documents judged to be its source.
    pub derived_words: u32,
    /// `derived_words / words`.
    pub derived_share: f64,
    /// `1 - derived_share`.
    pub originality: f64,
    /// Words in label lines or in boilerplate passages.
    pub boilerplate_words: u32,
}

/// Results for one pair of documents that share at least one passage.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PairReport {
    /// The document with the lower index.
    pub a: u32,
    /// The document with the higher index.
    pub b: u32,
    /// Reuse passages.
    pub passages: u32,
    /// Boilerplate passages.
    pub boilerplate_passages: u32,
    /// Words of `a` covered by reuse passages of this pair.
    pub shared_words_a: u32,
    /// Words of `b` covered by reuse passages of this pair.
    pub shared_words_b: u32,
    /// `shared_words_a / words of a`: the share of `a` found in `b`.
    pub containment_a: f64,
    /// `shared_words_b / words of b`: the share of `b` found in `a`.
    pub containment_b: f64,
    /// Likely direction.
    pub direction: Direction,
}

/// A piece of text set aside as boilerplate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoilerplateSpan {
    /// Index of the document.
    pub doc: u32,
    /// Bytes of the text.
    pub span: Span,
    /// Word indices.
    pub words: WordRange,
    /// Why it is boilerplate.
    pub reason: BoilerplateReason,
    /// For common text, the highest document frequency of its fingerprints; for a
    /// widespread passage, the size of its cluster.
    pub doc_freq: Option<u32>,
}

/// Corpus-level counts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Documents analysed.
    pub documents: u32,
    /// Candidate pairs aligned.
    pub candidate_pairs: u32,
    /// Pairs with at least one reuse passage.
    pub pairs_with_reuse: u32,
    /// Reuse passages.
    pub reuse_passages: u32,
    /// Boilerplate passages.
    pub boilerplate_passages: u32,
    /// Clusters (boilerplate clusters included).
    pub clusters: u32,
    /// Fingerprints set aside as common text.
    pub common_fingerprints: u32,
    /// The document-frequency limit applied.
    pub max_doc_freq: u32,
}

/// Everything found in a corpus. All lists are sorted deterministically.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Counts.
    pub summary: Summary,
    /// One entry per document, by index.
    pub documents: Vec<DocStats>,
    /// Pairs sharing at least one passage, by `(a, b)`.
    pub pairs: Vec<PairReport>,
    /// All passages, reuse and boilerplate, by `(a.doc, b.doc, a.span.start, b.span.start)`.
    pub passages: Vec<Passage>,
    /// Clusters, by decreasing size, then hub document and position.
    pub clusters: Vec<Cluster>,
    /// Boilerplate text, by `(doc, span.start, reason)`.
    pub boilerplate: Vec<BoilerplateSpan>,
}

/// Runs the whole analysis on `docs` (stage 1 in parallel, then
/// [`analyze_fingerprints`]).
#[must_use]
pub fn analyze(docs: &[DocInput<'_>], cfg: &Config) -> Report {
    let fps: Vec<DocFingerprints> = docs.par_iter().map(|d| fingerprint(d, cfg)).collect();
    analyze_fingerprints(&fps, cfg)
}

/// Runs stages 2 and 3 and the corpus-level analysis on stage-1 output.
#[must_use]
pub fn analyze_fingerprints(fps: &[DocFingerprints], cfg: &Config) -> Report {
    analyze_candidates(fps, cfg, candidates(fps, cfg))
}

/// Like [`analyze_fingerprints`], but only pairs that touch a document with
/// `touched[index] == true` are aligned (e.g. new documents against an archive). The
/// pairs, their containment and direction, and the passages found are exactly those of
/// the full analysis restricted to such pairs (document frequencies, and so common text,
/// still count every document). Clusters, and what depends on them (cluster ids,
/// [`BoilerplateReason::Widespread`]), and per-document figures are computed from those
/// pairs only.
#[must_use]
pub fn analyze_fingerprints_touching(fps: &[DocFingerprints], cfg: &Config, touched: &[bool]) -> Report {
    analyze_candidates(fps, cfg, candidates_touching(fps, cfg, touched))
}

/// [`analyze_fingerprints`], telling `progress` how the alignment advances: its total is
/// the number of words of the second document of every candidate pair, and each pair
/// advances it by that many as it is aligned (a long pair in steps). The result is the
/// same.
#[must_use]
pub fn analyze_fingerprints_with_progress(fps: &[DocFingerprints], cfg: &Config, progress: &dyn Progress) -> Report {
    analyze_candidates_with_progress(fps, cfg, candidates(fps, cfg), progress)
}

/// Stage 3 and the corpus-level analysis on the candidates of stage 2.
#[must_use]
pub fn analyze_candidates(fps: &[DocFingerprints], cfg: &Config, cands: Candidates) -> Report {
    analyze_candidates_with_progress(fps, cfg, cands, &NoProgress)
}

/// [`analyze_candidates`] with a [`Progress`] (see [`analyze_fingerprints_with_progress`]).
#[must_use]
pub fn analyze_candidates_with_progress(
    fps: &[DocFingerprints],
    cfg: &Config,
    cands: Candidates,
    progress: &dyn Progress,
) -> Report {
    progress.total(cands.pairs.iter().map(|p| fps[p.b as usize].words.len() as u64).sum());
    let all = cands.all_pairs();
    let passages = align_candidates(&all, |d| &fps[d as usize], cfg, &cands, progress);
    analyze_passages(fps, cfg, &cands, passages)
}

/// Stage 3 on its own: the passages of the candidate pairs `all` (as
/// [`Candidates::all_pairs`] gives them: sorted by `(a, b)`, with the tiers that align each),
/// unsorted, with [`BoilerplateReason::CommonText`] set from `cands`'s common fingerprints
/// (only [`Candidates::common`] is read). `doc(i)` is document `i`'s stage-1 output: the
/// documents of the pairs only are looked up, so a worker holding some documents of a
/// corpus aligns the pairs among them. [`analyze_passages`] takes the passages of every
/// pair, in any order, to the report; [`analyze_candidates`] is the two in one.
///
/// ```
/// use copytrace_provenance::{analyze, analyze_passages, align_candidates, candidates, fingerprint, Config, DocInput, NoProgress};
///
/// let text = "The council said on Monday that the inquiry into the leak would report by the end of the month.";
/// let cfg = Config::new();
/// let fps: Vec<_> = ["a", "b"].iter().map(|id| fingerprint(&DocInput::new(*id, text), &cfg)).collect();
/// let cands = candidates(&fps, &cfg);
/// let passages = align_candidates(&cands.all_pairs(), |d| &fps[d as usize], &cfg, &cands, &NoProgress);
/// assert_eq!(passages.len(), 1);
/// let docs = [DocInput::new("a", text), DocInput::new("b", text)];
/// assert_eq!(analyze_passages(&fps, &cfg, &cands, passages), analyze(&docs, &cfg));
/// ```
#[must_use]
pub fn align_candidates<'f, F>(
    all: &[(CandidatePair, bool, bool)],
    doc: F,
    cfg: &Config,
    cands: &Candidates,
    progress: &dyn Progress,
) -> Vec<Passage>
where
    F: Fn(u32) -> &'f DocFingerprints + Sync,
{
    // Pairs come sorted by `a`: align them in runs sharing `a` (at most 256 pairs a run,
    // to keep the threads balanced), preparing `a` once per run. Verbatim candidates go
    // through the word alignment; reworded-tier candidates then through the reworded tier
    // (see [`crate::reword`](mod@crate::reword)), around the passages already found.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < all.len() {
        let a = all[i].0.a;
        let j = i + all[i..].iter().take(256).take_while(|p| p.0.a == a).count();
        runs.push((i, j));
        i = j;
    }
    // The reworded tier's view of every document in a pair, prepared once.
    let prepared: HashMap<u32, Prepared> = if cfg.get_reword() {
        let mut used: Vec<u32> = all.iter().filter(|x| x.2).flat_map(|(p, _, _)| [p.a, p.b]).collect();
        used.sort_unstable();
        used.dedup();
        used.into_par_iter().map(|d| (d, Prepared::new(doc(d)))).collect()
    } else {
        HashMap::new()
    };
    runs.par_iter()
        .flat_map_iter(|&(i, j)| {
            let fa = doc(all[i].0.a);
            let aligner = PairAligner::new(fa, cfg);
            let postings = match prepared.get(&all[i].0.a) {
                Some(pa) if all[i..j].iter().any(|x| x.2) => stem_postings(pa),
                _ => Vec::new(),
            };
            let mut out = Vec::new();
            for (p, verbatim, reword) in &all[i..j] {
                let fb = doc(p.b);
                let mut found = if *verbatim { aligner.align_with_progress(p, fb, progress) } else { Vec::new() };
                for x in &mut found {
                    if x.kind == PassageKind::Reuse && is_common_text(x, fa, cands) {
                        x.kind = PassageKind::Boilerplate(BoilerplateReason::CommonText);
                    }
                }
                if *reword && cfg.get_reword() {
                    if let (Some(pa), Some(pb)) = (prepared.get(&p.a), prepared.get(&p.b)) {
                        let reworded = align_prepared(p, (fa, pa, &postings), (fb, pb), &found, cfg);
                        found.extend(reworded);
                    }
                }
                out.extend(found.into_iter().filter(|x| cfg.reports(x.tier)));
            }
            out
        })
        .collect()
}

/// The corpus-level analysis on the passages of stage 3 ([`align_candidates`] over every
/// pair of `cands`, in any order): passages sorted, clusters, boilerplate, containment,
/// direction and originality, the summary. `fps` are every document's stage-1 output, by
/// index.
#[must_use]
pub fn analyze_passages(
    fps: &[DocFingerprints],
    cfg: &Config,
    cands: &Candidates,
    mut passages: Vec<Passage>,
) -> Report {
    passages.sort_by_key(|p| (p.a.doc, p.b.doc, p.a.words.start, p.b.words.start, p.a.words.end, p.b.words.end));
    let clusters = clusters(&mut passages, fps, cfg);
    for c in clusters.iter().filter(|c| c.boilerplate) {
        for p in passages.iter_mut().filter(|p| p.cluster == Some(c.id)) {
            p.kind = PassageKind::Boilerplate(BoilerplateReason::Widespread);
        }
        for m in std::iter::once(&c.hub).chain(&c.members) {
            if let Some(p) = m.passage {
                passages[p as usize].kind = PassageKind::Boilerplate(BoilerplateReason::Widespread);
            }
        }
    }
    let words: Vec<u32> = fps.iter().map(|f| u32::try_from(f.words.len()).unwrap_or(u32::MAX)).collect();
    let pairs = pair_reports(&passages, fps, &words, cfg);
    let documents = doc_stats(&passages, &pairs, fps, &words);
    let boilerplate = boilerplate_spans(&passages, &clusters, fps, cands);
    let summary = Summary {
        documents: fps.len() as u32,
        candidate_pairs: cands.all_pairs().len() as u32,
        pairs_with_reuse: pairs.iter().filter(|p| p.passages > 0).count() as u32,
        reuse_passages: passages.iter().filter(|p| p.kind == PassageKind::Reuse).count() as u32,
        boilerplate_passages: passages.iter().filter(|p| p.kind != PassageKind::Reuse).count() as u32,
        clusters: clusters.len() as u32,
        common_fingerprints: cands.common.len() as u32,
        max_doc_freq: cands.max_doc_freq,
    };
    Report { summary, documents, pairs, passages, clusters, boilerplate }
}

/// Whether at least 80 % of the fingerprints inside the passage's `a` side are common.
fn is_common_text(p: &Passage, fa: &DocFingerprints, cands: &Candidates) -> bool {
    if cands.common.is_empty() {
        return false;
    }
    let n = fa.ngram.max(1);
    let r = p.a.words;
    let from = fa.fingerprints.partition_point(|f| f.word < r.start);
    let inside = fa.fingerprints[from..].iter().take_while(|f| f.word + n <= r.end);
    let (mut total, mut common) = (0u32, 0u32);
    for f in inside {
        total += 1;
        common += u32::from(cands.common_freq(f.hash).is_some());
    }
    total > 0 && 5 * common >= 4 * total
}

/// Sorted disjoint union of ranges.
pub(crate) fn union(mut ranges: Vec<WordRange>) -> Vec<WordRange> {
    ranges.sort_unstable();
    let mut out: Vec<WordRange> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(l) if r.start <= l.end => l.end = l.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Words covered by `ranges`, label-line words excluded.
fn covered(ranges: Vec<WordRange>, fp: &DocFingerprints) -> u32 {
    union(ranges).iter().map(|r| r.len() - overlap_len(&fp.label_lines, *r)).sum()
}

fn share(part: u32, whole: u32) -> f64 {
    if whole == 0 {
        0.0
    } else {
        f64::from(part.min(whole)) / f64::from(whole)
    }
}

fn pair_reports(passages: &[Passage], fps: &[DocFingerprints], words: &[u32], cfg: &Config) -> Vec<PairReport> {
    // Passages are sorted by (a.doc, b.doc): one run per pair.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < passages.len() {
        let key = (passages[i].a.doc, passages[i].b.doc);
        let j = i + passages[i..].iter().take_while(|p| (p.a.doc, p.b.doc) == key).count();
        runs.push((i, j));
        i = j;
    }
    let (mut reports, shared): (Vec<PairReport>, Vec<Shared>) = runs
        .par_iter()
        .map(|&(i, j)| {
            let ps = &passages[i..j];
            let (a, b) = (ps[0].a.doc, ps[0].b.doc);
            let reuse: Vec<&Passage> = ps.iter().filter(|p| p.kind == PassageKind::Reuse).collect();
            // The text of a passage found again (its alternates) is shared text too.
            let ranges_a = content(reuse.iter().flat_map(|p| p.words_a()).collect(), &fps[a as usize]);
            let ranges_b = content(reuse.iter().flat_map(|p| p.words_b()).collect(), &fps[b as usize]);
            let shared_a = ranges_a.iter().map(WordRange::len).sum();
            let shared_b = ranges_b.iter().map(WordRange::len).sum();
            let ca = share(shared_a, words[a as usize]);
            let cb = share(shared_b, words[b as usize]);
            let in_order = in_order_share(&reuse);
            let report = PairReport {
                a,
                b,
                passages: reuse.len() as u32,
                boilerplate_passages: (ps.len() - reuse.len()) as u32,
                shared_words_a: shared_a,
                shared_words_b: shared_b,
                containment_a: ca,
                containment_b: cb,
                direction: Direction::none(),
            };
            (report, Shared { a, b, ranges_a, ranges_b, ca, cb, in_order })
        })
        .unzip();
    // Every document's words in any reuse passage.
    let mut sides: Vec<Vec<WordRange>> = vec![Vec::new(); fps.len()];
    for p in passages.iter().filter(|p| p.kind == PassageKind::Reuse) {
        sides[p.a.doc as usize].extend(p.words_a());
        sides[p.b.doc as usize].extend(p.words_b());
    }
    let all_shared: Vec<u32> = sides.into_par_iter().enumerate().map(|(d, r)| covered(r, &fps[d])).collect();
    for (r, d) in reports.iter_mut().zip(directions(&shared, fps, words, &all_shared, cfg)) {
        r.direction = d;
    }
    reports
}

/// The share of the matched words of `reuse` (sorted by their start in `a`) in the heaviest
/// set of passages that come in the same order in `b` (1 for one passage). Quadratic in the
/// number of passages, so from [`MAX_ORDERED`] passages on, 1 (no evidence of reordering).
fn in_order_share(reuse: &[&Passage]) -> f64 {
    let n = reuse.len();
    if !(2..=MAX_ORDERED).contains(&n) {
        return 1.0;
    }
    // best[i]: the heaviest chain ending with passage i.
    let mut best: Vec<u64> = Vec::with_capacity(n);
    for i in 0..n {
        let w = u64::from(reuse[i].matched_words);
        let before = (0..i).filter(|&j| reuse[j].b.words.end <= reuse[i].b.words.start).map(|j| best[j]).max();
        best.push(w + before.unwrap_or(0));
    }
    let total: u64 = reuse.iter().map(|p| u64::from(p.matched_words)).sum();
    let heaviest = best.iter().copied().max().unwrap_or(0);
    if total == 0 {
        1.0
    } else {
        heaviest as f64 / total as f64
    }
}

/// Passages of one pair beyond which their order is not checked.
const MAX_ORDERED: usize = 256;

/// The union of `ranges` without label-line words: sorted, disjoint.
fn content(ranges: Vec<WordRange>, fp: &DocFingerprints) -> Vec<WordRange> {
    let mut out = Vec::new();
    for r in union(ranges) {
        let from = fp.label_lines.partition_point(|l| l.end <= r.start);
        let mut at = r.start;
        for l in fp.label_lines[from..].iter().take_while(|l| l.start < r.end) {
            if l.start > at {
                out.push(WordRange { start: at, end: l.start });
            }
            at = at.max(l.end);
        }
        if at < r.end {
            out.push(WordRange { start: at, end: r.end });
        }
    }
    out
}

fn doc_stats(passages: &[Passage], pairs: &[PairReport], fps: &[DocFingerprints], words: &[u32]) -> Vec<DocStats> {
    let n = fps.len();
    // Per document: (range, derived?, boilerplate?) of every passage side.
    let mut per_doc: Vec<Vec<(WordRange, bool, bool)>> = vec![Vec::new(); n];
    let mut pair_at = 0usize;
    for p in passages {
        while pair_at < pairs.len() && (pairs[pair_at].a, pairs[pair_at].b) < (p.a.doc, p.b.doc) {
            pair_at += 1;
        }
        let source = pairs.get(pair_at).and_then(|r| r.direction.source);
        let bp = p.kind != PassageKind::Reuse;
        per_doc[p.a.doc as usize].extend(p.words_a().map(|w| (w, source == Some(p.b.doc), bp)));
        per_doc[p.b.doc as usize].extend(p.words_b().map(|w| (w, source == Some(p.a.doc), bp)));
    }
    per_doc
        .into_par_iter()
        .enumerate()
        .map(|(d, sides)| {
            let fp = &fps[d];
            let reused = covered(sides.iter().filter(|s| !s.2).map(|s| s.0).collect(), fp);
            let derived = covered(sides.iter().filter(|s| !s.2 && s.1).map(|s| s.0).collect(), fp);
            let mut bp: Vec<WordRange> = sides.iter().filter(|s| s.2).map(|s| s.0).collect();
            bp.extend_from_slice(&fp.label_lines);
            let boilerplate_words = union(bp).iter().map(WordRange::len).sum();
            let derived_share = share(derived, words[d]);
            DocStats {
                index: d as u32,
                id: fp.id.clone(),
                date: fp.date.clone(),
                words: words[d],
                reused_words: reused,
                reused_share: share(reused, words[d]),
                derived_words: derived,
                derived_share,
                originality: 1.0 - derived_share,
                boilerplate_words,
            }
        })
        .collect()
}

fn boilerplate_spans(
    passages: &[Passage],
    clusters: &[Cluster],
    fps: &[DocFingerprints],
    cands: &Candidates,
) -> Vec<BoilerplateSpan> {
    let mut out: Vec<BoilerplateSpan> = fps
        .par_iter()
        .enumerate()
        .flat_map_iter(|(d, fp)| {
            let doc = d as u32;
            let mut spans: Vec<BoilerplateSpan> = fp
                .label_lines
                .iter()
                .map(|&r| BoilerplateSpan {
                    doc,
                    span: fp.span_of_words(r),
                    words: r,
                    reason: BoilerplateReason::LabelLine,
                    doc_freq: None,
                })
                .collect();
            // Runs of common-text fingerprints.
            let n = fp.ngram.max(1);
            let mut run: Option<(WordRange, u32)> = None;
            let flush = |run: Option<(WordRange, u32)>, spans: &mut Vec<BoilerplateSpan>| {
                if let Some((r, df)) = run {
                    spans.push(BoilerplateSpan {
                        doc,
                        span: fp.span_of_words(r),
                        words: r,
                        reason: BoilerplateReason::CommonText,
                        doc_freq: Some(df),
                    });
                }
            };
            if !cands.common.is_empty() {
                for f in &fp.fingerprints {
                    let Some(df) = cands.common_freq(f.hash) else { continue };
                    let r = WordRange { start: f.word, end: (f.word + n).min(fp.words.len() as u32) };
                    run = match run {
                        Some((cur, cdf)) if r.start <= cur.end => {
                            Some((WordRange { start: cur.start, end: cur.end.max(r.end) }, cdf.max(df)))
                        }
                        other => {
                            flush(other, &mut spans);
                            Some((r, df))
                        }
                    };
                }
                flush(run, &mut spans);
            }
            spans
        })
        .collect();
    // Sides of widespread passages, merged per document.
    let mut wide: Vec<(u32, WordRange, u32)> = Vec::new();
    for p in passages.iter().filter(|p| p.kind == PassageKind::Boilerplate(BoilerplateReason::Widespread)) {
        let size = p.cluster.and_then(|c| clusters.get(c as usize)).map_or(0, |c| c.docs);
        wide.push((p.a.doc, p.a.words, size));
        wide.push((p.b.doc, p.b.words, size));
    }
    wide.sort_unstable();
    let mut i = 0;
    while i < wide.len() {
        let doc = wide[i].0;
        let j = i + wide[i..].iter().take_while(|w| w.0 == doc).count();
        let size = wide[i..j].iter().map(|w| w.2).max().unwrap_or(0);
        for r in union(wide[i..j].iter().map(|w| w.1).collect()) {
            out.push(BoilerplateSpan {
                doc,
                span: fps[doc as usize].span_of_words(r),
                words: r,
                reason: BoilerplateReason::Widespread,
                doc_freq: Some(size),
            });
        }
        i = j;
    }
    out.sort_by_key(|b| (b.doc, b.span.start, b.reason, b.span.end));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const VOCAB: [&str; 12] = [
        "the",
        "council",
        "said",
        "leak",
        "police",
        "minister",
        "report",
        "on",
        "\u{201C}inquiry\u{201D}",
        "of",
        "READ",
        "MORE:",
    ];

    /// Documents made of random words plus copies of random slices of a shared text.
    fn corpus() -> impl Strategy<Value = Vec<String>> {
        let doc = (proptest::collection::vec(0usize..VOCAB.len(), 0..60), 0usize..80, 0usize..40, 0usize..3);
        proptest::collection::vec(doc, 1..7).prop_map(|docs| {
            let shared: Vec<String> = (0..120).map(|i| format!("w{}", (i * 7919) % 97)).collect();
            // The first two documents always share 40 words, so passages are exercised.
            docs.into_iter()
                .enumerate()
                .map(|(k, (own, from, len, breaks))| {
                    let (from, len) = if k < 2 { (0, 40) } else { (from, len) };
                    let mut words: Vec<String> = own.iter().map(|&i| VOCAB[i].to_owned()).collect();
                    let from = from.min(shared.len());
                    let to = (from + len).min(shared.len());
                    let at = words.len() / 2;
                    words.splice(at..at, shared[from..to].iter().cloned());
                    let mut text = String::new();
                    for (i, w) in words.iter().enumerate() {
                        text.push_str(w);
                        text.push_str(if breaks > 0 && i % (7 * breaks) == 6 { "\n\n" } else { " " });
                    }
                    text
                })
                .collect()
        })
    }

    /// The direction of a pair of identical texts (so containment cannot decide) dated
    /// `da` and `db`: (verdict, basis).
    fn dated_direction(da: &str, db: &str) -> (Verdict, DirectionBasis) {
        let text = "The council said on Monday that the inquiry into the leak would report by the end of the month, \
                    and that the minister had not been told of the police findings before the vote.";
        let docs = [DocInput::new("a", text).with_date(da), DocInput::new("b", text).with_date(db)];
        let r = analyze(&docs, &Config::new());
        let d = &r.pairs[0].direction;
        (d.verdict, d.basis)
    }

    #[test]
    fn dates_order_by_instant_and_a_day_does_not_order_a_time_that_day() {
        // The same day, ordered by the times.
        assert_eq!(
            dated_direction("2024-03-11T09:00:00Z", "2024-03-11T08:00:00Z"),
            (Verdict::BToA, DirectionBasis::Date)
        );
        assert_eq!(
            dated_direction("2024-03-11T08:00:00Z", "2024-03-11T09:00:00Z"),
            (Verdict::AToB, DirectionBasis::Date)
        );
        // Across zones: 08:00 in Paris is 07:00 UTC, before 07:30 UTC (as strings it sorts after).
        let paris_first = dated_direction("2024-03-11T07:30:00Z", "2024-03-11T08:00:00+01:00");
        assert_eq!(paris_first, (Verdict::BToA, DirectionBasis::Date));
        // Not ordered by date: a day and a time on it, the same day twice, the same instant.
        for (da, db) in [
            ("2024-03-11", "2024-03-11T08:00:00Z"),
            ("2024-03-11T23:00:00-05:00", "2024-03-11"),
            ("2024-03-11", "2024-03-11"),
            ("2024-03-11T09:00:00+01:00", "2024-03-11T08:00:00Z"),
        ] {
            assert_eq!(dated_direction(da, db), (Verdict::Unknown, DirectionBasis::None), "{da} {db}");
        }
        assert_eq!(dated_direction("2024-03-10", "2024-03-11T00:30:00+01:00"), (Verdict::AToB, DirectionBasis::Date));
        // Not a date at all: no date.
        assert_eq!(dated_direction("2024-03-10", "soon"), (Verdict::Unknown, DirectionBasis::None));
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
        #[test]
        fn report_invariants(texts in corpus()) {
            let docs: Vec<DocInput<'_>> =
                texts.iter().enumerate().map(|(i, t)| DocInput::new(format!("d{i}"), t)).collect();
            let cfg = Config::new();
            let r = analyze(&docs, &cfg);
            prop_assert_eq!(r.documents.len(), docs.len());
            prop_assert!(docs.len() < 2 || r.passages.iter().any(|p| (p.a.doc, p.b.doc) == (0, 1)));
            let keys: Vec<_> = r.passages.iter().map(|p| (p.a.doc, p.b.doc, p.a.words.start, p.b.words.start)).collect();
            prop_assert!(keys.windows(2).all(|w| w[0] <= w[1]));
            for p in &r.passages {
                prop_assert!(p.a.doc < p.b.doc);
                prop_assert!(p.matched_words as usize >= cfg.get_min_words());
                prop_assert!(p.matched_words <= p.a.word_count.min(p.b.word_count));
                prop_assert!((0.0..=1.0).contains(&p.similarity));
                for s in [&p.a, &p.b] {
                    let t = &texts[s.doc as usize];
                    prop_assert!(s.span.end <= t.len() && t.is_char_boundary(s.span.start) && t.is_char_boundary(s.span.end));
                    prop_assert_eq!(s.word_count, s.words.len());
                    prop_assert!(s.paragraphs.first <= s.paragraphs.last);
                }
            }
            for p in &r.pairs {
                prop_assert!((0.0..=1.0).contains(&p.containment_a) && (0.0..=1.0).contains(&p.containment_b));
                prop_assert!((0.0..=1.0).contains(&p.direction.confidence));
            }
            prop_assert!(r.pairs.windows(2).all(|w| (w[0].a, w[0].b) < (w[1].a, w[1].b)));
            for d in &r.documents {
                prop_assert!(d.reused_words <= d.words && d.derived_words <= d.reused_words);
                prop_assert!((0.0..=1.0).contains(&d.originality));
            }
            for c in &r.clusters {
                prop_assert_eq!(c.docs as usize, 1 + c.members.len());
                let mut docs: Vec<u32> = c.members.iter().map(|m| m.doc).chain([c.hub.doc]).collect();
                docs.sort_unstable();
                docs.dedup();
                prop_assert_eq!(docs.len(), c.docs as usize);
            }
            prop_assert_eq!(analyze(&docs, &cfg), r);
        }
    }
}
