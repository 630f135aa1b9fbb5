//! `copytrace scan PATH` and `copytrace trace FILE --corpus PATH`.
//!
//! Both read a corpus with [`copytrace_corpus`], hand its documents (their prose, without metadata) to
//! [`copytrace_provenance`], and have [`copytrace_report`] turn the engine's results into
//! the wire reports, whose byte offsets refer to the original files. The human renderers
//! and the JSON writers read only those wire types.
//!
//! # Exit status
//!
//! [`crate::exit::SCAN`] and [`crate::exit::TRACE`] (the text of `--help` and the README).

use crate::exit::{warn, ExitCode};
use crate::render::scan_human::{write_human, write_trace_human, HumanOptions};
use crate::style::Styles;
use crate::term::Term;
use anyhow::Context as _;
use copytrace_corpus::{
    read_corpus, read_single, ByteSize, Corpus, CorpusOptions, Document, Origin, DEFAULT_MAX_FILE_SIZE,
};
use copytrace_provenance::config::defaults;
use copytrace_provenance::{analyze_fingerprints, fingerprint, trace_fingerprints, Config, DocFingerprints, DocInput};
use copytrace_report::scan::{self as scan_json, ScanReport};
use copytrace_report::trace::{self, TraceReport};
use copytrace_report::{build_scan, build_trace, PassageText};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
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
    #[arg(long, value_name = "N", default_value_t = defaults::MIN_WORDS)]
    pub min_words: usize,
    /// Gap tolerance inside a passage, in words.
    #[arg(long, value_name = "N", default_value_t = defaults::MAX_GAP)]
    pub max_gap: usize,
    /// Lowest similarity of a passage's two sides (0 to 1).
    #[arg(long, value_name = "X", default_value_t = defaults::MIN_SIMILARITY)]
    pub min_similarity: f64,
    // The help text is built from the library's defaults (`max_doc_freq_help`).
    #[arg(long, value_name = "N", help = max_doc_freq_help())]
    pub max_doc_freq: Option<usize>,
    // The help text is built from the library's defaults (`lone_doc_freq_help`).
    #[arg(long, value_name = "N", default_value_t = defaults::LONE_DOC_FREQ, help = lone_doc_freq_help())]
    pub lone_doc_freq: usize,
    /// Words per fingerprint n-gram.
    #[arg(long, value_name = "N", default_value_t = defaults::NGRAM)]
    pub ngram: usize,
    /// Winnowing window, in n-grams.
    #[arg(long, value_name = "N", default_value_t = defaults::WINDOW)]
    pub window: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: ScanFormat,
    /// List skipped files and every warning.
    #[arg(short, long)]
    pub verbose: bool,
}

/// Pairs and clusters listed by the human scan report unless `--top` says otherwise.
pub const DEFAULT_TOP: usize = 50;

/// `--max-doc-freq`'s help, with the derived default of the library.
fn max_doc_freq_help() -> String {
    format!(
        "Text found in more documents than this is boilerplate [default: max({}, 2*sqrt(documents))]",
        defaults::MAX_DOC_FREQ_FLOOR
    )
}

/// `--lone-doc-freq`'s help, with the run lengths of the library's defaults.
fn lone_doc_freq_help() -> String {
    format!(
        "A pair of documents joined only by fingerprints found in more than N documents needs two of them \
         (one such phrase is a stock phrase); text in that many documents is then found from {} words rather \
         than {}",
        defaults::guaranteed_frequent_run(defaults::NGRAM, defaults::WINDOW),
        defaults::guaranteed_run(defaults::NGRAM, defaults::WINDOW)
    )
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
#[command(after_help = format!(
    "{}\n\n{}",
    crate::render::scan_human::definitions_help(),
    crate::exit::help(&crate::exit::SCAN)
))]
pub struct ScanArgs {
    /// A directory of articles, a .jsonl file of {"id","text","date"?,"outlet"?} records, or one file.
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
    /// Show each pair's passages side by side with their differences.
    #[arg(long)]
    pub detail: bool,
    /// List at most N pairs and N clusters in the human report, the largest first (0: all).
    /// The JSON, JSON Lines and CI formats always list everything.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_TOP)]
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
#[command(after_help = crate::exit::help(&crate::exit::TRACE))]
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
    let corpus = corpus?.require_documents(path)?;
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
        let noun = if hidden == 1 { "warning" } else { "warnings" };
        warn(format_args!("{hidden} more {noun} (--verbose lists them)"));
    }
    for e in &corpus.errors {
        warn(format_args!("{}: not read: {}", e.path, e.kind));
    }
    Ok(corpus)
}

/// Warnings printed on stderr without `--verbose`.
const MAX_WARNINGS: usize = 20;

pub(crate) fn input(doc: &Document) -> DocInput<'_> {
    // The text is the prose only: metadata is never matched, shown or counted.
    let mut input = DocInput::new(doc.id.clone(), doc.text());
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
    let (wire, texts) = build_scan(&root, &corpus, &report, &cfg, args.detail);
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

    let corpus_path = args.corpus.to_string_lossy().into_owned();
    Ok(build_trace(&corpus_path, &corpus, &query, &fps, &trace))
}
