//! Clusters: the same passage in three or more documents.
//!
//! # The rule (star clustering around a common core)
//! 1. **Regions.** In each document, the sides of reuse passages are taken in text order
//!    (longer first at equal starts). A side joins an existing region of its document when
//!    it overlaps the region's *core* by at least [`Config::min_words`] words; the core
//!    then shrinks to the overlap. Otherwise the side starts a new region whose core is the
//!    side itself. So every side of a region contains the region's core: text of at least
//!    `min_words` words that all of them share.
//! 2. **Links.** Each passage links the region of its side in one document to the region
//!    of its side in the other.
//! 3. **Stars.** Regions are taken by decreasing number of distinct linked documents (then
//!    by document index and position). A region not yet in a cluster, linked to regions of
//!    at least two other documents not yet in a cluster, becomes a cluster's **hub**; its
//!    members are those regions (one per document, the first in text order).
//!
//! Every member is aligned *directly* to the hub's core, so a cluster never chains: when A
//! shares one part of B and C another part of B (A~B, B~C, A and C sharing nothing), the
//! two sides in B do not overlap by a core, they form two regions each linked to a single
//! document, and no cluster forms.

use crate::align::{Passage, PassageKind};
use crate::config::Config;
use crate::fingerprint::{DocFingerprints, WordRange};
use copytrace_text::Span;
use serde::{Deserialize, Serialize};

/// One document's part in a cluster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterMember {
    /// Index of the document.
    pub doc: u32,
    /// The text of this document in the cluster: for the hub its core, for the other
    /// members their side of the passage that links them to the hub.
    pub span: Span,
    /// Word indices of `span`.
    pub words: WordRange,
    /// Index (into the report's passages) of the passage linking this member to the hub;
    /// `None` for the hub.
    pub passage: Option<u32>,
}

/// A passage found in three or more documents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cluster {
    /// Cluster id (its index in the report's clusters).
    pub id: u32,
    /// Number of documents (`1 + members.len()`).
    pub docs: u32,
    /// The hub: the document region every member is aligned to.
    pub hub: ClusterMember,
    /// The other members, by document index.
    pub members: Vec<ClusterMember>,
    /// Whether the cluster spans more documents than the document-frequency limit, which
    /// makes all its passages boilerplate.
    pub boilerplate: bool,
}

struct Region {
    doc: u32,
    core: WordRange,
    /// (passage index, neighbour region) links.
    links: Vec<(u32, u32)>,
}

/// Builds the clusters of the reuse passages (see the [module docs](self)); sets
/// `passage.cluster` on the passages between two members of a cluster. `passages` must be
/// in their final order (cluster members refer to them by index).
pub(crate) fn clusters(passages: &mut [Passage], fps: &[DocFingerprints], cfg: &Config) -> Vec<Cluster> {
    let min_core = cfg.get_min_words() as u32;
    // Sides of reuse passages: (doc, range, passage, is_b).
    let mut sides: Vec<(u32, WordRange, u32, bool)> = Vec::new();
    for (i, p) in passages.iter().enumerate() {
        if p.kind == PassageKind::Reuse {
            sides.push((p.a.doc, p.a.words, i as u32, false));
            sides.push((p.b.doc, p.b.words, i as u32, true));
        }
    }
    sides.sort_unstable_by_key(|&(d, r, p, b)| (d, r.start, std::cmp::Reverse(r.end), p, b));
    let mut regions: Vec<Region> = Vec::new();
    // Region of each passage side: [passage][0 = a, 1 = b].
    let mut side_region = vec![[u32::MAX; 2]; passages.len()];
    // Regions of the current document whose core can still overlap a later side (sides
    // come by increasing start, so a core ending before `start + min_core` is done).
    let mut active: Vec<usize> = Vec::new();
    let mut current_doc = u32::MAX;
    for &(doc, r, p, is_b) in &sides {
        if doc != current_doc {
            current_doc = doc;
            active.clear();
        }
        active.retain(|&k| regions[k].core.end >= r.start + min_core);
        let mut joined = None;
        for &k in &active {
            let reg = &mut regions[k];
            let ov_start = reg.core.start.max(r.start);
            let ov_end = reg.core.end.min(r.end);
            if ov_end >= ov_start + min_core {
                reg.core = WordRange { start: ov_start, end: ov_end };
                joined = Some(k);
                break;
            }
        }
        let k = joined.unwrap_or_else(|| {
            regions.push(Region { doc, core: r, links: Vec::new() });
            active.push(regions.len() - 1);
            regions.len() - 1
        });
        side_region[p as usize][usize::from(is_b)] = k as u32;
    }
    for (p, sr) in side_region.iter().enumerate() {
        if sr[0] != u32::MAX && sr[1] != u32::MAX {
            regions[sr[0] as usize].links.push((p as u32, sr[1]));
            regions[sr[1] as usize].links.push((p as u32, sr[0]));
        }
    }
    let degree = |reg: &Region| {
        let mut docs: Vec<u32> = reg.links.iter().map(|&(_, r)| regions[r as usize].doc).collect();
        docs.sort_unstable();
        docs.dedup();
        docs.len()
    };
    let mut order: Vec<(usize, u32, u32, usize)> =
        regions.iter().enumerate().map(|(k, reg)| (degree(reg), reg.doc, reg.core.start, k)).collect();
    order.sort_unstable_by_key(|&(deg, doc, start, k)| (std::cmp::Reverse(deg), doc, start, k));

    let mut claimed = vec![false; regions.len()];
    let mut found: Vec<(u32, Vec<(u32, u32)>)> = Vec::new(); // (hub region, [(member region, passage)])
    for &(deg, _, _, hub) in &order {
        if deg < 2 || claimed[hub] {
            continue;
        }
        let hub_doc = regions[hub].doc;
        // One member region per other document: the first in text order; its best link.
        let mut cands: Vec<(u32, u32, u32, u32)> = regions[hub]
            .links
            .iter()
            .filter(|&&(_, r)| !claimed[r as usize] && regions[r as usize].doc != hub_doc)
            .map(|&(p, r)| {
                let reg = &regions[r as usize];
                (reg.doc, reg.core.start, r, p)
            })
            .collect();
        cands.sort_unstable_by_key(|&(doc, start, r, p)| {
            (doc, start, r, std::cmp::Reverse(passages[p as usize].matched_words), p)
        });
        cands.dedup_by_key(|c| c.0);
        if cands.len() < 2 {
            continue;
        }
        claimed[hub] = true;
        for c in &cands {
            claimed[c.2 as usize] = true;
        }
        found.push((hub as u32, cands.iter().map(|c| (c.2, c.3)).collect()));
    }
    // Deterministic ids: by decreasing size, then hub document and position.
    found.sort_unstable_by_key(|(hub, members)| {
        let reg = &regions[*hub as usize];
        (std::cmp::Reverse(members.len()), reg.doc, reg.core.start, *hub)
    });
    let mut region_cluster = vec![u32::MAX; regions.len()];
    let max_df = cfg.effective_max_doc_freq(fps.len()) as u32;
    let mut out = Vec::with_capacity(found.len());
    for (id, (hub, members)) in found.into_iter().enumerate() {
        let id = id as u32;
        region_cluster[hub as usize] = id;
        let hreg = &regions[hub as usize];
        let hub_member = ClusterMember {
            doc: hreg.doc,
            span: fps[hreg.doc as usize].span_of_words(hreg.core),
            words: hreg.core,
            passage: None,
        };
        let mut ms: Vec<ClusterMember> = members
            .iter()
            .map(|&(r, p)| {
                region_cluster[r as usize] = id;
                let pass = &passages[p as usize];
                let side = if pass.a.doc == regions[r as usize].doc { pass.a } else { pass.b };
                ClusterMember { doc: side.doc, span: side.span, words: side.words, passage: Some(p) }
            })
            .collect();
        ms.sort_unstable_by_key(|m| (m.doc, m.words.start));
        let docs = 1 + ms.len() as u32;
        out.push(Cluster { id, docs, hub: hub_member, members: ms, boilerplate: docs > max_df });
    }
    for (p, sr) in side_region.iter().enumerate() {
        if sr[0] == u32::MAX || sr[1] == u32::MAX {
            continue;
        }
        let (ca, cb) = (region_cluster[sr[0] as usize], region_cluster[sr[1] as usize]);
        if ca != u32::MAX && ca == cb {
            passages[p].cluster = Some(ca);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{ParagraphRange, PassageSide};

    fn doc(words: u32) -> DocFingerprints {
        let words = (0..words).map(|i| crate::fingerprint::Word { start: i * 5, end: i * 5 + 4, id: i }).collect();
        DocFingerprints { ngram: 5, words, ..DocFingerprints::default() }
    }

    fn side(doc: u32, start: u32, end: u32) -> PassageSide {
        PassageSide {
            doc,
            span: Span::new(start as usize * 5, end as usize * 5 - 1),
            words: WordRange { start, end },
            word_count: end - start,
            paragraphs: ParagraphRange::default(),
        }
    }

    fn passage(a: PassageSide, b: PassageSide) -> Passage {
        Passage {
            tier: crate::align::Tier::Verbatim,
            matched_words: a.word_count.min(b.word_count),
            a,
            b,
            similarity: 1.0,
            kind: PassageKind::Reuse,
            cluster: None,
            alternates: Vec::new(),
        }
    }

    #[test]
    fn overlapping_sides_share_a_core() {
        // B (doc 1) shares words 0..100 with A and 50..150 with C; A and C share the
        // text of B's 50..100 directly too.
        let fps = vec![doc(200), doc(200), doc(200)];
        let mut ps = vec![
            passage(side(0, 0, 100), side(1, 0, 100)),
            passage(side(0, 50, 100), side(2, 0, 50)),
            passage(side(1, 50, 150), side(2, 0, 100)),
        ];
        let cs = clusters(&mut ps, &fps, &Config::new());
        assert_eq!(cs.len(), 1, "{cs:#?}");
        assert_eq!(cs[0].docs, 3);
        // The hub's core is text every member shares.
        let hub = &cs[0].hub;
        assert!(hub.words.len() >= 8);
        assert!(ps.iter().all(|p| p.cluster == Some(0)));
    }

    #[test]
    fn disjoint_sides_do_not_chain() {
        // A~B on B's 0..60, B~C on B's 80..140, nothing between A and C.
        let fps = vec![doc(200), doc(200), doc(200)];
        let mut ps = vec![passage(side(0, 0, 60), side(1, 0, 60)), passage(side(1, 80, 140), side(2, 10, 70))];
        assert!(clusters(&mut ps, &fps, &Config::new()).is_empty());
        // Sides overlapping by fewer than `min_words` words do not chain either.
        let mut ps = vec![passage(side(0, 0, 60), side(1, 0, 60)), passage(side(1, 55, 140), side(2, 10, 95))];
        assert!(clusters(&mut ps, &fps, &Config::new()).is_empty());
        assert!(ps.iter().all(|p| p.cluster.is_none()));
    }

    #[test]
    fn boilerplate_passages_are_left_out_and_big_clusters_flagged() {
        let fps: Vec<DocFingerprints> = (0..4).map(|_| doc(100)).collect();
        let mut ps = vec![
            passage(side(0, 0, 40), side(1, 0, 40)),
            passage(side(0, 0, 40), side(2, 0, 40)),
            passage(side(0, 0, 40), side(3, 0, 40)),
        ];
        let cs = clusters(&mut ps.clone(), &fps, &Config::new().max_doc_freq(Some(3)));
        assert_eq!((cs.len(), cs[0].docs, cs[0].boilerplate), (1, 4, true));
        assert_eq!(cs[0].hub.doc, 0);
        ps[1].kind = PassageKind::Boilerplate(crate::align::BoilerplateReason::LabelLine);
        ps[2].kind = PassageKind::Boilerplate(crate::align::BoilerplateReason::LabelLine);
        assert!(clusters(&mut ps, &fps, &Config::new()).is_empty());
    }
}
