//! Robust winnowing (Schleimer, Wilkerson and Aiken, SIGMOD 2003).
//!
//! Given the hashes `h[0..m)` of a document's n-grams and a window of `w` hashes, every
//! window `h[i..i + w)` selects one position:
//!
//! 1. its minimum hash value;
//! 2. if the position selected by the previous window is still inside this window and
//!    holds that minimum, it is selected again (this is what makes winnowing *robust*:
//!    runs of equal hashes, as in repetitive text, do not produce a fingerprint each);
//! 3. otherwise the **rightmost** position holding the minimum.
//!
//! The fingerprints are the distinct selected positions, in increasing order. A
//! document with fewer than `w` n-grams is one (short) window.
//!
//! **Guarantee.** Two documents that share a run of at least `w + n - 1` tokens share the
//! `w` n-grams of some window, and the minimum of those is selected in both, so they share
//! at least one fingerprint.

/// Positions selected by robust winnowing of `hashes` with window `w` (values below 1
/// are taken as 1), in increasing order. Runs in `O(m)` amortised for `m` hashes.
#[must_use]
pub fn winnow(hashes: &[u64], w: usize) -> Vec<u32> {
    let w = w.max(1);
    let m = hashes.len();
    let mut out = Vec::with_capacity(m * 2 / (w + 1) + 1);
    if m == 0 {
        return out;
    }
    let w = w.min(m);
    // Indices with non-decreasing hash values from front to back: every index whose value
    // could still be a minimum of a later window. Equal values are kept, so the run of
    // indices at the front holding the minimum lists every position of the minimum.
    let mut deque: std::collections::VecDeque<usize> = std::collections::VecDeque::with_capacity(w + 1);
    let mut selected: Option<usize> = None;
    for j in 0..m {
        while deque.back().is_some_and(|&b| hashes[b] > hashes[j]) {
            deque.pop_back();
        }
        deque.push_back(j);
        if j + 1 < w {
            continue;
        }
        let start = j + 1 - w;
        while deque.front().is_some_and(|&f| f < start) {
            deque.pop_front();
        }
        let Some(&front) = deque.front() else { continue };
        let min = hashes[front];
        let keep = selected.is_some_and(|s| s >= start && hashes[s] == min);
        if !keep {
            let rightmost = deque.iter().take_while(|&&i| hashes[i] == min).last().copied().unwrap_or(front);
            selected = Some(rightmost);
            out.push(u32::try_from(rightmost).unwrap_or(u32::MAX));
        }
    }
    out
}

/// The definition, window by window, in `O(m·w)`: the reference for tests.
#[cfg(test)]
pub(crate) fn winnow_naive(hashes: &[u64], w: usize) -> Vec<u32> {
    let w = w.max(1);
    let m = hashes.len();
    if m == 0 {
        return Vec::new();
    }
    let w = w.min(m);
    let mut out: Vec<u32> = Vec::new();
    let mut selected: Option<usize> = None;
    for start in 0..=(m - w) {
        let window = &hashes[start..start + w];
        let min = *window.iter().min().expect("non-empty window");
        if let Some(s) = selected {
            if s >= start && hashes[s] == min {
                continue;
            }
        }
        let pos = start + window.iter().rposition(|&h| h == min).expect("min is in the window");
        selected = Some(pos);
        out.push(pos as u32);
    }
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn small_examples() {
        assert_eq!(winnow(&[], 4), Vec::<u32>::new());
        assert_eq!(winnow(&[5], 4), vec![0]);
        // Windows of 2: [3,1] -> 1, [1,4] -> 1 (kept), [4,1] -> 3, [1,5] -> 3 (kept), [5,9] -> 4.
        assert_eq!(winnow(&[3, 1, 4, 1, 5, 9], 2), vec![1, 3, 4]);
        // Ties: rightmost first, then kept while still minimal.
        assert_eq!(winnow(&[2, 2, 2, 2, 2], 3), vec![2]);
        assert_eq!(winnow(&[2, 2, 2, 2, 2, 2], 3), vec![2, 5]);
        assert_eq!(winnow(&[7, 7, 7], 1), vec![0, 1, 2]);
    }

    #[test]
    fn robust_winnowing_thins_repetition() {
        let flat = vec![9u64; 100];
        // One selection per w positions, not one per window.
        assert_eq!(winnow(&flat, 4).len(), 25);
    }

    proptest! {
        #[test]
        fn equals_naive(hashes in proptest::collection::vec(0u64..6, 0..80), w in 1usize..9) {
            prop_assert_eq!(winnow(&hashes, w), winnow_naive(&hashes, w));
        }

        #[test]
        fn equals_naive_wide_values(hashes in proptest::collection::vec(any::<u64>(), 0..120), w in 1usize..12) {
            prop_assert_eq!(winnow(&hashes, w), winnow_naive(&hashes, w));
        }

        /// Any run of `w` shared n-gram hashes (i.e. `w + n - 1` shared tokens) yields a
        /// fingerprint, selected in both documents, that lies inside the shared run.
        #[test]
        fn shared_run_shares_a_fingerprint(
            prefix_a in proptest::collection::vec(any::<u64>(), 0..30),
            prefix_b in proptest::collection::vec(any::<u64>(), 0..30),
            shared in proptest::collection::vec(any::<u64>(), 1..30),
            suffix_a in proptest::collection::vec(any::<u64>(), 0..30),
            suffix_b in proptest::collection::vec(any::<u64>(), 0..30),
            w in 1usize..8,
        ) {
            prop_assume!(shared.len() >= w);
            let a: Vec<u64> = prefix_a.iter().chain(&shared).chain(&suffix_a).copied().collect();
            let b: Vec<u64> = prefix_b.iter().chain(&shared).chain(&suffix_b).copied().collect();
            let fa: Vec<u64> = winnow(&a, w)
                .into_iter()
                .filter(|&p| (p as usize) >= prefix_a.len() && (p as usize) < prefix_a.len() + shared.len())
                .map(|p| a[p as usize])
                .collect();
            let fb: Vec<u64> = winnow(&b, w)
                .into_iter()
                .filter(|&p| (p as usize) >= prefix_b.len() && (p as usize) < prefix_b.len() + shared.len())
                .map(|p| b[p as usize])
                .collect();
            prop_assert!(fa.iter().any(|h| fb.contains(h)), "no shared fingerprint: {:?} / {:?}", fa, fb);
        }
    }
}
