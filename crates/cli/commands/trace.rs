//! `copytrace trace FILE --corpus PATH`: one article traced through a corpus, paragraph by
//! paragraph.
//!
//! The pipeline: the **source** is the article and the corpus ([`copytrace_corpus`]; the
//! article itself is left out of the corpus); the **analysis** is
//! [`copytrace_provenance::trace_fingerprints`], whose results
//! [`copytrace_report::build_trace`] turns into the wire report; the **writers** print it
//! (human, JSON, JSON Lines, or CI lines from [`crate::gates::write_trace_ci`]). `trace`
//! has no gates: any paragraph found elsewhere is exit 1.
//!
//! # Exit status
//!
//! [`crate::exit::TRACE`] (the text of `--help` and the README).

use crate::args::{ScanFormat, TraceArgs};
use crate::exit::{warn, ExitCode};
use crate::gates::write_trace_ci;
use crate::render::scan_human::write_trace_human;
use crate::source;
use crate::term::Term;
use copytrace_corpus::{read_single, Corpus, Document, Origin};
use copytrace_provenance::trace_fingerprints;
use copytrace_report::build_trace;
use copytrace_report::trace::{self, TraceReport};

/// `copytrace trace`: reads the article and the corpus, prints the trace on stdout.
///
/// # Errors
/// When the article or the corpus cannot be read at all, or writing fails.
pub fn run(args: &TraceArgs, term: &Term) -> anyhow::Result<ExitCode> {
    let Traced { wire, texts, corpus, query } = trace_report(args)?;
    let found = wire.paragraphs.iter().any(|p| !p.sources.is_empty());
    args.out.destination().write(|out| match args.options.format {
        ScanFormat::Human => write_trace_human(&wire, &texts, term.width, &term.styles, out),
        ScanFormat::Json => trace::write_trace_json(&wire, out),
        ScanFormat::Jsonl => trace::write_trace_jsonl(&wire, out),
        ScanFormat::Ci => write_trace_ci(&wire, out),
        ScanFormat::Html => copytrace_html::write_trace(out, &wire, &query, &corpus.documents),
    })?;
    Ok(ExitCode::of(wire.partial, found))
}

/// A finished trace: the wire report, the text of each traced paragraph, and the documents
/// it was computed from (the HTML report quotes them).
struct Traced {
    wire: TraceReport,
    texts: Vec<String>,
    corpus: Corpus,
    query: Document,
}

/// Traces the article of `args` against its corpus.
///
/// # Errors
/// When the article or the corpus cannot be read at all.
fn trace_report(args: &TraceArgs) -> anyhow::Result<Traced> {
    let name = args.file.to_string_lossy().into_owned();
    let (query, query_warnings) = read_single(&args.file, &name, args.options.read.max_file_size)?;
    for w in &query_warnings {
        warn(format_args!("{}: {}", w.path, w.kind));
    }
    let mut corpus = source::read(&args.corpus, &args.options)?;
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
    let fps = source::fingerprints(&docs, &cfg);
    let bar = source::spinner("aligning");
    let trace = trace_fingerprints(&fps, docs.len() - 1, &cfg);
    bar.finish_and_clear();

    let corpus_path = args.corpus.to_string_lossy().into_owned();
    let (wire, texts) = build_trace(&corpus_path, &corpus, &query, &fps, &trace);
    Ok(Traced { wire, texts, corpus, query })
}
