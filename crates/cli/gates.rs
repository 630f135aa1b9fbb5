//! CI gates, baselines of accepted reuse, and the `--format ci` output of `copytrace scan`
//! and `trace`.
//!
//! This module only evaluates findings ([`evaluate`]) and writes them ([`write_ci`],
//! [`write_trace_ci`], [`summary`]); the options are [`crate::args::GateArgs`], and
//! [`crate::commands::scan`] reads the baseline and decides where each line goes.
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
//! `--fail-tiers LIST` limits the gates to passages of those tiers (`verbatim`, `edited`,
//! `reworded`; default: every tier reported): passages of other tiers are reported but
//! count for no gate, like accepted ones.
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

use crate::args::GateArgs;
use crate::render::count;
use copytrace_corpus::{Document, Origin};
use copytrace_report::scan::{Location, PairRecord, PassageRecord, ScanReport};
use copytrace_report::TraceReport;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::{self, Write};

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

impl Evaluation {
    /// Whether a finding trips a gate (exit 1).
    #[must_use]
    pub fn tripped(&self) -> bool {
        !self.findings.is_empty()
    }
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
/// accepted by a baseline ([`copytrace_report::baseline::Baseline::mark`]) are not findings.
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
    // Accepted reuse is marked on the report by `Baseline::mark` (in `commands::scan::run`).
    let accepted: Vec<bool> = wire.passages.iter().map(|p| p.accepted.is_some()).collect();
    // Passages of tiers that trip no gate count like accepted ones (but not in the summary).
    let gated = |p: &PassageRecord| {
        args.fail_tiers.is_empty() || args.fail_tiers.iter().any(|t| t.name() == p.tier) || p.tier.is_empty()
    };
    let counts: Vec<bool> = wire.passages.iter().zip(&accepted).map(|(p, &a)| !a && gated(p)).collect();
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
        let ids: Vec<usize> = pair.passages.iter().copied().filter(|&i| counts[i]).collect();
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
                let tier = if p.tier.is_empty() { String::new() } else { format!("{}, ", p.tier) };
                let message = format!(
                    "{} shared with {opath}:{oline}:{ocol} ({tier}similarity {}){gate}",
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
                    if counts[i] {
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

/// The one-line summary of the gates for stderr (after `copytrace: `): the verdict, the
/// number of findings, what the baseline accepted (`baseline_entries`: its number of
/// entries, when there is one) and whether the result is partial.
#[must_use]
pub fn summary(eval: &Evaluation, args: &GateArgs, baseline_entries: Option<usize>, partial: bool) -> String {
    let accepted = match baseline_entries {
        Some(entries) => format!(
            ", {} accepted by the baseline ({})",
            count(eval.accepted, "passage", "passages"),
            count(entries, "entry", "entries")
        ),
        None => String::new(),
    };
    let partial = if partial { "; partial: some files could not be read" } else { "" };
    // Without thresholds every reuse passage not accepted is a finding: no gate as such.
    let verdict = match (eval.tripped(), args.any_threshold()) {
        (false, _) => "clean",
        (true, true) => "gate tripped",
        (true, false) => "reuse found",
    };
    let findings = count(eval.findings.len(), "finding", "findings");
    format!("{verdict}: {findings}{accepted}{partial}")
}
