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
//! 2. **Clough & Stevenson** (2011): for each of the 95 answers, the containment of the answer
//!    in its Wikipedia source (share of the answer's non-white-space characters inside
//!    passages shared with the source) by category, and the ROC AUC of that containment for
//!    plagiarised (cut, light, heavy) against non-plagiarised answers.

use crate::flags::EvalScan;
use crate::metrics::{auc, coverage, pan, Case, Pan, Range};
use crate::report::write_section;
use crate::rng::Rng;
use crate::synth;
use crate::text_matcher;
use crate::workspace::{build_release_copytrace, shared_data, target_dir, text_matcher_script, workspace_root};
use anyhow::{bail, Context, Result};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

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
        kinds: _,
        kind_docs: _,
        tm_kind_pairs: _,
        no_tiers_row: _,
    } = flags;
    let no_write = no_write || no_tm;
    let bin = build_release_copytrace()?;
    let tm = if no_tm { None } else { Some(text_matcher_script()?) };
    let work = target_dir().join("xtask-eval-scan");
    if work.exists() {
        fs::remove_dir_all(&work).with_context(|| format!("removing {}", work.display()))?;
    }
    fs::create_dir_all(&work)?;

    let synth_md = eval_synth(&bin, tm.as_deref(), &work, docs, seed, tm_pairs)?;
    let clough_md = eval_clough(&bin, tm.as_deref(), &work)?;
    let md = format!("{synth_md}\n{clough_md}");
    println!("\n{md}");
    if no_write {
        return Ok(());
    }
    write_section(&workspace_root().join("EVALUATION.md"), "eval-scan", "# Evaluation\n", &md)
}

/// A passage as `copytrace scan --format json` reports it: two `(path, range)` sides.
type Passage = ((String, Range), (String, Range));

/// Runs `copytrace scan DIR --format json` and returns its passages with document paths.
fn scan(bin: &Path, dir: &Path) -> Result<Vec<Passage>> {
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

fn eval_synth(bin: &Path, tm: Option<&Path>, work: &Path, docs: usize, seed: u64, tm_pairs: usize) -> Result<String> {
    let dir = work.join("synth");
    println!("generating a synthetic corpus of {docs} documents (seed {seed})");
    let truth = synth::generate(&synth::Options { out: dir.clone(), docs, seed })?;
    let cases: Vec<Case> = truth
        .passages
        .iter()
        .map(|p| Case {
            src_doc: p.source.doc.clone(),
            src: (p.source.start, p.source.end),
            dst_doc: p.target.doc.clone(),
            dst: (p.target.start, p.target.end),
        })
        .collect();
    let wires: BTreeSet<String> = truth.documents.iter().filter(|d| d.role == "wire").map(|d| d.path.clone()).collect();
    let outlets: Vec<String> = truth.documents.iter().filter(|d| d.role == "outlet").map(|d| d.path.clone()).collect();
    println!("copytrace scan {}", dir.display());
    let passages = scan(bin, &dir)?;
    let dets = wire_cases(&passages, &|p| wires.contains(p));
    let all = pan(&cases, &dets);

    let mut md = String::new();
    md.push_str(&format!(
        "### Synthetic corpus\n\n`cargo xtask eval scan --docs {docs} --seed {seed}`: {} documents ({} wire stories), \
         {} pasted passages (ground truth), byte-level PAN measures.\n\n",
        truth.documents.len(),
        wires.len(),
        cases.len()
    ));
    md.push_str("| tool | pairs scored | precision | recall | granularity | **plagdet** | detections |\n");
    md.push_str("|---|---|---:|---:|---:|---:|---:|\n");
    md.push_str(&pan_row("copytrace scan", "whole corpus", &all));

    // Recall by edit type (precision is not defined per type).
    let mut by_edit = String::from("\nRecall of copytrace scan by edit type (whole corpus):\n\n| edit | passages | recall | granularity |\n|---|---:|---:|---:|\n");
    let edits: BTreeSet<&str> = truth.passages.iter().map(|p| p.edit).collect();
    for e in edits {
        let sub: Vec<Case> =
            truth.passages.iter().zip(&cases).filter(|(p, _)| p.edit == e).map(|(_, c)| c.clone()).collect();
        let r = pan(&sub, &dets);
        by_edit.push_str(&format!("| {e} | {} | {:.3} | {:.3} |\n", sub.len(), r.recall, r.granularity));
    }

    if let Some(tm) = tm {
        // Sample: wire-outlet pairs with reuse, and as many without.
        let mut rng = Rng::new(seed ^ 0x7E57);
        let mut with: Vec<(String, String)> =
            cases.iter().map(|c| (c.src_doc.clone(), c.dst_doc.clone())).collect::<BTreeSet<_>>().into_iter().collect();
        rng.shuffle(&mut with);
        with.truncate(tm_pairs);
        let wire_list: Vec<&String> = wires.iter().collect();
        let reuse: BTreeSet<(String, String)> = cases.iter().map(|c| (c.src_doc.clone(), c.dst_doc.clone())).collect();
        let mut without = BTreeSet::new();
        let mut guard = 0;
        while without.len() < with.len() && guard < 100 * with.len().max(1) {
            guard += 1;
            let pair = ((*rng.pick(&wire_list)).clone(), rng.pick(&outlets).clone());
            if !reuse.contains(&pair) {
                without.insert(pair);
            }
        }
        let sample: BTreeSet<(String, String)> = with.into_iter().chain(without).collect();
        println!("text-matcher on {} sampled pairs", sample.len());
        let pairs: Vec<(PathBuf, PathBuf)> = sample.iter().map(|(w, o)| (dir.join(w), dir.join(o))).collect();
        let results = run_text_matcher_pairs(tm, &pairs, work)?;
        let mut tm_dets = Vec::new();
        for ((w, o), (a, b)) in sample.iter().zip(results) {
            for (ra, rb) in a.into_iter().zip(b) {
                tm_dets.push(Case { src_doc: w.clone(), src: ra, dst_doc: o.clone(), dst: rb });
            }
        }
        let in_sample = |c: &&Case| sample.contains(&(c.src_doc.clone(), c.dst_doc.clone()));
        let s_cases: Vec<Case> = cases.iter().filter(in_sample).cloned().collect();
        let s_dets: Vec<Case> = dets.iter().filter(in_sample).cloned().collect();
        let label = format!("sample of {} pairs", sample.len());
        md.push_str(&pan_row("copytrace scan", &label, &pan(&s_cases, &s_dets)));
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
    let passages = scan(bin, &texts)?;
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
