//! Rewrites of a copied passage for the reworded kinds of the synthetic corpus
//! ([`crate::synth::Kind`]): PAN-style random obfuscation, paraphrase-like rewrites
//! (synonyms from [`crate::synonyms`], clause reordering, sentence merging and splitting),
//! a house-style rewrite of a wire paragraph (its quote kept, the attribution moved to the
//! front) and summaries (several sentences condensed into one).
//!
//! Every function is deterministic for a given [`Rng`] state. They work on white-space
//! separated tokens, the punctuation attached to a word staying with it, so that a rewrite
//! reads as text and its words remain real words of the material or of the word list.

use crate::rng::Rng;
use crate::synonyms::synonyms;

/// Words that start a sentence but are not names: when a clause or sentence starting with
/// one moves inside a sentence, it is written in lower case. Other capitalised words (names,
/// most likely) keep their capital.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "this", "that", "these", "those", "it", "its", "they", "their", "there", "he", "his", "she",
    "her", "we", "our", "in", "on", "at", "by", "for", "from", "with", "after", "before", "during", "when", "while",
    "as", "if", "although", "though", "because", "since", "some", "many", "most", "all", "each", "every", "one", "two",
    "three", "several", "both", "other", "such", "but", "and", "or", "so", "yet", "however", "then", "today", "now",
    "later", "also", "to", "of", "under", "over", "until", "what", "which", "who", "where", "how", "why",
];

/// Words that open a clause inserted into a sentence, which a summary drops.
const INSERTED: &[&str] =
    &["which", "who", "whose", "whom", "where", "speaking", "including", "although", "though", "while", "according"];

/// Splits a token into leading punctuation, the word, trailing punctuation.
fn parts(token: &str) -> (&str, &str, &str) {
    let start = token.find(char::is_alphanumeric).unwrap_or(token.len());
    let end =
        token.rfind(char::is_alphanumeric).map_or(start, |i| i + token[i..].chars().next().map_or(1, char::len_utf8));
    (&token[..start], &token[start..end.max(start)], &token[end.max(start)..])
}

/// [`parts`], for the generator's tests.
#[cfg(test)]
pub fn tests_parts(token: &str) -> (&str, &str, &str) {
    parts(token)
}

/// `word` written with the case pattern of `like` (capitalised or not).
fn with_case_of(word: &str, like: &str) -> String {
    if like.chars().next().is_some_and(char::is_uppercase) {
        upper_first(word)
    } else {
        word.to_owned()
    }
}

/// The text with its first letter in upper case.
pub fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// The text with its first letter in lower case when its first word is a function word or a
/// word of the word list (a name keeps its capital).
pub fn lower_first(s: &str) -> String {
    let first = s.split_whitespace().next().unwrap_or("");
    let (_, w, _) = parts(first);
    let lower = w.to_lowercase();
    let common = FUNCTION_WORDS.contains(&lower.as_str()) || !synonyms(&lower).is_empty();
    if common && w.chars().skip(1).all(char::is_lowercase) {
        let mut c = s.chars();
        c.next().map_or_else(String::new, |f| f.to_lowercase().chain(c).collect())
    } else {
        s.to_owned()
    }
}

/// A synonym of the token's word (case kept, punctuation kept), if the word list has one.
fn synonym_token(token: &str, rng: &mut Rng) -> Option<String> {
    let (pre, word, post) = parts(token);
    if word.is_empty() || (word.len() > 1 && word.chars().all(char::is_uppercase)) {
        return None;
    }
    let options = synonyms(&word.to_lowercase());
    if options.is_empty() {
        return None;
    }
    Some(format!("{pre}{}{post}", with_case_of(options[rng.below(options.len())], word)))
}

/// Whether the token after `prev` (`None`: the first) may be replaced: a capitalised word
/// inside a sentence is most likely a name (`Alter Strom`), which a paraphrase keeps.
fn replaceable(prev: Option<&str>, token: &str) -> bool {
    let capital = token.chars().find(|c| c.is_alphanumeric()).is_some_and(char::is_uppercase);
    !capital || prev.is_none_or(|p| p.ends_with(['.', '!', '?', ':', '"']))
}

/// Replaces each word that has a synonym in the word list with probability `p` (names kept).
pub fn synonymise(text: &str, p: f64, rng: &mut Rng) -> String {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let mut out = Vec::with_capacity(tokens.len());
    for (i, t) in tokens.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| tokens[j]);
        if replaceable(prev, t) && rng.chance(p) {
            if let Some(s) = synonym_token(t, rng) {
                out.push(s);
                continue;
            }
        }
        out.push((*t).to_owned());
    }
    out.join(" ")
}

/// Function words a round trip through other languages tends to drop, or to swap for a
/// near equivalent (`the` → `a`, `which` → `that`): `(word, replacements)`, an empty list
/// meaning "dropped".
const FUNCTION_SWAPS: &[(&str, &[&str])] = &[
    ("the", &["a", "this"]),
    ("a", &["the", "one"]),
    ("an", &["the", "one"]),
    ("which", &["that"]),
    ("that", &["which", ""]),
    ("very", &[""]),
    ("also", &["", "too"]),
    ("has", &["had"]),
    ("have", &["had"]),
    ("is", &["was"]),
    ("are", &["were"]),
    ("will", &["would", "is going to"]),
    ("of", &["from"]),
    ("in", &["within", "at"]),
];

/// A passage as a chain of machine translations through other languages and back leaves
/// it (the PAN 2013 "translation" obfuscation, simulated without a translator): clauses
/// reordered where a sentence has two, most words with a synonym in the word list
/// replaced, function words dropped or swapped for near equivalents (probability
/// `p_function`), and neighbouring words exchanged here and there (probability
/// `p_swap` per word: adjective order, verb-particle placement). Names and the sentence
/// stops stay.
pub fn translation_chain(sentences: &[String], p_synonym: f64, p_function: f64, p_swap: f64, rng: &mut Rng) -> String {
    let mut out = Vec::with_capacity(sentences.len());
    for s in sentences {
        let s = reorder_clauses(s).unwrap_or_else(|| s.clone());
        let s = synonymise(&s, p_synonym, rng);
        let mut words: Vec<String> = Vec::new();
        for (i, t) in s.split_whitespace().enumerate() {
            let (pre, word, post) = parts(t);
            let lower = word.to_lowercase();
            let swap = FUNCTION_SWAPS.iter().find(|(w, _)| *w == lower);
            match swap {
                Some((_, options)) if i > 0 && pre.is_empty() && post.is_empty() && rng.chance(p_function) => {
                    let pick = options[rng.below(options.len())];
                    if !pick.is_empty() {
                        words.push(with_case_of(pick, word));
                    }
                }
                _ => words.push(t.to_owned()),
            }
        }
        // Exchange neighbours, never the first or last word, never across punctuation.
        let n = words.len();
        let mut i = 1;
        while i + 2 < n {
            let plain = |w: &str| w.chars().all(char::is_alphabetic);
            if plain(&words[i]) && plain(&words[i + 1]) && rng.chance(p_swap) {
                words.swap(i, i + 1);
                i += 2;
            } else {
                i += 1;
            }
        }
        out.push(words.join(" "));
    }
    out.join(" ")
}

/// PAN's random obfuscation (Potthast et al. 2010): a sequence of random operations on the
/// copied words, each inner word starting one with probability `p`: replace it by a related
/// word (a synonym from the word list, else a word of the material drawn by `word`), delete
/// it, insert a word of the material after it, or shuffle the run of two to four words it
/// starts. The first and last words stay, so the passage keeps its bounds; at least one
/// operation is applied.
pub fn obfuscate(text: &str, p: f64, rng: &mut Rng, word: &mut dyn FnMut(&mut Rng) -> String) -> String {
    let words: Vec<String> = text.split_whitespace().map(str::to_owned).collect();
    if words.len() < 3 {
        return text.to_owned();
    }
    let mut out: Vec<String> = vec![words[0].clone()];
    let mut i = 1;
    let mut changed = false;
    while i + 1 < words.len() {
        let force = !changed && i + 2 == words.len();
        if !(force || rng.chance(p)) {
            out.push(words[i].clone());
            i += 1;
            continue;
        }
        changed = true;
        match rng.below(4) {
            0 => {
                let synonym =
                    if replaceable(Some(&words[i - 1]), &words[i]) { synonym_token(&words[i], rng) } else { None };
                let replaced = synonym.unwrap_or_else(|| word(rng));
                out.push(replaced);
                i += 1;
            }
            1 => i += 1, // delete
            2 => {
                out.push(words[i].clone());
                out.push(word(rng));
                i += 1;
            }
            _ => {
                let len = rng.range(2, 4).min(words.len() - 1 - i);
                let mut run: Vec<String> = words[i..i + len].to_vec();
                let before = run.clone();
                rng.shuffle(&mut run);
                if run == before {
                    run.reverse();
                }
                if run == before {
                    // One word, or the same words: replaced instead.
                    run = vec![synonym_token(&words[i], rng).unwrap_or_else(|| word(rng))];
                    run.extend(words[i + 1..i + len].iter().cloned());
                }
                out.extend(run);
                i += len;
            }
        }
    }
    out.push(words[words.len() - 1].clone());
    out.join(" ")
}

/// The sentence without its final stop, and the stop (`.` when none).
fn strip_stop(s: &str) -> (&str, &str) {
    let t = s.trim_end();
    match t.char_indices().last() {
        Some((i, c)) if ".!?".contains(c) => (&t[..i], &t[i..]),
        _ => (t, "."),
    }
}

/// Clause reordering: `A, B.` becomes `B, a.` at the comma nearest the middle that has at
/// least four words on each side and is followed by a lower-case word other than a
/// coordinating conjunction (`None` without one).
pub fn reorder_clauses(sentence: &str) -> Option<String> {
    let (body, stop) = strip_stop(sentence);
    let words: Vec<&str> = body.split_whitespace().collect();
    let mid = words.len() / 2;
    let cut = (4..words.len().saturating_sub(3))
        .filter(|&k| {
            words[k - 1].ends_with(',')
                && words[k].chars().next().is_some_and(char::is_lowercase)
                && !["and", "or", "but", "nor"].contains(&words[k])
        })
        .min_by_key(|&k| k.abs_diff(mid))?;
    let first = words[..cut].join(" ");
    let first = first.trim_end_matches(',').trim_end();
    let second = words[cut..].join(" ");
    Some(format!("{}, {}{stop}", upper_first(&second), lower_first(first)))
}

/// Sentence merging: `A. B.` becomes `A, and b.` (or `A; b.`).
pub fn merge_sentences(a: &str, b: &str, rng: &mut Rng) -> String {
    let (body, _) = strip_stop(a);
    let joint = if rng.chance(0.5) { ", and" } else { ";" };
    format!("{body}{joint} {}", lower_first(b))
}

/// Sentence splitting: at `, and `, `, but `, `, which ` (`This …`), `, while `, `, so `, or
/// else at a `; `, the one nearest the middle with at least four words on each side:
/// `A, and B.` becomes `A. B.` (`None` when no such place exists).
pub fn split_sentence(sentence: &str) -> Option<(String, String)> {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let mid = words.len() / 2;
    let ok = |k: usize| k >= 4 && k + 4 <= words.len();
    let joins = ["and", "but", "which", "while", "so"];
    let by_word = (1..words.len())
        .filter(|&k| ok(k) && words[k - 1].ends_with([',', ';']) && joins.contains(&words[k]))
        .min_by_key(|&k| k.abs_diff(mid));
    if let Some(k) = by_word {
        let first = words[..k].join(" ");
        let first = first.trim_end_matches([',', ';']);
        let rest = if words[k] == "which" {
            format!("This {}", words[k + 1..].join(" "))
        } else if words[k] == "and" || words[k] == "so" {
            upper_first(&words[k + 1..].join(" "))
        } else {
            upper_first(&words[k..].join(" "))
        };
        return Some((format!("{first}."), rest));
    }
    // Else a semicolon between two clauses; a bare comma is not split at (it may sit inside a
    // noun phrase: `the estate, Fox Hollow Farm, was`).
    let k = (1..words.len()).filter(|&k| ok(k) && words[k - 1].ends_with(';')).min_by_key(|&k| k.abs_diff(mid))?;
    let first = words[..k].join(" ");
    Some((format!("{}.", first.trim_end_matches(';')), upper_first(&words[k..].join(" "))))
}

/// A summary of several consecutive sentences in one shorter sentence: from each sentence
/// its main clause (the text before the first comma, semicolon, bracket or dash, continued
/// by the next segment that is not an inserted `which …` clause when it is shorter than five
/// words) cut to at most `max_words` words and trailing function words, the clauses joined by `, and`, `;` and `, while`, and then a few
/// synonyms. The result keeps the key content words and phrases and drops the other clauses.
pub fn summarise(sentences: &[String], max_words: usize, rng: &mut Rng) -> String {
    let mut pieces = Vec::new();
    for s in sentences {
        let (body, _) = strip_stop(s);
        let mut segments = body.split([',', ';', '(', ')', '\u{2014}']).map(str::trim).filter(|c| !c.is_empty());
        let mut words: Vec<&str> = segments.next().unwrap_or("").split_whitespace().collect();
        // A short first segment (a subject) is continued by the next segment that is not
        // an inserted clause (`which ...`, `who ...`).
        for seg in segments {
            if words.len() >= 5 {
                break;
            }
            let first = seg.split_whitespace().next().unwrap_or("").to_lowercase();
            if !INSERTED.contains(&first.as_str()) {
                words.extend(seg.split_whitespace());
            }
        }
        words.truncate(max_words);
        while words.len() > 3 && words.last().is_some_and(|w| FUNCTION_WORDS.contains(&w.to_lowercase().as_str())) {
            words.pop();
        }
        let piece = words.join(" ");
        let piece = piece.trim_end_matches([',', ';', ':', '"', '\'']).to_owned();
        if !piece.is_empty() {
            pieces.push(piece);
        }
    }
    let mut out = String::new();
    for (i, p) in pieces.iter().enumerate() {
        if i == 0 {
            out.push_str(&upper_first(p));
            continue;
        }
        let joint = if i + 1 == pieces.len() { ", and" } else { *rng.pick(&[";", ", while", ","]) };
        out.push_str(joint);
        out.push(' ');
        out.push_str(&lower_first(p));
    }
    let out = synonymise(&out, 0.3, rng);
    format!("{}.", out.trim_end_matches(['.', ',', ';']))
}

/// A quote with its attribution at the end, as a wire story writes it: `"Q," X said.`
/// Returns `(Q, X)` when `sentence` has that shape.
pub fn split_quote(sentence: &str) -> Option<(&str, &str)> {
    let inner = sentence.strip_prefix('"')?;
    let (quote, rest) = inner.split_once(",\" ")?;
    let who = rest.strip_suffix(" said.")?;
    Some((quote, who))
}

/// The house-style rewrite of a wire paragraph: the quote kept word for word but moved to
/// the front with its attribution before it (`X said: "Q."`), the other sentences after it
/// with light rewording (synonyms at rate `p`) and `said` forms varied.
pub fn house_style(sentences: &[String], p: f64, rng: &mut Rng) -> String {
    let mut front = None;
    let mut rest = Vec::new();
    for s in sentences {
        match (front.is_none(), split_quote(s)) {
            (true, Some((q, who))) => {
                let verb = *rng.pick(&["said", "told reporters", "said on Tuesday", "added"]);
                front = Some(format!("{} {verb}: \"{}.\"", upper_first(who), q));
            }
            _ => rest.push(synonymise(s, p, rng)),
        }
    }
    front.into_iter().chain(rest).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_punctuation_and_case() {
        assert_eq!(parts("\"Large,"), ("\"", "Large", ","));
        assert_eq!(parts("..."), ("...", "", ""));
        let mut rng = Rng::new(3);
        let s = synonym_token("\"Large,", &mut rng).unwrap();
        assert!(s.starts_with('"') && s.ends_with(',') && s.chars().nth(1).unwrap().is_uppercase(), "{s}");
        assert_eq!(synonym_token("NASA", &mut rng), None);
        assert_eq!(lower_first("The cat"), "the cat");
        assert_eq!(lower_first("Smith went"), "Smith went");
        // Names inside a sentence are kept; a capitalised first word may change.
        let mut rng = Rng::new(4);
        let out = synonymise("Large crowds met at Alter Strom. Large halls", 1.0, &mut rng);
        assert!(out.contains(" Alter Strom. ") && !out.starts_with("Large ") && !out.contains(". Large "), "{out}");
    }

    #[test]
    fn clauses_reorder_and_sentences_split_and_merge() {
        let s = "When the river rose in the spring, the farmers moved their animals to the hills.";
        assert_eq!(
            reorder_clauses(s).unwrap(),
            "The farmers moved their animals to the hills, when the river rose in the spring."
        );
        assert_eq!(reorder_clauses("Too short, really."), None);
        assert_eq!(split_sentence("The search of the estate, Fox Hollow Farm, was conducted while he was away."), None);
        let (a, b) = split_sentence("The bridge was opened in 1932, and it carried traffic until the flood.").unwrap();
        assert_eq!((a.as_str(), b.as_str()), ("The bridge was opened in 1932.", "It carried traffic until the flood."));
        let mut rng = Rng::new(1);
        let m = merge_sentences("It rained.", "The match went on.", &mut rng);
        assert!(m == "It rained, and the match went on." || m == "It rained; the match went on.", "{m}");
    }

    #[test]
    fn obfuscation_changes_inner_words_only() {
        let text = "one two three four five six seven eight nine ten eleven twelve";
        for seed in 0..50 {
            let mut rng = Rng::new(seed);
            let out = obfuscate(text, 0.3, &mut rng, &mut |_| "zebra".to_owned());
            assert_ne!(out, text, "seed {seed}");
            assert!(out.starts_with("one ") && out.ends_with(" twelve"), "{out}");
        }
    }

    #[test]
    fn summaries_are_shorter_and_keep_words() {
        let src: Vec<String> = [
            "The council, which met on Monday, approved the new budget for the harbour after a long debate.",
            "Critics said the plan would raise local taxes by a large margin over five years.",
            "The mayor, speaking after the vote, promised to review the costs in the autumn.",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        let mut rng = Rng::new(5);
        let out = summarise(&src, 10, &mut rng);
        let n_src: usize = src.iter().map(|s| s.split_whitespace().count()).sum();
        assert!(out.split_whitespace().count() * 4 < n_src * 3, "{out}");
        assert!(!out.contains("which met"), "inserted clauses are dropped: {out}");
        assert!(out.ends_with('.') && out.contains("approved"), "{out}");
        assert_eq!(out.matches(". ").count(), 0, "one sentence: {out}");
    }

    #[test]
    fn house_style_moves_attribution_and_keeps_quote() {
        let para = vec![
            "The port reopened on Monday.".to_owned(),
            "\"We are relieved to be working again,\" Anna Berg said.".to_owned(),
        ];
        let mut rng = Rng::new(2);
        let out = house_style(&para, 0.0, &mut rng);
        assert!(out.starts_with("Anna Berg "), "{out}");
        assert!(out.contains(": \"We are relieved to be working again.\""), "{out}");
        assert!(out.ends_with("The port reopened on Monday."), "{out}");
        assert_eq!(split_quote("No quote here."), None);
    }
}
