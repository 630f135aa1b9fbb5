//! `cargo xtask eval direction`: is the direction `copytrace scan` claims for a pair right,
//! and is its confidence calibrated?
//!
//! Corpora with known direction ([`crate::synth_direction`]): wire stories, updates, outlets
//! pasting from them and, some, from each other; one corpus written in three dating regimes
//! (date-times, days only, undated), each with and without `role: wire` on the wire stories.
//! For every pair the scan reports whose truth is defined, a claim is `source` (one of the
//! pair) or `common_source` (a third document); it is right when it names the truth's
//! document. Precision is the share of claims that are right, coverage the share of pairs
//! with a claim. The calibration table bins the claims by confidence and gives the share
//! right in each bin: a calibrated confidence matches it.

use crate::flags::EvalDirection;
use crate::material;
use crate::report::write_section;
use crate::synth_direction::{files, generate, truth, Corpus, Dating, Truth};
use crate::workspace::{build_release_copytrace, target_dir, workspace_root};
use anyhow::{bail, Context, Result};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Command;

/// Confidence bins of the calibration table: `[lo, hi)`, the last one closed.
const BINS: [(f64, f64); 5] = [(0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.0)];

/// One claim: its confidence, its basis and whether it is right.
struct Claim {
    confidence: f64,
    basis: String,
    right: bool,
    /// `a b: claim (basis confidence), truth` for the list of wrong claims.
    line: String,
}

/// The outcome of one scan.
struct Outcome {
    name: String,
    pairs: usize,
    undefined: usize,
    claims: Vec<Claim>,
}

/// Runs `cargo xtask eval direction`.
///
/// # Errors
/// When data, the build or a scan fail.
pub fn run(flags: EvalDirection) -> Result<()> {
    let EvalDirection { docs, seed, no_write } = flags;
    let bin = build_release_copytrace()?;
    let sentences = material::sentences_from(false)?;
    let corpus = generate(&sentences, docs, seed);
    let work = target_dir().join("xtask-eval-direction");
    if work.exists() {
        fs::remove_dir_all(&work).with_context(|| format!("removing {}", work.display()))?;
    }
    let mut outcomes = Vec::new();
    for dating in [Dating::Times, Dating::Days, Dating::None] {
        for roles in [true, false] {
            let name = format!("{}{}", dating.name(), if roles { ", wire roles" } else { ", no roles" });
            let dir = work.join(format!("{dating:?}-{}", if roles { "roles" } else { "plain" }).to_lowercase());
            fs::create_dir_all(&dir)?;
            for (file, text) in files(&corpus, dating, roles) {
                fs::write(dir.join(&file), text).with_context(|| format!("writing {file}"))?;
            }
            let outcome = evaluate(&bin, &dir, &corpus, name)?;
            // The wrong claims, for a look at what went wrong.
            let wrong: String = outcome.claims.iter().filter(|c| !c.right).map(|c| format!("{}\n", c.line)).collect();
            fs::write(dir.with_extension("wrong.txt"), wrong)?;
            eprintln!("{}: {} claims", outcome.name, outcome.claims.len());
            outcomes.push(outcome);
        }
    }
    let md = markdown(&corpus, docs, seed, &outcomes);
    println!("\n{md}");
    if no_write {
        return Ok(());
    }
    write_section(&workspace_root().join("EVALUATION.md"), "eval-direction", "# Evaluation\n", &md)
}

/// Scans `dir` and scores the direction of every pair against the truth.
fn evaluate(bin: &Path, dir: &Path, corpus: &Corpus, name: String) -> Result<Outcome> {
    let out = Command::new(bin)
        .arg("scan")
        .arg(dir)
        .args(["--format", "json", "--color", "never"])
        .output()
        .with_context(|| format!("running {}", bin.display()))?;
    if !matches!(out.status.code(), Some(0 | 1)) {
        bail!("copytrace scan {} exited with {}: {}", dir.display(), out.status, String::from_utf8_lossy(&out.stderr));
    }
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).context("copytrace scan printed invalid JSON")?;
    let index: HashMap<&str, usize> = corpus.docs.iter().enumerate().map(|(i, d)| (d.name.as_str(), i)).collect();
    let doc = |v: &serde_json::Value| -> Result<usize> {
        let id = v.as_str().context("a document id that is not a string")?;
        index.get(id).copied().with_context(|| format!("unknown document {id}"))
    };
    let mut outcome = Outcome { name, pairs: 0, undefined: 0, claims: Vec::new() };
    for p in json.get("pairs").and_then(serde_json::Value::as_array).context("no pairs[] in scan JSON")? {
        let (a, b) = (doc(&p["a"])?, doc(&p["b"])?);
        let t = truth(corpus, a, b);
        if t == Truth::Undefined {
            outcome.undefined += 1;
            continue;
        }
        outcome.pairs += 1;
        let dir = &p["direction"];
        let claim = match (dir["source"].as_str(), dir["common_source"].as_str()) {
            (Some(_), _) => Some(Truth::Source(doc(&dir["source"])?)),
            (None, Some(_)) => Some(Truth::Common(doc(&dir["common_source"])?)),
            (None, None) => None,
        };
        if let Some(claim) = claim {
            let confidence = dir["confidence"].as_f64().context("a direction without confidence")?;
            let basis = dir["basis"].as_str().unwrap_or("").to_owned();
            let name = |t: Truth| match t {
                Truth::Source(s) => format!("source {}", corpus.docs[s].name),
                Truth::Common(c) => format!("both from {}", corpus.docs[c].name),
                Truth::Undefined => "undefined".to_owned(),
            };
            let line = format!(
                "{} {}: {} ({basis} {confidence}), truth {}",
                corpus.docs[a].name,
                corpus.docs[b].name,
                name(claim),
                name(t)
            );
            outcome.claims.push(Claim { confidence, basis, right: claim == t, line });
        }
    }
    Ok(outcome)
}

#[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
fn share(part: usize, whole: usize) -> String {
    if whole == 0 {
        "–".to_owned()
    } else {
        format!("{:.3}", part as f64 / whole as f64)
    }
}

/// The tables.
fn markdown(corpus: &Corpus, docs: usize, seed: u64, outcomes: &[Outcome]) -> String {
    let wires = corpus.docs.iter().filter(|d| d.wire).count();
    let updates = corpus.docs.iter().filter(|d| d.name.ends_with("-update.txt")).count();
    let mut md = String::new();
    let _ = writeln!(
        md,
        "Synthetic corpus (`cargo xtask eval direction --docs {docs} --seed {seed}`): {} documents, {wires} wire \
         stories ({updates} of them updates of another), {} outlet articles; real prose from `../shared/data`. \
         Pairs: those the scan reports whose truth is defined (pairs whose shared paragraphs point different \
         ways are left out, column *undefined*).\n",
        corpus.docs.len(),
        corpus.docs.len() - wires
    );
    md.push_str("| corpus | pairs | undefined | claims | right | precision | coverage |\n");
    md.push_str("|---|---:|---:|---:|---:|---:|---:|\n");
    for o in outcomes {
        let right = o.claims.iter().filter(|c| c.right).count();
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {right} | {} | {} |",
            o.name,
            o.pairs,
            o.undefined,
            o.claims.len(),
            share(right, o.claims.len()),
            share(o.claims.len(), o.pairs)
        );
    }
    md.push_str("\nCalibration: claims by confidence, and the share of them that is right.\n\n");
    md.push_str("| corpus |");
    for (lo, hi) in BINS {
        let _ = write!(md, " {lo:.2}–{hi:.2} |");
    }
    md.push_str("\n|---|");
    md.push_str(&"---:|".repeat(BINS.len()));
    md.push('\n');
    for o in outcomes {
        let _ = write!(md, "| {} |", o.name);
        for (i, (lo, hi)) in BINS.iter().enumerate() {
            let last = i + 1 == BINS.len();
            let inside: Vec<&Claim> = o
                .claims
                .iter()
                .filter(|c| c.confidence >= *lo && (c.confidence < *hi || (last && c.confidence <= *hi)))
                .collect();
            let right = inside.iter().filter(|c| c.right).count();
            if inside.is_empty() {
                md.push_str(" – |");
            } else {
                let _ = write!(md, " {} of {} |", share(right, inside.len()), inside.len());
            }
        }
        md.push('\n');
    }
    md.push_str("\nClaims by basis (all corpora): how many, and the share right.\n\n");
    let mut by_basis: BTreeMap<&str, (usize, usize, f64)> = BTreeMap::new();
    for c in outcomes.iter().flat_map(|o| &o.claims) {
        let e = by_basis.entry(c.basis.as_str()).or_default();
        e.0 += 1;
        e.1 += usize::from(c.right);
        e.2 += c.confidence;
    }
    md.push_str("| basis | claims | right | mean confidence |\n|---|---:|---:|---:|\n");
    for (basis, (n, right, conf)) in by_basis {
        #[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
        let mean = conf / n as f64;
        let _ = writeln!(md, "| {basis} | {n} | {} | {mean:.3} |", share(right, n));
    }
    md
}
