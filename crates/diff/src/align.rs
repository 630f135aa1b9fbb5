//! Paragraph alignment.

use crate::options::DiffOptions;
use crate::side::Side;
use crate::words::Work;
use similar::{capture_diff_slices, Algorithm, DiffOp};
use std::collections::HashMap;
use std::ops::Range;

/// Paragraphs of OLD matched with paragraphs of NEW.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Unit {
    pub(crate) old: Range<usize>,
    pub(crate) new: Range<usize>,
    pub(crate) moved: bool,
}

/// Aligns the paragraphs of `o` and `n`.
pub(crate) fn align(o: &Side, n: &Side, opts: &DiffOptions, work: &mut Work) -> Vec<Unit> {
    let _ = opts;
    let mut keys: HashMap<&[u32], u32> = HashMap::new();
    let mut ok = Vec::new();
    let mut nk = Vec::new();
    for (s, out) in [(o, &mut ok), (n, &mut nk)] {
        for r in &s.para_kept {
            let next = u32::try_from(keys.len()).unwrap_or(u32::MAX);
            out.push(*keys.entry(&s.ids[r.clone()]).or_insert(next));
        }
    }
    work.add(ok.len() + nk.len());
    let mut units = Vec::new();
    for op in capture_diff_slices(Algorithm::Patience, &ok, &nk) {
        match op {
            DiffOp::Equal { old_index, new_index, len } => {
                units.extend((0..len).map(|k| Unit {
                    old: old_index + k..old_index + k + 1,
                    new: new_index + k..new_index + k + 1,
                    moved: false,
                }));
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                units.extend((0..old_len.min(new_len)).map(|k| Unit {
                    old: old_index + k..old_index + k + 1,
                    new: new_index + k..new_index + k + 1,
                    moved: false,
                }));
            }
            DiffOp::Delete { .. } | DiffOp::Insert { .. } => {}
        }
    }
    units
}
