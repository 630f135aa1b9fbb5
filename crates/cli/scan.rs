//! `copytrace scan PATH` and `copytrace trace FILE --corpus PATH`.
//!
//! Both read a corpus with [`copytrace_corpus`], hand its documents (metadata masked out) to
//! [`copytrace_provenance`], and turn the engine's [`Report`] into the wire types of
//! [`copytrace_report`], whose byte offsets refer to the original files. The human
//! renderers and the JSON writers read only those wire types.
//!
//! # Exit status
//!
//! | code | meaning |
//! |------|---------|
//! | 0 | every document was read and no reuse was found |
//! | 1 | reuse was found (a pair of documents shares at least one passage); with gate options, a gate tripped ([`crate::gate`]) |
//! | 2 | error: the corpus could not be read at all, bad usage, an output error |
//! | 3 | partial: some files could not be read (see the report's errors); the report covers the rest |
//!
//! "Partial" wins over 0 and 1: a CI job must not pass on a scan that did not see every file.

use crate::exit::{warn, ExitCode};
use crate::render::scan_human::{write_human, write_trace_human, HumanOptions, PassageText};
use crate::style::Styles;
use crate::term::Term;
use anyhow::Context as _;
use copytrace_corpus::{
    read_corpus, read_single, ByteSize, Corpus, CorpusOptions, Document, Origin, DEFAULT_MAX_FILE_SIZE,
};
use copytrace_diff::Span;
use copytrace_provenance::{
    analyze_fingerprints, fingerprint, trace_fingerprints, BoilerplateReason, Config, DirectionBasis, DocFingerprints,
    DocInput, PassageKind, Report, Verdict, Word, WordRange,
};
use copytrace_report::json::round4;
use copytrace_report::scan::{
    self as scan_json, BoilerplateRecord, ClusterRecord, Direction, DocumentRecord, Location, Notice, PairRecord,
    PassageRecord, ScanReport, Settings, SkippedRecord, Span as WireSpan, Summary,
};
use copytrace_report::trace::{self, TraceHit, TraceParagraph, TraceReport};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Output format of `scan` and `trace`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ScanFormat {
    /// A report for people (coloured on a terminal).
    #[default]
    Human,
    /// One JSON object (versioned schema, see the documentation of the wire format).
    Json,
    /// JSON Lines: one type-tagged record per line, for very large corpora.
    Jsonl,
    /// One `PATH:LINE:COLUMN: MESSAGE` line per finding (line 1-based, column 1-based in
    /// characters of the file's text), for CI logs and editors; the summary goes to stderr.
    Ci,
}

/// Options shared by `scan` and `trace`: how to read the corpus and the engine settings.
#[derive(Clone, Debug, clap::Args)]
pub struct CorpusArgs {
    /// Only read files matching this glob (relative to the directory; `*` crosses `/`);
    /// `!PATTERN` excludes. Repeatable.
    #[arg(long = "glob", value_name = "PATTERN")]
    pub globs: Vec<String>,
    /// Follow symbolic links (loops are detected and reported).
    #[arg(long)]
    pub follow: bool,
    /// Skip files larger than this (bytes, or with a K, M, G suffix; binary multiples; for
    /// JSON Lines: longer record lines).
    #[arg(long, value_name = "SIZE", default_value_t = DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: ByteSize,
    /// Shortest passage reported, in matched words.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub min_words: usize,
    /// Gap tolerance inside a passage, in words.
    #[arg(long, value_name = "N", default_value_t = 12)]
    pub max_gap: usize,
    /// Lowest similarity of a passage's two sides (0 to 1).
    #[arg(long, value_name = "X", default_value_t = 0.5)]
    pub min_similarity: f64,
    /// Text found in more documents than this is boilerplate [default: max(50, 2*sqrt(documents))].
    #[arg(long, value_name = "N")]
    pub max_doc_freq: Option<usize>,
    /// A pair of documents joined only by fingerprints found in more than N documents needs
    /// two of them (one such phrase is a stock phrase); text in that many documents is then
    /// found from 12 words rather than 8.
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub lone_doc_freq: usize,
    /// Words per fingerprint n-gram.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub ngram: usize,
    /// Winnowing window, in n-grams.
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub window: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: ScanFormat,
    /// List skipped files and every warning.
    #[arg(short, long)]
    pub verbose: bool,
}

impl CorpusArgs {
    fn corpus_options(&self) -> CorpusOptions {
        CorpusOptions::new()
            .globs(self.globs.iter().cloned())
            .follow_links(self.follow)
            .max_file_size(self.max_file_size)
    }

    /// The engine settings these options ask for.
    #[must_use]
    pub fn config(&self) -> Config {
        Config::new()
            .min_words(self.min_words)
            .max_gap(self.max_gap)
            .min_similarity(self.min_similarity)
            .max_doc_freq(self.max_doc_freq)
            .lone_doc_freq(self.lone_doc_freq)
            .ngram(self.ngram)
            .window(self.window)
    }
}

/// `copytrace scan`.
#[derive(Clone, Debug, clap::Args)]
#[command(after_help = SCAN_EXIT_CODES_HELP)]
pub struct ScanArgs {
    /// A directory of articles, a .jsonl file of {"id","text","date"?,"outlet"?} records, or one file.
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
    /// Show each pair's passages side by side with their differences.
    #[arg(long)]
    pub detail: bool,
    /// List at most N pairs and N clusters in the human report, the largest first (0: all).
    /// The JSON, JSON Lines and CI formats always list everything.
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub top: usize,
    /// Corpus and engine options.
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// `--against`, gates and baseline ([`crate::gate`]).
    #[command(flatten)]
    pub gates: crate::gate::GateArgs,
}

/// `copytrace trace`.
#[derive(Clone, Debug, clap::Args)]
#[command(after_help = SCAN_EXIT_CODES_HELP)]
pub struct TraceArgs {
    /// The article to trace.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The corpus to trace it against (a directory, a .jsonl file or one file).
    #[arg(long, value_name = "PATH")]
    pub corpus: PathBuf,
    /// Corpus and engine options.
    #[command(flatten)]
    pub options: CorpusArgs,
}

/// The exit-status table of `scan` and `trace`, for their `--help` text.
pub const SCAN_EXIT_CODES_HELP: &str = "\
Exit status:
  0  clean: every file was read and nothing tripped a gate
  1  reuse found: for scan, a gate tripped (--fail-containment, --fail-passage-words,
     --fail-originality; without them, any reuse not accepted by --baseline)
  2  error: the corpus could not be read at all, bad usage, or an output error
  3  partial: some files could not be read (listed in the report); the rest was scanned";

fn progress(len: u64, what: &'static str) -> ProgressBar {
    // Only a terminal gets a progress bar: redirected stderr (CI logs, tests) stays clean.
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{msg:>12} [{bar:30}] {pos}/{len}") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what);
    bar
}

pub(crate) fn spinner(what: &'static str) -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    bar.set_message(what);
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

pub(crate) fn read(path: &Path, args: &CorpusArgs) -> anyhow::Result<Corpus> {
    let bar = spinner("reading");
    let corpus = read_corpus(path, &args.corpus_options());
    bar.finish_and_clear();
    // The error names the path (or the glob) and the reason.
    let corpus = corpus.map_err(|e| anyhow::anyhow!("{e}"))?;
    // Every error, and the warnings up to a limit (a crawl can hold thousands of
    // Windows-1252 files); `--verbose` lists them all, and the reports always do.
    let notices = corpus
        .skipped
        .iter()
        .filter(|s| s.reason.is_warning())
        .map(|s| format!("{}: skipped: {}", s.path, s.reason))
        .chain(corpus.warnings.iter().map(|w| format!("{}: {}", w.path, w.kind)));
    let shown = if args.verbose { usize::MAX } else { MAX_WARNINGS };
    let mut hidden = 0usize;
    for (i, notice) in notices.enumerate() {
        if i < shown {
            warn(notice);
        } else {
            hidden += 1;
        }
    }
    if hidden > 0 {
        warn(format_args!("{hidden} more warnings (--verbose lists them)"));
    }
    for e in &corpus.errors {
        warn(format_args!("{}: not read: {}", e.path, e.kind));
    }
    Ok(corpus)
}

/// Warnings printed on stderr without `--verbose`.
const MAX_WARNINGS: usize = 20;

pub(crate) fn input(doc: &Document) -> DocInput<'_> {
    let mut input = DocInput::new(doc.id.clone(), doc.text()).with_skip(doc.meta.ranges.iter().copied());
    if let Some(date) = doc.meta.date {
        input = input.with_date(date.to_string());
    }
    input
}

pub(crate) fn fingerprints(docs: &[&Document], cfg: &Config) -> Vec<DocFingerprints> {
    let bar = progress(docs.len() as u64, "fingerprints");
    let fps = docs
        .par_iter()
        .map(|d| {
            let fp = fingerprint(&input(d), cfg);
            bar.inc(1);
            fp
        })
        .collect();
    bar.finish_and_clear();
    fps
}

/// Writes a report to stdout; a reader that went away (`| head`) is not an error.
pub(crate) fn to_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> anyhow::Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("writing the report to stdout"),
    }
}

/// `copytrace scan`: reads the corpus, analyses it, prints the report on stdout.
///
/// # Errors
/// When the corpus cannot be read at all, or writing fails.
pub fn run_scan(args: &ScanArgs, term: &Term) -> anyhow::Result<ExitCode> {
    // The gates decide the exit status (without gate options: any reuse found is 1).
    crate::gate::run_scan(args, term)
}

/// Reads and analyses the corpus of `args`: the wire report, with `--detail` the text of
/// each passage, and the corpus read.
///
/// # Errors
/// When the corpus cannot be read at all.
pub fn scan_report(args: &ScanArgs) -> anyhow::Result<(ScanReport, Vec<PassageText>, Corpus)> {
    let corpus = read(&args.path, &args.corpus)?;
    let cfg = args.corpus.config();
    let docs: Vec<&Document> = corpus.documents.iter().collect();
    let fps = fingerprints(&docs, &cfg);
    let bar = spinner("aligning");
    let report = analyze_fingerprints(&fps, &cfg);
    bar.finish_and_clear();
    let root = args.path.to_string_lossy().into_owned();
    let (wire, texts) = build_report(&root, &corpus, &report, &cfg, args.detail);
    Ok((wire, texts, corpus))
}

/// Writes a scan report in the format `args` asks for.
///
/// # Errors
/// Any error of `out`.
pub fn write_scan(
    wire: &ScanReport,
    texts: &[PassageText],
    args: &ScanArgs,
    styles: &Styles,
    width: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    match args.corpus.format {
        ScanFormat::Human => {
            let opts = HumanOptions { detail: args.detail, verbose: args.corpus.verbose, width, top: args.top };
            write_human(wire, texts, &opts, styles, out)
        }
        ScanFormat::Json => scan_json::write_json(wire, out),
        ScanFormat::Jsonl => scan_json::write_jsonl(wire, out),
        // The CI lines need the gate evaluation and the documents: `gate::run_scan` writes them.
        ScanFormat::Ci => Err(io::Error::new(io::ErrorKind::Unsupported, "--format ci is written by the gates")),
    }
}

/// The exit status for a result: partial beats findings beats clean.
#[must_use]
pub fn exit_code(partial: bool, reuse: bool) -> ExitCode {
    if partial {
        ExitCode::Partial
    } else if reuse {
        ExitCode::Findings
    } else {
        ExitCode::Success
    }
}

/// The member of a cluster dated strictly before all the others that have a date, when at
/// least two are dated; `None` otherwise.
fn cluster_origin<'a>(members: impl Iterator<Item = &'a Document>) -> Option<String> {
    let mut dated: Vec<(copytrace_corpus::Date, &str)> =
        members.filter_map(|d| d.meta.date.map(|date| (date, d.id.as_str()))).collect();
    dated.sort_unstable();
    dated.dedup_by(|a, b| a.1 == b.1);
    match dated.as_slice() {
        [first, second, ..] if first.0 < second.0 => Some(first.1.to_owned()),
        _ => None,
    }
}

fn location(doc: &Document, span: Span) -> Location {
    let o = doc.original_span(span);
    Location { doc: doc.id.clone(), start: o.start, end: o.end }
}

fn document_record(doc: &Document, stats: Option<&copytrace_provenance::DocStats>) -> DocumentRecord {
    let (line, offsets) = match &doc.origin {
        Origin::File { .. } => (None, "file"),
        Origin::Record { line, .. } => (Some(*line), "record-text"),
    };
    let body = doc.original_span(doc.body);
    DocumentRecord {
        id: doc.id.clone(),
        path: doc.path.clone(),
        line,
        date: doc.meta.date.map(|d| d.to_string()),
        outlet: doc.meta.outlet.clone(),
        title: doc.meta.title.clone(),
        url: doc.meta.url.clone(),
        encoding: doc.decoded.encoding().name().to_owned(),
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

fn direction(d: &copytrace_provenance::Direction, docs: &[&Document]) -> Direction {
    let source = match d.verdict {
        Verdict::Unknown => None,
        Verdict::AToB | Verdict::BToA => d.source.and_then(|s| docs.get(s as usize)).map(|doc| doc.id.clone()),
    };
    let basis = match (source.is_some(), d.basis) {
        (true, DirectionBasis::Date) => "date",
        (true, DirectionBasis::Containment) => "containment",
        _ => "unknown",
    };
    Direction { source, basis: basis.to_owned(), confidence: round4(d.confidence) }
}

fn boilerplate_kind(reason: BoilerplateReason) -> &'static str {
    match reason {
        BoilerplateReason::LabelLine => "label-line",
        BoilerplateReason::CommonText => "common-text",
        BoilerplateReason::Widespread => "widespread",
    }
}

/// Turns the engine's report into the wire report (offsets mapped to original bytes) and,
/// when `with_texts`, the text of each passage's two sides.
pub(crate) fn build_report(
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
                cluster: x.cluster.and_then(|c| cluster_index.get(&c).copied()),
                paragraphs_a: range(x.a.paragraphs),
                paragraphs_b: range(x.b.paragraphs),
            });
            if with_texts {
                texts.push(PassageText {
                    a: da.text()[x.a.span.range()].to_owned(),
                    b: db.text()[x.b.span.range()].to_owned(),
                });
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
    let settings = Settings {
        ngram: cfg.get_ngram(),
        window: cfg.get_window(),
        min_words: cfg.get_min_words(),
        max_gap: cfg.get_max_gap(),
        max_doc_freq: report.summary.max_doc_freq as usize,
        lone_doc_freq: cfg.get_lone_doc_freq(),
        min_similarity: round4(cfg.get_min_similarity()),
    };
    let wire = ScanReport {
        format: scan_json::FORMAT.to_owned(),
        version: scan_json::VERSION,
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

/// `copytrace trace`: reads the article and the corpus, prints the trace on stdout.
///
/// # Errors
/// When the article or the corpus cannot be read at all, or writing fails.
pub fn run_trace(args: &TraceArgs, term: &Term) -> anyhow::Result<ExitCode> {
    let (wire, texts) = trace_report(args)?;
    let found = wire.paragraphs.iter().any(|p| !p.sources.is_empty());
    to_stdout(|out| match args.options.format {
        ScanFormat::Human => write_trace_human(&wire, &texts, term.width, &term.styles, out),
        ScanFormat::Json => trace::write_trace_json(&wire, out),
        ScanFormat::Jsonl => trace::write_trace_jsonl(&wire, out),
        ScanFormat::Ci => crate::gate::write_trace_ci(&wire, out),
    })?;
    Ok(exit_code(wire.partial, found))
}

/// Longest passage side (in words) whose counterpart is found word by word when a trace
/// clips a passage to one paragraph; longer passages are shown whole.
const MAX_CLIP_WORDS: usize = 20_000;

/// The word-for-word matches of a passage's two sides, as `(mine, theirs, len)` runs of
/// word offsets from each side's first word (Myers over the normalised word ids, no
/// deadline); `None` when a side is longer than [`MAX_CLIP_WORDS`].
type Runs = Option<Vec<(usize, usize, usize)>>;

fn matched_runs(mine_words: &[Word], theirs_words: &[Word], mine: WordRange, theirs: WordRange) -> Runs {
    let a = mine_words.get(mine.start as usize..mine.end as usize)?;
    let b = theirs_words.get(theirs.start as usize..theirs.end as usize)?;
    if a.len() > MAX_CLIP_WORDS || b.len() > MAX_CLIP_WORDS {
        return None;
    }
    let ids = |w: &[Word]| w.iter().map(|w| w.id).collect::<Vec<u32>>();
    let runs = similar::capture_diff_slices(similar::Algorithm::Myers, &ids(a), &ids(b))
        .into_iter()
        .filter_map(|op| match op {
            similar::DiffOp::Equal { old_index, new_index, len } => Some((old_index, new_index, len)),
            _ => None,
        })
        .collect();
    Some(runs)
}

/// The part of a passage that lies in one paragraph of the article, and the part of the
/// other document it corresponds to: the article side clipped to the paragraph's words
/// `first..end` (word indices), the other side from the first to the last of its words
/// that `runs` (see [`matched_runs`], computed once per passage) match to a word of the
/// clipped part. `None` when the passage lies whole in the paragraph, when nothing of the
/// clipped part is matched or when `runs` is `None`; the caller then shows the whole
/// passage.
fn clip_to_paragraph(
    mine_words: &[Word],
    theirs_words: &[Word],
    (mine, theirs): (WordRange, WordRange),
    (first, end): (u32, u32),
    runs: &Runs,
) -> Option<(Span, Span)> {
    let clip = WordRange { start: mine.start.max(first), end: mine.end.min(end) };
    if clip.is_empty() || clip == mine {
        return None;
    }
    let (from, to) = ((clip.start - mine.start) as usize, (clip.end - mine.start) as usize);
    let mut matched: Option<(usize, usize)> = None;
    for &(old_index, new_index, len) in runs.as_ref()? {
        let (lo, hi) = (old_index.max(from), (old_index + len).min(to));
        if lo < hi {
            let (s, e) = (new_index + lo - old_index, new_index + hi - old_index);
            matched = Some(matched.map_or((s, e), |(ms, _)| (ms, e)));
        }
    }
    let (s, e) = matched?;
    let a = &mine_words[mine.start as usize..mine.end as usize];
    let b = &theirs_words[theirs.start as usize..theirs.end as usize];
    let span = |w: &[Word], s: usize, e: usize| Span::new(w[s].start as usize, w[e - 1].end as usize);
    Some((span(a, from, to), span(b, s, e)))
}

/// Traces the article of `args` against its corpus: the wire report and the text of each
/// traced paragraph.
///
/// # Errors
/// When the article or the corpus cannot be read at all.
pub fn trace_report(args: &TraceArgs) -> anyhow::Result<(TraceReport, Vec<String>)> {
    let name = args.file.to_string_lossy().into_owned();
    let (query, query_warnings) = read_single(&args.file, &name, args.options.max_file_size)?;
    for w in &query_warnings {
        warn(format_args!("{}: {}", w.path, w.kind));
    }
    let mut corpus = read(&args.corpus, &args.options)?;
    // The article itself may lie in the corpus: leave it out, or it would be its own source.
    if let Ok(own) = std::fs::canonicalize(&args.file) {
        corpus.documents.retain(|d| match &d.origin {
            Origin::File { path } => std::fs::canonicalize(path).map_or(true, |p| p != own),
            Origin::Record { .. } => true,
        });
    }
    let cfg = args.options.config();
    let mut docs: Vec<&Document> = corpus.documents.iter().collect();
    docs.push(&query);
    let fps = fingerprints(&docs, &cfg);
    let bar = spinner("aligning");
    let trace = trace_fingerprints(&fps, docs.len() - 1, &cfg);
    bar.finish_and_clear();

    let q = docs.len() - 1;
    // A long passage is listed under every paragraph it crosses: its word matches are found
    // once, the first time a paragraph needs them.
    let mut runs_of: BTreeMap<u32, Runs> = BTreeMap::new();
    let mut paragraphs = Vec::new();
    for para in &trace.paragraphs {
        let info = &fps[q].paragraphs[para.index as usize];
        let mut hits = Vec::with_capacity(para.sources.len());
        for h in &para.sources {
            let source = docs[h.doc as usize];
            let (mine_words, theirs_words) = (&fps[q].words, &fps[h.doc as usize].words);
            let mut passages = Vec::with_capacity(h.passages.len());
            for &i in &h.passages {
                let Some(p) = trace.report.passages.get(i as usize) else { continue };
                let (mine, theirs) = if p.a.doc as usize == q { (p.a, p.b) } else { (p.b, p.a) };
                let inside = mine.words.start >= info.first_word && mine.words.end <= info.end_word;
                let clipped = if inside {
                    None
                } else {
                    let runs = runs_of
                        .entry(i)
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
                passages.push((location(&query, mine), location(source, theirs)));
            }
            hits.push(TraceHit {
                doc: source.id.clone(),
                path: source.path.clone(),
                date: source.meta.date.map(|d| d.to_string()),
                words: h.words as usize,
                is_source: h.is_source,
                passages,
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
        format: trace::TRACE_FORMAT.to_owned(),
        version: scan_json::VERSION,
        query: document_record(&query, stats),
        corpus: args.corpus.to_string_lossy().into_owned(),
        documents: corpus.documents.len(),
        partial: corpus.is_partial(),
        paragraphs,
        errors: corpus.errors.iter().map(|e| Notice { path: e.path.clone(), message: e.kind.to_string() }).collect(),
    };
    let texts: Vec<String> = trace.paragraphs.iter().map(|p| query.text()[p.span.range()].to_owned()).collect();
    Ok((wire, texts))
}
