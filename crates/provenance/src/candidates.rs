//! Stage 2: candidate document pairs from an inverted index of fingerprints.
//!
//! Never all pairs: every distinct `(fingerprint, document)` entry of the corpus is put in
//! one array and sorted by hash (a sort-based inverted index, 16 bytes per entry, no hash
//! map of vectors). Each run of equal hashes is a posting list:
//!
//! * found in **one** document: dropped;
//! * found in **more than** [`Config::effective_max_doc_freq`] documents: *common text*
//!   (boilerplate), set aside in [`Candidates::common`] and never used to pair documents;
//! * otherwise it votes for every pair of its documents.
//!
//! Votes are counted per document with a dense counter (one per worker thread), so memory
//! stays linear in the corpus; pairs with at least [`Config::min_shared`] distinct shared
//! fingerprints are candidates, except that a pair whose shared fingerprints are all
//! *frequent* (in more than [`Config::lone_doc_freq`] documents) needs at least two. The
//! work is the sum over posting lists of `d²/2`, bounded by the frequency limit.
//!
//! The exception keeps the number of candidate pairs linear in the corpus. A stock phrase
//! found in a share `f` of all documents has `f·n` documents and pairs `(f·n)²/2` of them;
//! the common-text limit grows like `2·√n`, so more and more such phrases are below it as
//! the corpus grows, and pairs joined by one of them alone (nearly all of which share no
//! passage) grew like `n^1.5`. Two documents sharing two frequent fingerprints by chance
//! are rare: a document with `k` of them, each in at most `2·√n` documents, has of the
//! order of `k² · 4n / n` such partners, a constant.

use crate::config::Config;
use crate::fingerprint::DocFingerprints;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// Two documents that share fingerprints; `a < b` are indices into the corpus slice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CandidatePair {
    /// The first document (lower index).
    pub a: u32,
    /// The second document (higher index).
    pub b: u32,
    /// Distinct fingerprints they share (common-text fingerprints excluded).
    pub shared: u32,
}

/// A fingerprint found in too many documents to pair them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommonFingerprint {
    /// The n-gram hash.
    pub hash: u64,
    /// In how many documents it occurs.
    pub docs: u32,
}

/// Stage 2 output.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidates {
    /// Number of documents indexed.
    pub docs: u32,
    /// The document-frequency limit that was applied.
    pub max_doc_freq: u32,
    /// Candidate pairs, sorted by `(a, b)`.
    pub pairs: Vec<CandidatePair>,
    /// Common-text fingerprints, sorted by hash.
    pub common: Vec<CommonFingerprint>,
    /// Reworded-tier candidate pairs (sharing at least [`Config::reword_min_shared`]
    /// reworded-tier fingerprints, see [`crate::reword`](mod@crate::reword)), sorted by
    /// `(a, b)`; `shared` counts those fingerprints. Many are also in `pairs`. Empty when
    /// the tier is off.
    #[serde(default)]
    pub reword_pairs: Vec<CandidatePair>,
}

impl Candidates {
    /// Every pair to align, by `(a, b)`, each once, with which tiers align it: whether
    /// it is a verbatim candidate (in [`Candidates::pairs`]: the word alignment) and
    /// whether a reworded-tier one (in [`Candidates::reword_pairs`]: the reworded tier).
    #[must_use]
    pub fn all_pairs(&self) -> Vec<(CandidatePair, bool, bool)> {
        let mut out: Vec<(CandidatePair, bool, bool)> = Vec::with_capacity(self.pairs.len() + self.reword_pairs.len());
        let (mut i, mut j) = (0, 0);
        while i < self.pairs.len() || j < self.reword_pairs.len() {
            let x = self.pairs.get(i).map(|p| (p.a, p.b));
            let y = self.reword_pairs.get(j).map(|p| (p.a, p.b));
            match (x, y) {
                (Some(x), Some(y)) if x == y => {
                    out.push((self.pairs[i], true, true));
                    i += 1;
                    j += 1;
                }
                (Some(x), Some(y)) if y < x => {
                    out.push((self.reword_pairs[j], false, true));
                    j += 1;
                }
                (Some(_), _) => {
                    out.push((self.pairs[i], true, false));
                    i += 1;
                }
                (None, _) => {
                    out.push((self.reword_pairs[j], false, true));
                    j += 1;
                }
            }
        }
        out
    }
}

impl Candidates {
    /// The document frequency of `hash` if it is a common-text fingerprint.
    #[must_use]
    pub fn common_freq(&self, hash: u64) -> Option<u32> {
        self.common.binary_search_by_key(&hash, |c| c.hash).ok().map(|i| self.common[i].docs)
    }
}

/// Stage 2: finds the candidate pairs of `docs` (see the [module docs](self)).
#[must_use]
pub fn candidates(docs: &[DocFingerprints], cfg: &Config) -> Candidates {
    candidates_where(docs, cfg, |_, _| true)
}

/// Stage 2 restricted to the pairs for which `keep(a, b)` holds (`a < b`), e.g. the
/// pairs that touch a newly added document. Document frequencies still count every
/// document, so the pairs found and the common text are those of the full corpus.
#[must_use]
pub fn candidates_where<F>(docs: &[DocFingerprints], cfg: &Config, keep: F) -> Candidates
where
    F: Fn(u32, u32) -> bool + Sync,
{
    let mut c = build(docs, cfg, None, &keep, Kind::Verbatim);
    if cfg.get_reword() {
        c.reword_pairs = build(docs, cfg, None, &keep, Kind::Reword).pairs;
    }
    c
}

/// Which fingerprints a candidate search uses.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Verbatim,
    Reword,
}

/// Stage 2 restricted to the pairs that touch a document with `touched[index] == true`
/// (new documents against an archive, a query against a corpus). Equal to
/// [`candidates_where`] with that filter, but the votes are counted from the touched
/// documents only, so the cost is that of their posting lists, not the whole corpus's.
#[must_use]
pub fn candidates_touching(docs: &[DocFingerprints], cfg: &Config, touched: &[bool]) -> Candidates {
    let mut c = build(docs, cfg, Some(touched), &|_, _| true, Kind::Verbatim);
    if cfg.get_reword() {
        c.reword_pairs = build(docs, cfg, Some(touched), &|_, _| true, Kind::Reword).pairs;
    }
    c
}

fn build<F>(docs: &[DocFingerprints], cfg: &Config, touched: Option<&[bool]>, keep: &F, kind: Kind) -> Candidates
where
    F: Fn(u32, u32) -> bool + Sync,
{
    let n = docs.len();
    let is_touched = |d: u32| touched.is_none_or(|t| t.get(d as usize).copied().unwrap_or(false));
    // Reworded-tier fingerprints in more than `lone_doc_freq` documents are topic
    // collocations ("prime minister resign"), not evidence of reuse: they pair nothing
    // (and would cost `d²/2` votes each).
    let max_df = match kind {
        Kind::Verbatim => cfg.effective_max_doc_freq(n),
        Kind::Reword => cfg.effective_max_doc_freq(n).min(cfg.get_lone_doc_freq()),
    };
    // Distinct (hash, doc) entries.
    let mut entries: Vec<(u64, u32)> = docs
        .par_iter()
        .enumerate()
        .flat_map_iter(|(d, fp)| {
            let list = if kind == Kind::Verbatim { &fp.fingerprints } else { &fp.reword };
            let mut hs: Vec<u64> = list.iter().map(|f| f.hash).collect();
            hs.sort_unstable();
            hs.dedup();
            let d = u32::try_from(d).unwrap_or(u32::MAX);
            hs.into_iter().map(move |h| (h, d))
        })
        .collect();
    entries.par_sort_unstable();

    // Posting lists (ranges of `entries`) that pair documents, and common fingerprints.
    let mut lists: Vec<(u32, u32)> = Vec::new();
    let mut common = Vec::new();
    let mut i = 0usize;
    while i < entries.len() {
        let h = entries[i].0;
        let mut j = i + 1;
        while j < entries.len() && entries[j].0 == h {
            j += 1;
        }
        let df = j - i;
        if df > max_df {
            if kind == Kind::Reword {
                i = j;
                continue; // common stemmed phrases pair nothing and are not reported
            }
            common.push(CommonFingerprint { hash: h, docs: u32::try_from(df).unwrap_or(u32::MAX) });
        } else if df >= 2 {
            lists.push((i as u32, j as u32));
        }
        i = j;
    }

    // For each document, the posting lists it is in (counting sort by document).
    let mut offsets = vec![0u32; n + 1];
    for &(s, e) in &lists {
        for &(_, d) in &entries[s as usize..e as usize] {
            offsets[d as usize + 1] += 1;
        }
    }
    for d in 0..n {
        offsets[d + 1] += offsets[d];
    }
    let mut fill = offsets.clone();
    let mut doc_lists = vec![0u32; offsets[n] as usize];
    for (l, &(s, e)) in lists.iter().enumerate() {
        for &(_, d) in &entries[s as usize..e as usize] {
            doc_lists[fill[d as usize] as usize] = l as u32;
            fill[d as usize] += 1;
        }
    }
    drop(fill);

    let min_shared = match kind {
        Kind::Verbatim => cfg.get_min_shared(),
        Kind::Reword => cfg.get_reword_min_shared(),
    };
    let min_shared = u32::try_from(min_shared).unwrap_or(u32::MAX);
    let lone_df = cfg.get_lone_doc_freq();
    let mut pairs: Vec<CandidatePair> = (0..n)
        .into_par_iter()
        .with_min_len(256) // each job allocates a counter per document: keep jobs few
        .map_init(
            || (vec![(0u32, 0u32); n], Vec::<u32>::new()),
            |(counts, seen), a| {
                let a32 = a as u32;
                let mut out = Vec::new();
                if !is_touched(a32) {
                    return out;
                }
                for &l in &doc_lists[offsets[a] as usize..offsets[a + 1] as usize] {
                    let (s, e) = lists[l as usize];
                    let posting = &entries[s as usize..e as usize];
                    let rare = u32::from(posting.len() <= lone_df);
                    // Each pair is counted once: from its lower document, or from its only
                    // touched one. Postings are sorted by document.
                    let from = if touched.is_none() { posting.partition_point(|&(_, d)| d <= a32) } else { 0 };
                    for &(_, b) in &posting[from..] {
                        if b == a32 || (b < a32 && is_touched(b)) {
                            continue;
                        }
                        let c = &mut counts[b as usize];
                        if c.0 == 0 {
                            seen.push(b);
                        }
                        c.0 += 1;
                        c.1 += rare;
                    }
                }
                seen.sort_unstable();
                for &b in seen.iter() {
                    let (shared, rare) = std::mem::take(&mut counts[b as usize]);
                    let (x, y) = (a32.min(b), a32.max(b));
                    if shared >= min_shared && (rare > 0 || shared >= 2) && keep(x, y) {
                        out.push(CandidatePair { a: x, b: y, shared });
                    }
                }
                seen.clear();
                out
            },
        )
        .flatten_iter()
        .collect();
    if touched.is_some() {
        pairs.sort_unstable();
    }

    Candidates {
        docs: u32::try_from(n).unwrap_or(u32::MAX),
        max_doc_freq: u32::try_from(max_df).unwrap_or(u32::MAX),
        pairs,
        common,
        reword_pairs: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint::{fingerprint, DocInput};

    fn fps(texts: &[&str], cfg: &Config) -> Vec<DocFingerprints> {
        texts.iter().enumerate().map(|(i, t)| fingerprint(&DocInput::new(format!("d{i}"), t), cfg)).collect()
    }

    /// All pairs sharing a fingerprint, the quadratic way.
    fn naive_pairs(docs: &[DocFingerprints]) -> Vec<(u32, u32, u32)> {
        let mut out = Vec::new();
        for a in 0..docs.len() {
            for b in a + 1..docs.len() {
                let mut ha: Vec<u64> = docs[a].fingerprints.iter().map(|f| f.hash).collect();
                let mut hb: Vec<u64> = docs[b].fingerprints.iter().map(|f| f.hash).collect();
                ha.sort_unstable();
                ha.dedup();
                hb.sort_unstable();
                hb.dedup();
                let shared = ha.iter().filter(|h| hb.binary_search(h).is_ok()).count() as u32;
                if shared > 0 {
                    out.push((a as u32, b as u32, shared));
                }
            }
        }
        out
    }

    #[test]
    fn pairs_equal_the_quadratic_definition() {
        let cfg = Config::new().ngram(2).window(2);
        let texts = [
            "the cat sat on the mat and then it slept all day long",
            "a dog sat on the mat and barked at the cat all day",
            "nothing in common here whatsoever really truly",
            "it slept all day long under the warm sun",
            "the cat sat on the mat",
        ];
        let docs = fps(&texts, &cfg);
        let got: Vec<(u32, u32, u32)> = candidates(&docs, &cfg).pairs.iter().map(|p| (p.a, p.b, p.shared)).collect();
        assert_eq!(got, naive_pairs(&docs));
        assert!(got.iter().all(|&(a, b, _)| a != 2 && b != 2));
    }

    #[test]
    fn frequent_fingerprints_are_common_text() {
        let cfg = Config::new().ngram(3).window(1).max_doc_freq(Some(3));
        let boiler = "sign up to our newsletter";
        let texts: Vec<String> = (0..5).map(|i| format!("{boiler} unique{i} words{i} here{i} now{i}")).collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let docs = fps(&refs, &cfg);
        let c = candidates(&docs, &cfg);
        assert!(c.pairs.is_empty(), "{:?}", c.pairs);
        assert_eq!(c.common.len(), 3); // "sign up to", "up to our", "to our newsletter"
        assert!(c.common.iter().all(|f| f.docs == 5));
        assert_eq!(c.common_freq(c.common[0].hash), Some(5));
        // With a higher limit the same text pairs every document.
        let c = candidates(&docs, &cfg.clone().max_doc_freq(Some(5)));
        assert_eq!(c.pairs.len(), 10);
    }

    #[test]
    fn a_lone_frequent_fingerprint_makes_no_pair() {
        // Every n-gram is a fingerprint; "x y" is in three documents, "p q" and "r s" in two.
        let cfg = Config::new().ngram(2).window(1).lone_doc_freq(2);
        let docs = fps(&["x y a1 p q r s", "x y b1 c1", "x y d1 p q r s", "e1 f1 g1"], &cfg);
        let pairs =
            |cfg: &Config| candidates(&docs, cfg).pairs.iter().map(|p| (p.a, p.b, p.shared)).collect::<Vec<_>>();
        // 0-1 and 1-2 share only the frequent "x y"; 0-2 share it and rare ones.
        assert_eq!(pairs(&cfg), vec![(0, 2, 4)]);
        // Two frequent fingerprints are enough: with "p q" and "r s" frequent too (limit
        // 1), 0-2 share three frequent ones and stays a candidate.
        assert_eq!(pairs(&cfg.clone().lone_doc_freq(1)), vec![(0, 2, 4)]);
        // With the limit at 3, every fingerprint is rare: all pairs sharing one.
        assert_eq!(pairs(&cfg.clone().lone_doc_freq(3)), vec![(0, 1, 1), (0, 2, 4), (1, 2, 1)]);
        assert_eq!(Config::new().get_lone_doc_freq(), 50);
    }

    proptest::proptest! {
        #[test]
        fn touching_equals_filtered(
            texts in proptest::collection::vec(proptest::collection::vec(0u8..6, 0..30), 1..8),
            touched in proptest::collection::vec(proptest::bool::ANY, 8),
            max_df in 2usize..6,
            lone in 1usize..4,
        ) {
            let cfg = Config::new().ngram(2).window(2).max_doc_freq(Some(max_df)).lone_doc_freq(lone);
            let strs: Vec<String> = texts
                .iter()
                .map(|t| t.iter().map(|w| format!("w{w}")).collect::<Vec<_>>().join(" "))
                .collect();
            let refs: Vec<&str> = strs.iter().map(String::as_str).collect();
            let docs = fps(&refs, &cfg);
            let t = |d: u32| touched[d as usize];
            let want = candidates_where(&docs, &cfg, |a, b| t(a) || t(b));
            proptest::prop_assert_eq!(candidates_touching(&docs, &cfg, &touched[..docs.len()]), want);
        }
    }

    #[test]
    fn min_shared_and_filter() {
        let cfg = Config::new().ngram(2).window(1);
        let docs = fps(&["a b c d e", "a b x y z", "a b c d q"], &cfg);
        let all = candidates(&docs, &cfg);
        assert_eq!(
            all.pairs.iter().map(|p| (p.a, p.b, p.shared)).collect::<Vec<_>>(),
            vec![(0, 1, 1), (0, 2, 3), (1, 2, 1)]
        );
        let two = candidates(&docs, &cfg.clone().min_shared(2));
        assert_eq!(two.pairs.iter().map(|p| (p.a, p.b)).collect::<Vec<_>>(), vec![(0, 2)]);
        let touching_1 = candidates_where(&docs, &cfg, |a, b| a == 1 || b == 1);
        assert_eq!(touching_1.pairs.iter().map(|p| (p.a, p.b)).collect::<Vec<_>>(), vec![(0, 1), (1, 2)]);
        assert_eq!(candidates_touching(&docs, &cfg, &[false, true, false]), touching_1);
        assert_eq!(candidates_touching(&docs, &cfg, &[true, true, true]), all);
        let touching_2 = candidates_where(&docs, &cfg, |a, b| a == 2 || b == 2);
        assert_eq!(candidates_touching(&docs, &cfg, &[false, false, true]), touching_2);
    }
}
