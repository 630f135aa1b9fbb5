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
use crate::metrics::words;
use crate::metrics::{chars_to_bytes, intersect, merge, Prf, Range};
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

/// Changed spans (bytes of OLD) and insertion points (byte positions in OLD).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Marks {
    /// Byte ranges of OLD marked as changed.
    pub changed: Vec<Range>,
    /// Byte positions in OLD where text was inserted.
    pub inserts: Vec<usize>,
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
            let mut s =
                score(&rec.before, &truth, &marks).with_context(|| format!("{} on record {}", TOOLS[t], rec.origin))?;
            s.docs = 1;
            s.time = time;
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

fn is_ws(c: char) -> bool {
    c.is_whitespace()
}

/// The canonical form of an insertion point: moved left over white space.
fn canon(text: &str, mut p: usize) -> usize {
    while let Some(c) = text[..p].chars().next_back() {
        if !is_ws(c) {
            break;
        }
        p -= c.len_utf8();
    }
    p
}

/// `e` moved right over white space.
fn extend_right(text: &str, mut e: usize) -> usize {
    while let Some(c) = text[e..].chars().next() {
        if !is_ws(c) {
            break;
        }
        e += c.len_utf8();
    }
    e
}

/// Whether the changed range `r` touches the canonical point `c`.
fn touches(text: &str, r: Range, c: usize) -> bool {
    canon(text, r.0) <= c && c <= extend_right(text, r.1)
}

/// Non-white-space characters in the ranges.
fn units(text: &str, ranges: &[Range]) -> usize {
    ranges.iter().map(|&(s, e)| text[s..e].chars().filter(|&c| !is_ws(c)).count()).sum()
}

/// Scores predicted marks against the truth on one document.
fn score(text: &str, truth: &Marks, pred: &Marks) -> Result<Score> {
    for &(s, e) in &pred.changed {
        if s > e || text.get(s..e).is_none() {
            bail!("changed span {s}..{e} is not a character range of the {}-byte text", text.len());
        }
    }
    for &p in &pred.inserts {
        if text.get(p..).is_none() {
            bail!("insertion point {p} is not a character boundary of the {}-byte text", text.len());
        }
    }
    let t_changed = merge(truth.changed.clone());
    let p_changed = merge(pred.changed.clone());
    let hit = units(text, &intersect(&t_changed, &p_changed));
    let chars = Prf { predicted: units(text, &p_changed), hits_p: hit, truth: units(text, &t_changed), hits_r: hit };

    let points = |v: &[usize]| {
        let mut c: Vec<usize> = v.iter().map(|&p| canon(text, p)).collect();
        c.sort_unstable();
        c.dedup();
        c
    };
    let (t_ins, p_ins) = (points(&truth.inserts), points(&pred.inserts));
    let found = |c: usize, ins: &[usize], changed: &[Range]| {
        ins.binary_search(&c).is_ok() || changed.iter().any(|&r| touches(text, r, c))
    };
    let inserts = Prf {
        predicted: p_ins.len(),
        hits_p: p_ins.iter().filter(|&&q| found(q, &t_ins, &t_changed)).count(),
        truth: t_ins.len(),
        hits_r: t_ins.iter().filter(|&&c| found(c, &p_ins, &p_changed)).count(),
    };
    Ok(Score { chars, inserts, docs: 0, time: Duration::ZERO })
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

/// Reads `blocks[].ops[]` of copytrace's JSON: `delete`/`replace` mark their OLD span,
/// `insert` its OLD position; `equal` and `move` mark nothing.
pub fn copytrace_marks(json: &serde_json::Value, old_len: usize) -> Result<Marks> {
    let blocks = json.get("blocks").and_then(serde_json::Value::as_array).context("JSON has no blocks[] array")?;
    let mut m = Marks::default();
    for op in blocks.iter().filter_map(|b| b.get("ops").and_then(serde_json::Value::as_array)).flatten() {
        let tag = op.get("tag").and_then(serde_json::Value::as_str).context("op without a tag")?;
        let old_span = || -> Result<Range> {
            let get = |k: &str| {
                op.get("old")
                    .and_then(|s| s.get(k))
                    .and_then(serde_json::Value::as_u64)
                    .and_then(|x| usize::try_from(x).ok())
                    .with_context(|| format!("{tag} op without old.{k}"))
            };
            let r = (get("start")?, get("end")?);
            if r.0 > r.1 || r.1 > old_len {
                bail!("{tag} op has old span {}..{} outside the {old_len}-byte text", r.0, r.1);
            }
            Ok(r)
        };
        match tag {
            "delete" | "replace" => m.changed.push(old_span()?),
            "insert" => m.inserts.push(old_span()?.0),
            "equal" | "move" => {}
            other => bail!("unknown op tag {other:?}"),
        }
    }
    Ok(m)
}

/// Runs `git diff --no-index --word-diff=porcelain` and parses it.
fn run_git(old: &Path, new: &Path, old_text: &str) -> Result<Marks> {
    let out = git_word_diff(old, new, true)?;
    parse_porcelain(old_text, &String::from_utf8_lossy(&out))
}

/// Parses git's `--word-diff=porcelain` output into marks on OLD.
///
/// Each hunk starts at its OLD line; then lines beginning with ` ` (context) and `-`
/// (deleted words) are OLD text, found in `old` from a cursor (white space may differ:
/// git compares words); `+` lines are NEW words, a pure insertion when no `-` line stands
/// in the same run between context lines; `~` ends a line.
///
/// # Errors
/// When a context or deleted segment cannot be found in `old`.
pub fn parse_porcelain(old: &str, out: &str) -> Result<Marks> {
    let line_starts: Vec<usize> = std::iter::once(0).chain(old.match_indices('\n').map(|(i, _)| i + 1)).collect();
    let mut m = Marks::default();
    let mut cursor = 0usize;
    let mut in_hunk = false;
    let (mut run_del, mut run_ins) = (false, None::<usize>);
    let flush = |m: &mut Marks, run_del: &mut bool, run_ins: &mut Option<usize>| {
        if let (false, Some(at)) = (*run_del, *run_ins) {
            m.inserts.push(at);
        }
        *run_del = false;
        *run_ins = None;
    };
    for line in out.split('\n') {
        if let Some(rest) = line.strip_prefix("@@ -") {
            flush(&mut m, &mut run_del, &mut run_ins);
            let num: String = rest.chars().take_while(char::is_ascii_digit).collect();
            let l: usize = num.parse().with_context(|| format!("bad hunk header {line:?}"))?;
            let start = line_starts.get(l.saturating_sub(1)).copied().unwrap_or(old.len());
            cursor = cursor.max(start);
            in_hunk = true;
            continue;
        }
        if !in_hunk {
            continue;
        }
        let Some(first) = line.chars().next() else { continue };
        let seg = &line[1..];
        match first {
            ' ' => {
                flush(&mut m, &mut run_del, &mut run_ins);
                cursor = locate(old, cursor, seg)?.1;
            }
            '-' => {
                let r = locate(old, cursor, seg)?;
                m.changed.push(r);
                cursor = r.1;
                run_del = true;
            }
            '+' => {
                run_ins.get_or_insert(cursor);
            }
            // '~' ends a line (white space is skipped by `locate`); '\' is "No newline at end of file".
            _ => {}
        }
    }
    flush(&mut m, &mut run_del, &mut run_ins);
    Ok(m)
}

/// Finds `seg` in `old` at `cursor`, white space differences aside; returns the range from
/// its first to its last non-white-space character (empty at the cursor for blank segments).
fn locate(old: &str, cursor: usize, seg: &str) -> Result<Range> {
    let words: Vec<&str> = seg.split_whitespace().collect();
    if words.is_empty() {
        return Ok((cursor, cursor));
    }
    let mut at = cursor;
    let mut start = None;
    for w in &words {
        let skipped = extend_right(old, at);
        if old[skipped..].starts_with(w) {
            start.get_or_insert(skipped);
            at = skipped + w.len();
        } else {
            // Fall back to a search (git may have regrouped white space or words).
            let joined = words.join(" ");
            return old[cursor..]
                .find(&joined)
                .or_else(|| old[cursor..].find(words[0]))
                .map(|i| {
                    (
                        cursor + i,
                        cursor + i + if old[cursor + i..].starts_with(&joined) { joined.len() } else { words[0].len() },
                    )
                })
                .with_context(|| format!("git output segment {seg:?} not found in the old text at byte {cursor}"));
        }
    }
    Ok((start.unwrap_or(cursor), at))
}

/// A plain word diff: Myers over whitespace-separated words with `similar`, no deadline.
pub fn similar_words(old: &str, new: &str) -> Marks {
    use similar::{capture_diff_slices_deadline, Algorithm, DiffOp};
    let (ow, nw) = (words(old), words(new));
    let (ot, nt): (Vec<&str>, Vec<&str>) = (ow.iter().map(|w| w.1).collect(), nw.iter().map(|w| w.1).collect());
    let mut m = Marks::default();
    let pos = |i: usize| ow.get(i).map_or(old.len(), |w| w.0 .0);
    for op in capture_diff_slices_deadline(Algorithm::Myers, &ot, &nt, None) {
        match op {
            DiffOp::Equal { .. } => {}
            DiffOp::Insert { old_index, .. } => m.inserts.push(pos(old_index)),
            DiffOp::Delete { old_index, old_len, .. } | DiffOp::Replace { old_index, old_len, .. } => {
                m.changed.extend(ow[old_index..old_index + old_len].iter().map(|w| w.0));
            }
        }
    }
    m
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
    fn porcelain_is_mapped_to_old_offsets() {
        let old = "The cat sat on the  mat today. It was \u{201c}nice\u{201d}.\nSecond line here.";
        let out = "diff --git a/a.txt b/b.txt\nindex 1..2 100644\n--- a/a.txt\n+++ b/b.txt\n@@ -1,2 +1,2 @@\n The \n+black\n  cat sat on \n-the  mat today.\n+a mat.\n  It was \n-\u{201c}nice\u{201d}.\n+\"nice\".\n~\n Second line \n-here.\n+here too.\n~\n";
        let m = parse_porcelain(old, out).unwrap();
        assert_eq!(m.inserts, vec![3], "right after \"The\"");
        let got: Vec<&str> = m.changed.iter().map(|&(s, e)| &old[s..e]).collect();
        assert_eq!(got, vec!["the  mat today.", "\u{201c}nice\u{201d}.", "here."]);
    }

    #[test]
    fn porcelain_hunks_start_at_their_line() {
        let old = "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n";
        let out = "@@ -8,3 +8,3 @@\n eight\n~\n-nine\n+NINE\n~\n ten\n~\n";
        let m = parse_porcelain(old, out).unwrap();
        let got: Vec<&str> = m.changed.iter().map(|&(s, e)| &old[s..e]).collect();
        assert_eq!(got, vec!["nine"]);
        assert!(parse_porcelain(old, "@@ -1 +1 @@\n-missing\n").is_err());
    }

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
    fn similar_marks_words() {
        let old = "a b c d e";
        let m = similar_words(old, "a x c d e f");
        assert_eq!(m.changed, vec![(2, 3)]);
        assert_eq!(m.inserts, vec![9]);
        assert_eq!(words(" ab  c\n"), vec![((1, 3), "ab"), ((5, 6), "c")]);
    }

    #[test]
    fn scoring_counts_characters_and_points() {
        let text = "one two three four";
        let truth = Marks { changed: vec![(4, 7)], inserts: vec![14] };
        // Right word, plus a wrong one; the insertion found at the same gap on the other side of the space.
        let pred = Marks { changed: vec![(3, 7), (8, 13)], inserts: vec![13] };
        let s = score(text, &truth, &pred).unwrap();
        assert_eq!(s.chars, Prf { predicted: 8, hits_p: 3, truth: 3, hits_r: 3 });
        assert_eq!(s.inserts, Prf { predicted: 1, hits_p: 1, truth: 1, hits_r: 1 });
        // A replacement touching the insertion point finds it; a far insertion is wrong.
        let pred = Marks { changed: vec![(14, 18)], inserts: vec![0] };
        let s = score(text, &truth, &pred).unwrap();
        assert_eq!(s.inserts, Prf { predicted: 1, hits_p: 0, truth: 1, hits_r: 1 });
        assert_eq!(s.chars.hits_p, 0);
        assert!(score(text, &truth, &Marks { changed: vec![(0, 99)], inserts: vec![] }).is_err());
    }

    #[test]
    fn copytrace_json_is_read() {
        let json: serde_json::Value = serde_json::from_str(
            r#"{"version":1,"blocks":[{"kind":"edited","ops":[
                {"tag":"equal","old":{"start":0,"end":4},"new":{"start":0,"end":4}},
                {"tag":"replace","old":{"start":4,"end":7},"new":{"start":4,"end":9}},
                {"tag":"insert","old":{"start":7,"end":7},"new":{"start":9,"end":12}},
                {"tag":"move","old":{"start":8,"end":10},"new":{"start":0,"end":2}},
                {"tag":"delete","old":{"start":10,"end":12},"new":{"start":12,"end":12}}]}]}"#,
        )
        .unwrap();
        let m = copytrace_marks(&json, 12).unwrap();
        assert_eq!(m.changed, vec![(4, 7), (10, 12)]);
        assert_eq!(m.inserts, vec![7]);
        assert!(copytrace_marks(&json, 11).is_err());
        assert!(copytrace_marks(&serde_json::json!({"blocks": [{"ops": [{"tag": "weird"}]}]}), 5).is_err());
    }

    #[test]
    fn iterater_offsets_match_their_text() {
        // The human spans, converted to bytes, hold exactly the `before` text of each action.
        let Some(path) = data_file("dev").filter(|p| p.is_file()) else { return };
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
