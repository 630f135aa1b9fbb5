//! Who copied whom: the direction of the reuse in each pair of documents.
//!
//! For each pair that shares reuse, the rule says which document is the likely source
//! ([`Verdict::AToB`], [`Verdict::BToA`]), or that both took the text from a third document
//! ([`Verdict::CommonSource`], naming it), or that the evidence is too weak
//! ([`Verdict::Unknown`]). It states what the verdict rests on ([`DirectionBasis`]) and a
//! confidence meant as a probability: of the claims made at confidence 0.9, about nine in
//! ten should be right. Claims below [`Config::min_direction_confidence`] are not made.
//!
//! # Evidence, and how much each piece weighs
//! Each piece of evidence is a likelihood ratio for "`x` is the source of `y`"; the pieces
//! are taken as independent and added as log-odds (a naive Bayes combination), starting
//! from even odds. The ratios are not fitted to any corpus: each is the odds of the simple
//! argument behind it being right, stated below with that argument, so that a held-out
//! corpus can check them (the repository's `EVALUATION.md` measures them).
//!
//! * **Dates** ([`DirectionBasis::Date`], ratio [`DATE_ODDS`]: 0.98 alone). A document
//!   published before another cannot have copied it; what is left is a wrong timestamp.
//!   Dates are compared by [`copytrace_text::Date::compare`]: instants in UTC; a bare day
//!   and a time on that day, or two times of one instant, are not ordered.
//! * **Wire role** ([`DirectionBasis::Wire`], ratio [`WIRE_ODDS`]: 0.9 alone). A wire
//!   story (front matter or record field `role: wire`, or an outlet named by
//!   [`Config::wire_outlets`]) is written to be copied; an outlet's story is copied by a
//!   wire service far more rarely.
//! * **Hub** ([`DirectionBasis::Hub`]). A document whose text is shared with many documents
//!   is more likely their source than one of its copies: a source is taken from by every
//!   copier, a copy is usually one outlet's article sharing text with its source (and with
//!   the few others that took the same passage). A document's partners (the documents it
//!   shares reuse with) count when they share little else among themselves: one that shares
//!   with a partner already counted more than the text both share with the document (a
//!   story and its update, say) does not count again. The ratio is the ratio of the two
//!   documents' counts, when the larger is at least [`HUB_MIN_PARTNERS`], capped at
//!   [`WIRE_ODDS`]: three partners against one is 0.75 alone.
//! * **Expansion versus extract** ([`DirectionBasis::Expansion`],
//!   [`DirectionBasis::Extract`], ratio [`CONTAINMENT_ODDS`]: 0.8 alone). When one
//!   document is nearly all inside the other ([`MOSTLY`] of its words) and the other
//!   clearly less so ([`MOSTLY_MARGIN`] less), the contained one is either a first version the other expanded (an update adds
//!   to its first version and keeps its order) or an extract the other's author did not
//!   write (an extract is contained by its source). It is an extract when its passages
//!   appear in the other in a different order (less than [`IN_ORDER`] of its shared words in
//!   passages that keep their order), or when most of its remaining text (at
//!   least [`EXTRACT_OTHER`] of it) is found in other documents (it was put together from
//!   several sources); otherwise an expansion, the contained document the source.
//!   Partial containment both ways (an outlet that lifted a paragraph of a wire story and
//!   wrote the rest) says nothing by itself: which share is larger depends on the two
//!   lengths, not on who copied.
//!
//! # Common source
//! Two documents that share only text a third document also has (at least [`COVER`] of
//! the pair's shared words on each side are also shared with the third), where the third
//! is the likely source of each of them by the evidence above (earlier, a wire story, a
//! hub), both took the text from the third: [`Verdict::CommonSource`] with
//! [`Direction::common_source`], at the confidence that the third is the source of both,
//! when that is at least the confidence of a direct claim. The third is the source of both
//! when it came before the earlier of the two, so that confidence is the lesser of its two
//! confidences as the source of each. The two are exclusive, so the confidence of a direct claim between two documents
//! whose shared text a third also has is multiplied by the probability that the third is
//! not their common source (one minus the confidence above): two outlets that pasted one wire
//! paragraph are not called one the other's source at the confidence of their dates when
//! the wire story could be the source of both. One exception: when one of the pair is a later,
//! expanded version of the third (it contains [`MOSTLY`] of it), the other copied that later
//! version if it came after it, and the third if before: the pair is judged on its own in
//! the first case, the third named in the second, and when the dates do not say, nothing is
//! claimed ([`Verdict::Unknown`]). Of several such thirds the most confident is named, or a
//! later version of it that is also the likely source of both (a copier takes the latest
//! version out); ties go to the lowest index.
//!
//! # Limits
//! The hub and the common source are judged from the pairs analysed: in an incremental
//! analysis ([`crate::analyze_fingerprints_touching`]) pairs of two archive documents are
//! not aligned, so they take no part. Text that an outlet copied from another outlet
//! which had itself copied it from a wire story cannot be told from text both took from
//! the wire; it is reported as the wire's (the common source).
//!
//! # Cost
//! Linear in the number of pairs times the number of partners the two documents have in
//! common.

use crate::config::Config;
use crate::fingerprint::{DocFingerprints, WordRange};
use copytrace_text::Date;
use serde::{Deserialize, Serialize};

/// Which document of a pair is the likely source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Document `a` is the likely source of `b`.
    AToB,
    /// Document `b` is the likely source of `a`.
    BToA,
    /// Both likely took the text from a third document, [`Direction::common_source`].
    CommonSource,
    /// The evidence is too weak to say.
    Unknown,
}

/// What a direction was decided on: the strongest piece of evidence for the verdict (see
/// the [module docs](self)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DirectionBasis {
    /// Publication dates.
    Date,
    /// One document is a wire story, the other not.
    Wire,
    /// One document shares text with many more documents than the other.
    Hub,
    /// One document is nearly all in the other, in order: a first version expanded.
    Expansion,
    /// One document is nearly all in the other, but reordered or made of several sources:
    /// an extract.
    Extract,
    /// Both share only text that a third document, their likely source, has.
    CommonSource,
    /// Nothing to go on (no reuse, or no evidence either way).
    None,
}

/// The likely direction of reuse in a pair (see the [module docs](self)).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Direction {
    /// The verdict.
    pub verdict: Verdict,
    /// Index of the likely source document when it is one of the pair
    /// ([`Verdict::AToB`], [`Verdict::BToA`]).
    pub source: Option<u32>,
    /// Index of the third document both likely took the text from
    /// ([`Verdict::CommonSource`]).
    #[serde(default)]
    pub common_source: Option<u32>,
    /// What the verdict rests on (for [`Verdict::Unknown`], the strongest evidence found,
    /// too weak to claim anything, or [`DirectionBasis::None`]).
    pub basis: DirectionBasis,
    /// The probability that the verdict is right, in `0.0..=1.0` (for
    /// [`Verdict::Unknown`], that of the claim the evidence leaned to).
    pub confidence: f64,
}

impl Direction {
    /// No reuse, nothing to go on.
    #[must_use]
    pub fn none() -> Direction {
        Direction {
            verdict: Verdict::Unknown,
            source: None,
            common_source: None,
            basis: DirectionBasis::None,
            confidence: 0.0,
        }
    }
}

/// Odds that the earlier of two dated documents is the source: 0.98.
pub const DATE_ODDS: f64 = 49.0;
/// Odds that a wire story is the source of a document that is not one: 0.9.
pub const WIRE_ODDS: f64 = 9.0;
/// Odds of the expansion-or-extract reading of a document nearly contained in another: 0.8.
pub const CONTAINMENT_ODDS: f64 = 4.0;
/// The hub evidence counts when one of the two has at least this many partners.
pub const HUB_MIN_PARTNERS: usize = 3;
/// "Nearly all": the share of a document's words inside the other.
pub const MOSTLY: f64 = 0.8;
/// How much more of the contained document than of the other must be inside the pair's
/// passages: passage ends move by a few words from pair to pair, so two near-copies that each
/// differ a little from the other are not told apart.
pub const MOSTLY_MARGIN: f64 = 0.1;
/// The share of a contained document's remaining text found in other documents that makes
/// it an extract.
pub const EXTRACT_OTHER: f64 = 0.5;
/// The share of a contained document's shared words that must come in the other's order for
/// an expansion: an update may move a paragraph or two, an extract of several passages
/// taken in any order keeps about half of them in order (for two, half the time all).
pub const IN_ORDER: f64 = 0.75;
/// Partners of a document looked at for its hub count (the evidence is capped at
/// [`WIRE_ODDS`] anyway).
pub const HUB_MAX_PARTNERS: usize = 64;
/// The share of a pair's shared words, on each side, that a third document must also
/// share for it to be their common source (passage ends differ by a few words from pair to
/// pair, so not all of them).
pub const COVER: f64 = 0.8;

/// Whether a `role` value declares a wire story (`wire`, any case, spaces around ignored).
#[must_use]
pub fn is_wire_role(role: &str) -> bool {
    role.trim().eq_ignore_ascii_case("wire")
}

/// Whether a document is a wire story: declared so, or published by a wire outlet.
#[must_use]
pub fn is_wire(fp: &DocFingerprints, cfg: &Config) -> bool {
    fp.wire
        || fp
            .outlet
            .as_deref()
            .is_some_and(|o| cfg.get_wire_outlets().iter().any(|w| w.trim().eq_ignore_ascii_case(o.trim())))
}

/// What the rule needs to know of one pair: the shared text on each side and how much of
/// each document it is.
#[derive(Clone, Debug)]
pub(crate) struct Shared {
    /// The document with the lower index.
    pub a: u32,
    /// The other one.
    pub b: u32,
    /// Words of `a` in reuse passages of the pair: sorted, disjoint.
    pub ranges_a: Vec<WordRange>,
    /// Words of `b` in reuse passages of the pair: sorted, disjoint.
    pub ranges_b: Vec<WordRange>,
    /// Share of `a`'s words in the pair's passages.
    pub ca: f64,
    /// Share of `b`'s words in the pair's passages.
    pub cb: f64,
    /// The share of the pair's matched words in passages that come in the same order in
    /// both documents (the heaviest such set).
    pub in_order: f64,
}

fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Total words in sorted disjoint `ranges`.
fn total(ranges: &[WordRange]) -> u32 {
    ranges.iter().map(WordRange::len).sum()
}

/// Words in both of two sorted disjoint lists of ranges.
fn intersection(x: &[WordRange], y: &[WordRange]) -> u32 {
    let (mut i, mut j, mut n) = (0, 0, 0u32);
    while i < x.len() && j < y.len() {
        n += x[i].end.min(y[j].end).saturating_sub(x[i].start.max(y[j].start));
        if x[i].end <= y[j].end {
            i += 1;
        } else {
            j += 1;
        }
    }
    n
}

/// Per document: what the rule knows of it.
struct Doc {
    date: Option<Date>,
    wire: bool,
    /// Words matched (the denominator of the containments).
    words: u32,
    /// Words shared with any other document.
    shared: u32,
    /// `(other document, pair index)`, by other document.
    partners: Vec<(u32, usize)>,
    /// Partners that share little else among themselves (see [`hub_count`]).
    hub: usize,
}

/// The evidence for "`a` is the source of `b`" in one pair, as signed log-odds terms.
struct Evidence {
    terms: Vec<(DirectionBasis, f64)>,
}

impl Evidence {
    fn sum(&self) -> f64 {
        self.terms.iter().map(|t| t.1).sum()
    }

    /// The strongest term pointing the way of `sign`.
    fn basis(&self, sign: f64) -> DirectionBasis {
        self.terms
            .iter()
            .filter(|t| t.1 * sign > 0.0)
            .max_by(|x, y| (x.1 * sign).total_cmp(&(y.1 * sign)))
            .map_or(DirectionBasis::None, |t| t.0)
    }
}

/// The directions of `pairs` (sorted by `(a, b)`), in the same order. `words[d]` is the
/// word count of document `d`; `all_shared[d]` its words in any reuse passage.
pub(crate) fn directions(
    pairs: &[Shared],
    fps: &[DocFingerprints],
    words: &[u32],
    all_shared: &[u32],
    cfg: &Config,
) -> Vec<Direction> {
    let mut docs: Vec<Doc> = fps
        .iter()
        .enumerate()
        .map(|(d, fp)| Doc {
            date: fp.date.as_deref().and_then(|s| Date::parse(s.trim())),
            wire: is_wire(fp, cfg),
            words: words[d],
            shared: all_shared[d],
            partners: Vec::new(),
            hub: 0,
        })
        .collect();
    for (i, p) in pairs.iter().enumerate() {
        if p.ranges_a.is_empty() {
            continue;
        }
        docs[p.a as usize].partners.push((p.b, i));
        docs[p.b as usize].partners.push((p.a, i));
    }
    for d in &mut docs {
        d.partners.sort_unstable();
    }
    let hubs: Vec<usize> = (0..docs.len()).map(|d| hub_count(&docs[d].partners, pairs)).collect();
    for (d, h) in docs.iter_mut().zip(hubs) {
        d.hub = h;
    }
    let evidence: Vec<Evidence> = pairs.iter().map(|p| pairwise(p, &docs)).collect();
    let min = cfg.get_min_direction_confidence();
    pairs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if p.ranges_a.is_empty() {
                return Direction::none();
            }
            let third = common_source(p, pairs, &docs, &evidence, min);
            if third.undecided {
                return Direction { confidence: 0.5, ..Direction::none() };
            }
            let x = evidence[i].sum();
            let sign = if x >= 0.0 { 1.0 } else { -1.0 };
            // A direct copy and both from a third are exclusive: the direct claim is right
            // only when the third is not the common source.
            let confidence = sigmoid(x.abs()) * (1.0 - third.any);
            if let Some((c, z)) = third.best {
                if c >= min && c >= confidence {
                    return Direction {
                        verdict: Verdict::CommonSource,
                        source: None,
                        common_source: Some(z),
                        basis: DirectionBasis::CommonSource,
                        confidence: c,
                    };
                }
            }
            let basis = evidence[i].basis(sign);
            if basis == DirectionBasis::None || confidence < min {
                return Direction { verdict: Verdict::Unknown, source: None, common_source: None, basis, confidence };
            }
            let (verdict, source) = if sign > 0.0 { (Verdict::AToB, p.a) } else { (Verdict::BToA, p.b) };
            Direction { verdict, source: Some(source), common_source: None, basis, confidence }
        })
        .collect()
}

/// The evidence of the pair alone (and of its documents' partners) that `a` is `b`'s source.
fn pairwise(p: &Shared, docs: &[Doc]) -> Evidence {
    let (da, db) = (&docs[p.a as usize], &docs[p.b as usize]);
    let mut terms = Vec::new();
    if let (Some(x), Some(y)) = (&da.date, &db.date) {
        if let Some(order) = x.compare(y) {
            let s = if order.is_lt() { 1.0 } else { -1.0 };
            terms.push((DirectionBasis::Date, s * DATE_ODDS.ln()));
        }
    }
    if da.wire != db.wire {
        let s = if da.wire { 1.0 } else { -1.0 };
        terms.push((DirectionBasis::Wire, s * WIRE_ODDS.ln()));
    }
    let (ka, kb) = (da.hub, db.hub);
    if ka.max(kb) >= HUB_MIN_PARTNERS && ka != kb {
        let ratio = (ka.max(kb) as f64 / ka.min(kb).max(1) as f64).min(WIRE_ODDS);
        let s = if ka > kb { 1.0 } else { -1.0 };
        terms.push((DirectionBasis::Hub, s * ratio.ln()));
    }
    // Expansion or extract: only when exactly one is nearly all inside the other.
    let contained = if p.ca >= MOSTLY && p.ca - p.cb >= MOSTLY_MARGIN {
        Some((1.0, da, &p.ranges_a))
    } else if p.cb >= MOSTLY && p.cb - p.ca >= MOSTLY_MARGIN {
        Some((-1.0, db, &p.ranges_b))
    } else {
        None
    };
    if let Some((s, x, ranges)) = contained {
        let in_pair = total(ranges);
        let rest = x.words.saturating_sub(in_pair);
        let rest_elsewhere = x.shared.saturating_sub(in_pair);
        let collage = rest > 0 && f64::from(rest_elsewhere) >= EXTRACT_OTHER * f64::from(rest);
        if p.in_order < IN_ORDER || collage {
            terms.push((DirectionBasis::Extract, -s * CONTAINMENT_ODDS.ln()));
        } else {
            terms.push((DirectionBasis::Expansion, s * CONTAINMENT_ODDS.ln()));
        }
    }
    Evidence { terms }
}

/// The number of partners of `d` that share little else among themselves: taken in order
/// (the first [`HUB_MAX_PARTNERS`]), a partner counts unless it shares text with one already
/// counted that is not (at least [`COVER`] of it) the text it shares with `d`. Two outlets
/// that took the same paragraph of a wire story both count for the wire; a wire story and
/// its update, which share much more than what an outlet took from either, count once for
/// the outlet.
fn hub_count(partners: &[(u32, usize)], pairs: &[Shared]) -> usize {
    let find = |x: u32, y: u32| pair_index(pairs, x, y);
    let mut counted: Vec<(u32, usize)> = Vec::new();
    for &(p, dp) in partners.iter().take(HUB_MAX_PARTNERS) {
        let with_d = if pairs[dp].a == p { &pairs[dp].ranges_a } else { &pairs[dp].ranges_b };
        let linked = counted.iter().any(|&(q, _)| {
            find(p, q).is_some_and(|pq| {
                let with_q = if pairs[pq].a == p { &pairs[pq].ranges_a } else { &pairs[pq].ranges_b };
                let all = total(with_q);
                all > 0 && f64::from(intersection(with_q, with_d)) < COVER * f64::from(all)
            })
        });
        if !linked {
            counted.push((p, dp));
        }
    }
    counted.len()
}

/// The log-odds that document `z` is the source of `x`, from their pair's evidence.
fn source_odds(z: u32, x: u32, pair: usize, pairs: &[Shared], evidence: &[Evidence]) -> f64 {
    let s = evidence[pair].sum();
    if pairs[pair].a == z {
        s
    } else {
        debug_assert_eq!(pairs[pair].a, x);
        -s
    }
}

/// `x`'s shared words with the pair's other document that it also shares with `z` (pair
/// `xz`), as a share of the former.
fn covered_by(x: u32, shared: &[WordRange], xz: &Shared) -> f64 {
    let with_z = if xz.a == x { &xz.ranges_a } else { &xz.ranges_b };
    let all = total(shared);
    if all == 0 {
        return 0.0;
    }
    f64::from(intersection(shared, with_z)) / f64::from(all)
}

/// What the third documents that have a pair's shared text say (see [`common_source`]).
struct Third {
    /// The likeliest common source: (confidence, document).
    best: Option<(f64, u32)>,
    /// The highest probability that some third document is the common source.
    any: f64,
    /// One of the pair is a later version of a third that the other may or may not have seen.
    undecided: bool,
}

/// The third documents that have pair `p`'s shared text (see the [module docs](self)).
fn common_source(p: &Shared, pairs: &[Shared], docs: &[Doc], evidence: &[Evidence], min: f64) -> Third {
    let (da, db) = (&docs[p.a as usize], &docs[p.b as usize]);
    let min_odds = logit(min.clamp(0.5, 0.999_999));
    let order = |x: &Doc, y: &Doc| match (&x.date, &y.date) {
        (Some(dx), Some(dy)) => dx.compare(dy),
        _ => None,
    };
    // Candidates: (confidence, third).
    let mut found: Vec<(f64, u32)> = Vec::new();
    let mut undecided = false;
    let (mut i, mut j) = (0, 0);
    while i < da.partners.len() && j < db.partners.len() {
        let ((za, pa), (zb, pb)) = (da.partners[i], db.partners[j]);
        if za < zb {
            i += 1;
            continue;
        }
        if zb < za {
            j += 1;
            continue;
        }
        i += 1;
        j += 1;
        let z = za;
        if covered_by(p.a, &p.ranges_a, &pairs[pa]) < COVER || covered_by(p.b, &p.ranges_b, &pairs[pb]) < COVER {
            continue;
        }
        let (oa, ob) = (source_odds(z, p.a, pa, pairs, evidence), source_odds(z, p.b, pb, pairs, evidence));
        // One of the pair a later, expanded version of `z` (which `z` likely precedes): the
        // other copied that version when it came after it, `z` when before; unknown when
        // the dates do not say.
        let expands = |xz: &Shared, o: f64| o >= min_odds && (if xz.a == z { xz.ca } else { xz.cb }) >= MOSTLY;
        let (ea, eb) = (expands(&pairs[pa], oa), expands(&pairs[pb], ob));
        if ea || eb {
            let ab = order(da, db);
            let later_version_first =
                (ea && ab.is_some_and(std::cmp::Ordering::is_lt)) || (eb && ab.is_some_and(std::cmp::Ordering::is_gt));
            if later_version_first {
                // The pair's text is explained: the other copied the later version. Other
                // thirds with the text are its copies, not the pair's source.
                return Third { best: None, any: 0.0, undecided: false };
            }
            let other_first =
                (ea && ab.is_some_and(std::cmp::Ordering::is_gt)) || (eb && ab.is_some_and(std::cmp::Ordering::is_lt));
            if !other_first {
                undecided = true;
                continue;
            }
        }
        found.push((sigmoid(oa).min(sigmoid(ob)), z));
    }
    let any = found.iter().map(|f| f.0).fold(0.0, f64::max);
    // The most confident; but a later version of it (an update that contains it) that is
    // itself likely the source of both is the one both took the text from: a copier takes
    // the latest version out.
    let mut best = found.iter().copied().max_by(|x, y| x.0.total_cmp(&y.0).then(y.1.cmp(&x.1)));
    for _ in 0..found.len() {
        let Some(b) = best else { break };
        let later = found.iter().copied().find(|&(c_conf, c)| {
            c != b.1
                && c_conf >= min
                && pair_index(pairs, c, b.1).is_some_and(|bc| {
                    let contained = if pairs[bc].a == b.1 { pairs[bc].ca } else { pairs[bc].cb };
                    contained >= MOSTLY && source_odds(b.1, c, bc, pairs, evidence) >= min_odds
                })
        });
        match later {
            Some(e) => best = Some(e),
            None => break,
        }
    }
    Third { best, any, undecided: undecided && best.is_none_or(|b| b.0 < min) }
}

/// The index of the pair of documents `x` and `y` in `pairs` (sorted by `(a, b)`).
fn pair_index(pairs: &[Shared], x: u32, y: u32) -> Option<usize> {
    pairs.binary_search_by_key(&(x.min(y), x.max(y)), |p| (p.a, p.b)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, DocInput, Report};

    /// Paragraph `k`: 40 words found in no other paragraph.
    fn par(k: usize) -> String {
        (0..40).map(|i| format!("w{k}x{i}")).collect::<Vec<_>>().join(" ")
    }

    /// A text of the paragraphs `ks`.
    fn text(ks: &[usize]) -> String {
        ks.iter().map(|&k| par(k)).collect::<Vec<_>>().join("\n\n")
    }

    /// The direction of the pair of documents `x` and `y` (by index).
    fn dir(r: &Report, x: u32, y: u32) -> Direction {
        let key = (x.min(y), x.max(y));
        r.pairs.iter().find(|p| (p.a, p.b) == key).unwrap_or_else(|| panic!("no pair {key:?}")).direction
    }

    /// A wire story of ten paragraphs and outlets that each lifted one of them into text of
    /// their own, all dated the same day.
    fn wire_and_outlets(outlets: usize) -> Vec<String> {
        let mut texts = vec![text(&(0..10).collect::<Vec<_>>())];
        for o in 0..outlets {
            let own = 100 + 10 * o;
            texts.push(text(&[own, own + 1, 2 * o + 1, own + 2]));
        }
        texts
    }

    #[test]
    fn a_same_day_wire_story_is_not_the_copier_of_outlets_that_lifted_a_paragraph_each() {
        let texts = wire_and_outlets(3);
        let docs: Vec<DocInput<'_>> =
            texts.iter().enumerate().map(|(i, t)| DocInput::new(format!("d{i}"), t).with_date("2024-03-11")).collect();
        let r = analyze(&docs, &Config::new());
        assert_eq!(r.pairs.len(), 3, "{:?}", r.pairs);
        for o in 1..=3 {
            let d = dir(&r, 0, o);
            // Each outlet is a larger share of itself in the wire than the wire in it: the old
            // containment rule named the wire the copier. The wire is the hub of the three.
            assert!(r.pairs[o as usize - 1].containment_b > r.pairs[o as usize - 1].containment_a);
            assert_eq!((d.verdict, d.source, d.basis), (Verdict::AToB, Some(0), DirectionBasis::Hub), "{d:?}");
            assert!((d.confidence - 0.75).abs() < 1e-9, "{d:?}");
        }
        // With one outlet there is no hub: unknown, and still not the wire as copier.
        let texts = wire_and_outlets(1);
        let docs: Vec<DocInput<'_>> =
            texts.iter().enumerate().map(|(i, t)| DocInput::new(format!("d{i}"), t)).collect();
        let r = analyze(&docs, &Config::new());
        let d = dir(&r, 0, 1);
        assert_eq!((d.verdict, d.source, d.basis), (Verdict::Unknown, None, DirectionBasis::None), "{d:?}");
        // Declared a wire story (front matter `role: wire`, or its outlet named a wire).
        let docs: Vec<DocInput<'_>> =
            texts.iter().enumerate().map(|(i, t)| DocInput::new(format!("d{i}"), t)).collect();
        let wired = [docs[0].clone().with_wire(true), docs[1].clone()];
        let d = dir(&analyze(&wired, &Config::new()), 0, 1);
        assert_eq!((d.verdict, d.source, d.basis), (Verdict::AToB, Some(0), DirectionBasis::Wire), "{d:?}");
        assert!((d.confidence - 0.9).abs() < 1e-9);
        let named = [docs[0].clone().with_outlet("Wire News "), docs[1].clone().with_outlet("Echo")];
        let cfg = Config::new().wire_outlets(["wire news"]);
        let d = dir(&analyze(&named, &cfg), 0, 1);
        assert_eq!((d.verdict, d.basis), (Verdict::AToB, DirectionBasis::Wire), "{d:?}");
        let d = dir(&analyze(&named, &Config::new()), 0, 1);
        assert_eq!(d.verdict, Verdict::Unknown, "{d:?}");
    }

    #[test]
    fn two_outlets_with_only_a_wire_story_s_text_both_took_it_from_the_wire() {
        let wire = text(&[0, 1, 2, 3, 4, 5]);
        let o1 = text(&[10, 2, 11]);
        let o2 = text(&[20, 21, 2]);
        let docs = [
            DocInput::new("wire", &wire).with_date("2024-03-11T08:00:00Z"),
            DocInput::new("o1", &o1).with_date("2024-03-11T09:00:00Z"),
            DocInput::new("o2", &o2).with_date("2024-03-11T10:00:00Z"),
        ];
        let r = analyze(&docs, &Config::new());
        let d = dir(&r, 1, 2);
        assert_eq!(
            (d.verdict, d.source, d.common_source, d.basis),
            (Verdict::CommonSource, None, Some(0), DirectionBasis::CommonSource)
        );
        assert!((d.confidence - 0.98).abs() < 1e-9, "{d:?}");
        assert_eq!(dir(&r, 0, 1).source, Some(0));
        assert_eq!(dir(&r, 0, 2).source, Some(0));
        // What o2 also took from o1's own text makes theirs a pair of its own: by date.
        let o2 = text(&[20, 11, 2]);
        let docs = [docs[0].clone(), docs[1].clone(), DocInput::new("o2", &o2).with_date("2024-03-11T10:00:00Z")];
        let d = dir(&analyze(&docs, &Config::new()), 1, 2);
        assert_eq!((d.verdict, d.source, d.basis), (Verdict::AToB, Some(1), DirectionBasis::Date), "{d:?}");
        // A third that is not the likely source of both (here later than one) is no common source.
        let o2 = text(&[20, 21, 2]);
        let docs = [
            DocInput::new("wire", &wire).with_date("2024-03-11T09:30:00Z"),
            DocInput::new("o1", &o1).with_date("2024-03-11T09:00:00Z"),
            DocInput::new("o2", &o2).with_date("2024-03-11T10:00:00Z"),
        ];
        let d = dir(&analyze(&docs, &Config::new()), 1, 2);
        assert_eq!((d.verdict, d.source, d.basis), (Verdict::AToB, Some(1), DirectionBasis::Date), "{d:?}");
    }

    #[test]
    fn an_update_expands_its_first_version_and_an_extract_is_told_apart() {
        let first = text(&[0, 1, 2, 3]);
        let update = text(&[9, 0, 1, 2, 3, 8]);
        let docs = [DocInput::new("update", &update), DocInput::new("first", &first)];
        let d = dir(&analyze(&docs, &Config::new()), 0, 1);
        assert_eq!((d.verdict, d.source, d.basis), (Verdict::BToA, Some(1), DirectionBasis::Expansion), "{d:?}");
        // The same paragraphs in another order: an extract, the longer document its source.
        let extract = text(&[2, 0, 3, 1]);
        let docs = [DocInput::new("update", &update), DocInput::new("extract", &extract)];
        let d = dir(&analyze(&docs, &Config::new()), 0, 1);
        assert_eq!((d.verdict, d.source, d.basis), (Verdict::AToB, Some(0), DirectionBasis::Extract), "{d:?}");
        // In order, but the rest of it is another document's: an extract too.
        let other = text(&[50, 51, 60, 61]);
        let short = text(&[0, 1, 2, 3, 50]);
        let docs = [DocInput::new("update", &update), DocInput::new("short", &short), DocInput::new("other", &other)];
        let r = analyze(&docs, &Config::new());
        assert!(r.pairs[0].containment_b >= MOSTLY, "{:?}", r.pairs[0]);
        let d = dir(&r, 0, 1);
        assert_eq!((d.verdict, d.source, d.basis), (Verdict::AToB, Some(0), DirectionBasis::Extract), "{d:?}");
    }

    #[test]
    fn an_outlet_after_an_update_copied_the_update_and_one_before_it_the_first_version() {
        let v1 = text(&[0, 1, 2, 3]);
        let v2 = text(&[9, 0, 1, 2, 3, 8]);
        let outlet = text(&[20, 1, 21]);
        let docs = |at: &str| {
            vec![
                DocInput::new("v1", &v1).with_date("2024-03-11T08:00:00Z"),
                DocInput::new("v2", &v2).with_date("2024-03-11T10:00:00Z"),
                DocInput::new("o", &outlet).with_date(at),
            ]
        };
        let r = analyze(&docs("2024-03-11T11:00:00Z"), &Config::new());
        let d = dir(&r, 1, 2);
        assert_eq!((d.verdict, d.source, d.basis), (Verdict::AToB, Some(1), DirectionBasis::Date), "{d:?}");
        let r = analyze(&docs("2024-03-11T09:00:00Z"), &Config::new());
        let d = dir(&r, 1, 2);
        assert_eq!(
            (d.verdict, d.common_source, d.basis),
            (Verdict::CommonSource, Some(0), DirectionBasis::CommonSource),
            "{d:?}"
        );
        assert_eq!(dir(&r, 0, 1).source, Some(0));
        // Wire stories and an outlet all of one day: the outlet may have copied either
        // version, so neither is claimed (the wire role alone would name the update).
        let day: Vec<DocInput<'_>> =
            docs("2024-03-11").into_iter().map(|d| DocInput { date: Some("2024-03-11".into()), ..d }).collect();
        let day = [day[0].clone().with_wire(true), day[1].clone().with_wire(true), day[2].clone()];
        let d = dir(&analyze(&day, &Config::new()), 1, 2);
        assert_eq!((d.verdict, d.source, d.common_source), (Verdict::Unknown, None, None), "{d:?}");
        assert_eq!(dir(&analyze(&day, &Config::new()), 0, 2).source, Some(0));
        // Two outlets after the update took the paragraph from the update (the latest
        // version out); one before it and one after, from the first version.
        let other = text(&[30, 31, 1]);
        for (at, common) in [("2024-03-11T10:30:00Z", 1), ("2024-03-11T09:00:00Z", 0)] {
            let mut four = docs(at);
            four.push(DocInput::new("o2", &other).with_date("2024-03-11T11:00:00Z"));
            let d = dir(&analyze(&four, &Config::new()), 2, 3);
            assert_eq!((d.verdict, d.common_source), (Verdict::CommonSource, Some(common)), "{at}: {d:?}");
        }
        // An outlet that copied the first version is no source of the update and a later
        // outlet that copied the update.
        let mut four = docs("2024-03-11T11:00:00Z");
        four.push(DocInput::new("o-early", &other).with_date("2024-03-11T09:00:00Z"));
        let d = dir(&analyze(&four, &Config::new()), 1, 2);
        assert_eq!((d.verdict, d.source, d.basis), (Verdict::AToB, Some(1), DirectionBasis::Date), "{d:?}");
    }

    #[test]
    fn a_direct_claim_is_discounted_by_a_possible_common_source() {
        // Two outlets of two days pasted one paragraph of an undated wire story: their dates
        // order them, but the wire story may be the source of both.
        let wire = text(&[0, 1, 2, 3, 4, 5]);
        let (o1, o2) = (text(&[10, 2, 11]), text(&[20, 21, 2]));
        let docs = [
            DocInput::new("wire", &wire),
            DocInput::new("o1", &o1).with_date("2024-03-11"),
            DocInput::new("o2", &o2).with_date("2024-03-12"),
        ];
        let d = dir(&analyze(&docs, &Config::new()), 1, 2);
        // 0.98 that o1 is before o2, times 1 - 0.5 that the wire is not the source of both.
        assert_eq!((d.verdict, d.source), (Verdict::Unknown, None), "{d:?}");
        assert!((d.confidence - 0.98 * 0.5).abs() < 1e-9, "{d:?}");
        // Declared a wire story, it is named the common source.
        let docs = [docs[0].clone().with_wire(true), docs[1].clone(), docs[2].clone()];
        let d = dir(&analyze(&docs, &Config::new()), 1, 2);
        assert_eq!((d.verdict, d.common_source), (Verdict::CommonSource, Some(0)), "{d:?}");
    }

    #[test]
    fn evidence_adds_as_log_odds() {
        // An earlier date against a wire role: 49 / 9 to one.
        let texts = wire_and_outlets(1);
        let docs = [
            DocInput::new("wire", &texts[0]).with_wire(true).with_date("2024-03-12"),
            DocInput::new("outlet", &texts[1]).with_date("2024-03-11"),
        ];
        let d = dir(&analyze(&docs, &Config::new()), 0, 1);
        assert_eq!((d.verdict, d.basis), (Verdict::BToA, DirectionBasis::Date));
        assert!((d.confidence - 49.0 / (49.0 + 9.0)).abs() < 1e-9, "{d:?}");
        assert!(is_wire_role(" Wire ") && !is_wire_role("wired"));
    }
}
