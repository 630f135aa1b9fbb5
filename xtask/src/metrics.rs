//! Pure measures shared by the evaluations: byte-interval sets, character/byte offset
//! conversion, precision/recall/F1, PAN's text-alignment measures and the ROC AUC.

/// Half-open byte range `start..end`.
pub type Range = (usize, usize);

/// Sorts and merges ranges (overlapping or touching ones join); empty ranges are dropped.
pub fn merge(mut ranges: Vec<Range>) -> Vec<Range> {
    ranges.retain(|r| r.0 < r.1);
    ranges.sort_unstable();
    let mut out: Vec<Range> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.0 <= last.1 => last.1 = last.1.max(r.1),
            _ => out.push(r),
        }
    }
    out
}

/// Intersection of two merged range lists.
pub fn intersect(a: &[Range], b: &[Range]) -> Vec<Range> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() && j < b.len() {
        let s = a[i].0.max(b[j].0);
        let e = a[i].1.min(b[j].1);
        if s < e {
            out.push((s, e));
        }
        if a[i].1 < b[j].1 {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// Total length of merged ranges.
pub fn total_len(ranges: &[Range]) -> usize {
    ranges.iter().map(|r| r.1 - r.0).sum()
}

/// Byte offsets of the given Unicode character offsets into `text` (each offset may be
/// `text.chars().count()`, the end). Offsets must be sorted ascending.
///
/// # Errors
/// When an offset is past the end of the text (the message gives it and the length).
pub fn chars_to_bytes(text: &str, sorted_chars: &[usize]) -> Result<Vec<usize>, String> {
    let mut out = Vec::with_capacity(sorted_chars.len());
    let mut it = text.char_indices().map(|(b, _)| b).chain(std::iter::once(text.len())).enumerate();
    let mut current = it.next();
    for &c in sorted_chars {
        loop {
            match current {
                Some((ci, b)) if ci == c => {
                    out.push(b);
                    break;
                }
                Some((ci, _)) if ci < c => current = it.next(),
                _ => {
                    return Err(format!(
                        "character offset {c} is past the end of the text ({} characters) or unsorted",
                        text.chars().count()
                    ))
                }
            }
        }
    }
    Ok(out)
}

/// Precision, recall and F1 from counts: `hits_p` of `predicted` units are right and
/// `hits_r` of `truth` units were found. An empty denominator gives 1.0 for precision
/// (nothing claimed wrongly) and recall (nothing to find).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Prf {
    /// Units the tool marked.
    pub predicted: usize,
    /// Marked units that are right.
    pub hits_p: usize,
    /// Units of the ground truth.
    pub truth: usize,
    /// Ground-truth units that were found.
    pub hits_r: usize,
}

impl Prf {
    /// Adds another count.
    pub fn add(&mut self, o: &Prf) {
        self.predicted += o.predicted;
        self.hits_p += o.hits_p;
        self.truth += o.truth;
        self.hits_r += o.hits_r;
    }

    /// Precision.
    pub fn precision(&self) -> f64 {
        ratio(self.hits_p, self.predicted)
    }

    /// Recall.
    pub fn recall(&self) -> f64 {
        ratio(self.hits_r, self.truth)
    }

    /// F1, the harmonic mean of precision and recall (0 when both are 0).
    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }
}

/// Harmonic mean of `p` and `r` (0 when both are 0).
pub fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

#[allow(clippy::cast_precision_loss, reason = "counts are far below 2^52")]
fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// Area under the ROC curve: the probability that a random positive scores above a random
/// negative, ties counting one half (the Mann-Whitney statistic). `None` without both classes.
pub fn auc(scores: &[(f64, bool)]) -> Option<f64> {
    let pos: Vec<f64> = scores.iter().filter(|s| s.1).map(|s| s.0).collect();
    let neg: Vec<f64> = scores.iter().filter(|s| !s.1).map(|s| s.0).collect();
    if pos.is_empty() || neg.is_empty() {
        return None;
    }
    let mut wins = 0.0;
    for &p in &pos {
        for &n in &neg {
            if p > n {
                wins += 1.0;
            } else if p == n {
                wins += 0.5;
            }
        }
    }
    #[allow(clippy::cast_precision_loss, reason = "counts are far below 2^52")]
    let total = (pos.len() * neg.len()) as f64;
    Some(wins / total)
}

/// A case of text reuse as PAN's text-alignment measures see it: a byte range in a
/// suspicious (target) document and one in a source document, plus which pair of
/// documents it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Case {
    /// Source document id.
    pub src_doc: String,
    /// Range in the source document.
    pub src: Range,
    /// Target (suspicious) document id.
    pub dst_doc: String,
    /// Range in the target document.
    pub dst: Range,
}

/// PAN text-alignment measures (Potthast et al., COLING 2010) at the byte level.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Pan {
    /// Macro precision over detections.
    pub precision: f64,
    /// Macro recall over true cases.
    pub recall: f64,
    /// Mean number of detections per detected case (1 is best).
    pub granularity: f64,
    /// F1 / log2(1 + granularity).
    pub plagdet: f64,
    /// Number of true cases.
    pub cases: usize,
    /// Number of detections.
    pub detections: usize,
    /// True cases detected at least in part.
    pub detected_cases: usize,
}

/// Whether a detection `r` overlaps a case `s`: same document pair and overlapping ranges on
/// both sides.
fn overlaps(s: &Case, r: &Case) -> bool {
    s.src_doc == r.src_doc && s.dst_doc == r.dst_doc && cut(s.src, r.src) > 0 && cut(s.dst, r.dst) > 0
}

fn cut(a: Range, b: Range) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// Characters of case `x` (both sides) covered by the union of the given overlapping
/// detections (or cases), over the characters of `x`.
fn covered_share(x: &Case, others: &[&Case]) -> f64 {
    let src = merge(others.iter().map(|o| o.src).collect());
    let dst = merge(others.iter().map(|o| o.dst).collect());
    let got = total_len(&intersect(&src, &[x.src])) + total_len(&intersect(&dst, &[x.dst]));
    let size = (x.src.1 - x.src.0) + (x.dst.1 - x.dst.0);
    #[allow(clippy::cast_precision_loss, reason = "byte counts are far below 2^52")]
    let share = if size == 0 { 0.0 } else { got as f64 / size as f64 };
    share
}

/// Computes PAN's measures of `detections` against `cases`.
///
/// precision = mean over detections r of |∪(s ⊓ r)| / |r| (overlap with the cases it
/// overlaps), recall = mean over cases s of |∪(s ⊓ r)| / |s|, granularity = mean over
/// detected cases of the number of detections overlapping them, plagdet = F1 /
/// log2(1 + granularity). A side's size counts both documents' ranges. Precision is 1.0
/// without detections and recall 1.0 without cases (nothing to get wrong).
pub fn pan(cases: &[Case], detections: &[Case]) -> Pan {
    use std::collections::HashMap;
    // Index by document pair so the quadratic matching stays within pairs.
    type Sides<'a> = (Vec<&'a Case>, Vec<&'a Case>);
    let mut by_pair: HashMap<(&str, &str), Sides<'_>> = HashMap::new();
    for s in cases {
        by_pair.entry((&s.src_doc, &s.dst_doc)).or_default().0.push(s);
    }
    for r in detections {
        by_pair.entry((&r.src_doc, &r.dst_doc)).or_default().1.push(r);
    }
    let (mut rec_sum, mut prec_sum) = (0.0, 0.0);
    let (mut detected, mut gran_sum) = (0usize, 0usize);
    for (ss, rs) in by_pair.values() {
        for s in ss {
            let hits: Vec<&Case> = rs.iter().copied().filter(|r| overlaps(s, r)).collect();
            if !hits.is_empty() {
                detected += 1;
                gran_sum += hits.len();
                rec_sum += covered_share(s, &hits);
            }
        }
        for r in rs {
            let hits: Vec<&Case> = ss.iter().copied().filter(|s| overlaps(s, r)).collect();
            if !hits.is_empty() {
                prec_sum += covered_share(r, &hits);
            }
        }
    }
    #[allow(clippy::cast_precision_loss, reason = "counts are far below 2^52")]
    let (recall, precision, granularity) = (
        if cases.is_empty() { 1.0 } else { rec_sum / cases.len() as f64 },
        if detections.is_empty() { 1.0 } else { prec_sum / detections.len() as f64 },
        if detected == 0 { 1.0 } else { gran_sum as f64 / detected as f64 },
    );
    let plagdet = f1(precision, recall) / (1.0 + granularity).log2();
    Pan {
        precision,
        recall,
        granularity,
        plagdet,
        cases: cases.len(),
        detections: detections.len(),
        detected_cases: detected,
    }
}

/// Least-squares slope of `ln y` against `ln x`: the exponent `k` of `y ~ x^k`.
/// `None` with fewer than two points or all `x` equal.
pub fn loglog_slope(points: &[(f64, f64)]) -> Option<f64> {
    let pts: Vec<(f64, f64)> = points.iter().filter(|p| p.0 > 0.0 && p.1 > 0.0).map(|p| (p.0.ln(), p.1.ln())).collect();
    if pts.len() < 2 {
        return None;
    }
    #[allow(clippy::cast_precision_loss, reason = "a handful of points")]
    let n = pts.len() as f64;
    let mx = pts.iter().map(|p| p.0).sum::<f64>() / n;
    let my = pts.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = pts.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    if sxx == 0.0 {
        None
    } else {
        Some(sxy / sxx)
    }
}

/// Median of a non-empty list (mean of the middle two for even lengths).
pub fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Words (maximal runs of non-white-space) with their byte ranges.
pub fn words(text: &str) -> Vec<(Range, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                out.push(((s, i), &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(((s, text.len()), &text[s..]));
    }
    out
}

/// Share of the non-white-space characters of `bytes` inside the byte ranges.
pub fn coverage(bytes: &[u8], ranges: &[Range]) -> f64 {
    let chars: Vec<(usize, char)> = match std::str::from_utf8(bytes) {
        Ok(s) => s.char_indices().collect(),
        Err(_) => bytes.iter().enumerate().map(|(i, &b)| (i, char::from(b))).collect(),
    };
    let merged = merge(ranges.to_vec());
    let (mut total, mut hit) = (0usize, 0usize);
    for (i, c) in chars {
        if c.is_whitespace() {
            continue;
        }
        total += 1;
        if merged.iter().any(|r| r.0 <= i && i < r.1) {
            hit += 1;
        }
    }
    #[allow(clippy::cast_precision_loss, reason = "character counts are far below 2^52")]
    let share = if total == 0 { 0.0 } else { hit as f64 / total as f64 };
    share
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn ranges_merge_and_intersect() {
        assert_eq!(merge(vec![(5, 7), (0, 2), (1, 3), (3, 4), (9, 9)]), vec![(0, 4), (5, 7)]);
        assert_eq!(intersect(&[(0, 4), (6, 10)], &[(2, 8)]), vec![(2, 4), (6, 8)]);
        assert_eq!(intersect(&[(0, 4)], &[(4, 8)]), vec![]);
        assert_eq!(total_len(&[(0, 4), (6, 8)]), 6);
    }

    #[test]
    fn character_offsets_become_byte_offsets() {
        let t = "a\u{e9}\u{201c}b\u{1f600}c";
        assert_eq!(chars_to_bytes(t, &[0, 1, 2, 3, 4, 5, 6]).unwrap(), vec![0, 1, 3, 6, 7, 11, 12]);
        assert!(chars_to_bytes(t, &[7]).is_err());
        assert!(chars_to_bytes(t, &[3, 1]).is_err());
        assert_eq!(chars_to_bytes("", &[0]).unwrap(), vec![0]);
    }

    #[test]
    fn precision_recall_f1() {
        let mut a = Prf { predicted: 10, hits_p: 5, truth: 20, hits_r: 5 };
        assert!(close(a.precision(), 0.5));
        assert!(close(a.recall(), 0.25));
        assert!(close(a.f1(), 2.0 * 0.5 * 0.25 / 0.75));
        a.add(&Prf { predicted: 10, hits_p: 10, truth: 0, hits_r: 0 });
        assert!(close(a.precision(), 0.75));
        assert!(close(Prf::default().f1(), 1.0));
        assert!(close(f1(0.0, 0.0), 0.0));
    }

    #[test]
    fn auc_counts_ties_as_half() {
        assert!(close(auc(&[(0.9, true), (0.8, true), (0.1, false), (0.2, false)]).unwrap(), 1.0));
        assert!(close(auc(&[(0.1, true), (0.9, false)]).unwrap(), 0.0));
        assert!(close(auc(&[(0.5, true), (0.5, false)]).unwrap(), 0.5));
        assert!(close(auc(&[(0.9, true), (0.3, true), (0.5, false)]).unwrap(), 0.5));
        assert_eq!(auc(&[(0.5, true)]), None);
    }

    fn case(src: Range, dst: Range) -> Case {
        Case { src_doc: "s".into(), src, dst_doc: "t".into(), dst }
    }

    #[test]
    fn pan_perfect_detection() {
        let cases = vec![case((0, 100), (50, 150))];
        let p = pan(&cases, &cases);
        assert!(close(p.precision, 1.0) && close(p.recall, 1.0) && close(p.granularity, 1.0));
        assert!(close(p.plagdet, 1.0));
    }

    #[test]
    fn pan_split_detection_raises_granularity() {
        let cases = vec![case((0, 100), (0, 100))];
        let dets = vec![case((0, 50), (0, 50)), case((50, 100), (50, 100))];
        let p = pan(&cases, &dets);
        assert!(close(p.recall, 1.0) && close(p.precision, 1.0));
        assert!(close(p.granularity, 2.0));
        assert!(close(p.plagdet, 1.0 / 3f64.log2()));
    }

    #[test]
    fn pan_partial_and_false_detections() {
        let cases = vec![case((0, 100), (0, 100)), case((200, 300), (200, 300))];
        // Half of case 1 found; one detection in the wrong place; case 2 missed.
        let dets = vec![case((0, 50), (0, 50)), case((500, 600), (500, 600))];
        let p = pan(&cases, &dets);
        assert!(close(p.recall, 0.25), "{p:?}");
        assert!(close(p.precision, 0.5), "{p:?}");
        assert!(close(p.granularity, 1.0));
        // A detection larger than its case: precision counts the overlap share.
        let q = pan(&[case((0, 100), (0, 100))], &[case((0, 200), (0, 200))]);
        assert!(close(q.precision, 0.5) && close(q.recall, 1.0));
        // Other document pairs never count.
        let other = Case { src_doc: "x".into(), src: (0, 100), dst_doc: "t".into(), dst: (0, 100) };
        assert!(close(pan(&[case((0, 100), (0, 100))], &[other]).recall, 0.0));
    }

    #[test]
    fn loglog_slope_recovers_exponents() {
        let pts: Vec<(f64, f64)> = [1e3, 1e4, 1e5].iter().map(|&x: &f64| (x, 3.0 * x.powf(1.2))).collect();
        assert!(close(loglog_slope(&pts).unwrap(), 1.2));
        assert_eq!(loglog_slope(&[(1.0, 2.0)]), None);
    }

    #[test]
    fn median_of_odd_and_even() {
        assert!((median(&[3.0, 1.0, 2.0]) - 2.0).abs() < 1e-12);
        assert!((median(&[4.0, 1.0, 2.0, 3.0]) - 2.5).abs() < 1e-12);
    }
    #[test]
    fn coverage_counts_non_space_characters() {
        let t = b"ab cd ef";
        assert!((coverage(t, &[(0, 5)]) - 4.0 / 6.0).abs() < 1e-12);
        assert!((coverage(t, &[]) - 0.0).abs() < 1e-12);
    }
}
