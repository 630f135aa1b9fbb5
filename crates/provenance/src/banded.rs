//! Banded alignment over word ids.
//!
//! Two dynamic programmes, both restricted to a band of diagonals so that their cost is
//! `O(len · band)` instead of `O(len²)`:
//!
//! * [`lcs_banded`]: the number of matched words of the best global alignment (longest
//!   common subsequence) of two short word sequences, used to count the matches in the
//!   gap between two exact matches of a passage. The band holds the diagonals `j - i` in
//!   `[min(0, lb - la) - band, max(0, lb - la) + band]`, so the end cell is always inside.
//! * [`extend`]: the best *prefix* alignment starting at `(0, 0)` (a match scores `+1`, a
//!   substituted, inserted or deleted word [`EDIT_COST`] against it), used to grow a passage
//!   beyond its outermost exact match over light word edits. The band holds the diagonals
//!   `-band..=band`. Its end is the best-scoring cell, so a passage never ends on an edit.
//!
//! Ties are broken in a fixed way (documented on each function) so results are
//! deterministic.

/// Cost of one substituted, inserted or deleted word in [`extend`]: two matches are needed
/// to pay for one edit, so extension crosses light edits but not unrelated text where only
/// the odd function word coincides.
pub const EDIT_COST: i32 = 2;

const UNREACHABLE: i32 = i32::MIN / 4;

/// Matched words of the best banded global alignment (LCS) of `a` and `b`.
#[must_use]
pub fn lcs_banded(a: &[u32], b: &[u32], band: usize) -> u32 {
    let (la, lb) = (a.len() as i64, b.len() as i64);
    let band = band as i64;
    let lo = 0.min(lb - la) - band;
    let hi = 0.max(lb - la) + band;
    let width = (hi - lo + 1) as usize;
    // Row i, slot k holds cell (i, j = i + lo + k).
    let mut prev = vec![UNREACHABLE; width];
    let mut cur = vec![UNREACHABLE; width];
    for (k, slot) in prev.iter_mut().enumerate() {
        let j = lo + k as i64;
        if (0..=lb).contains(&j) {
            *slot = 0;
        }
    }
    for i in 1..=la {
        for k in 0..width {
            let j = i + lo + k as i64;
            cur[k] = if !(0..=lb).contains(&j) {
                UNREACHABLE
            } else if j == 0 {
                0
            } else {
                let up = if k + 1 < width { prev[k + 1] } else { UNREACHABLE };
                let left = if k >= 1 { cur[k - 1] } else { UNREACHABLE };
                let diag = prev[k];
                let diag = if diag > UNREACHABLE {
                    diag + i32::from(a[(i - 1) as usize] == b[(j - 1) as usize])
                } else {
                    UNREACHABLE
                };
                up.max(left).max(diag)
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let end = prev[(lb - la - lo) as usize];
    u32::try_from(end.max(0)).unwrap_or(0)
}

/// The result of [`extend`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Extension {
    /// Words of `a` covered (the end cell's row).
    pub len_a: usize,
    /// Words of `b` covered (the end cell's column).
    pub len_b: usize,
    /// Score of the path: matches minus [`EDIT_COST`] per edit.
    pub score: i32,
    /// Matched words on the path.
    pub matches: usize,
    /// The path's runs of consecutive matches as `(start_a, start_b, len)`, in order.
    pub runs: Vec<(usize, usize, usize)>,
}

/// Step taken into a cell.
const DIAG: u8 = 1;
const UP: u8 = 2;
const LEFT: u8 = 3;

/// Best-scoring prefix alignment of `a` and `b` from `(0, 0)`, restricted to diagonals
/// `|j - i| <= band`.
///
/// Ties: a cell takes the first best of diagonal, up (skip a word of `a`), left (skip a
/// word of `b`); the end is the best-scoring cell with the smallest `i + j`, then the
/// smallest `i`. The empty extension (score 0 at `(0, 0)`) is returned when nothing pays.
/// Rows are abandoned as soon as no later cell can beat the best score, which leaves the
/// result unchanged and makes extension into unrelated text cheap.
#[must_use]
pub fn extend(a: &[u32], b: &[u32], band: usize) -> Extension {
    let (la, lb) = (a.len(), b.len());
    let w = 2 * band + 1;
    // Cell (i, j) with |j - i| <= band lives at row i, column j + band - i.
    let col = |i: usize, j: usize| j + band - i;
    let mut score = vec![UNREACHABLE; (la + 1) * w];
    let mut step = vec![0u8; (la + 1) * w];
    score[col(0, 0)] = 0;
    let mut best = (0i32, 0usize, 0usize);
    for i in 0..=la {
        let j_from = i.saturating_sub(band);
        let j_to = (i + band).min(lb);
        let mut row_max = UNREACHABLE;
        for j in j_from..=j_to {
            if i == 0 && j == 0 {
                continue;
            }
            let mut s = UNREACHABLE;
            let mut st = 0u8;
            if i > 0 && j > 0 {
                let d = score[(i - 1) * w + col(i - 1, j - 1)];
                if d > UNREACHABLE {
                    s = d + if a[i - 1] == b[j - 1] { 1 } else { -EDIT_COST };
                    st = DIAG;
                }
            }
            if i > 0 && j <= i - 1 + band {
                let u = score[(i - 1) * w + col(i - 1, j)];
                if u > UNREACHABLE && u - EDIT_COST > s {
                    s = u - EDIT_COST;
                    st = UP;
                }
            }
            if j > 0 && j - 1 + band >= i {
                let l = score[i * w + col(i, j - 1)];
                if l > UNREACHABLE && l - EDIT_COST > s {
                    s = l - EDIT_COST;
                    st = LEFT;
                }
            }
            score[i * w + col(i, j)] = s;
            step[i * w + col(i, j)] = st;
            row_max = row_max.max(s);
            if s > best.0 || (s == best.0 && (i + j, i) < (best.1 + best.2, best.1)) {
                best = (s, i, j);
            }
        }
        // Every later row gains at most one match per row: once no cell of this row can
        // beat the best score, no later cell can either (ties keep the earlier end).
        if i > 0 && row_max.saturating_add((la - i) as i32) <= best.0 {
            break;
        }
    }
    let (s, bi, bj) = best;
    // Trace back the runs of matches.
    let mut runs: Vec<(usize, usize, usize)> = Vec::new();
    let (mut i, mut j) = (bi, bj);
    let mut matches = 0usize;
    while i > 0 || j > 0 {
        match step[i * w + col(i, j)] {
            DIAG => {
                if a[i - 1] == b[j - 1] {
                    matches += 1;
                    match runs.last_mut() {
                        Some(r) if r.0 == i && r.1 == j => {
                            r.0 -= 1;
                            r.1 -= 1;
                            r.2 += 1;
                        }
                        _ => runs.push((i - 1, j - 1, 1)),
                    }
                }
                i -= 1;
                j -= 1;
            }
            UP => i -= 1,
            LEFT => j -= 1,
            _ => break,
        }
    }
    runs.reverse();
    Extension { len_a: bi, len_b: bj, score: s, matches, runs }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Full-matrix LCS with out-of-band cells unreachable.
    fn lcs_naive(a: &[u32], b: &[u32], band: Option<usize>) -> u32 {
        let (la, lb) = (a.len(), b.len());
        let in_band = |i: usize, j: usize| match band {
            None => true,
            Some(band) => {
                let d = j as i64 - i as i64;
                let lo = 0.min(lb as i64 - la as i64) - band as i64;
                let hi = 0.max(lb as i64 - la as i64) + band as i64;
                d >= lo && d <= hi
            }
        };
        let mut m = vec![vec![None::<u32>; lb + 1]; la + 1];
        for i in 0..=la {
            for j in 0..=lb {
                if !in_band(i, j) {
                    continue;
                }
                if i == 0 || j == 0 {
                    m[i][j] = Some(0);
                    continue;
                }
                let mut best = None;
                for cand in [m[i - 1][j], m[i][j - 1], m[i - 1][j - 1].map(|v| v + u32::from(a[i - 1] == b[j - 1]))]
                    .into_iter()
                    .flatten()
                {
                    best = Some(best.map_or(cand, |b: u32| b.max(cand)));
                }
                m[i][j] = best;
            }
        }
        m[la][lb].unwrap_or(0)
    }

    /// Full-matrix prefix extension with out-of-band cells unreachable: (score, i, j).
    fn extend_naive(a: &[u32], b: &[u32], band: usize) -> (i32, usize, usize) {
        let (la, lb) = (a.len(), b.len());
        let mut s = vec![vec![None::<i32>; lb + 1]; la + 1];
        let mut best = (0, 0, 0);
        for i in 0..=la {
            for j in 0..=lb {
                if (j as i64 - i as i64).unsigned_abs() as usize > band {
                    continue;
                }
                if i == 0 && j == 0 {
                    s[0][0] = Some(0);
                    continue;
                }
                let mut v: Option<i32> = None;
                if i > 0 && j > 0 {
                    if let Some(d) = s[i - 1][j - 1] {
                        v = Some(d + if a[i - 1] == b[j - 1] { 1 } else { -EDIT_COST });
                    }
                }
                if i > 0 {
                    if let Some(u) = s[i - 1][j] {
                        v = Some(v.map_or(u - EDIT_COST, |x| x.max(u - EDIT_COST)));
                    }
                }
                if j > 0 {
                    if let Some(l) = s[i][j - 1] {
                        v = Some(v.map_or(l - EDIT_COST, |x| x.max(l - EDIT_COST)));
                    }
                }
                s[i][j] = v;
                if let Some(v) = v {
                    if v > best.0 || (v == best.0 && (i + j, i) < (best.1 + best.2, best.1)) {
                        best = (v, i, j);
                    }
                }
            }
        }
        best
    }

    #[test]
    fn lcs_examples() {
        assert_eq!(lcs_banded(&[1, 2, 3, 4], &[1, 2, 3, 4], 0), 4);
        assert_eq!(lcs_banded(&[1, 2, 3, 4], &[1, 9, 3, 4], 0), 3);
        assert_eq!(lcs_banded(&[1, 2, 3, 4], &[1, 3, 4], 0), 3);
        assert_eq!(lcs_banded(&[], &[1, 3, 4], 0), 0);
        assert_eq!(lcs_banded(&[1, 2], &[], 3), 0);
        // A shift of 3 needs a band of 3 beyond the length difference.
        assert_eq!(lcs_banded(&[7, 7, 7, 1, 2, 3], &[1, 2, 3, 8, 8, 8], 0), 0);
        assert_eq!(lcs_banded(&[7, 7, 7, 1, 2, 3], &[1, 2, 3, 8, 8, 8], 3), 3);
    }

    #[test]
    fn extend_crosses_light_edits_only() {
        // One substitution then four matches: worth crossing.
        let e = extend(&[1, 2, 9, 4, 5, 6, 7], &[1, 2, 8, 4, 5, 6, 7], 3);
        assert_eq!((e.len_a, e.len_b, e.matches, e.score), (7, 7, 6, 4));
        assert_eq!(e.runs, vec![(0, 0, 2), (3, 3, 4)]);
        // An insertion in b.
        let e = extend(&[1, 2, 3, 4, 5], &[1, 2, 99, 3, 4, 5], 3);
        assert_eq!((e.len_a, e.len_b, e.matches), (5, 6, 5));
        // Unrelated text: nothing.
        let e = extend(&[1, 2, 3, 4], &[5, 6, 7, 8], 3);
        assert_eq!((e.len_a, e.len_b, e.score, e.matches), (0, 0, 0, 0));
        // A lone coincidence after an edit does not pay.
        let e = extend(&[1, 2, 3, 50, 4, 60], &[1, 2, 3, 51, 4, 61], 3);
        assert_eq!((e.len_a, e.len_b), (3, 3));
    }

    fn small_seq() -> impl Strategy<Value = Vec<u32>> {
        proptest::collection::vec(0u32..4, 0..24)
    }

    proptest! {
        #[test]
        fn lcs_banded_equals_masked_naive(a in small_seq(), b in small_seq(), band in 0usize..8) {
            prop_assert_eq!(lcs_banded(&a, &b, band), lcs_naive(&a, &b, Some(band)));
        }

        #[test]
        fn wide_band_is_plain_lcs(a in small_seq(), b in small_seq()) {
            let band = a.len().max(b.len());
            prop_assert_eq!(lcs_banded(&a, &b, band), lcs_naive(&a, &b, None));
        }

        #[test]
        fn extend_equals_masked_naive(a in small_seq(), b in small_seq(), band in 0usize..8) {
            let e = extend(&a, &b, band);
            let (score, i, j) = extend_naive(&a, &b, band);
            prop_assert_eq!((e.score, e.len_a, e.len_b), (score, i, j));
            // The traced path is consistent with its score and its runs are real matches.
            let mut last = (0usize, 0usize);
            let mut matched = 0usize;
            for &(ra, rb, len) in &e.runs {
                prop_assert!(ra >= last.0 && rb >= last.1 && len > 0);
                prop_assert!(ra + len <= e.len_a && rb + len <= e.len_b);
                prop_assert_eq!(&a[ra..ra + len], &b[rb..rb + len]);
                last = (ra + len, rb + len);
                matched += len;
            }
            prop_assert_eq!(matched, e.matches);
            // Score = matches - cost * edits, with edits = substitutions + indels along the path:
            // at least max(len_a, len_b) - matches of them.
            let min_edits = (e.len_a.max(e.len_b) - e.matches) as i32;
            prop_assert!(e.score <= e.matches as i32 - EDIT_COST * min_edits);
            prop_assert!(e.matches as u32 <= lcs_naive(&a[..e.len_a], &b[..e.len_b], None));
        }
    }
}
