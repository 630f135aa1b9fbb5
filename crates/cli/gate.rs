//! CI gates, baselines of accepted reuse, and the `--format ci` output of `copytrace scan`.
//!
//! # Gates
//!
//! A gate turns findings into exit status 1:
//!
//! * `--fail-containment F`: a document of which more than the fraction `F` (0 to 1) is
//!   found in one other document;
//! * `--fail-passage-words N`: a passage of more than `N` matched words;
//! * `--fail-originality F`: a document whose originality (the share of its words not taken
//!   from a likely source) is below `F`.
//!
//! Without any of these, every reuse passage is a finding (exit 1 when any is found), as a
//! plain `copytrace scan`. Exit 0 means clean; 2 an error; 3 a partial result (a file could
//! not be read), which wins over 0 and 1 so that a CI job cannot pass on a scan that missed
//! files.
//!
//! # Baselines
//!
//! `--baseline FILE` lists reuse already accepted (licensed wire copy, a syndication deal);
//! only reuse that is not in it counts for the gates. The file is either
//!
//! * an earlier `copytrace scan --format json` report: each of its passages is accepted; or
//! * an allow-list, one entry per line (`#` starts a comment):
//!   - `A B`: any reuse between documents `A` and `B` (ids as in the reports: paths
//!     relative to the scanned directory);
//!   - `A:START-END B`: the passage of `A` in bytes `START..END` shared with `B`;
//!   - `A:START-END B:START-END`: the same, with `B`'s bytes too.
//!
//! A passage is matched to an entry by its two document ids (in either order) and by the
//! **text**, not the offsets ([`copytrace_report::baseline`] says how), so an accepted
//! passage stays accepted when either document is lightly edited or text is inserted
//! before it, while new reuse between the same documents, even when it extends an
//! accepted passage, still trips the gates.
//!
//! With a baseline, containment and originality count only the passages not accepted: the
//! reported figure is scaled by the share of the matched words that are not accepted.
//!
//! # `--format ci`
//!
//! One line per finding, `PATH:LINE:COLUMN: MESSAGE`, sorted, so that CI logs and editors
//! link to the text: `PATH` is the file as it can be opened (the scanned path joined with
//! the document's path), `LINE` is 1-based, and `COLUMN` is the 1-based position **in
//! characters** within the line, counted on the file's own text whatever its encoding. The
//! location is the passage in the document judged to be the copy (the one that is not the
//! likely source; the later one in the report when the direction is unknown; with
//! `--against`, always the new document). The other document of a finding is named the same
//! way, except a document of the index, which is named by its path relative to the indexed
//! directory. Nothing else goes to stdout; the summary goes to stderr.

use crate::exit::{warn, ExitCode};
use crate::render::count;
use crate::scan::{self, ScanArgs, ScanFormat};
use crate::term::Term;
use anyhow::Context as _;
use copytrace_corpus::{Document, Origin};
use copytrace_report::baseline::Baseline;
use copytrace_report::scan::{Location, PairRecord, PassageRecord, ScanReport};
use copytrace_report::TraceReport;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::{self, Write};
use std::path::PathBuf;

/// The gate options of `copytrace scan`.
#[derive(Clone, Debug, Default, clap::Args)]
#[command(next_help_heading = "CI gates")]
pub struct GateArgs {
    /// Scan the documents of PATH against an index built by `copytrace index`: reuse between
    /// them and the indexed archive, and among them.
    #[arg(long, value_name = "INDEX")]
    pub against: Option<PathBuf>,
    /// Exit 1 when more than this fraction (0 to 1) of a document is found in another one.
    #[arg(long, value_name = "F", value_parser = fraction)]
    pub fail_containment: Option<f64>,
    /// Exit 1 when a shared passage is longer than N matched words.
    #[arg(long, value_name = "N")]
    pub fail_passage_words: Option<usize>,
    /// Exit 1 when a document's originality is below this fraction (0 to 1).
    #[arg(long, value_name = "F", value_parser = fraction)]
    pub fail_originality: Option<f64>,
    /// Accepted reuse: an earlier `--format json` report or an allow-list (lines `A B`,
    /// `A:START-END B`); only reuse not in it trips the gates.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
}

impl GateArgs {
    fn any_threshold(&self) -> bool {
        self.fail_containment.is_some() || self.fail_passage_words.is_some() || self.fail_originality.is_some()
    }
}

fn fraction(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("{s:?} is not a number"))?;
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{s} is not a fraction between 0 and 1"))
    }
}

/// One line of the CI output.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// The file as it can be opened.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What was found.
    pub message: String,
}

/// The result of the gates.
#[derive(Clone, Debug, Default)]
pub struct Evaluation {
    /// Findings that trip a gate, sorted.
    pub findings: Vec<Finding>,
    /// Reuse passages accepted by the baseline.
    pub accepted: usize,
}

/// The gates and the locations of findings, over a wire report and its documents.
struct Context<'a> {
    docs: HashMap<&'a str, &'a Document>,
    new: HashSet<&'a str>,
    root: String,
}

impl Context<'_> {
    /// Where a finding points: `PATH:LINE:COLUMN`.
    fn place(&self, loc: &Location) -> (String, usize, usize) {
        let Some(doc) = self.docs.get(loc.doc.as_str()) else { return (loc.doc.clone(), 1, 1) };
        match &doc.origin {
            Origin::Record { path, line } => (copytrace_corpus::display_path(path), *line as usize, 1),
            Origin::File { .. } => {
                let (line, column) = doc.line_col(doc.text_offset(loc.start));
                let path = if self.root.is_empty() || !self.new.contains(loc.doc.as_str()) {
                    doc.path.clone()
                } else if std::path::Path::new(&self.root).is_file() {
                    self.root.clone()
                } else {
                    format!("{}/{}", self.root.trim_end_matches('/'), doc.path)
                };
                (path, line, column)
            }
        }
    }
}

/// Evaluates the gates of `args` on `wire`, whose documents are `docs` (`new`: the ids
/// that are new documents, for `--against`; every document otherwise). Passages marked
/// accepted by a baseline ([`Baseline::mark`]) are not findings.
#[must_use]
pub fn evaluate(wire: &ScanReport, docs: &[Document], new: Option<&HashSet<String>>, args: &GateArgs) -> Evaluation {
    let ctx = Context {
        docs: docs.iter().map(|d| (d.id.as_str(), d)).collect(),
        new: match new {
            Some(set) => set.iter().map(String::as_str).collect(),
            None => docs.iter().map(|d| d.id.as_str()).collect(),
        },
        root: wire.root.clone(),
    };
    // Accepted reuse is marked on the report by `Baseline::mark` (in `run_scan`).
    let accepted: Vec<bool> = wire.passages.iter().map(|p| p.accepted.is_some()).collect();
    let mut findings: BTreeSet<Finding> = BTreeSet::new();
    let implicit = !args.any_threshold();
    let pct = |x: f64| format!("{:.0}%", x * 100.0);
    // The flagged side of a passage and the other one.
    let sides = |pair: &PairRecord, p: &PassageRecord| {
        let (a_new, b_new) = (ctx.new.contains(p.a.doc.as_str()), ctx.new.contains(p.b.doc.as_str()));
        let a_flagged = match (a_new, b_new) {
            (true, false) => true,
            (false, true) => false,
            _ => pair.direction.source.as_deref() == Some(p.b.doc.as_str()),
        };
        if a_flagged {
            (p.a.clone(), p.b.clone())
        } else {
            (p.b.clone(), p.a.clone())
        }
    };
    for pair in &wire.pairs {
        let ids: Vec<usize> = pair.passages.iter().copied().filter(|&i| !accepted[i]).collect();
        if ids.is_empty() {
            continue;
        }
        for &i in &ids {
            let p = &wire.passages[i];
            let long = args.fail_passage_words.is_some_and(|n| p.words > n);
            if implicit || long {
                let (mine, other) = sides(pair, p);
                let (path, line, column) = ctx.place(&mine);
                let (opath, oline, ocol) = ctx.place(&other);
                let gate = match args.fail_passage_words {
                    Some(n) if long => format!(" (more than --fail-passage-words {n})"),
                    _ => String::new(),
                };
                let message = format!(
                    "{} shared with {opath}:{oline}:{ocol} (similarity {}){gate}",
                    count(p.words, "word", "words"),
                    pct(p.similarity)
                );
                findings.insert(Finding { path, line, column, message });
            }
        }
        if let Some(limit) = args.fail_containment {
            let all: usize = pair.passages.iter().map(|&i| wire.passages[i].words).sum();
            let open: usize = ids.iter().map(|&i| wire.passages[i].words).sum();
            let scale = if all == 0 { 0.0 } else { open as f64 / all as f64 };
            for (doc, other, share) in [(&pair.a, &pair.b, pair.a_in_b), (&pair.b, &pair.a, pair.b_in_a)] {
                let share = share * scale;
                if share > limit && (ctx.new.contains(doc.as_str())) {
                    let first = ids
                        .iter()
                        .map(|&i| &wire.passages[i])
                        .map(|p| if &p.a.doc == doc { p.a.clone() } else { p.b.clone() })
                        .min_by_key(|l| l.start);
                    let Some(first) = first else { continue };
                    let (path, line, column) = ctx.place(&first);
                    let message = format!(
                        "{} of this document is found in {other} (more than --fail-containment {limit})",
                        pct(share)
                    );
                    findings.insert(Finding { path, line, column, message });
                }
            }
        }
    }
    if let Some(limit) = args.fail_originality {
        for d in wire.documents.iter().filter(|d| ctx.new.contains(d.id.as_str())) {
            // Passages shared with documents judged to be this one's sources.
            let mut all = 0usize;
            let mut open = 0usize;
            let mut first: Option<Location> = None;
            for pair in wire.pairs.iter().filter(|p| p.a == d.id || p.b == d.id) {
                let other = if pair.a == d.id { &pair.b } else { &pair.a };
                if pair.direction.source.as_ref() != Some(other) {
                    continue;
                }
                for &i in &pair.passages {
                    let p = &wire.passages[i];
                    all += p.words;
                    if !accepted[i] {
                        open += p.words;
                        let mine = if p.a.doc == d.id { &p.a } else { &p.b };
                        if first.as_ref().is_none_or(|f| mine.start < f.start) {
                            first = Some(mine.clone());
                        }
                    }
                }
            }
            let scale = if all == 0 { 0.0 } else { open as f64 / all as f64 };
            let originality = 1.0 - d.derived * scale;
            if originality < limit {
                let loc = first.unwrap_or(Location { doc: d.id.clone(), start: d.body.start, end: d.body.start });
                let (path, line, column) = ctx.place(&loc);
                let message = format!(
                    "originality {} is below --fail-originality {limit} ({} taken from earlier sources)",
                    pct(originality),
                    pct(1.0 - originality)
                );
                findings.insert(Finding { path, line, column, message });
            }
        }
    }
    Evaluation { findings: findings.into_iter().collect(), accepted: accepted.iter().filter(|&&a| a).count() }
}

/// Writes the findings, one `PATH:LINE:COLUMN: MESSAGE` line each.
///
/// # Errors
/// Any error of `out`.
pub fn write_ci(findings: &[Finding], out: &mut dyn Write) -> io::Result<()> {
    for f in findings {
        writeln!(out, "{}:{}:{}: {}", f.path, f.line, f.column, f.message)?;
    }
    Ok(())
}

/// `copytrace trace --format ci`: one line per paragraph of the query found elsewhere,
/// `PATH:LINE:1: MESSAGE` (the paragraph's first line).
///
/// # Errors
/// Any error of `out`.
pub fn write_trace_ci(wire: &TraceReport, out: &mut dyn Write) -> io::Result<()> {
    for p in wire.paragraphs.iter().filter(|p| !p.sources.is_empty()) {
        let sources: Vec<String> =
            p.sources.iter().map(|h| format!("{} ({})", h.doc, count(h.words, "word", "words"))).collect();
        let likeliest = p.likeliest.as_deref().map(|l| format!("; likeliest source {l}")).unwrap_or_default();
        writeln!(
            out,
            "{}:{}:1: paragraph {} ({}) found in {}{likeliest}",
            wire.query.path,
            p.line,
            p.index + 1,
            count(p.words, "word", "words"),
            sources.join(", ")
        )?;
    }
    Ok(())
}

/// `copytrace scan`, with `--against`, the gates, the baseline and `--format ci`.
///
/// # Errors
/// When the corpus, the index or the baseline cannot be read, or writing fails.
pub fn run_scan(args: &ScanArgs, term: &Term) -> anyhow::Result<ExitCode> {
    let gates = &args.gates;
    let baseline = match &gates.baseline {
        Some(path) => {
            let name = copytrace_corpus::display_path(path);
            let text = std::fs::read_to_string(path).with_context(|| format!("{name}: cannot read the baseline"))?;
            Some(Baseline::parse(&text).map_err(|e| anyhow::anyhow!("{name}: {e}"))?)
        }
        None => None,
    };
    let (mut wire, texts, docs, new) = match &gates.against {
        Some(index) => {
            let (wire, texts, docs, new) = crate::index_cmd::against_report(args, index)?;
            (wire, texts, docs, Some(new))
        }
        None => {
            let (wire, texts, corpus) = scan::scan_report(args)?;
            (wire, texts, corpus.documents, None)
        }
    };
    // Accepted reuse is marked in the reports (each passage names its baseline entry).
    if let Some(b) = &baseline {
        b.mark(&mut wire, &docs);
    }
    // Without gates, a baseline or CI lines the findings are never shown: the exit status
    // only needs to know whether there is one, and without gates every reuse passage is one
    // (see `evaluate`). Placing each finding (line and column of both sides) and sorting
    // them is a serial pass over every passage, worth skipping on a large corpus.
    let listed = gates.any_threshold() || gates.baseline.is_some() || args.corpus.format == ScanFormat::Ci;
    let (eval, tripped) = if listed {
        let eval = evaluate(&wire, &docs, new.as_ref(), gates);
        let tripped = !eval.findings.is_empty();
        (Some(eval), tripped)
    } else {
        (None, wire.pairs.iter().any(|p| !p.passages.is_empty()))
    };
    let findings: &[Finding] = eval.as_ref().map_or(&[], |e| &e.findings);
    match args.corpus.format {
        ScanFormat::Ci => scan::to_stdout(|out| write_ci(findings, out))?,
        _ => {
            scan::to_stdout(|out| scan::write_scan(&wire, &texts, args, &term.styles, term.width, out))?;
            for f in findings {
                warn(format_args!("gate: {}:{}:{}: {}", f.path, f.line, f.column, f.message));
            }
        }
    }
    if let Some(eval) = &eval {
        let accepted = match &baseline {
            Some(b) => format!(
                ", {} accepted by the baseline ({})",
                count(eval.accepted, "passage", "passages"),
                count(b.len(), "entry", "entries")
            ),
            None => String::new(),
        };
        let partial = if wire.partial { "; partial: some files could not be read" } else { "" };
        // Without thresholds every reuse passage not accepted is a finding: no gate as such.
        let verdict = match (tripped, gates.any_threshold()) {
            (false, _) => "clean",
            (true, true) => "gate tripped",
            (true, false) => "reuse found",
        };
        let findings = count(eval.findings.len(), "finding", "findings");
        summary_line(&format!("{verdict}: {findings}{accepted}{partial}"));
    }
    Ok(if wire.partial {
        ExitCode::Partial
    } else if tripped {
        ExitCode::Findings
    } else {
        ExitCode::Success
    })
}

#[allow(clippy::print_stderr, reason = "the gate summary is a diagnostic for CI logs, on stderr")]
fn summary_line(line: &str) {
    eprintln!("copytrace: {line}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_are_checked() {
        assert_eq!(fraction("0.5"), Ok(0.5));
        assert!(fraction("1.5").is_err() && fraction("x").is_err());
    }
}
