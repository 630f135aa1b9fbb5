//! `cargo xtask eval scan`: how well `copytrace scan` finds reuse, against ground truth, side
//! by side with text-matcher (`../shared/peers/text-matcher.sh`) on the same pairs.
//!
//! 1. **Synthetic corpus** (`cargo xtask corpus synth`, default 200 documents, seed 1): PAN's
//!    text-alignment measures (Potthast et al., COLING 2010) at the byte level: precision,
//!    recall, granularity and plagdet = F1 / log2(1 + granularity). Each truth case is a pasted
//!    passage (wire story span, outlet article span); each detection a reported passage between
//!    a wire story and another document. Passages between two outlet articles are left out of
//!    the scoring: two outlets that pasted the same wire passage do share it, but the ground
//!    truth lists only wire-to-outlet reuse. text-matcher is pairwise, so it runs on a seeded
//!    sample of wire-outlet pairs (pairs with reuse and as many without); both tools are scored
//!    on that sample, and copytrace also on the whole corpus.
//!    The verbatim tier alone (`copytrace scan --tiers verbatim,edited`) is a second
//!    copytrace row ([`TOOLS`]); a binary without `--tiers` fails the evaluation unless
//!    `--no-tiers-row` leaves the row out.
//! 2. **Reworded kinds** (`corpus synth --kind K`, one corpus per kind, default 100 documents):
//!    the same measures per kind (random obfuscation low and high, paraphrase, house style,
//!    summary), each tool row on the whole corpus and, beside text-matcher, on a sample.
//! 3. **Same-topic distractors** (`--kind distractor`): the share of distractor pairs (two
//!    articles on one event that share no passage) with a reported passage.
//! 4. **Clough & Stevenson** (2011): for each of the 95 answers, the containment of the answer
//!    in its Wikipedia source (share of the answer's non-white-space characters inside
//!    passages shared with the source) by category, and the ROC AUC of that containment for
//!    plagiarised (cut, light, heavy) against non-plagiarised answers.

use crate::flags::EvalScan;
use crate::metrics::{auc, coverage, pan, Case, Pan, Range};
use crate::report::write_section;
use crate::rng::Rng;
use crate::synth::{self, Kind, Truth};
use crate::text_matcher;
use crate::workspace::{build_release_copytrace, shared_data, target_dir, text_matcher_script, workspace_root};
use anyhow::{bail, Context, Result};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// A row of copytrace in the tables: its label and the extra `copytrace scan` arguments.
struct Tool {
    label: &'static str,
    args: &'static [&'static str],
}

/// The copytrace rows: the engine as shipped (every tier) and the verbatim tier alone.
const TOOLS: [Tool; 2] = [
    Tool { label: "copytrace scan", args: &[] },
    Tool { label: "copytrace scan --tiers verbatim,edited", args: &["--tiers", "verbatim,edited"] },
];

/// Runs `cargo xtask eval scan`.
///
/// # Errors
/// When data, tools or the scan fail.
pub fn run(flags: EvalScan) -> Result<()> {
    let EvalScan {
        docs,
        seed,
        tm_pairs,
        no_text_matcher: no_tm,
        no_write,
        kinds,
        kind_docs,
        tm_kind_pairs,
        no_tiers_row,
    } = flags;
    let some_kinds = !kinds.is_empty();
    let no_write = no_write || no_tm || some_kinds;
    let kinds: BTreeSet<Kind> = if some_kinds { kinds.into_iter().collect() } else { Kind::ALL.into_iter().collect() };
    let tools: &[Tool] = if no_tiers_row { &TOOLS[..1] } else { &TOOLS };
    let bin = build_release_copytrace()?;
    let tm = if no_tm { None } else { Some(text_matcher_script()?) };
    let work = target_dir().join("xtask-eval-scan");
    if work.exists() {
        fs::remove_dir_all(&work).with_context(|| format!("removing {}", work.display()))?;
    }
    fs::create_dir_all(&work)?;

    let mut md = String::new();
    if kinds.contains(&Kind::Classic) {
        md.push_str(&eval_synth(&bin, tools, tm.as_deref(), &work, docs, seed, tm_pairs)?);
        md.push('\n');
    }
    let reworded: Vec<Kind> =
        kinds.iter().copied().filter(|k| !matches!(k, Kind::Classic | Kind::Distractor)).collect();
    if !reworded.is_empty() {
        md.push_str(&eval_kinds(&bin, tools, tm.as_deref(), &work, &reworded, kind_docs, seed, tm_kind_pairs)?);
        md.push('\n');
    }
    if kinds.contains(&Kind::Distractor) {
        md.push_str(&eval_distractors(&bin, tools, tm.as_deref(), &work, kind_docs, seed, 2 * tm_kind_pairs)?);
        md.push('\n');
    }
    md.push_str(&eval_clough(&bin, tm.as_deref(), &work)?);
    println!("\n{md}");
    if no_write {
        return Ok(());
    }
    write_section(&workspace_root().join("EVALUATION.md"), "eval-scan", "# Evaluation\n", &md)
}

/// A passage as `copytrace scan --format json` reports it: two `(path, range)` sides.
type Passage = ((String, Range), (String, Range));

/// Runs `copytrace scan DIR --format json ARGS` and returns its passages with document paths.
fn scan(bin: &Path, dir: &Path, args: &[&str]) -> Result<Vec<Passage>> {
    let out = Command::new(bin)
        .arg("scan")
        .arg(dir)
        .args(["--format", "json", "--color", "never"])
        .args(args)
        .output()
        .with_context(|| format!("running {}", bin.display()))?;
    if !matches!(out.status.code(), Some(0 | 1)) {
        bail!(
            "copytrace scan {} {} exited with {}: {}",
            dir.display(),
            args.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).context("copytrace scan printed invalid JSON")?;
    scan_passages(&json)
}

/// Reads `documents[]` (`id`, `path`) and `passages[]` (`a`, `b`: `{doc, start, end}`).
fn scan_passages(json: &serde_json::Value) -> Result<Vec<Passage>> {
    let mut paths = HashMap::new();
    for d in json.get("documents").and_then(serde_json::Value::as_array).context("no documents[] in scan JSON")? {
        let id = d.get("id").context("document without id")?.to_string();
        let path = d.get("path").and_then(serde_json::Value::as_str).context("document without path")?;
        paths.insert(id, path.to_owned());
    }
    let side = |v: &serde_json::Value| -> Result<(String, Range)> {
        let doc = v.get("doc").context("passage side without doc")?.to_string();
        let path = paths.get(&doc).with_context(|| format!("passage names unknown document {doc}"))?.clone();
        let num = |k: &str| {
            v.get(k)
                .and_then(serde_json::Value::as_u64)
                .and_then(|x| usize::try_from(x).ok())
                .with_context(|| format!("passage side without {k}"))
        };
        Ok((path, (num("start")?, num("end")?)))
    };
    let mut out = Vec::new();
    for p in json.get("passages").and_then(serde_json::Value::as_array).context("no passages[] in scan JSON")? {
        out.push((side(p.get("a").context("passage without a")?)?, side(p.get("b").context("passage without b")?)?));
    }
    Ok(out)
}

/// Orients passages as (wire source, other target) cases; outlet-outlet passages are dropped.
fn wire_cases(passages: &[Passage], is_wire: &dyn Fn(&str) -> bool) -> Vec<Case> {
    passages
        .iter()
        .filter_map(|(a, b)| {
            let (s, t) = if is_wire(&a.0) {
                (a, b)
            } else if is_wire(&b.0) {
                (b, a)
            } else {
                return None;
            };
            Some(Case { src_doc: s.0.clone(), src: s.1, dst_doc: t.0.clone(), dst: t.1 })
        })
        .collect()
}

/// The truth cases of a corpus, wire first.
fn truth_cases(truth: &Truth) -> Vec<Case> {
    truth
        .passages
        .iter()
        .map(|p| Case {
            src_doc: p.source.doc.clone(),
            src: (p.source.start, p.source.end),
            dst_doc: p.target.doc.clone(),
            dst: (p.target.start, p.target.end),
        })
        .collect()
}

/// The wire stories and the outlet articles of a corpus.
fn roles(truth: &Truth) -> (BTreeSet<String>, Vec<String>) {
    let wires = truth.documents.iter().filter(|d| d.role == "wire").map(|d| d.path.clone()).collect();
    let outlets = truth.documents.iter().filter(|d| d.role == "outlet").map(|d| d.path.clone()).collect();
    (wires, outlets)
}

/// A seeded sample of wire-outlet pairs: up to `n` with pasted passages and as many without.
fn sample_pairs(
    cases: &[Case],
    wires: &BTreeSet<String>,
    outlets: &[String],
    n: usize,
    seed: u64,
) -> BTreeSet<(String, String)> {
    let mut rng = Rng::new(seed ^ 0x7E57);
    let reuse: BTreeSet<(String, String)> = cases.iter().map(|c| (c.src_doc.clone(), c.dst_doc.clone())).collect();
    let mut with: Vec<(String, String)> = reuse.iter().cloned().collect();
    rng.shuffle(&mut with);
    with.truncate(n);
    let wire_list: Vec<&String> = wires.iter().collect();
    let mut without = BTreeSet::new();
    let mut guard = 0;
    while without.len() < with.len() && guard < 100 * with.len().max(1) {
        guard += 1;
        let pair = ((*rng.pick(&wire_list)).clone(), rng.pick(outlets).clone());
        if !reuse.contains(&pair) {
            without.insert(pair);
        }
    }
    with.into_iter().chain(without).collect()
}

/// text-matcher's detections on the sampled pairs of the corpus in `dir`.
fn text_matcher_cases(tm: &Path, dir: &Path, sample: &BTreeSet<(String, String)>, work: &Path) -> Result<Vec<Case>> {
    println!("text-matcher on {} sampled pairs of {}", sample.len(), dir.display());
    let pairs: Vec<(PathBuf, PathBuf)> = sample.iter().map(|(w, o)| (dir.join(w), dir.join(o))).collect();
    let results = run_text_matcher_pairs(tm, &pairs, work)?;
    let mut out = Vec::new();
    for ((w, o), (a, b)) in sample.iter().zip(results) {
        for (ra, rb) in a.into_iter().zip(b) {
            out.push(Case { src_doc: w.clone(), src: ra, dst_doc: o.clone(), dst: rb });
        }
    }
    Ok(out)
}

/// The cases and detections of `cases`/`dets` on the sampled pairs.
fn in_sample(sample: &BTreeSet<(String, String)>, cases: &[Case]) -> Vec<Case> {
    cases.iter().filter(|c| sample.contains(&(c.src_doc.clone(), c.dst_doc.clone()))).cloned().collect()
}

fn eval_synth(
    bin: &Path,
    tools: &[Tool],
    tm: Option<&Path>,
    work: &Path,
    docs: usize,
    seed: u64,
    tm_pairs: usize,
) -> Result<String> {
    let dir = work.join("synth");
    println!("generating a synthetic corpus of {docs} documents (seed {seed})");
    let truth = synth::generate(&synth::Options { out: dir.clone(), docs, seed })?;
    let cases = truth_cases(&truth);
    let (wires, outlets) = roles(&truth);
    let mut dets_of = Vec::new();
    for tool in tools {
        println!("{} {}", tool.label, dir.display());
        let passages = scan(bin, &dir, tool.args)?;
        dets_of.push(wire_cases(&passages, &|p| wires.contains(p)));
    }

    let mut md = String::new();
    md.push_str(&format!(
        "### Synthetic corpus\n\n`cargo xtask eval scan --docs {docs} --seed {seed}`: {} documents ({} wire stories), \
         {} pasted passages (ground truth), byte-level PAN measures; the `classic` kind of `cargo xtask corpus synth`, \
         byte for byte the corpus of generator 2, so these figures compare with earlier ones.\n\n",
        truth.documents.len(),
        wires.len(),
        cases.len()
    ));
    md.push_str("| tool | pairs scored | precision | recall | granularity | **plagdet** | detections |\n");
    md.push_str("|---|---|---:|---:|---:|---:|---:|\n");
    for (tool, dets) in tools.iter().zip(&dets_of) {
        md.push_str(&pan_row(tool.label, "whole corpus", &pan(&cases, dets)));
    }

    // Recall by edit type (precision is not defined per type).
    let mut by_edit = String::from("\nRecall of copytrace scan by edit type (whole corpus):\n\n| edit | passages | recall | granularity |\n|---|---:|---:|---:|\n");
    let edits: BTreeSet<&str> = truth.passages.iter().map(|p| p.edit).collect();
    for e in edits {
        let sub: Vec<Case> =
            truth.passages.iter().zip(&cases).filter(|(p, _)| p.edit == e).map(|(_, c)| c.clone()).collect();
        let r = pan(&sub, &dets_of[0]);
        by_edit.push_str(&format!("| {e} | {} | {:.3} | {:.3} |\n", sub.len(), r.recall, r.granularity));
    }

    if let Some(tm) = tm {
        let sample = sample_pairs(&cases, &wires, &outlets, tm_pairs, seed);
        let tm_dets = text_matcher_cases(tm, &dir, &sample, work)?;
        let s_cases = in_sample(&sample, &cases);
        let label = format!("sample of {} pairs", sample.len());
        for (tool, dets) in tools.iter().zip(&dets_of) {
            md.push_str(&pan_row(tool.label, &label, &pan(&s_cases, &in_sample(&sample, dets))));
        }
        md.push_str(&pan_row("text-matcher", &label, &pan(&s_cases, &tm_dets)));
        md.push_str(&format!(
            "\nThe sample: {} wire-outlet pairs drawn with a seeded PRNG, half with pasted passages and half without \
             ({} truth cases). text-matcher runs with its defaults (`text-matcher WIRE OUTLET`; in the PyPI version \
             stop words are then removed) and its `Locations in A/B` character offsets are mapped to bytes.\n",
            sample.len(),
            s_cases.len()
        ));
    }
    md.push_str(&by_edit);
    Ok(md)
}

/// One reworded kind measured: its truth, and per row (tools, then text-matcher) the PAN
/// measures on the whole corpus (text-matcher: none) and on the sample.
struct KindResult {
    kind: Kind,
    truth: Truth,
    whole: Vec<Pan>,
    sample: Vec<Pan>,
    sample_pairs: usize,
    by_edit: Vec<(&'static str, usize, Pan)>,
}

#[expect(clippy::too_many_arguments, reason = "the evaluation's settings, passed through once")]
fn eval_kinds(
    bin: &Path,
    tools: &[Tool],
    tm: Option<&Path>,
    work: &Path,
    kinds: &[Kind],
    docs: usize,
    seed: u64,
    tm_pairs: usize,
) -> Result<String> {
    let mut results = Vec::new();
    for &kind in kinds {
        let dir = work.join(kind.name());
        println!("generating the {} corpus, {docs} documents (seed {seed})", kind.name());
        let truth = synth::generate_kind(&synth::Options { out: dir.clone(), docs, seed }, kind)?;
        let cases = truth_cases(&truth);
        let (wires, outlets) = roles(&truth);
        let mut dets_of = Vec::new();
        for tool in tools {
            println!("{} {}", tool.label, dir.display());
            dets_of.push(wire_cases(&scan(bin, &dir, tool.args)?, &|p| wires.contains(p)));
        }
        let whole: Vec<Pan> = dets_of.iter().map(|d| pan(&cases, d)).collect();
        let mut by_edit = Vec::new();
        for &e in kind.edits() {
            let sub: Vec<Case> =
                truth.passages.iter().zip(&cases).filter(|(p, _)| p.edit == e).map(|(_, c)| c.clone()).collect();
            by_edit.push((e, sub.len(), pan(&sub, &dets_of[0])));
        }
        let (mut sample, mut sample_n) = (Vec::new(), 0);
        if let Some(tm) = tm {
            let pairs = sample_pairs(&cases, &wires, &outlets, tm_pairs, seed);
            let s_cases = in_sample(&pairs, &cases);
            for d in &dets_of {
                sample.push(pan(&s_cases, &in_sample(&pairs, d)));
            }
            sample.push(pan(&s_cases, &text_matcher_cases(tm, &dir, &pairs, work)?));
            sample_n = pairs.len();
        }
        results.push(KindResult { kind, truth, whole, sample, sample_pairs: sample_n, by_edit });
    }

    let mut md = format!(
        "### Reworded reuse, by kind\n\n`cargo xtask corpus synth --kind K --docs {docs} --seed {seed}`: one corpus per \
         kind, built like the one above (wire stories and outlet articles of real sentences) but with every pasted \
         passage rewritten the kind's way; byte-level PAN measures on the whole corpus, and on a seeded sample of \
         wire-outlet pairs (up to {tm_pairs} with reuse and as many without) beside text-matcher. The kinds: \
         `obfuscation-low` and `obfuscation-high`, PAN's random obfuscation (shuffled runs of 2 to 4 words, \
         inserted, deleted and replaced words, synonyms from the generator's own word list) at about one \
         operation per 8 and per 3 words; `paraphrase`, synonym substitution alone or with clause reordering, \
         sentence merging or sentence splitting; `house-style`, a wire paragraph whose closing quote (`\"…,\" X said.`) \
         is kept word for word but moved to the front with its attribution (`X said: \"….\"`), the rest lightly \
         reworded; `translation`, a translation chain's round trip simulated without a translator (clauses \
         reordered, most listed words replaced by synonyms, function words dropped or swapped, neighbouring words \
         exchanged); `summary`, three to five consecutive wire sentences condensed into one sentence (the main clause \
         of each, at most 8 words, joined), aligned many-to-one.\n\n"
    );
    md.push_str("| kind | passages |");
    for tool in tools {
        md.push_str(&format!(" {} |", tool.label));
    }
    if tm.is_some() {
        md.push_str(" copytrace scan (sample) | text-matcher (sample) |");
    }
    md.push_str("\n|---|---:|");
    md.push_str(&"---:|".repeat(tools.len() + if tm.is_some() { 2 } else { 0 }));
    md.push('\n');
    for r in &results {
        md.push_str(&format!("| {} | {} |", r.kind.name(), r.truth.passages.len()));
        for p in &r.whole {
            md.push_str(&format!(" **{:.3}** |", p.plagdet));
        }
        if let (Some(first), Some(last)) = (r.sample.first(), r.sample.last()) {
            md.push_str(&format!(" {:.3} | {:.3} |", first.plagdet, last.plagdet));
        }
        md.push('\n');
    }
    md.push_str(
        "\nplagdet per kind and tool (whole corpus for copytrace; the sample columns score copytrace and \
         text-matcher on the same sampled pairs). In detail:\n\n",
    );
    md.push_str("| kind | tool | pairs scored | precision | recall | granularity | **plagdet** | detections |\n");
    md.push_str("|---|---|---|---:|---:|---:|---:|---:|\n");
    for r in &results {
        for (tool, p) in tools.iter().zip(&r.whole) {
            md.push_str(&format!("| {} {}", r.kind.name(), pan_row(tool.label, "whole corpus", p)));
        }
        let label = format!("sample of {} pairs", r.sample_pairs);
        let names = tools.iter().map(|t| t.label).chain(std::iter::once("text-matcher"));
        for (name, p) in names.zip(&r.sample) {
            md.push_str(&format!("| {} {}", r.kind.name(), pan_row(name, &label, p)));
        }
    }
    md.push_str(
        "\nRecall of copytrace scan by edit (whole corpus):\n\n| kind | edit | passages | recall | granularity |\n\
         |---|---|---:|---:|---:|\n",
    );
    for r in &results {
        for (e, n, p) in &r.by_edit {
            md.push_str(&format!("| {} | {e} | {n} | {:.3} | {:.3} |\n", r.kind.name(), p.recall, p.granularity));
        }
    }
    Ok(md)
}

/// The unordered document pairs joined by at least one passage.
fn pairs_with_passages(passages: &[Passage]) -> BTreeSet<(String, String)> {
    passages
        .iter()
        .map(|(a, b)| if a.0 <= b.0 { (a.0.clone(), b.0.clone()) } else { (b.0.clone(), a.0.clone()) })
        .collect()
}

fn eval_distractors(
    bin: &Path,
    tools: &[Tool],
    tm: Option<&Path>,
    work: &Path,
    docs: usize,
    seed: u64,
    tm_pairs: usize,
) -> Result<String> {
    let dir = work.join(Kind::Distractor.name());
    println!("generating a distractor corpus of {docs} documents (seed {seed})");
    let truth = synth::generate_kind(&synth::Options { out: dir.clone(), docs, seed }, Kind::Distractor)?;
    let distractors: Vec<(String, String)> = truth
        .distractors
        .iter()
        .map(|[a, b]| if a <= b { (a.clone(), b.clone()) } else { (b.clone(), a.clone()) })
        .collect();
    let mut md = format!(
        "### Same-topic distractors\n\n`cargo xtask corpus synth --kind distractor --docs {docs} --seed {seed}`: {} \
         articles in groups of two to four on one event each, {} distractor pairs. The articles of an event share \
         the topic (each takes its own sentences of one source document of the material: a Wikipedia article, a \
         news story or a paper), a person, an organisation, a place, a day and a number named in their leads, \
         quotes and stock phrases (`officials said`, `according to …`), and no run of 8 words with any other \
         document (checked by the generator and its tests). Any passage reported between two of them is a false \
         finding; the target is at most 1 % of distractor pairs with a finding.\n\n",
        truth.documents.len(),
        distractors.len()
    );
    md.push_str(
        "| tool | distractor pairs scored | pairs with a finding | **share** | passages reported in the corpus |\n",
    );
    md.push_str("|---|---:|---:|---:|---:|\n");
    let share = |hit: usize, n: usize| {
        #[allow(clippy::cast_precision_loss, reason = "a few hundred pairs")]
        let s = if n == 0 { 0.0 } else { hit as f64 / n as f64 };
        s
    };
    for tool in tools {
        println!("{} {}", tool.label, dir.display());
        let passages = scan(bin, &dir, tool.args)?;
        let found = pairs_with_passages(&passages);
        let hit = distractors.iter().filter(|p| found.contains(*p)).count();
        md.push_str(&format!(
            "| {} | {} | {hit} | **{:.3}** | {} |\n",
            tool.label,
            distractors.len(),
            share(hit, distractors.len()),
            passages.len()
        ));
    }
    if let Some(tm) = tm {
        let mut rng = Rng::new(seed ^ 0xD157);
        let mut sample = distractors.clone();
        rng.shuffle(&mut sample);
        sample.truncate(tm_pairs);
        sample.sort();
        println!("text-matcher on {} distractor pairs", sample.len());
        let pairs: Vec<(PathBuf, PathBuf)> = sample.iter().map(|(a, b)| (dir.join(a), dir.join(b))).collect();
        let results = run_text_matcher_pairs(tm, &pairs, work)?;
        let hit = results.iter().filter(|(a, _)| !a.is_empty()).count();
        let n: usize = results.iter().map(|(a, _)| a.len()).sum();
        md.push_str(&format!(
            "| text-matcher (sample) | {} | {hit} | **{:.3}** | {n} (on the sample) |\n",
            sample.len(),
            share(hit, sample.len())
        ));
    }
    Ok(md)
}

fn pan_row(tool: &str, scope: &str, p: &Pan) -> String {
    format!(
        "| {tool} | {scope} | {:.3} | {:.3} | {:.3} | **{:.3}** | {} |\n",
        p.precision, p.recall, p.granularity, p.plagdet, p.detections
    )
}

/// Runs text-matcher on each `(a, b)` pair (two at a time) and returns, per pair, its match
/// ranges in A and in B as byte ranges of the files.
fn run_text_matcher_pairs(
    tm: &Path,
    pairs: &[(PathBuf, PathBuf)],
    work: &Path,
) -> Result<Vec<(Vec<Range>, Vec<Range>)>> {
    let logs = work.join("text-matcher");
    fs::create_dir_all(&logs)?;
    type Slot = Option<Result<(Vec<Range>, Vec<Range>)>>;
    let results: Mutex<Vec<Slot>> = Mutex::new((0..pairs.len()).map(|_| None).collect());
    let next = Mutex::new(0usize);
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = {
                    let mut n = next.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                    let i = *n;
                    *n += 1;
                    i
                };
                if i >= pairs.len() {
                    break;
                }
                let r = text_matcher::run_pair(tm, &pairs[i].0, &pairs[i].1, &logs.join(format!("log-{i}.csv")), &logs);
                results.lock().unwrap_or_else(std::sync::PoisonError::into_inner)[i] = Some(r);
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .into_iter()
        .map(|r| r.unwrap_or_else(|| bail!("text-matcher run missing")))
        .collect()
}

/// One Clough & Stevenson answer.
struct Answer {
    file: String,
    source: String,
    category: String,
}

fn eval_clough(bin: &Path, tm: Option<&Path>, work: &Path) -> Result<String> {
    let root = shared_data()?.join("clough-stevenson-2011");
    let texts = root.join("texts");
    let csv = fs::read_to_string(root.join("corpus-final09.csv")).context("reading corpus-final09.csv")?;
    let mut answers = Vec::new();
    for line in csv.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split(',').collect();
        if f.len() < 5 {
            bail!("corpus-final09.csv: bad line {line:?}");
        }
        answers.push(Answer {
            file: f[0].to_owned(),
            source: format!("orig_task{}.txt", f[3]),
            category: f[4].to_owned(),
        });
    }
    println!("copytrace scan {}", texts.display());
    let passages = scan(bin, &texts, &[])?;
    let mut ct: Vec<f64> = Vec::new();
    for a in &answers {
        let ranges: Vec<Range> = passages
            .iter()
            .filter_map(|(x, y)| {
                if x.0 == a.file && y.0 == a.source {
                    Some(x.1)
                } else if y.0 == a.file && x.0 == a.source {
                    Some(y.1)
                } else {
                    None
                }
            })
            .collect();
        let bytes = fs::read(texts.join(&a.file)).with_context(|| format!("reading {}", a.file))?;
        ct.push(coverage(&bytes, &ranges));
    }
    let mut tmc: Option<Vec<f64>> = None;
    if let Some(tm) = tm {
        // text-matcher reads UTF-8 only: give it UTF-8 copies of the cp1252 files (same characters).
        let copy = work.join("clough-utf8");
        fs::create_dir_all(&copy)?;
        for name in answers.iter().flat_map(|a| [&a.file, &a.source]).collect::<BTreeSet<_>>() {
            fs::write(copy.join(name), crate::material::read_lossy(&texts.join(name))?)?;
        }
        println!("text-matcher on the {} answer/source pairs", answers.len());
        let pairs: Vec<(PathBuf, PathBuf)> =
            answers.iter().map(|a| (copy.join(&a.source), copy.join(&a.file))).collect();
        let res = run_text_matcher_pairs(tm, &pairs, work)?;
        let mut v = Vec::new();
        for (a, (_, rb)) in answers.iter().zip(res) {
            v.push(coverage(&fs::read(copy.join(&a.file))?, &rb));
        }
        tmc = Some(v);
    }

    let mut md = String::from(
        "### Clough & Stevenson corpus of plagiarised short answers\n\nContainment of each answer in its source: \
         the share of the answer's non-white-space characters inside passages the tool reports between the answer \
         and its source (copytrace: one `copytrace scan` of the 100 texts; text-matcher: one run per answer/source \
         pair, on UTF-8 copies since it cannot read the cp1252 files). Mean by category, and the AUC of containment \
         for plagiarised (cut, light, heavy) against non-plagiarised (non) answers.\n\n",
    );
    md.push_str("| category | answers | copytrace scan | text-matcher |\n|---|---:|---:|---:|\n");
    for cat in ["cut", "light", "heavy", "non"] {
        let idx: Vec<usize> = answers.iter().enumerate().filter(|(_, a)| a.category == cat).map(|(i, _)| i).collect();
        let mean = |v: &[f64]| {
            #[allow(clippy::cast_precision_loss, reason = "a hundred answers")]
            let m = idx.iter().map(|&i| v[i]).sum::<f64>() / idx.len().max(1) as f64;
            m
        };
        let tm_cell = tmc.as_ref().map_or_else(|| "-".to_owned(), |v| format!("{:.3}", mean(v)));
        md.push_str(&format!("| {cat} | {} | {:.3} | {tm_cell} |\n", idx.len(), mean(&ct)));
    }
    let auc_of = |v: &[f64]| {
        let scored: Vec<(f64, bool)> = answers.iter().zip(v).map(|(a, &s)| (s, a.category != "non")).collect();
        auc(&scored).map_or_else(|| "-".to_owned(), |x| format!("{x:.3}"))
    };
    let tm_auc = tmc.as_ref().map_or_else(|| "-".to_owned(), |v| auc_of(v));
    md.push_str(&format!("| **AUC** plagiarised vs non | {} | **{}** | **{tm_auc}** |\n", answers.len(), auc_of(&ct)));
    let mut per: BTreeMap<&str, usize> = BTreeMap::new();
    for a in &answers {
        *per.entry(a.category.as_str()).or_default() += 1;
    }
    md.push_str(
        "\nKnown label noise (see the data README): `g2pE_taskc` and `g4pD_taskb` are labelled `cut` but were copied \
         from elsewhere; they are kept.\n",
    );
    Ok(md)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbatim_tier_row_passes_the_tiers_flag() {
        assert_eq!(TOOLS[0].args, &[] as &[&str]);
        assert_eq!(TOOLS[1].args, &["--tiers", "verbatim,edited"]);
    }

    #[test]
    fn distractor_pairs_are_unordered_and_samples_balanced() {
        let side = |d: &str| (d.to_owned(), (0, 1));
        let found = pairs_with_passages(&[(side("b"), side("a")), (side("a"), side("b")), (side("a"), side("c"))]);
        let want: BTreeSet<(String, String)> =
            [("a".to_owned(), "b".to_owned()), ("a".to_owned(), "c".to_owned())].into_iter().collect();
        assert_eq!(found, want);

        let case = |w: &str, o: &str| Case { src_doc: w.into(), src: (0, 1), dst_doc: o.into(), dst: (0, 1) };
        let cases = vec![case("w1", "o1"), case("w1", "o2"), case("w2", "o3"), case("w2", "o3")];
        let wires: BTreeSet<String> = ["w1".to_owned(), "w2".to_owned()].into_iter().collect();
        let outlets: Vec<String> = (1..=6).map(|i| format!("o{i}")).collect();
        let sample = sample_pairs(&cases, &wires, &outlets, 2, 5);
        assert_eq!(sample, sample_pairs(&cases, &wires, &outlets, 2, 5), "seeded");
        let with = sample.iter().filter(|p| cases.iter().any(|c| (&c.src_doc, &c.dst_doc) == (&p.0, &p.1))).count();
        assert_eq!((with, sample.len()), (2, 4), "{sample:?}");
    }

    #[test]
    fn scan_json_is_read_and_oriented() {
        let json = serde_json::json!({
            "documents": [{"id": "w.txt", "path": "w.txt"}, {"id": "o.txt", "path": "o.txt"}, {"id": "p.txt", "path": "p.txt"}],
            "passages": [
                {"a": {"doc": "o.txt", "start": 5, "end": 9}, "b": {"doc": "w.txt", "start": 1, "end": 4}},
                {"a": {"doc": "o.txt", "start": 5, "end": 9}, "b": {"doc": "p.txt", "start": 1, "end": 4}}
            ]
        });
        let p = scan_passages(&json).unwrap();
        assert_eq!(p.len(), 2);
        let cases = wire_cases(&p, &|d| d.starts_with('w'));
        assert_eq!(cases, vec![Case { src_doc: "w.txt".into(), src: (1, 4), dst_doc: "o.txt".into(), dst: (5, 9) }]);
        assert!(scan_passages(&serde_json::json!({"documents": [], "passages": [{"a": {"doc": "x"}}]})).is_err());
    }
}
