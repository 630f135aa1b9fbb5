//! Synthetic corpora with known direction, for `cargo xtask eval direction`: wire stories,
//! updated versions of some of them, and outlet articles that paste one to three paragraphs
//! from the wire (the latest version published before them) and, some, a paragraph of
//! another outlet's own text. Built from real prose ([`crate::material`]), every sentence
//! used once, so the only text two documents share is what the generator copied.
//!
//! Every paragraph of every document carries its *lineage*: the documents it passed through,
//! from the one that first published it to this one. The truth of a pair follows from the
//! lineages of the paragraphs the two share ([`truth`]).
//!
//! The same corpus is written in three dating regimes ([`Dating`]): date-times, days only,
//! no dates; and with or without `role: wire` in the wire stories' front matter.

use crate::rng::Rng;
use std::collections::{BTreeMap, BTreeSet};

/// Minutes in a day.
const DAY: u32 = 24 * 60;

/// How the documents are dated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dating {
    /// RFC 3339 date-times (UTC).
    Times,
    /// The day only.
    Days,
    /// No date.
    None,
}

impl Dating {
    /// Its name in the tables.
    pub fn name(self) -> &'static str {
        match self {
            Dating::Times => "date-times",
            Dating::Days => "days only",
            Dating::None => "undated",
        }
    }
}

/// One paragraph of a document: its text (an index into [`Corpus::texts`]) and lineage.
#[derive(Clone, Debug)]
pub struct Para {
    /// Index of its text (the same for every copy).
    pub root: usize,
    /// The documents it passed through, first publisher first, this document last.
    pub lineage: Vec<usize>,
}

/// One document.
#[derive(Clone, Debug)]
pub struct Doc {
    /// File name.
    pub name: String,
    /// Outlet.
    pub outlet: String,
    /// A wire story (first version or update).
    pub wire: bool,
    /// Publication time, minutes from 2024-03-11T00:00Z.
    pub minute: u32,
    /// Paragraphs in order.
    pub paras: Vec<Para>,
}

/// A generated corpus.
#[derive(Clone, Debug)]
pub struct Corpus {
    /// The paragraph texts.
    pub texts: Vec<String>,
    /// The documents.
    pub docs: Vec<Doc>,
}

/// What is true of a pair of documents (by index).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Truth {
    /// This document (one of the pair) is the source of the other's shared text.
    Source(usize),
    /// Both have the shared text from this third document.
    Common(usize),
    /// The pair shares text whose lineages disagree (each copied from the other), or no
    /// generated text at all.
    Undefined,
}

/// Generates a corpus of about `n` documents from `sentences` (each used at most once).
pub fn generate(sentences: &[String], n: usize, seed: u64) -> Corpus {
    let mut rng = Rng::new(seed);
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    rng.shuffle(&mut order);
    let mut next = order.into_iter();
    let mut texts: Vec<String> = Vec::new();
    let mut new_para = |rng: &mut Rng, texts: &mut Vec<String>| -> Option<usize> {
        let k = rng.range(2, 3);
        let s: Vec<&str> = (0..k).map(|_| next.next().map(|i| sentences[i].as_str())).collect::<Option<_>>()?;
        texts.push(s.join(" "));
        Some(texts.len() - 1)
    };
    let mut docs: Vec<Doc> = Vec::new();
    let n_wire = (n / 5).max(2);
    let mut stories: Vec<Vec<usize>> = Vec::new(); // versions of each story, by time
    'wire: for s in 0..n_wire {
        let minute = rng.below(3 * DAY as usize) as u32;
        let d = docs.len();
        let mut paras = Vec::new();
        for _ in 0..rng.range(6, 10) {
            let Some(root) = new_para(&mut rng, &mut texts) else { break 'wire };
            paras.push(Para { root, lineage: vec![d] });
        }
        docs.push(Doc { name: format!("wire-{s:03}.txt"), outlet: "Wire Service".into(), wire: true, minute, paras });
        let mut versions = vec![d];
        if rng.chance(0.35) {
            let u = docs.len();
            let first = &docs[d];
            let mut paras: Vec<Para> = Vec::new();
            let Some(lead) = new_para(&mut rng, &mut texts) else { break 'wire };
            paras.push(Para { root: lead, lineage: vec![u] });
            for p in &first.paras {
                let mut lineage = p.lineage.clone();
                lineage.push(u);
                paras.push(Para { root: p.root, lineage });
            }
            for _ in 0..rng.range(1, 2) {
                let Some(root) = new_para(&mut rng, &mut texts) else { break 'wire };
                paras.push(Para { root, lineage: vec![u] });
            }
            let minute = first.minute + rng.range(60, 360) as u32;
            docs.push(Doc {
                name: format!("wire-{s:03}-update.txt"),
                outlet: "Wire Service".into(),
                wire: true,
                minute,
                paras,
            });
            versions.push(u);
        }
        stories.push(versions);
    }
    let n_outlet = n.saturating_sub(docs.len());
    let mut articles: Vec<usize> = Vec::new();
    'outlet: for a in 0..n_outlet {
        let minute = 120 + rng.below(4 * DAY as usize - 120) as u32;
        let d = docs.len();
        let outlet = format!("Outlet {}", rng.range(1, 8));
        let mut paras: Vec<Para> = Vec::new();
        for _ in 0..rng.range(3, 5) {
            let Some(root) = new_para(&mut rng, &mut texts) else { break 'outlet };
            paras.push(Para { root, lineage: vec![d] });
        }
        // Stories out at least half an hour before: the latest version of each.
        let available: Vec<usize> =
            stories.iter().filter_map(|v| v.iter().rev().copied().find(|&x| docs[x].minute + 30 <= minute)).collect();
        let mut pasted: Vec<Para> = Vec::new();
        if !available.is_empty() {
            let from_stories = rng.range(1, 2.min(available.len()));
            let mut total = rng.range(1, 3).max(from_stories);
            for i in 0..from_stories {
                let src = *rng.pick(&available);
                let take = if i + 1 == from_stories { total } else { rng.range(1, total - (from_stories - 1 - i)) };
                total -= take;
                let mut idx: Vec<usize> = (0..docs[src].paras.len()).collect();
                rng.shuffle(&mut idx);
                for &k in idx.iter().take(take) {
                    let p = &docs[src].paras[k];
                    if pasted.iter().any(|q| q.root == p.root) {
                        continue;
                    }
                    let mut lineage = p.lineage.clone();
                    lineage.push(d);
                    pasted.push(Para { root: p.root, lineage });
                }
            }
        }
        // Some take a paragraph of another outlet's own text.
        if rng.chance(0.3) {
            let earlier: Vec<usize> = articles
                .iter()
                .copied()
                .filter(|&x| docs[x].minute + 30 <= minute && docs[x].outlet != outlet)
                .collect();
            if !earlier.is_empty() {
                let src = *rng.pick(&earlier);
                let own: Vec<&Para> = docs[src].paras.iter().filter(|p| p.lineage.len() == 1).collect();
                if !own.is_empty() {
                    let p = *rng.pick(&own);
                    pasted.push(Para { root: p.root, lineage: vec![src, d] });
                }
            }
        }
        for p in pasted {
            let at = rng.range(1, paras.len());
            paras.insert(at, p);
        }
        docs.push(Doc { name: format!("outlet-{a:03}.txt"), outlet, wire: false, minute, paras });
        articles.push(d);
    }
    Corpus { texts, docs }
}

/// A time as RFC 3339 (`Times`) or its day (`Days`).
fn date(minute: u32, dating: Dating) -> Option<String> {
    let day = 11 + minute / DAY;
    let (h, m) = ((minute % DAY) / 60, minute % 60);
    match dating {
        Dating::Times => Some(format!("2024-03-{day:02}T{h:02}:{m:02}:00Z")),
        Dating::Days => Some(format!("2024-03-{day:02}")),
        Dating::None => None,
    }
}

/// The files of the corpus: `(name, contents)`, front matter with the outlet, the date of
/// the regime and, with `roles`, `role: wire`.
pub fn files(corpus: &Corpus, dating: Dating, roles: bool) -> Vec<(String, String)> {
    corpus
        .docs
        .iter()
        .map(|d| {
            let mut text = format!("---\noutlet: {}\n", d.outlet);
            if let Some(date) = date(d.minute, dating) {
                text.push_str(&format!("date: {date}\n"));
            }
            if roles && d.wire {
                text.push_str("role: wire\n");
            }
            text.push_str("---\n\n");
            let body: Vec<&str> = d.paras.iter().map(|p| corpus.texts[p.root].as_str()).collect();
            text.push_str(&body.join("\n\n"));
            text.push('\n');
            (d.name.clone(), text)
        })
        .collect()
}

/// The truth of the pair `x`, `y` from the lineages of the paragraphs they share: one of
/// them is the source when it is in the other's lineage of a shared paragraph (and the
/// other never in its own); otherwise the last document the two lineages have in common,
/// when all shared paragraphs agree on it.
pub fn truth(corpus: &Corpus, x: usize, y: usize) -> Truth {
    let by_root: BTreeMap<usize, &Para> = corpus.docs[y].paras.iter().map(|p| (p.root, p)).collect();
    let mut direct: BTreeSet<usize> = BTreeSet::new();
    let mut common: BTreeSet<usize> = BTreeSet::new();
    for px in &corpus.docs[x].paras {
        let Some(py) = by_root.get(&px.root) else { continue };
        if py.lineage.contains(&x) {
            direct.insert(x);
        } else if px.lineage.contains(&y) {
            direct.insert(y);
        } else {
            let shared = px.lineage.iter().zip(&py.lineage).take_while(|(a, b)| a == b).count();
            if shared > 0 {
                common.insert(px.lineage[shared - 1]);
            }
        }
    }
    match (direct.len(), common.len()) {
        (1, _) => Truth::Source(direct.into_iter().next().unwrap_or(x)),
        (0, 1) => Truth::Common(common.into_iter().next().unwrap_or(x)),
        _ => Truth::Undefined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences() -> Vec<String> {
        (0..4000).map(|i| format!("Sentence number {i} says something of its own here.")).collect()
    }

    #[test]
    fn lineages_give_sources_and_common_sources() {
        let c = generate(&sentences(), 120, 7);
        assert!(c.docs.len() >= 100);
        let (mut sources, mut commons) = (0, 0);
        for x in 0..c.docs.len() {
            for y in x + 1..c.docs.len() {
                match truth(&c, x, y) {
                    Truth::Source(s) => {
                        sources += 1;
                        assert!(s == x || s == y);
                        // The source was published first.
                        let other = if s == x { y } else { x };
                        assert!(c.docs[s].minute < c.docs[other].minute);
                    }
                    Truth::Common(z) => {
                        commons += 1;
                        assert!(z != x && z != y && c.docs[z].minute < c.docs[x].minute.min(c.docs[y].minute));
                    }
                    Truth::Undefined => {}
                }
            }
        }
        assert!(sources > 50 && commons > 5, "{sources} {commons}");
        // Deterministic, and every document has text of its own.
        let again = generate(&sentences(), 120, 7);
        assert_eq!(files(&c, Dating::Times, true), files(&again, Dating::Times, true));
        assert!(c.docs.iter().all(|d| d.paras.iter().any(|p| p.lineage.len() == 1)));
        let f = files(&c, Dating::Days, false);
        assert!(f.iter().all(|(_, t)| !t.contains("role:") && t.contains("date: 2024-03-")));
        assert!(files(&c, Dating::None, true).iter().any(|(_, t)| t.contains("role: wire") && !t.contains("date:")));
    }
}
