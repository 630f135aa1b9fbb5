//! `cargo xtask eval diff`: do the spans a diff marks as changed match the spans human
//! editors changed? Measured on IteraTeR-HUMAN (Du et al., ACL 2022), document level.
//!
//! For every record of `../shared/data/iterater-human-doclevel/{train,dev}.jsonl` the
//! `before_revision` and `after_revision` are written to two files and compared by
//!
//! * `copytrace diff --format json BEFORE AFTER` (release build),
//! * `git diff --no-index --word-diff=porcelain BEFORE AFTER`,
//! * a plain word diff: Myers over whitespace-separated words with `similar`, no deadline.
//!
//! Scoring (documented in EVALUATION.md):
//!
//! * Units are the **non-white-space characters** of `before_revision` (white space is
//!   excluded because tools and annotators disagree arbitrarily on whether the space next
//!   to an edited word belongs to the edit).
//! * Human changed characters: the `start_char_pos..end_char_pos` span of every action with
//!   a non-empty span (R and D). Predicted changed characters: the OLD side of every
//!   `delete` and `replace` op. `move` ops (unchanged text that moved) and `equal` ops are
//!   not edits.
//! * Insertion points: human actions with an empty span (A) and predicted pure insertions
//!   (`insert` ops, whose OLD span is empty). A position is first moved left over any white
//!   space, so `a| b` and `a |b` are the same point. A human point counts as found (one
//!   recall unit) when a predicted insertion is at the same point or a predicted changed span
//!   touches it (starts or ends there, white space aside, or contains it); a predicted point
//!   counts as right (one precision unit) when a human insertion is at the same point or a
//!   human changed span touches it.
//! * Precision, recall and F1 are micro-averaged over all documents: characters and
//!   insertion points are summed into one count.

use crate::flags::EvalDiff;
use crate::marks::{copytrace_marks, parse_porcelain, score, similar_words, Marks};
use crate::metrics::{chars_to_bytes, Prf};
use crate::report::write_section;
use crate::workspace::{build_release_copytrace, git_word_diff, shared_data, workspace_root};
use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// One human edit in character offsets of `before_revision`.
#[derive(Clone, Copy, Debug)]
struct Action {
    start: usize,
    end: usize,
}

/// One IteraTeR record.
struct Record {
    /// `file:line` for messages.
    origin: String,
    domain: String,
    before: String,
    after: String,
    actions: Vec<Action>,
}

/// Counts of one tool: characters and insertion points separately.
#[derive(Clone, Copy, Debug, Default)]
struct Score {
    chars: Prf,
    inserts: Prf,
    docs: usize,
    time: Duration,
}

impl Score {
    fn all(&self) -> Prf {
        let mut p = self.chars;
        p.add(&self.inserts);
        p
    }
    fn add(&mut self, o: &Score) {
        self.chars.add(&o.chars);
        self.inserts.add(&o.inserts);
        self.docs += o.docs;
        self.time += o.time;
    }
}

const TOOLS: [&str; 3] = ["copytrace diff", "git diff --word-diff", "similar words (Myers)"];

/// Runs `cargo xtask eval diff`.
///
/// # Errors
/// When the data is missing or malformed, or a tool fails on a record (naming it).
pub fn run(flags: EvalDiff) -> Result<()> {
    let EvalDiff { limit, skip_copytrace, no_write } = flags;

    let dir = shared_data()?.join("iterater-human-doclevel");
    let mut records = Vec::new();
    for split in ["train", "dev"] {
        records.extend(load(&dir.join(format!("{split}.jsonl")))?);
    }
    if let Some(n) = limit {
        records.truncate(n);
    }
    let copytrace = if skip_copytrace { None } else { Some(build_release_copytrace()?) };
    let tmp = tempfile::tempdir().context("creating a temporary directory")?;
    let (old_path, new_path) = (tmp.path().join("before.txt"), tmp.path().join("after.txt"));

    // tool -> domain -> score; "all" is the total.
    let mut scores: Vec<BTreeMap<String, Score>> = vec![BTreeMap::new(); TOOLS.len()];
    println!("scoring {} documents", records.len());
    for (i, rec) in records.iter().enumerate() {
        fs::write(&old_path, &rec.before).with_context(|| format!("writing {}", old_path.display()))?;
        fs::write(&new_path, &rec.after).with_context(|| format!("writing {}", new_path.display()))?;
        let truth = truth(rec)?;
        for (t, _) in TOOLS.iter().enumerate() {
            let start = Instant::now();
            let marks = match t {
                0 => match &copytrace {
                    Some(bin) => run_copytrace(bin, &old_path, &new_path, &rec.before)
                        .with_context(|| format!("copytrace diff on record {}", rec.origin))?,
                    None => continue,
                },
                1 => run_git(&old_path, &new_path, &rec.before)
                    .with_context(|| format!("git diff on record {}", rec.origin))?,
                _ => similar_words(&rec.before, &rec.after),
            };
            let time = start.elapsed();
            let scored =
                score(&rec.before, &truth, &marks).with_context(|| format!("{} on record {}", TOOLS[t], rec.origin))?;
            let s = Score { chars: scored.chars, inserts: scored.inserts, docs: 1, time };
            scores[t].entry("all".to_owned()).or_default().add(&s);
            scores[t].entry(rec.domain.clone()).or_default().add(&s);
        }
        if (i + 1) % 100 == 0 {
            println!("  {} / {}", i + 1, records.len());
        }
    }

    let table = render(&scores, records.len());
    println!("\n{table}");
    if no_write || skip_copytrace || limit.is_some() {
        println!("(EVALUATION.md left unchanged)");
        return Ok(());
    }
    let path = workspace_root().join("EVALUATION.md");
    write_section(&path, "eval-diff", "# Evaluation\n", &table)
}

fn render(scores: &[BTreeMap<String, Score>], n: usize) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "Measured by `cargo xtask eval diff` on {n} documents (IteraTeR-HUMAN train + dev). \
         Micro-averaged over all documents; units are non-white-space characters of `before_revision` \
         plus insertion points.\n\n"
    ));
    s.push_str("| tool | precision | recall | **F1** | chars P / R / F1 | insertion points P / R | time (s) |\n");
    s.push_str("|---|---:|---:|---:|---:|---:|---:|\n");
    for (t, name) in TOOLS.iter().enumerate() {
        let Some(all) = scores[t].get("all") else { continue };
        let p = all.all();
        s.push_str(&format!(
            "| {name} | {:.3} | {:.3} | **{:.3}** | {:.3} / {:.3} / {:.3} | {:.3} / {:.3} | {:.1} |\n",
            p.precision(),
            p.recall(),
            p.f1(),
            all.chars.precision(),
            all.chars.recall(),
            all.chars.f1(),
            all.inserts.precision(),
            all.inserts.recall(),
            all.time.as_secs_f64()
        ));
    }
    if let Some(all) = scores.iter().find_map(|m| m.get("all")) {
        s.push_str(&format!(
            "\nGround truth: {} changed characters and {} insertion points. Time is the total wall time of the \
             tool's runs (process start included for copytrace and git; in-process for similar).\n",
            all.chars.truth, all.inserts.truth
        ));
    }
    let domains: Vec<&String> = scores.iter().flat_map(BTreeMap::keys).filter(|d| *d != "all").collect();
    let mut domains: Vec<&String> =
        domains.into_iter().collect::<std::collections::BTreeSet<_>>().into_iter().collect();
    domains.sort();
    s.push_str("\nF1 by source domain:\n\n| domain | documents |");
    for (t, name) in TOOLS.iter().enumerate() {
        if scores[t].contains_key("all") {
            s.push_str(&format!(" {name} |"));
        }
    }
    s.push_str("\n|---|---:|");
    for m in scores {
        if m.contains_key("all") {
            s.push_str("---:|");
        }
    }
    s.push('\n');
    for d in domains {
        let docs = scores.iter().find_map(|m| m.get(d)).map_or(0, |x| x.docs);
        s.push_str(&format!("| {d} | {docs} |"));
        for m in scores {
            if m.contains_key("all") {
                let f = m.get(d).map_or(0.0, |x| x.all().f1());
                s.push_str(&format!(" {f:.3} |"));
            }
        }
        s.push('\n');
    }
    s
}

fn load(path: &Path) -> Result<Vec<Record>> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let origin = format!("{name}:{}", i + 1);
        let v: serde_json::Value = serde_json::from_str(line).with_context(|| format!("{origin}: not JSON"))?;
        let field = |k: &str| v.get(k).and_then(serde_json::Value::as_str).map(str::to_owned);
        let before = field("before_revision").with_context(|| format!("{origin}: no before_revision"))?;
        let after = field("after_revision").with_context(|| format!("{origin}: no after_revision"))?;
        let domain = field("domain").unwrap_or_else(|| "unknown".to_owned());
        let mut actions = Vec::new();
        for act in v.get("edit_actions").and_then(serde_json::Value::as_array).into_iter().flatten() {
            let pos = |k: &str| act.get(k).and_then(serde_json::Value::as_u64).and_then(|x| usize::try_from(x).ok());
            let (Some(start), Some(end)) = (pos("start_char_pos"), pos("end_char_pos")) else {
                bail!("{origin}: an edit action lacks start_char_pos/end_char_pos");
            };
            if end < start {
                bail!("{origin}: edit action with end_char_pos {end} before start_char_pos {start}");
            }
            actions.push(Action { start, end });
        }
        out.push(Record { origin, domain, before, after, actions });
    }
    Ok(out)
}

/// The human marks of a record, in bytes.
fn truth(rec: &Record) -> Result<Marks> {
    let mut offsets: Vec<usize> = rec.actions.iter().flat_map(|a| [a.start, a.end]).collect();
    offsets.sort_unstable();
    offsets.dedup();
    let bytes = chars_to_bytes(&rec.before, &offsets).map_err(|e| anyhow::anyhow!("{}: {e}", rec.origin))?;
    let to_byte = |c: usize| bytes[offsets.binary_search(&c).unwrap_or(0)];
    let mut m = Marks::default();
    for a in &rec.actions {
        if a.start == a.end {
            m.inserts.push(to_byte(a.start));
        } else {
            m.changed.push((to_byte(a.start), to_byte(a.end)));
        }
    }
    Ok(m)
}

/// Runs copytrace and reads the OLD-side marks from its JSON.
fn run_copytrace(bin: &Path, old: &Path, new: &Path, old_text: &str) -> Result<Marks> {
    let out = Command::new(bin)
        .args(["diff", "--format", "json", "--color", "never"])
        .arg(old)
        .arg(new)
        .output()
        .with_context(|| format!("running {}", bin.display()))?;
    match out.status.code() {
        Some(0 | 1) => {}
        _ => bail!("copytrace exited with {}: {}", out.status, String::from_utf8_lossy(&out.stderr).trim()),
    }
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).context("copytrace printed invalid JSON")?;
    copytrace_marks(&json, old_text.len())
}

/// Runs `git diff --no-index --word-diff=porcelain` and parses it.
fn run_git(old: &Path, new: &Path, old_text: &str) -> Result<Marks> {
    let out = git_word_diff(old, new, true)?;
    parse_porcelain(old_text, &String::from_utf8_lossy(&out))
}

/// The path of the data file for messages (used by tests).
#[cfg(test)]
fn data_file(split: &str) -> Option<std::path::PathBuf> {
    shared_data().ok().map(|d| d.join("iterater-human-doclevel").join(format!("{split}.jsonl")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_git_output_parses() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        let old = "Alpha beta gamma delta. Epsilon zeta eta theta iota.";
        fs::write(&a, old).unwrap();
        fs::write(&b, "Alpha gamma delta new. Epsilon zeta ETA theta iota.").unwrap();
        let m = run_git(&a, &b, old).unwrap();
        let got: Vec<&str> = m.changed.iter().map(|&(s, e)| &old[s..e]).collect();
        assert!(got.contains(&"beta") && got.contains(&"eta"), "{got:?}");
        assert!(!got.iter().any(|g| g.contains("Alpha") || g.contains("theta")), "{got:?}");
    }

    #[test]
    fn iterater_offsets_match_their_text() {
        // The human spans, converted to bytes, hold exactly the `before` text of each action.
        let path = data_file("dev").filter(|p| p.is_file()).expect("../shared/data beside the checkout (CI has it)");
        let text = fs::read_to_string(&path).unwrap();
        let mut checked = 0;
        let recs = load(&path).unwrap();
        for (i, line) in text.lines().enumerate().take(10) {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let before = v["before_revision"].as_str().unwrap();
            let m = truth(&recs[i]).unwrap();
            let spans: Vec<&str> = v["edit_actions"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|a| a["start_char_pos"] != a["end_char_pos"])
                .map(|a| a["before"].as_str().unwrap())
                .collect();
            let got: Vec<&str> = m.changed.iter().map(|&(s, e)| &before[s..e]).collect();
            assert_eq!(got, spans);
            checked += 1;
        }
        assert!(checked > 0);
    }
}
