//! The shared source steps of `scan`, `trace` and `index`: reading a corpus (with a
//! spinner, its warnings and errors on stderr), fingerprinting its documents (in
//! parallel, with a progress bar) and the alignment's progress bar.

use crate::args::CorpusArgs;
use crate::exit::warn;
use copytrace_corpus::{read_corpus, Corpus, Document};
use copytrace_provenance::{fingerprint, Config, DocFingerprints, Progress};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::io::{self, IsTerminal};
use std::path::Path;

/// A progress bar of `len` steps on stderr, when stderr is a terminal.
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

/// The alignment's progress bar on stderr (in words of the pairs aligned, which the engine
/// reports as it goes, a long pair in steps), when stderr is a terminal.
pub struct AlignBar(ProgressBar);

impl AlignBar {
    /// A bar for the alignment stage; hidden unless stderr is a terminal.
    #[must_use]
    pub fn start() -> Self {
        let bar = progress(0, "aligning");
        if let Ok(style) = ProgressStyle::with_template("{msg:>12} [{bar:30}] {percent:>3}% {elapsed}") {
            bar.set_style(style.progress_chars("=> "));
        }
        AlignBar(bar)
    }

    /// Clears the bar.
    pub fn finish(&self) {
        self.0.finish_and_clear();
    }
}

impl Progress for AlignBar {
    fn total(&self, units: u64) {
        self.0.set_length(units);
    }
    fn advance(&self, units: u64) {
        self.0.inc(units);
    }
}

/// A spinner on stderr while `what` runs, when stderr is a terminal.
#[must_use]
pub fn spinner(what: &'static str) -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    bar.set_message(what);
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

/// Reads the corpus at `path` as `args` say, printing its warnings (up to a limit unless
/// `--verbose`) and errors on stderr.
///
/// # Errors
/// When nothing can be read, or no readable document is found.
pub fn read(path: &Path, args: &CorpusArgs) -> anyhow::Result<Corpus> {
    let bar = spinner("reading");
    let corpus = read_corpus(path, &args.read.corpus_options());
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

/// The engine's input for `doc` (the one conversion, [`copytrace_report::doc_input`]).
pub use copytrace_report::doc_input as input;

/// Fingerprints `docs` in parallel, with a progress bar.
#[must_use]
pub fn fingerprints(docs: &[&Document], cfg: &Config) -> Vec<DocFingerprints> {
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
