//! Changed spans and insertion points that a diff marks on OLD ([`Marks`]): read from each
//! tool's output (copytrace's JSON, git's porcelain word diff, a plain word diff with
//! `similar`) and scored against the human edits' marks ([`score`]), for
//! `cargo xtask eval diff` (whose docs give the scoring rules).

use crate::metrics::{intersect, merge, words, Prf, Range};
use anyhow::{bail, Context, Result};

/// Changed spans (bytes of OLD) and insertion points (byte positions in OLD).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Marks {
    /// Byte ranges of OLD marked as changed.
    pub changed: Vec<Range>,
    /// Byte positions in OLD where text was inserted.
    pub inserts: Vec<usize>,
}

/// The counts of one document: changed characters and insertion points, apart.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Scored {
    /// Non-white-space characters of OLD marked as changed.
    pub chars: Prf,
    /// Insertion points.
    pub inserts: Prf,
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

/// Scores predicted marks against the truth on one document: the counts of changed
/// characters and of insertion points (see the scoring rules of
/// [`crate::commands::eval_diff`]).
///
/// # Errors
/// When a predicted span or point is not a character boundary of `text`.
pub fn score(text: &str, truth: &Marks, pred: &Marks) -> Result<Scored> {
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
    Ok(Scored { chars, inserts })
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
}
