//! Deterministic editorial changes for synthetic texts: the generated pair of the diff
//! benchmark ([`big_pair`]), the edits it makes ([`edit_document`]) and typographic quotes
//! ([`curl_quotes`], also used by the synthetic corpus).

use crate::material;
use crate::rng::Rng;
use anyhow::{bail, Result};

/// The generated pair: OLD is real sentences (see [`material::sentences`]) shuffled into
/// paragraphs of 2 to 6 sentences, pass after pass (each pass a new shuffle) until `size`
/// bytes; NEW is OLD with deterministic edits (see [`edit_document`]).
///
/// # Errors
/// When the material cannot be read.
pub fn big_pair(size: usize) -> Result<(String, String)> {
    let sentences = material::sentences()?;
    if sentences.is_empty() {
        bail!("no sentences found in the shared data");
    }
    let mut rng = Rng::new(0x5EED_D1FF);
    let mut paragraphs: Vec<String> = Vec::new();
    let mut total = 0;
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    'outer: loop {
        rng.shuffle(&mut order);
        let mut i = 0;
        while i < order.len() {
            let k = rng.range(2, 6).min(order.len() - i);
            let p: Vec<&str> = order[i..i + k].iter().map(|&j| sentences[j].as_str()).collect();
            let p = p.join(" ");
            total += p.len() + 2;
            paragraphs.push(p);
            i += k;
            if total >= size {
                break 'outer;
            }
        }
    }
    let old = paragraphs.join("\n\n") + "\n";
    let new = edit_document(&paragraphs, &mut rng).join("\n\n") + "\n";
    Ok((old, new))
}

/// Deterministic editorial changes to a list of paragraphs: per paragraph, with small
/// probabilities, word substitutions, a deleted run of words, quote-style changes, a merge
/// with the next paragraph, a split at a sentence, deletion, and a move to a later place.
pub fn edit_document(paragraphs: &[String], rng: &mut Rng) -> Vec<String> {
    let vocab: Vec<&str> = paragraphs.iter().take(200).flat_map(|p| p.split_whitespace()).collect();
    let mut out: Vec<String> = Vec::with_capacity(paragraphs.len());
    let mut moving: Vec<(usize, String)> = Vec::new();
    let mut i = 0;
    while i < paragraphs.len() {
        let mut p = paragraphs[i].clone();
        i += 1;
        if rng.chance(0.03) {
            continue; // deleted
        }
        if rng.chance(0.10) {
            let mut w: Vec<String> = p.split_whitespace().map(str::to_owned).collect();
            for _ in 0..rng.range(1, 3) {
                let k = rng.below(w.len());
                w[k] = (*rng.pick(&vocab)).to_owned();
            }
            p = w.join(" ");
        }
        if rng.chance(0.05) {
            let mut w: Vec<&str> = p.split_whitespace().collect();
            if w.len() > 8 {
                let k = rng.below(w.len() - 4);
                w.drain(k..k + rng.range(1, 4));
            }
            p = w.join(" ");
        }
        if rng.chance(0.05) {
            p = curl_quotes(&p);
        }
        if rng.chance(0.03) && i < paragraphs.len() {
            p = format!("{p} {}", paragraphs[i]);
            i += 1;
        }
        if rng.chance(0.02) {
            let at = rng.range(i, i + 200);
            moving.push((at, p));
            continue;
        }
        if rng.chance(0.03) {
            let s = material::split_sentences(&p);
            if s.len() > 1 {
                let k = rng.range(1, s.len() - 1);
                out.push(s[..k].join(" "));
                p = s[k..].join(" ");
            }
        }
        out.push(p);
        let mut k = 0;
        while k < moving.len() {
            if moving[k].0 <= i {
                out.push(moving.remove(k).1);
            } else {
                k += 1;
            }
        }
    }
    out.extend(moving.into_iter().map(|m| m.1));
    out
}

/// Straight quotes and apostrophes to typographic ones, ` - ` to an en dash.
pub fn curl_quotes(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut prev = ' ';
    for c in s.chars() {
        match c {
            '"' => out.push(if prev.is_whitespace() || prev == '(' { '\u{201c}' } else { '\u{201d}' }),
            '\'' => out.push(if prev.is_whitespace() { '\u{2018}' } else { '\u{2019}' }),
            _ => out.push(c),
        }
        prev = c;
    }
    out.replace(" - ", " \u{2013} ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_curled() {
        assert_eq!(
            curl_quotes("He said \"it's over\" - then left"),
            "He said \u{201c}it\u{2019}s over\u{201d} \u{2013} then left"
        );
    }

    #[test]
    fn edits_are_deterministic_and_keep_most_text() {
        let paras: Vec<String> =
            (0..300).map(|i| format!("Paragraph {i} says \"hello\" here. It has two sentences number {i}.")).collect();
        let a = edit_document(&paras, &mut Rng::new(3));
        let b = edit_document(&paras, &mut Rng::new(3));
        assert_eq!(a, b);
        assert_ne!(a, paras);
        let kept = paras.iter().filter(|p| a.contains(p)).count();
        assert!(kept > 150 && kept < 300, "{kept}");
    }
}
