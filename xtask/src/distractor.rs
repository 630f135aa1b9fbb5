//! Same-topic distractors for the synthetic corpus (`cargo xtask corpus synth --kind
//! distractor`): groups of two to four articles on one "event" that share what articles on
//! one news story share (the topic, names, numbers, places, stock phrases) but no passage.
//! The ground truth lists every pair of articles of one event as a distractor pair: any
//! passage reported between them is a false finding.
//!
//! An event takes one source document of the material ([`material::document_sentences`]: a
//! Wikipedia article, a news story or a paper) and deals its sentences out to its articles,
//! each sentence to one article, so the articles share the topic's vocabulary and its own
//! names; on top of that each event has a person, a place, an organisation, a day and a
//! number that every article names in its lead (from different templates), in a quote's
//! attribution and in stock phrases (`officials said`, `according to ...`).
//!
//! Guarantee: no run of [`NO_SHARED_RUN`] words (as the engine sees words: Unicode words,
//! lower-cased, across sentence and paragraph breaks) occurs in two documents of the corpus.
//! The generator checks every sentence before adding it and drops one that would share such
//! a run with an earlier article.

use crate::material;
use crate::rewrite::{lower_first, upper_first};
use crate::rng::Rng;
use crate::synth::{date, front_matter, write, Kind, Options, Truth, TruthDoc, GENERATOR};
use anyhow::{bail, Result};
use std::collections::HashSet;
use unicode_segmentation::UnicodeSegmentation;

/// Length of the word runs no two documents share: the engine's guaranteed match is a run of
/// eight words (n-gram 5 in a winnowing window of 4), so articles that share no 8-word run
/// share no passage the verbatim tier could report.
pub const NO_SHARED_RUN: usize = 8;

const FIRST_NAMES: &[&str] = &[
    "Anna", "Tomas", "Maria", "Daniel", "Ruth", "Oskar", "Leila", "Samuel", "Grace", "Ivan", "Nadia", "Peter", "Helen",
    "Marco", "Aisha", "Jonas", "Clara", "Victor", "Irene", "Felix", "Rosa", "Emil", "Sofia", "Karim",
];
const LAST_NAMES: &[&str] = &[
    "Berg",
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Castell",
    "Haddad",
    "Novak",
    "Whitfield",
    "Serrano",
    "Kowal",
    "Brennan",
    "Tanaka",
    "Mendes",
    "Albright",
    "Quinlan",
    "Varga",
    "Osei",
    "Holm",
    "Rinaldi",
    "Dunmore",
];
const ROLES: &[&str] =
    &["a spokesperson for", "the director of", "a senior official at", "the head of", "an adviser to"];
const ORGS: &[&str] = &[
    "the regional council",
    "the transport agency",
    "the health ministry",
    "the port authority",
    "the national weather office",
    "the city police",
    "the university hospital",
    "the energy regulator",
    "the fire service",
    "the workers' union",
];
const PLACES: &[&str] = &[
    "Eastbridge",
    "Marlow Vale",
    "Kestrel Bay",
    "Northam",
    "Port Ellis",
    "Sandhurst Cross",
    "Orwell Falls",
    "Larkspur",
    "Westmoor",
    "Halden",
    "Ferry Point",
    "Ashcombe",
];
const VERBS: &[&str] = &["said", "confirmed", "announced", "reported", "stated", "told reporters"];
const DAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// A person's name, `First Last`, from the generator's own name lists.
pub fn person(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES))
}

/// The facts every article of one event names.
struct Event {
    person: String,
    role: &'static str,
    org: &'static str,
    place: &'static str,
    day: &'static str,
    number: usize,
    /// The verb of attribution this event's reports use.
    verb: &'static str,
}

impl Event {
    /// Lead sentence `k` (of [`LEADS`]) about the event.
    fn lead(&self, k: usize) -> String {
        let Event { person, role, org, place, day, number, verb } = self;
        match k % LEADS {
            0 => format!("{person}, {role} {org}, {verb} on {day} that {number} people had been affected in {place}."),
            1 => format!("In {place}, {org} {verb} on {day} that {number} people were involved."),
            2 => format!("{number} people in {place} were affected by the events of {day}, according to {org}."),
            3 => format!("Officials in {place} said {number} people were involved by {day}."),
            4 => format!("{} {verb} on {day} it was looking into what happened in {place}.", upper_first(org)),
            5 => format!("By {day}, {number} people in {place} had been affected, {person} {verb}."),
            6 => format!("The events in {place} on {day} affected {number} people, {org} {verb}."),
            _ => format!("{person} {verb} on {day} that the situation in {place} was under review."),
        }
    }

    /// A stock phrase attached to a sentence: `…, officials said.` or `According to X, …`.
    fn stock(&self, sentence: &str, rng: &mut Rng) -> String {
        let body = sentence.trim_end_matches(['.', '!', '?']);
        match rng.below(4) {
            0 => format!("{body}, officials said."),
            1 => format!("According to {}, {}", self.org, lower_first(sentence)),
            2 => format!("{body}, {} said.", self.person),
            _ => format!("In {}, {}", self.place, lower_first(sentence)),
        }
    }
}

/// Number of lead templates.
const LEADS: usize = 8;

/// The engine's words of a text, approximately: Unicode words, lower-cased.
fn words(text: &str) -> Vec<String> {
    text.unicode_words().map(str::to_lowercase).collect()
}

/// An article being written: its words so far (for the run check) and its paragraphs.
struct Article {
    words: Vec<String>,
    paras: Vec<Vec<String>>,
    runs: Vec<Vec<String>>,
}

impl Article {
    /// Adds `sentence` to the last paragraph unless it would make a run of
    /// [`NO_SHARED_RUN`] words that an earlier article has (`taken`); returns whether it did.
    fn push(&mut self, sentence: String, taken: &HashSet<Vec<String>>) -> bool {
        let new = words(&sentence);
        let from = self.words.len().saturating_sub(NO_SHARED_RUN - 1);
        let mut all: Vec<String> = self.words[from..].to_vec();
        all.extend(new.iter().cloned());
        let runs: Vec<Vec<String>> = all.windows(NO_SHARED_RUN).map(<[String]>::to_vec).collect();
        if runs.iter().any(|r| taken.contains(r)) {
            return false;
        }
        self.words.extend(new);
        self.runs.extend(runs);
        if let Some(p) = self.paras.last_mut() {
            p.push(sentence);
        }
        true
    }
}

/// Generates a distractor corpus of `opts.docs` articles (see the module docs).
///
/// # Errors
/// When the material runs out (more documents than it has events for) or on IO errors.
pub fn generate(opts: &Options) -> Result<Truth> {
    let mut rng = Rng::new(opts.seed);
    let mut topics: Vec<Vec<String>> =
        material::document_sentences(false)?.into_iter().filter(|d| d.len() >= 8).collect();
    rng.shuffle(&mut topics);
    let mut truth = Truth {
        version: 1,
        generator: GENERATOR,
        seed: opts.seed,
        documents: Vec::new(),
        kind: Kind::Distractor,
        passages: Vec::new(),
        distractors: Vec::new(),
    };
    let width = opts.docs.to_string().len().max(4);
    let mut taken: HashSet<Vec<String>> = HashSet::new();
    let mut topics = topics.into_iter();
    let mut n = 0;
    let mut event_no = 0;
    while n < opts.docs {
        let Some(mut topic) = topics.next() else {
            bail!("the material has topics for {n} distractor articles, not {}", opts.docs);
        };
        let size = rng.range(2, 4).min(topic.len() / 4).min(opts.docs - n).max(1);
        let event = Event {
            person: person(&mut rng),
            role: ROLES[rng.below(ROLES.len())],
            org: ORGS[rng.below(ORGS.len())],
            place: PLACES[rng.below(PLACES.len())],
            day: DAYS[rng.below(DAYS.len())],
            number: rng.range(3, 400),
            verb: VERBS[rng.below(VERBS.len())],
        };
        let day = rng.below(365);
        let mut leads: Vec<usize> = (0..LEADS).collect();
        rng.shuffle(&mut leads);
        rng.shuffle(&mut topic);
        let mut members = Vec::new();
        for a in 0..size {
            let mut art = Article { words: Vec::new(), paras: vec![Vec::new()], runs: Vec::new() };
            // The lead: the article's own template, or the next one whose runs are free.
            let _ = (0..LEADS).any(|k| art.push(event.lead(leads[(a + k) % LEADS]), &taken));
            // This article's share of the topic's sentences, in paragraphs of 2 or 3.
            let mine: Vec<String> = topic.iter().skip(a).step_by(size).cloned().collect();
            let quote_at = rng.below(mine.len().max(1));
            let mut quoted = false;
            for (i, s) in mine.iter().enumerate() {
                if art.paras.last().is_some_and(|p| p.len() >= rng.range(2, 3)) {
                    art.paras.push(Vec::new());
                }
                let quote = i >= quote_at && !quoted;
                let s = if quote {
                    let q = s.trim_end_matches(['.', '!', '?']).replace('"', "'");
                    format!("\"{q},\" {} said.", event.person)
                } else if rng.chance(0.25) {
                    event.stock(s, &mut rng)
                } else {
                    s.clone()
                };
                quoted |= art.push(s, &taken) && quote;
            }
            taken.extend(art.runs.drain(..));
            let title = art.paras[0].first().cloned().unwrap_or_default();
            let d = date(day);
            let mut text = front_matter(&title, &format!("Outlet {}", rng.range(1, 40)), &d);
            let body: Vec<String> = art.paras.iter().filter(|p| !p.is_empty()).map(|p| p.join(" ")).collect();
            text.push_str(&body.join("\n\n"));
            text.push('\n');
            let path = format!("event-{event_no:0width$}-{}.txt", char::from(b'a' + u8::try_from(a).unwrap_or(0)));
            write(&opts.out, &path, &text)?;
            truth.documents.push(TruthDoc { path: path.clone(), role: "outlet", date: d, bytes: text.len() });
            members.push(path);
            n += 1;
        }
        for i in 0..members.len() {
            for j in i + 1..members.len() {
                truth.distractors.push([members[i].clone(), members[j].clone()]);
            }
        }
        event_no += 1;
    }
    Ok(truth)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::fs;

    /// The distractors share names, numbers and topic words within an event, and no run of
    /// [`NO_SHARED_RUN`] words between any two documents of the corpus.
    #[test]
    fn distractors_share_facts_but_no_run() {
        crate::workspace::shared_data().expect("../shared/data beside the checkout (CI has it)");
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("d");
        let truth =
            crate::synth::generate_kind(&Options { out: out.clone(), docs: 60, seed: 3 }, Kind::Distractor).unwrap();
        assert_eq!(truth.documents.len(), 60);
        assert!(truth.passages.is_empty());
        assert!(truth.distractors.len() >= 30, "{}", truth.distractors.len());
        let body = |p: &str| {
            let t = fs::read_to_string(out.join(p)).unwrap();
            t.split_once("\n---\n").unwrap().1.to_owned()
        };
        let mut first_seen: HashMap<Vec<String>, String> = HashMap::new();
        for d in &truth.documents {
            let w = words(&body(&d.path));
            assert!(w.len() > 40, "{}: {} words", d.path, w.len());
            for r in w.windows(NO_SHARED_RUN) {
                let at = first_seen.entry(r.to_vec()).or_insert_with(|| d.path.clone());
                assert!(*at == d.path, "{} and {} share {:?}", at, d.path, r.join(" "));
            }
        }
        // Same-topic: the two articles of a pair share capitalised names and numbers.
        let mut shared_names = 0;
        for [a, b] in &truth.distractors {
            let caps = |t: &str| -> HashSet<String> {
                t.unicode_words()
                    .filter(|w| w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()))
                    .map(str::to_owned)
                    .collect()
            };
            let (ca, cb) = (caps(&body(a)), caps(&body(b)));
            if ca.intersection(&cb).count() >= 3 {
                shared_names += 1;
            }
        }
        assert_eq!(shared_names, truth.distractors.len(), "every pair shares names and numbers");
        let again = dir.path().join("e");
        let t2 =
            crate::synth::generate_kind(&Options { out: again.clone(), docs: 60, seed: 3 }, Kind::Distractor).unwrap();
        assert_eq!(t2.distractors, truth.distractors);
        for d in &truth.documents {
            assert_eq!(fs::read(out.join(&d.path)).unwrap(), fs::read(again.join(&d.path)).unwrap());
        }
    }
}
