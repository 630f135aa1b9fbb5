//! Real prose from `../shared/data` used as material for synthetic texts: IteraTeR
//! `before_revision` documents (one per `doc_id`), the Clough & Stevenson Wikipedia source
//! texts and (for the diff benchmark only) the licence texts, split into sentences.
//!
//! The licences are left out of the synthetic reuse corpus: they share whole clauses with one
//! another (GPL-3, LGPL-2.1, GFDL and MPL warranty disclaimers), which would be real reuse
//! that the ground truth does not list.

use crate::workspace::shared_data;
use anyhow::{Context, Result};
use std::collections::HashSet;
use std::fs;

/// The paragraphs of each source document, in a fixed order: one IteraTeR document (its
/// `before_revision` as one paragraph) per `doc_id`, then each Clough & Stevenson source,
/// then (with `licences`) each licence.
///
/// # Errors
/// When the shared data cannot be read.
pub fn documents(licences: bool) -> Result<Vec<Vec<String>>> {
    let data = shared_data()?;
    let mut out = Vec::new();
    let mut seen_ids = HashSet::new();
    for split in ["train", "dev"] {
        let path = data.join("iterater-human-doclevel").join(format!("{split}.jsonl"));
        let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        for (i, line) in text.lines().enumerate() {
            let v: serde_json::Value =
                serde_json::from_str(line).with_context(|| format!("{}:{}: not JSON", path.display(), i + 1))?;
            let id = v.get("doc_id").map(ToString::to_string).unwrap_or_default();
            // Later revisions of a document are near-copies of earlier ones: one per doc_id.
            if !seen_ids.insert(id) {
                continue;
            }
            if let Some(t) = v.get("before_revision").and_then(serde_json::Value::as_str) {
                out.push(vec![t.to_owned()]);
            }
        }
    }
    let clough = data.join("clough-stevenson-2011").join("texts");
    for task in ['a', 'b', 'c', 'd', 'e'] {
        let path = clough.join(format!("orig_task{task}.txt"));
        out.push(split_paragraphs(&read_lossy(&path)?));
    }
    let names: &[&str] = if licences { &["GPL-3", "GFDL-1.3", "LGPL-2.1", "MPL-2.0"] } else { &[] };
    for name in names {
        let path = data.join("license-pairs").join(name);
        out.push(split_paragraphs(&read_lossy(&path)?));
    }
    Ok(out)
}

/// Reads a file as UTF-8, or as Latin-1 when it is not UTF-8 (some Clough files are cp1252).
pub fn read_lossy(path: &std::path::Path) -> Result<String> {
    let bytes = fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => e.into_bytes().iter().map(|&b| char::from(b)).collect(),
    })
}

/// Blank-line separated paragraphs, inner line breaks joined by spaces.
pub fn split_paragraphs(text: &str) -> Vec<String> {
    text.replace("\r\n", "\n")
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

/// Sentences: a `.`, `!` or `?` (optionally followed by a closing quote or bracket) then
/// white space and an upper-case letter, digit or opening quote end a sentence.
pub fn split_sentences(par: &str) -> Vec<String> {
    let words: Vec<&str> = par.split_whitespace().collect();
    let mut out = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        cur.push(w);
        let ends = w.trim_end_matches(['"', '\'', ')', '\u{201d}', '\u{2019}']).ends_with(['.', '!', '?']);
        let next_starts = words
            .get(i + 1)
            .and_then(|n| n.chars().next())
            .is_none_or(|c| c.is_uppercase() || c.is_ascii_digit() || "\"'(\u{201c}".contains(c));
        if ends && next_starts && cur.len() > 2 {
            out.push(cur.join(" "));
            cur.clear();
        }
    }
    if !cur.is_empty() {
        out.push(cur.join(" "));
    }
    out
}

/// All unique sentences, licences included (see [`sentences_from`]).
///
/// # Errors
/// When the shared data cannot be read.
pub fn sentences() -> Result<Vec<String>> {
    sentences_from(true)
}

/// Unique sentences of 6 to 60 words from all paragraphs, in a fixed order (case and
/// punctuation folded for the uniqueness check); the licences only with `licences`.
///
/// # Errors
/// When the shared data cannot be read.
pub fn sentences_from(licences: bool) -> Result<Vec<String>> {
    Ok(document_sentences(licences)?.into_iter().flatten().collect())
}

/// The sentences of [`sentences_from`] grouped by source document ([`documents`]): each
/// group is on one topic (a Wikipedia article, a news story, a paper), which the same-topic
/// distractors of the synthetic corpus use.
///
/// # Errors
/// When the shared data cannot be read.
pub fn document_sentences(licences: bool) -> Result<Vec<Vec<String>>> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for doc in documents(licences)? {
        let mut group = Vec::new();
        for p in doc {
            for s in split_sentences(&p) {
                let n = s.split_whitespace().count();
                if !(6..=60).contains(&n) {
                    continue;
                }
                let key: String = s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
                if seen.insert(key) {
                    group.push(s);
                }
            }
        }
        out.push(group);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_at_stops_before_capitals() {
        let s = split_sentences("He said \"no.\" Then he left. It was 3 p.m. in Leeds. 2019 was over. e.g. this");
        assert_eq!(s, vec!["He said \"no.\"", "Then he left.", "It was 3 p.m. in Leeds.", "2019 was over. e.g. this"]);
        assert_eq!(split_paragraphs("a\r\nb\r\n\r\n\r\nc  d\n"), vec!["a b", "c d"]);
    }
}
