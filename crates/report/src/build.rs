//! Building the reports of `copytrace scan` and `copytrace trace` from the provenance
//! engine's results and the documents they were computed on.
//!
//! Every span the engine returns is a span of a document's decoded text; the builders map
//! each one to the original bytes ([`copytrace_corpus::Document::original_span`]), order
//! and number the records as the [crate docs](crate#copytrace-scan---format-json) say, and
//! derive what the engine leaves to the report: each cluster's likely origin from the
//! members' dates, boilerplate grouped by text, and a trace's passages clipped to each
//! paragraph of the article ([`crate::clip`]).

use crate::clip::{clip_to_paragraph, matched_runs, Runs};
use crate::json::round4;
use crate::scan::{
    AlternateRecord, BoilerplateRecord, ClusterRecord, Direction, DocumentRecord, Location, Notice, PairRecord,
    PassageRecord, ScanReport, Settings, SkippedRecord, Span as WireSpan, Summary, FORMAT, VERSION,
};
use crate::trace::{TraceHit, TraceParagraph, TraceReport, TRACE_FORMAT};
use copytrace_corpus::{Corpus, Document, Format, Origin};
use copytrace_diff::{DiffOptions, Op, Span};
use copytrace_provenance::{
    BoilerplateReason, Config, DirectionBasis, DocFingerprints, DocInput, PassageKind, PassageSide, Report, Trace,
    Verdict,
};
use std::collections::BTreeMap;

/// The decoded text of a passage's two sides and their word-level differences, for
/// `copytrace scan --detail`: what a renderer lays out, computed before rendering.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PassageText {
    /// Text of side `a`.
    pub a: String,
    /// Text of side `b`.
    pub b: String,
    /// The word diff of `a` (OLD) with `b` (NEW), [`copytrace_diff::diff`] with the default
    /// options: its ops in order, block after block, `old` spans into `a` and `new` spans
    /// into `b`. Together they cover both texts (the white space between paragraphs too).
    pub ops: Vec<Op>,
}

impl PassageText {
    /// The two sides `a` and `b` with their word ops computed.
    ///
    /// ```
    /// use copytrace_diff::OpTag;
    /// let t = copytrace_report::PassageText::new("said on Monday.".into(), "said.".into());
    /// let deleted: Vec<&str> = t.ops.iter().filter(|o| o.tag == OpTag::Delete).map(|o| &t.a[o.old.range()]).collect();
    /// assert_eq!(deleted.concat().trim(), "on Monday");
    /// ```
    #[must_use]
    pub fn new(a: String, b: String) -> PassageText {
        let diff = copytrace_diff::diff(&a, &b, &DiffOptions::default());
        let ops = diff.blocks.into_iter().flat_map(|block| block.ops).collect();
        PassageText { a, b, ops }
    }
}

/// The wire `format` of a document or file: `"html"` for a page, none for text.
pub(crate) fn html(format: Format) -> Option<String> {
    (format == Format::Html).then(|| format.name().to_owned())
}

/// The member of a cluster dated strictly before all the others that have a date
/// ([`copytrace_corpus::Date::earlier_than`]: instants in UTC; a day and a time on that day
/// are not ordered), when at least two members are dated; `None` otherwise.
fn cluster_origin<'a>(members: impl Iterator<Item = &'a Document>) -> Option<String> {
    let mut dated: Vec<(&str, copytrace_corpus::Date)> =
        members.filter_map(|d| d.meta.date.map(|date| (d.id.as_str(), date))).collect();
    dated.sort_unstable_by_key(|(id, _)| *id);
    dated.dedup_by(|a, b| a.0 == b.0);
    let (first, rest) = dated.split_first()?;
    let earliest = rest.iter().fold(first, |best, d| if d.1.earlier_than(&best.1) { d } else { best });
    let before_all = dated.iter().all(|d| d.0 == earliest.0 || earliest.1.earlier_than(&d.1));
    (dated.len() >= 2 && before_all).then(|| earliest.0.to_owned())
}

/// The provenance engine's input for `doc`: its prose (metadata is never matched, shown
/// or counted), its date, its outlet, and whether it is a wire story (`role: wire`). The
/// one conversion of every command and of the distributed engine, so they fingerprint the
/// same text.
#[must_use]
pub fn doc_input(doc: &Document) -> DocInput<'_> {
    let mut input = DocInput::new(doc.id.clone(), doc.text());
    if let Some(date) = doc.meta.date {
        input = input.with_date(date.to_string());
    }
    if let Some(outlet) = &doc.meta.outlet {
        input = input.with_outlet(outlet.clone());
    }
    input.with_wire(doc.meta.extra.get("role").is_some_and(|r| copytrace_provenance::direction::is_wire_role(r)))
}

/// The wire location of `span`, a span of `doc`'s decoded text: its original bytes.
#[must_use]
pub fn location(doc: &Document, span: Span) -> Location {
    let o = doc.original_span(span);
    Location { doc: doc.id.clone(), start: o.start, end: o.end }
}

/// The wire record of `doc`, with its engine statistics `stats` (a document without any:
/// no words, wholly original).
#[must_use]
pub fn document_record(doc: &Document, stats: Option<&copytrace_provenance::DocStats>) -> DocumentRecord {
    let (line, offsets) = match &doc.origin {
        Origin::File { .. } => (None, "file"),
        Origin::Record { line, .. } => (Some(*line), "record-text"),
    };
    let body = doc.original_body();
    DocumentRecord {
        id: doc.id.clone(),
        path: doc.path.clone(),
        line,
        date: doc.meta.date.map(|d| d.to_string()),
        outlet: doc.meta.outlet.clone(),
        title: doc.meta.title.clone(),
        url: doc.meta.url.clone(),
        encoding: doc.decoded.encoding().name().to_owned(),
        format: html(doc.format()),
        offsets: offsets.to_owned(),
        bytes: doc.decoded.original_len(),
        body: WireSpan { start: body.start, end: body.end },
        words: stats.map_or(0, |s| s.words as usize),
        shared_words: stats.map_or(0, |s| s.reused_words as usize),
        reused: stats.map_or(0.0, |s| round4(s.reused_share)),
        derived: stats.map_or(0.0, |s| round4(s.derived_share)),
        originality: stats.map_or(1.0, |s| round4(s.originality)),
    }
}

/// The wire direction of a pair, `docs` the documents by engine index.
fn direction(d: &copytrace_provenance::Direction, docs: &[&Document]) -> Direction {
    let id = |s: Option<u32>| s.and_then(|s| docs.get(s as usize)).map(|doc| doc.id.clone());
    let (source, common_source) = match d.verdict {
        Verdict::Unknown => (None, None),
        Verdict::AToB | Verdict::BToA => (id(d.source), None),
        Verdict::CommonSource => (None, id(d.common_source)),
    };
    let basis = match (source.is_some() || common_source.is_some(), d.basis) {
        (true, DirectionBasis::Date) => "date",
        (true, DirectionBasis::Wire) => "wire",
        (true, DirectionBasis::Hub) => "hub",
        (true, DirectionBasis::Expansion) => "expansion",
        (true, DirectionBasis::Extract) => "extract",
        (true, DirectionBasis::CommonSource) => "common_source",
        _ => "unknown",
    };
    Direction { source, common_source, basis: basis.to_owned(), confidence: round4(d.confidence) }
}

/// The wire name of why text is boilerplate.
fn boilerplate_kind(reason: BoilerplateReason) -> &'static str {
    match reason {
        BoilerplateReason::LabelLine => "label-line",
        BoilerplateReason::CommonText => "common-text",
        BoilerplateReason::Widespread => "widespread",
    }
}

/// Turns the engine's report on `corpus` into the wire report of `copytrace scan`, offsets
/// mapped to the original bytes, and, when `with_texts`, the text of each passage's two
/// sides with their word diff ([`PassageText`], for `--detail`; empty otherwise).
///
/// `report` is the analysis of `corpus.documents`, in that order (document `i` of the
/// report is `corpus.documents[i]`), with the settings `cfg`; `root` is the corpus path
/// as the user gave it.
#[must_use]
pub fn build_scan(
    root: &str,
    corpus: &Corpus,
    report: &Report,
    cfg: &Config,
    with_texts: bool,
) -> (ScanReport, Vec<PassageText>) {
    let docs: Vec<&Document> = corpus.documents.iter().collect();
    let documents: Vec<DocumentRecord> =
        docs.iter().enumerate().map(|(i, d)| document_record(d, report.documents.get(i))).collect();

    // Reuse passages of each pair, in the engine's order (by a's position).
    let mut by_pair: BTreeMap<(u32, u32), Vec<usize>> = BTreeMap::new();
    for (i, p) in report.passages.iter().enumerate() {
        if p.kind == PassageKind::Reuse {
            by_pair.entry((p.a.doc, p.b.doc)).or_default().push(i);
        }
    }
    let mut pairs: Vec<&copytrace_provenance::PairReport> =
        report.pairs.iter().filter(|p| by_pair.contains_key(&(p.a, p.b))).collect();
    let shared = |p: &copytrace_provenance::PairReport| p.shared_words_a.max(p.shared_words_b);
    pairs.sort_by_key(|p| (std::cmp::Reverse(shared(p)), p.a, p.b));

    // Clusters that are reuse (not widespread boilerplate), renumbered.
    let live: Vec<&copytrace_provenance::Cluster> = report.clusters.iter().filter(|c| !c.boilerplate).collect();
    let cluster_index: BTreeMap<u32, usize> = live.iter().enumerate().map(|(i, c)| (c.id, i)).collect();

    let mut passages: Vec<PassageRecord> = Vec::new();
    let mut texts: Vec<PassageText> = Vec::new();
    let mut passage_index: BTreeMap<usize, usize> = BTreeMap::new();
    let mut pair_records: Vec<PairRecord> = Vec::new();
    for (pair_id, p) in pairs.iter().enumerate() {
        let (da, db) = (docs[p.a as usize], docs[p.b as usize]);
        let mut ids = Vec::new();
        for &i in &by_pair[&(p.a, p.b)] {
            let x = &report.passages[i];
            let id = passages.len();
            passage_index.insert(i, id);
            ids.push(id);
            let range = |r: copytrace_provenance::ParagraphRange| (r.first as usize..=r.last as usize).collect();
            passages.push(PassageRecord {
                id,
                pair: pair_id,
                a: location(da, x.a.span),
                b: location(db, x.b.span),
                words: x.matched_words as usize,
                similarity: round4(x.similarity),
                tier: x.tier.name().to_owned(),
                cluster: x.cluster.and_then(|c| cluster_index.get(&c).copied()),
                paragraphs_a: range(x.a.paragraphs),
                paragraphs_b: range(x.b.paragraphs),
                accepted: None,
                alternates: x
                    .alternates
                    .iter()
                    .map(|alt| AlternateRecord {
                        a: location(da, alt.a.span),
                        b: location(db, alt.b.span),
                        words: alt.matched_words as usize,
                    })
                    .collect(),
            });
            if with_texts {
                texts.push(PassageText::new(
                    da.text()[x.a.span.range()].to_owned(),
                    db.text()[x.b.span.range()].to_owned(),
                ));
            }
        }
        pair_records.push(PairRecord {
            id: pair_id,
            a: da.id.clone(),
            b: db.id.clone(),
            shared_words: shared(p) as usize,
            a_in_b: round4(p.containment_a),
            b_in_a: round4(p.containment_b),
            direction: direction(&p.direction, &docs),
            passages: ids,
            accepted: None,
        });
    }

    let clusters: Vec<ClusterRecord> = live
        .iter()
        .enumerate()
        .map(|(id, c)| {
            let mut members: Vec<Location> =
                std::iter::once(&c.hub).chain(&c.members).map(|m| location(docs[m.doc as usize], m.span)).collect();
            members.sort();
            let mut documents: Vec<String> = members.iter().map(|m| m.doc.clone()).collect();
            documents.sort();
            documents.dedup();
            let mut ids: Vec<usize> = std::iter::once(&c.hub)
                .chain(&c.members)
                .filter_map(|m| m.passage.and_then(|p| passage_index.get(&(p as usize)).copied()))
                .collect();
            ids.sort_unstable();
            let hub = docs[c.hub.doc as usize];
            let text = hub.text()[c.hub.span.range()].split_whitespace().collect::<Vec<_>>().join(" ");
            ClusterRecord {
                id,
                documents,
                words: c.hub.words.len() as usize,
                members,
                passages: ids,
                text,
                origin: cluster_origin(std::iter::once(&c.hub).chain(&c.members).map(|m| docs[m.doc as usize])),
            }
        })
        .collect();

    // Boilerplate: the same text (white space and case folded) for the same reason is one item.
    let mut groups: BTreeMap<(&'static str, String), Vec<Location>> = BTreeMap::new();
    let mut first_text: BTreeMap<(&'static str, String), String> = BTreeMap::new();
    for b in &report.boilerplate {
        let doc = docs[b.doc as usize];
        let text = &doc.text()[b.span.range()];
        let key = (boilerplate_kind(b.reason), text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase());
        first_text.entry(key.clone()).or_insert_with(|| text.split_whitespace().collect::<Vec<_>>().join(" "));
        groups.entry(key).or_default().push(location(doc, b.span));
    }
    let mut boilerplate: Vec<BoilerplateRecord> = groups
        .into_iter()
        .map(|(key, mut occurrences)| {
            occurrences.sort();
            occurrences.dedup();
            let mut in_docs: Vec<&str> = occurrences.iter().map(|o| o.doc.as_str()).collect();
            in_docs.dedup();
            BoilerplateRecord {
                id: 0,
                kind: key.0.to_owned(),
                text: first_text[&key].clone(),
                documents: in_docs.len(),
                occurrences,
            }
        })
        .collect();
    boilerplate.sort_by(|x, y| y.documents.cmp(&x.documents).then_with(|| x.occurrences.cmp(&y.occurrences)));
    for (i, b) in boilerplate.iter_mut().enumerate() {
        b.id = i;
    }

    let skipped: Vec<SkippedRecord> =
        corpus.skipped.iter().map(|s| SkippedRecord { path: s.path.clone(), reason: s.reason.to_string() }).collect();
    let warnings: Vec<Notice> =
        corpus.warnings.iter().map(|w| Notice { path: w.path.clone(), message: w.kind.to_string() }).collect();
    let errors: Vec<Notice> =
        corpus.errors.iter().map(|e| Notice { path: e.path.clone(), message: e.kind.to_string() }).collect();
    let summary = Summary {
        documents: documents.len(),
        pairs: pair_records.len(),
        passages: passages.len(),
        clusters: clusters.len(),
        boilerplate: boilerplate.len(),
        shared_words: documents.iter().map(|d| d.shared_words).sum(),
        skipped: skipped.len(),
        warnings: warnings.len(),
        errors: errors.len(),
    };
    let settings = Settings::of(cfg, report.summary.max_doc_freq as usize);
    let wire = ScanReport {
        format: FORMAT.to_owned(),
        version: VERSION,
        root: root.to_owned(),
        partial: corpus.is_partial(),
        summary,
        settings,
        documents,
        pairs: pair_records,
        passages,
        clusters,
        boilerplate,
        skipped,
        warnings,
        errors,
    };
    (wire, texts)
}

/// Turns the engine's trace of `query` against `corpus` into the wire report of
/// `copytrace trace`, and the text of each traced paragraph (in the order of
/// [`TraceReport::paragraphs`]).
///
/// `fps` are the fingerprints the trace was computed from: those of `corpus.documents`
/// in order, then the query's (the trace's query is the last document). `corpus_path` is
/// the corpus path as the user gave it. Each passage is clipped to the paragraph it is
/// listed under ([`crate::clip`]).
///
/// # Panics
/// When `fps` does not hold one entry per corpus document plus the query.
#[must_use]
pub fn build_trace(
    corpus_path: &str,
    corpus: &Corpus,
    query: &Document,
    fps: &[DocFingerprints],
    trace: &Trace,
) -> (TraceReport, Vec<String>) {
    let docs: Vec<&Document> = corpus.documents.iter().chain(std::iter::once(query)).collect();
    assert_eq!(fps.len(), docs.len(), "one fingerprint set per corpus document and the query");
    let q = docs.len() - 1;
    // A long passage is listed under every paragraph it crosses: its word matches are found
    // once, the first time a paragraph needs them.
    let mut runs_of: BTreeMap<(u32, usize), Runs> = BTreeMap::new();
    let mut paragraphs = Vec::new();
    for para in &trace.paragraphs {
        let info = &fps[q].paragraphs[para.index as usize];
        let mut hits = Vec::with_capacity(para.sources.len());
        for h in &para.sources {
            let source = docs[h.doc as usize];
            let (mine_words, theirs_words) = (&fps[q].words, &fps[h.doc as usize].words);
            let mut passages = Vec::with_capacity(h.passages.len());
            let mut tiers = Vec::with_capacity(h.passages.len());
            for &i in &h.passages {
                let Some(p) = trace.report.passages.get(i as usize) else { continue };
                tiers.push(p.tier.name().to_owned());
                // The passage, or the alternate of it that lies in this paragraph.
                let overlaps = |(a, b): &(PassageSide, PassageSide)| {
                    let mine = if a.doc as usize == q { a } else { b };
                    mine.words.start < info.end_word && info.first_word < mine.words.end
                };
                let all = std::iter::once((p.a, p.b)).chain(p.alternates.iter().map(|x| (x.a, x.b)));
                let (k, (a, b)) = all.enumerate().find(|(_, x)| overlaps(x)).unwrap_or((0, (p.a, p.b)));
                let (mine, theirs) = if a.doc as usize == q { (a, b) } else { (b, a) };
                let inside = mine.words.start >= info.first_word && mine.words.end <= info.end_word;
                let clipped = if inside {
                    None
                } else {
                    let runs = runs_of
                        .entry((i, k))
                        .or_insert_with(|| matched_runs(mine_words, theirs_words, mine.words, theirs.words));
                    clip_to_paragraph(
                        mine_words,
                        theirs_words,
                        (mine.words, theirs.words),
                        (info.first_word, info.end_word),
                        runs,
                    )
                };
                let (mine, theirs) = clipped.unwrap_or((mine.span, theirs.span));
                passages.push((location(query, mine), location(source, theirs)));
            }
            hits.push(TraceHit {
                doc: source.id.clone(),
                path: source.path.clone(),
                date: source.meta.date.map(|d| d.to_string()),
                words: h.words as usize,
                is_source: h.is_source,
                passages,
                tiers,
            });
        }
        let span = query.original_span(para.span);
        paragraphs.push(TraceParagraph {
            index: para.index as usize,
            line: query.line_col(para.span.start).0,
            start: span.start,
            end: span.end,
            words: para.words as usize,
            likeliest: para.likeliest.map(|d| docs[d as usize].id.clone()),
            sources: hits,
        });
    }
    let stats = trace.report.documents.get(q);
    let wire = TraceReport {
        format: TRACE_FORMAT.to_owned(),
        version: VERSION,
        query: document_record(query, stats),
        corpus: corpus_path.to_owned(),
        documents: corpus.documents.len(),
        partial: corpus.is_partial(),
        paragraphs,
        errors: corpus.errors.iter().map(|e| Notice { path: e.path.clone(), message: e.kind.to_string() }).collect(),
    };
    let texts: Vec<String> = trace.paragraphs.iter().map(|p| query.text()[p.span.range()].to_owned()).collect();
    (wire, texts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use copytrace_corpus::{Date, Metadata};
    use copytrace_provenance::{fingerprint, trace_fingerprints, DocInput};
    use copytrace_text::decode::decode;

    const SHARED: &str = "The council confirmed on Tuesday that the new bridge over the river will close for \
        repairs next month, and that buses will be diverted through the old town while the work is done.";
    const WIRE: &str = "Emergency crews worked through the night to clear fallen trees from the coast road \
        after the storm brought down power lines and flooded several homes near the harbour wall.";

    /// A document of `bytes` (decoded by the project's policy) named `id`, dated `date`.
    fn doc(id: &str, bytes: &[u8], date: Option<&str>) -> Document {
        let decoded = decode(bytes).unwrap();
        let body = Span::new(0, decoded.text().len());
        let meta = Metadata { date: date.and_then(Date::parse), ..Metadata::default() };
        Document {
            id: id.to_owned(),
            path: id.to_owned(),
            origin: Origin::File { path: id.into() },
            decoded,
            body,
            meta,
        }
    }

    fn fps(docs: &[&Document], cfg: &Config) -> Vec<DocFingerprints> {
        docs.iter()
            .map(|d| {
                let mut input = DocInput::new(d.id.clone(), d.text());
                if let Some(date) = d.meta.date {
                    input = input.with_date(date.to_string());
                }
                fingerprint(&input, cfg)
            })
            .collect()
    }

    /// Three dated documents sharing `WIRE` (a cluster), two of them sharing `SHARED`, one of
    /// them Windows-1252 so that its offsets differ from its text's.
    fn corpus() -> (Corpus, Vec<Vec<u8>>) {
        let a = format!("Morning news.\n\n{WIRE}\n\n{SHARED}\n").into_bytes();
        // "Café" in Windows-1252 before the shared text: one byte in the file, two in the text.
        let b = [b"Caf\xe9 owners spoke.\n\n".as_slice(), SHARED.as_bytes(), b"\n\n", WIRE.as_bytes()].concat();
        let c = format!("{WIRE}\n\nResidents were told to stay indoors.\n").into_bytes();
        let documents = vec![
            doc("a.txt", &a, Some("2024-03-01")),
            doc("b.txt", &b, Some("2024-03-02")),
            doc("c.txt", &c, Some("2024-03-03")),
        ];
        (Corpus { documents, ..Corpus::default() }, vec![a, b, c])
    }

    fn scan(with_texts: bool) -> (ScanReport, Vec<PassageText>, Vec<Vec<u8>>) {
        let (corpus, bytes) = corpus();
        let cfg = Config::new();
        let docs: Vec<&Document> = corpus.documents.iter().collect();
        let report = copytrace_provenance::analyze_fingerprints(&fps(&docs, &cfg), &cfg);
        let (wire, texts) = build_scan("news/", &corpus, &report, &cfg, with_texts);
        (wire, texts, bytes)
    }

    /// The words of `bytes` (ASCII letters only: what the fixtures share).
    fn words(bytes: &[u8]) -> Vec<String> {
        String::from_utf8_lossy(bytes)
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn a_scan_report_maps_offsets_to_the_original_bytes() {
        let (wire, texts, bytes) = scan(true);
        assert_eq!((wire.format.as_str(), wire.version, wire.root.as_str()), (FORMAT, VERSION, "news/"));
        let ids: Vec<&str> = wire.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a.txt", "b.txt", "c.txt"]);
        assert_eq!(wire.documents[1].encoding, "windows-1252");
        assert_eq!(wire.documents[1].bytes, bytes[1].len());
        assert!(!wire.passages.is_empty());
        assert_eq!(texts.len(), wire.passages.len());
        let index = |id: &str| ids.iter().position(|d| *d == id).unwrap();
        for (p, text) in wire.passages.iter().zip(&texts) {
            let (sa, sb) = (&bytes[index(&p.a.doc)][p.a.start..p.a.end], &bytes[index(&p.b.doc)][p.b.start..p.b.end]);
            // Each side's original bytes hold the passage's words, the same as its decoded text.
            assert_eq!(words(sa), words(text.a.as_bytes()), "{p:?}");
            assert_eq!(words(sb), words(text.b.as_bytes()), "{p:?}");
            assert_eq!(words(sa), words(sb), "{p:?}");
            // The word ops are computed with the texts and tile both sides: a renderer lays
            // them out without diffing.
            assert!(!text.ops.is_empty(), "{p:?}");
            let mut olds: Vec<_> = text.ops.iter().map(|o| o.old.range()).collect();
            olds.sort_by_key(|r| (r.start, r.end));
            let news: Vec<_> = text.ops.iter().map(|o| o.new.range()).collect();
            for (spans, len) in [(olds, text.a.len()), (news, text.b.len())] {
                assert!(spans.windows(2).all(|w| w[0].end == w[1].start), "{spans:?}");
                assert_eq!((spans[0].start, spans[spans.len() - 1].end), (0, len));
            }
        }
        // SHARED in b.txt starts after "Café owners spoke.\n\n": 20 bytes in the file, 21 in
        // the text.
        let shared = wire
            .passages
            .iter()
            .find(|p| p.b.doc == "b.txt" && words(&bytes[1][p.b.start..p.b.end])[0] == "The")
            .expect("the SHARED passage");
        assert_eq!(shared.b.start, 20);
        // Paragraph indices are 0-based: SHARED is a.txt's third paragraph, b.txt's second.
        assert_eq!((shared.paragraphs_a.as_slice(), shared.paragraphs_b.as_slice()), ([2].as_slice(), [1].as_slice()));
        // Records are numbered by their place, pairs point at their passages.
        for (i, p) in wire.passages.iter().enumerate() {
            assert_eq!(p.id, i);
            assert!(wire.pairs[p.pair].passages.contains(&i));
        }
        assert_eq!(wire.summary.passages, wire.passages.len());
        assert_eq!(wire.summary.documents, 3);
    }

    #[test]
    fn the_cluster_of_three_dated_documents_has_the_earliest_as_origin() {
        let (wire, _, _) = scan(false);
        assert_eq!(wire.clusters.len(), 1, "{:?}", wire.clusters);
        let cluster = &wire.clusters[0];
        assert_eq!(cluster.documents, ["a.txt", "b.txt", "c.txt"]);
        assert_eq!(cluster.origin.as_deref(), Some("a.txt"));
        assert!(cluster.text.starts_with("Emergency crews worked"), "{}", cluster.text);
        // Pairs judged by date name the earlier document as the source.
        for pair in &wire.pairs {
            assert_eq!(pair.direction.basis, "date");
            assert_eq!(pair.direction.source.as_deref(), Some(pair.a.as_str()), "{pair:?}");
        }
    }

    #[test]
    fn a_cluster_origin_needs_two_dates_and_one_earliest() {
        let dated = |id: &str, date: Option<&str>| doc(id, b"text", date);
        let (a, b, c) = (dated("a", Some("2024-01-02")), dated("b", Some("2024-01-01")), dated("c", None));
        assert_eq!(cluster_origin([&a, &b, &c].into_iter()), Some("b".to_owned()));
        let tie = dated("d", Some("2024-01-01"));
        assert_eq!(cluster_origin([&a, &b, &tie].into_iter()), None);
        assert_eq!(cluster_origin([&a, &c].into_iter()), None);
        // The same document twice (a cluster member in two places) counts once.
        assert_eq!(cluster_origin([&b, &b, &c].into_iter()), None);
    }

    #[test]
    fn a_cluster_origin_compares_times_as_instants() {
        let dated = |id: &str, date: &str| doc(id, b"text", Some(date));
        let (nine, eight) = (dated("nine", "2024-03-11T09:00:00Z"), dated("eight", "2024-03-11T08:00:00Z"));
        assert_eq!(cluster_origin([&nine, &eight].into_iter()), Some("eight".to_owned()), "same day, by time");
        // 08:00 in Paris (07:00 UTC) is before 07:30 UTC, though it sorts after as text.
        let (paris, utc) = (dated("paris", "2024-03-11T08:00:00+01:00"), dated("utc", "2024-03-11T07:30:00Z"));
        assert_eq!(cluster_origin([&utc, &paris].into_iter()), Some("paris".to_owned()));
        // A day and a time on that day are not ordered: no origin.
        let day = dated("day", "2024-03-11");
        assert_eq!(cluster_origin([&day, &eight].into_iter()), None);
        assert_eq!(cluster_origin([&eight, &day, &nine].into_iter()), None);
        let before = dated("before", "2024-03-10");
        assert_eq!(cluster_origin([&nine, &day, &before].into_iter()), Some("before".to_owned()));
    }

    #[test]
    fn a_document_record_gives_the_date_as_written() {
        let d = doc("a.md", b"Body text.", Some("2024-03-11T09:00:00+01:00"));
        assert_eq!(document_record(&d, None).date.as_deref(), Some("2024-03-11T09:00:00+01:00"));
    }

    #[test]
    fn a_trace_clips_passages_to_each_paragraph() {
        let (corpus, bytes) = corpus();
        // The query holds WIRE then SHARED in one run of text split into two paragraphs,
        // the same order as a.txt, so one passage of a.txt crosses both paragraphs.
        let text = format!("{WIRE}\n\n{SHARED}\n");
        let query = doc("query.txt", text.as_bytes(), Some("2024-04-01"));
        let cfg = Config::new();
        let docs: Vec<&Document> = corpus.documents.iter().chain(std::iter::once(&query)).collect();
        let fps = fps(&docs, &cfg);
        let trace = trace_fingerprints(&fps, docs.len() - 1, &cfg);
        let (wire, texts) = build_trace("news/", &corpus, &query, &fps, &trace);
        assert_eq!(wire.format, TRACE_FORMAT);
        assert_eq!(wire.documents, 3);
        assert_eq!(wire.paragraphs.len(), 2);
        assert_eq!(texts, [WIRE, SHARED]);
        for (i, para) in wire.paragraphs.iter().enumerate() {
            assert_eq!(para.index, i);
            assert!(!para.sources.is_empty(), "paragraph {i} has no source");
            for hit in &para.sources {
                let source = &bytes[["a.txt", "b.txt", "c.txt"].iter().position(|d| *d == hit.doc).unwrap()];
                for (mine, theirs) in &hit.passages {
                    assert_eq!(mine.doc, "query.txt");
                    // Clipped: inside the paragraph, and the source side is the same words.
                    assert!(mine.start >= para.start && mine.end <= para.end, "{mine:?} outside {para:?}");
                    let (m, t) = (&text.as_bytes()[mine.start..mine.end], &source[theirs.start..theirs.end]);
                    assert_eq!(words(m), words(t), "{hit:?}");
                }
            }
        }
        // a.txt holds both paragraphs, in order: its passage crosses the paragraph break
        // and is listed, clipped, under both.
        let a_hits = wire.paragraphs.iter().filter(|p| p.sources.iter().any(|h| h.doc == "a.txt")).count();
        assert_eq!(a_hits, 2);
        assert_eq!(wire.paragraphs[0].line, 1);
        assert_eq!(wire.paragraphs[1].line, 3);
    }
}
