//! `copytrace scan PATH [--against INDEX]`: every passage shared by two documents.
//!
//! The pipeline: the **source** is a corpus ([`copytrace_corpus`]), or with `--against` a
//! corpus of new documents plus an index ([`crate::index_file`]); the **analysis** is
//! [`copytrace_provenance`]'s, whose results [`copytrace_report::build_scan`] turns into the
//! wire report (byte offsets into the original files); the **gates** ([`crate::gates`])
//! evaluate findings against thresholds and the baseline; the **writers** print the report
//! (human, JSON, JSON Lines) or the CI lines on stdout and the gate summary on stderr.
//!
//! # Scanning against an index
//!
//! [`scan_against`] reads the new documents with the index's fingerprint settings (its
//! n-gram length and window, unless the command line gives the same; another value is
//! refused, naming the flag, since the fingerprints would not match), and runs
//! [`analyze_against_without`]: the archive documents sharing a fingerprint with a new
//! document take part with the stage-1 output stored when they were indexed (computed
//! by the same reading and fingerprinting code as a full scan, on the bytes stored beside
//! it); the archive documents of the report are rebuilt from their stored bytes, for their
//! offsets and text. The report lists the new documents and the archive documents they
//! share passages with; its pairs and passages are those of a full scan of archive plus
//! new documents that touch a new document.
//!
//! A new file that is in the index unchanged (same id, path and content hash:
//! [`Index::same_document`]) is scanned as the new copy, with the archived copy left out
//! of the analysis ([`analyze_against_without`]), so no document is a copy of itself. An
//! archive document whose id is that of a new document (an edited article) is reported as
//! [`archived_id`] (`archive:ID`).
//!
//! # Exit status
//!
//! [`crate::exit::SCAN`] (the text of `--help` and the README).

use crate::args::{ScanArgs, ScanFormat};
use crate::exit::{warn, ExitCode};
use crate::gates::{self, Evaluation};
use crate::render::scan_human::{write_human, HumanOptions};
use crate::term::Term;
use crate::{index_file, source};
use anyhow::Context as _;
use copytrace_corpus::{display_path, Corpus, Document, Origin};
use copytrace_provenance::index::{
    analyze_against_without, archived_id, restrict_report, ByteSource, Index, IndexSettings,
};
use copytrace_provenance::{analyze_fingerprints_with_progress, Config};
use copytrace_report::baseline::Baseline;
use copytrace_report::scan::{self as scan_json, ScanReport};
use copytrace_report::{build_scan, PassageText};
use std::collections::HashSet;
use std::io::{self, Write};
use std::path::Path;

/// What the source and the analysis hand to the gates and the writers.
struct Scanned {
    /// The wire report.
    wire: ScanReport,
    /// With `--detail`, the text of each passage.
    texts: Vec<PassageText>,
    /// The documents of the report, in report order.
    documents: Vec<Document>,
    /// With `--against`, the ids of the new documents (every document otherwise).
    new: Option<HashSet<String>>,
}

/// `copytrace scan`: reads the source, analyses it, evaluates the gates, writes the report.
///
/// # Errors
/// When the corpus, the index or the baseline cannot be read, or writing fails.
pub fn run(args: &ScanArgs, term: &Term) -> anyhow::Result<ExitCode> {
    let baseline = args.gates.baseline.as_deref().map(read_baseline).transpose()?;
    let mut scanned = match &args.against {
        Some(index) => scan_against(args, index)?,
        None => scan_corpus(args)?,
    };
    // Accepted reuse is marked in the reports (each passage names its baseline entry), and
    // the gates read the marks.
    if let Some(b) = &baseline {
        b.mark(&mut scanned.wire, &scanned.documents);
    }
    let Scanned { wire, texts, documents, new } = &scanned;
    // Without gates, a baseline or CI lines the findings are never shown: the exit status
    // only needs to know whether there is one, and without gates every reuse passage is one
    // (see `gates::evaluate`). Placing each finding (line and column of both sides) and
    // sorting them is a serial pass over every passage, worth skipping on a large corpus.
    let listed = args.gates.any_threshold() || baseline.is_some() || args.corpus.format == ScanFormat::Ci;
    let eval: Option<Evaluation> = listed.then(|| gates::evaluate(wire, documents, new.as_ref(), &args.gates));
    let tripped = match &eval {
        Some(eval) => eval.tripped(),
        None => wire.pairs.iter().any(|p| !p.passages.is_empty()),
    };
    let findings: &[gates::Finding] = eval.as_ref().map_or(&[], |e| &e.findings);
    match args.corpus.format {
        ScanFormat::Ci => args.out.destination().write(|out| gates::write_ci(findings, out))?,
        _ => {
            args.out.destination().write(|out| write_report(wire, texts, documents, args, term, out))?;
            for f in findings {
                warn(format_args!("gate: {}:{}:{}: {}", f.path, f.line, f.column, f.message));
            }
        }
    }
    if let Some(eval) = &eval {
        summary_line(&gates::summary(eval, &args.gates, baseline.as_ref().map(Baseline::len), wire.partial));
    }
    Ok(ExitCode::of(wire.partial, tripped))
}

/// Reads the `--baseline` file.
fn read_baseline(path: &Path) -> anyhow::Result<Baseline> {
    let name = display_path(path);
    let text = std::fs::read_to_string(path).with_context(|| format!("{name}: cannot read the baseline"))?;
    Baseline::parse(&text).map_err(|e| anyhow::anyhow!("{name}: {e}"))
}

/// The source is the corpus at PATH: reads and analyses it.
fn scan_corpus(args: &ScanArgs) -> anyhow::Result<Scanned> {
    let corpus = source::read(&args.path, &args.corpus)?;
    let cfg = args.config();
    let docs: Vec<&Document> = corpus.documents.iter().collect();
    let fps = source::fingerprints(&docs, &cfg);
    let bar = source::AlignBar::start();
    let report = analyze_fingerprints_with_progress(&fps, &cfg, &bar);
    bar.finish();
    let root = args.path.to_string_lossy().into_owned();
    let (wire, texts) =
        build_scan(&root, &corpus, &report, &cfg, args.detail || args.corpus.format == ScanFormat::Html);
    Ok(Scanned { wire, texts, documents: corpus.documents, new: None })
}

/// The source is the new documents at PATH plus the index at `index_path` (see the
/// [module docs](self#scanning-against-an-index)).
///
/// # Errors
/// When the index or the new documents cannot be read, the index is refused, or its
/// settings differ from the scan's.
fn scan_against(args: &ScanArgs, index_path: &Path) -> anyhow::Result<Scanned> {
    let name = display_path(index_path);
    let index = index_file::open(index_path)?;
    let cfg = config_for_index(args, &index.settings()).with_context(|| name.clone())?;
    let corpus = source::read(&args.path, &args.corpus)?;
    let new_docs: Vec<&Document> = corpus.documents.iter().collect();
    let left_out = already_indexed(&index, &new_docs, &args.path);
    let fps = source::fingerprints(&new_docs, &cfg);
    let bar = source::spinner("aligning");
    let result = analyze_against_without(&index, fps, &cfg, &left_out);
    bar.finish_and_clear();
    let result = result.with_context(|| name.clone())?;
    let archive = index.docs().len();
    let keep: Vec<bool> = (0..archive + new_docs.len()).map(|d| d >= archive).collect();
    let (report, old) = restrict_report(result.report, &keep);
    // The documents of the report: archive documents rebuilt from the index, then the new.
    let mut taken: HashSet<String> = HashSet::new();
    let mut documents: Vec<Document> = Vec::with_capacity(old.len());
    let mut renamed = Vec::new();
    let mut new_ids = HashSet::new();
    let scanned: HashSet<&str> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
    for &o in &old {
        let o = o as usize;
        let mut doc = if o < archive {
            let bytes = index.source(o as u32).with_context(|| name.clone())?;
            index_file::document_of(&index.docs()[o], &bytes).with_context(|| name.clone())?
        } else {
            corpus.documents[o - archive].clone()
        };
        if o < archive && scanned.contains(doc.id.as_str()) {
            // The earlier version of a new document (an edited article): named as archived.
            let id = archived_id(&doc.id);
            renamed.push((doc.id.clone(), id.clone()));
            doc.id = id;
        }
        if !taken.insert(doc.id.clone()) {
            // Ids that still collide: keep them apart.
            let id = (2..).map(|k| format!("{}#{k}", doc.id)).find(|c| !taken.contains(c)).unwrap_or_default();
            renamed.push((doc.id.clone(), id.clone()));
            taken.insert(id.clone());
            doc.id = id;
        }
        if o >= archive {
            new_ids.insert(doc.id.clone());
        }
        documents.push(doc);
    }
    for (was, now) in &renamed {
        warn(format_args!("{was}: also in the index with other content; the archived copy is reported as {now:?}"));
    }
    let view = Corpus {
        documents,
        skipped: corpus.skipped.clone(),
        warnings: corpus.warnings.clone(),
        errors: corpus.errors.clone(),
    };
    let root = args.path.to_string_lossy().into_owned();
    let (wire, texts) = build_scan(&root, &view, &report, &cfg, args.detail || args.corpus.format == ScanFormat::Html);
    Ok(Scanned { wire, texts, documents: view.documents, new: Some(new_ids) })
}

/// The archive documents that are new documents unchanged (same id, path and bytes: a file
/// scanned again), left out of the analysis so that no document is reported as a copy of
/// itself; the new copy is the one analysed (its path is the one on disk now). Says so on
/// stderr for each.
fn already_indexed<S: ByteSource>(index: &Index<S>, new_docs: &[&Document], root: &Path) -> Vec<u32> {
    let mut left_out = Vec::new();
    for doc in new_docs {
        let Origin::File { path } = &doc.origin else { continue };
        if index.find(&doc.id).is_none() {
            continue;
        }
        let rel = match path.strip_prefix(root) {
            Ok(rel) if !rel.as_os_str().is_empty() => rel,
            _ => Path::new(path.file_name().unwrap_or(path.as_os_str())),
        };
        let Ok(bytes) = std::fs::read(path) else { continue };
        if let Some(d) = index.same_document(&doc.id, &index_file::path_bytes(rel), &bytes) {
            warn(format_args!(
                "{}: already in the index (same path and content); compared as the new copy, the archived copy left out",
                doc.path
            ));
            left_out.push(d);
        }
    }
    left_out
}

/// The engine settings of a scan against an index with `stored` settings: the index's
/// n-gram length and window unless the command line gives them; a value given that differs
/// from the index's is refused (the fingerprints would not match), naming the flag.
///
/// # Errors
/// A flag that conflicts with the index, or an index built by a copytrace that fingerprints
/// differently ([`IndexSettings::check`]).
fn config_for_index(args: &ScanArgs, stored: &IndexSettings) -> anyhow::Result<Config> {
    let asked = args.config();
    let flags = [
        ("--ngram", "n-gram length", args.corpus.ngram.map(|_| asked.get_ngram()), stored.ngram),
        ("--window", "winnowing window", args.corpus.window.map(|_| asked.get_window()), stored.window),
    ];
    for (flag, what, given, stored) in flags {
        match given {
            Some(given) if given != stored as usize => anyhow::bail!(
                "{flag} {given} conflicts with the index, built with {what} {stored} ({flag} {stored}): leave \
                 {flag} out to use the index's, or rebuild the index with {flag} {given} \
                 (copytrace index DIR -o INDEX {flag} {given})"
            ),
            _ => {}
        }
    }
    let cfg = stored.apply(asked);
    stored.check(&cfg)?;
    Ok(cfg)
}

/// Writes the report in the human, JSON or JSON Lines format (`--format ci` writes the
/// gates' findings instead).
fn write_report(
    wire: &ScanReport,
    texts: &[PassageText],
    documents: &[Document],
    args: &ScanArgs,
    term: &Term,
    out: &mut dyn Write,
) -> io::Result<()> {
    match args.corpus.format {
        ScanFormat::Human => {
            let opts =
                HumanOptions { detail: args.detail, verbose: args.corpus.verbose, width: term.width, top: args.top };
            write_human(wire, texts, &opts, &term.styles, out)
        }
        ScanFormat::Json => scan_json::write_json(wire, out),
        ScanFormat::Jsonl => scan_json::write_jsonl(wire, out),
        ScanFormat::Html => copytrace_html::write_scan(out, wire, documents, texts),
        ScanFormat::Ci => Err(io::Error::new(io::ErrorKind::Unsupported, "--format ci lists the gates' findings")),
    }
}

#[allow(clippy::print_stderr, reason = "the gate summary is a diagnostic for CI logs, on stderr")]
fn summary_line(line: &str) {
    eprintln!("copytrace: {line}");
}
