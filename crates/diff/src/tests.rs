//! Whole-engine tests: the partition invariant (also as property tests), alignment shapes,
//! scores, determinism and bounded cost.

use crate::engine::diff_counted;
use crate::model::{BlockKind, Diff, OpTag};
use crate::text::Segmented;
use crate::{diff, DiffOptions, NormalizeOptions};

/// Normalised kept tokens of `text[span]` (what "equal" means for an op).
fn norm_tokens(text: &str, span: crate::Span, opts: &NormalizeOptions) -> Vec<String> {
    let piece = &text[span.range()];
    let seg = Segmented::new(piece);
    seg.normalized(piece, opts).into_iter().flatten().collect()
}

/// Checks every documented invariant of `d` for `old` and `new`.
pub(crate) fn check(old: &str, new: &str, d: &Diff, opts: &DiffOptions) {
    let mut old_spans = Vec::new();
    let mut new_text = String::new();
    let mut new_at = 0;
    for b in &d.blocks {
        assert!(!b.ops.is_empty(), "block without ops: {b:?}");
        for op in &b.ops {
            assert!(old.is_char_boundary(op.old.start) && old.is_char_boundary(op.old.end), "{op:?}");
            assert!(new.is_char_boundary(op.new.start) && new.is_char_boundary(op.new.end), "{op:?}");
            match op.tag {
                OpTag::Insert => assert!(op.old.is_empty() && !op.new.is_empty(), "{op:?}"),
                OpTag::Delete => assert!(op.new.is_empty() && !op.old.is_empty(), "{op:?}"),
                OpTag::Replace => assert!(!op.old.is_empty() || !op.new.is_empty(), "{op:?}"),
                OpTag::Equal | OpTag::Move => {
                    if b.kind != BlockKind::Gap {
                        assert_eq!(
                            norm_tokens(old, op.old, opts.normalize_options()),
                            norm_tokens(new, op.new, opts.normalize_options()),
                            "equal op {op:?} in {b:?}"
                        );
                    }
                }
            }
            if op.tag == OpTag::Move {
                assert!(b.moved, "move op outside a moved block: {b:?}");
            }
            if b.moved {
                assert_ne!(op.tag, OpTag::Equal, "equal op in a moved block: {b:?}");
            }
            // NEW is covered in block order.
            assert_eq!(op.new.start, new_at, "NEW not contiguous at {op:?} in {b:?}");
            new_at = op.new.end;
            new_text.push_str(&new[op.new.range()]);
            old_spans.push(op.old);
        }
        if b.kind == BlockKind::Gap {
            for op in &b.ops {
                assert!(old[op.old.range()].chars().all(|c| c.is_whitespace() || c == '\u{FEFF}'));
                assert!(new[op.new.range()].chars().all(|c| c.is_whitespace() || c == '\u{FEFF}'));
            }
        }
    }
    assert_eq!(new_text, new, "NEW rebuilt in block order");
    old_spans.sort_by_key(|s| (s.start, s.end));
    let mut at = 0;
    let mut old_text = String::new();
    for s in &old_spans {
        assert_eq!(s.start, at, "OLD not partitioned near {s:?}");
        at = s.end;
        old_text.push_str(&old[s.range()]);
    }
    assert_eq!(old_text, old, "OLD rebuilt from sorted spans");
    // Paragraph ranges: every paragraph in exactly one non-gap block.
    let mut seen_old = vec![0; d.old.paragraphs.len()];
    let mut seen_new = vec![0; d.new.paragraphs.len()];
    for b in d.blocks.iter().filter(|b| b.kind != BlockKind::Gap) {
        b.old_paras.clone().for_each(|i| seen_old[i] += 1);
        b.new_paras.clone().for_each(|i| seen_new[i] += 1);
        assert!((0.0..=1.0).contains(&b.similarity), "{b:?}");
        match b.kind {
            BlockKind::Equal | BlockKind::Edited => assert!(b.old_paras.len() == 1 && b.new_paras.len() == 1),
            BlockKind::Merged => assert!(b.old_paras.len() > 1 && b.new_paras.len() == 1),
            BlockKind::Split => assert!(b.old_paras.len() == 1 && b.new_paras.len() > 1),
            BlockKind::Deleted => assert!(!b.old_paras.is_empty() && b.new_paras.is_empty()),
            BlockKind::Inserted => assert!(b.old_paras.is_empty() && !b.new_paras.is_empty()),
            BlockKind::Gap => unreachable!(),
        }
        if b.kind == BlockKind::Equal {
            assert!(b.ops.iter().all(|o| matches!(o.tag, OpTag::Equal | OpTag::Move)));
        }
    }
    assert!(seen_old.iter().all(|&c| c == 1), "OLD paragraphs: {seen_old:?}");
    assert!(seen_new.iter().all(|&c| c == 1), "NEW paragraphs: {seen_new:?}");
    // Blocks holding NEW paragraphs come in NEW's order.
    let starts: Vec<usize> = d.blocks.iter().filter(|b| !b.new_paras.is_empty()).map(|b| b.new_paras.start).collect();
    assert!(starts.windows(2).all(|w| w[0] < w[1]), "{starts:?}");
    let st = d.stats;
    assert!(st.old_kept <= st.old_words && st.new_taken <= st.new_words, "{st:?}");
}

fn kinds(d: &Diff) -> Vec<(BlockKind, std::ops::Range<usize>, std::ops::Range<usize>, bool)> {
    d.blocks
        .iter()
        .filter(|b| b.kind != BlockKind::Gap)
        .map(|b| (b.kind, b.old_paras.clone(), b.new_paras.clone(), b.moved))
        .collect()
}

fn run(old: &str, new: &str) -> Diff {
    let opts = DiffOptions::default();
    let d = diff(old, new, &opts);
    check(old, new, &d, &opts);
    d
}

#[test]
fn identical_texts_are_equal() {
    let t = "One paragraph here.\n\nAnd a second one.\n";
    let d = run(t, t);
    assert!(d.is_equal());
    assert_eq!(d.stats.old_kept, d.stats.old_words);
    assert_eq!(kinds(&d), vec![(BlockKind::Equal, 0..1, 0..1, false), (BlockKind::Equal, 1..2, 1..2, false)]);
}

#[test]
fn typography_and_line_endings_are_not_changes() {
    let old = "\u{FEFF}He said \u{201C}don\u{2019}t\u{201D} \u{2014} twice.\r\n\r\n\r\nNext   one.\r\n";
    let new = "He said \"don't\" - twice.\n\nNext one.";
    let d = run(old, new);
    assert!(d.is_equal(), "{:?}", d.blocks);
    assert_eq!(d.stats.new_taken, d.stats.new_words);
}

#[test]
fn empty_texts() {
    assert!(run("", "").is_equal());
    let d = run("", "Some text.\n");
    assert!(!d.is_equal());
    assert_eq!(kinds(&d), vec![(BlockKind::Inserted, 0..0, 0..1, false)]);
    let d = run("  \n\n", "");
    assert!(d.is_equal(), "white space only is equal to nothing");
    let d = run("Gone now.", "\n");
    assert_eq!(kinds(&d), vec![(BlockKind::Deleted, 0..1, 0..0, false)]);
}

#[test]
fn edited_paragraph_has_tight_word_changes() {
    let old = "The committee approved the plan on Monday after a long debate.";
    let new = "The committee rejected the plan on Monday after a long debate.";
    let d = run(old, new);
    let changes: Vec<(&str, &str)> = d
        .blocks
        .iter()
        .flat_map(|b| &b.ops)
        .filter(|o| o.tag != OpTag::Equal)
        .map(|o| (&old[o.old.range()], &new[o.new.range()]))
        .collect();
    assert_eq!(changes, vec![("approved", "rejected")]);
    assert_eq!(kinds(&d), vec![(BlockKind::Edited, 0..1, 0..1, false)]);
}

#[test]
fn work_is_counted() {
    let (_, w) = diff_counted("a b c", "a c d", &DiffOptions::default());
    assert!(w.units > 0);
}
