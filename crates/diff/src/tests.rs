//! Whole-engine tests: the partition invariant (also as property tests), alignment shapes,
//! scores, determinism and bounded cost.

use crate::engine::diff_counted;
use crate::model::{BlockKind, Diff, OpTag};
use crate::{diff, DiffOptions, NormalizeOptions};
use copytrace_text::segment::Segmented;

/// Normalised kept tokens inside `span` (what "equal" means for an op), checking that the
/// span cuts no token.
fn norm_tokens(text: &str, seg: &Segmented, span: crate::Span, opts: &NormalizeOptions) -> Vec<String> {
    let norm = seg.normalized(text, opts);
    let mut out = Vec::new();
    for (t, n) in seg.tokens.iter().zip(norm) {
        let inside = t.span.start >= span.start && t.span.end <= span.end;
        let outside = t.span.end <= span.start || t.span.start >= span.end;
        assert!(inside || outside || span.is_empty(), "span {span:?} cuts token {t:?}");
        if inside && !t.span.is_empty() {
            out.extend(n);
        }
    }
    out
}

/// Checks every documented invariant of `d` for `old` and `new`.
pub(crate) fn check(old: &str, new: &str, d: &Diff, opts: &DiffOptions) {
    let (seg_old, seg_new) = (Segmented::new(old), Segmented::new(new));
    assert_eq!(d.old, crate::Layout::of(&seg_old), "OLD's paragraphs");
    assert_eq!(d.new, crate::Layout::of(&seg_new), "NEW's paragraphs");
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
                            norm_tokens(old, &seg_old, op.old, opts.normalize_options()),
                            norm_tokens(new, &seg_new, op.new, opts.normalize_options()),
                            "equal op {op:?} in {b:?}"
                        );
                    }
                }
            }
            if b.kind != BlockKind::Gap {
                norm_tokens(old, &seg_old, op.old, opts.normalize_options());
                norm_tokens(new, &seg_new, op.new, opts.normalize_options());
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

mod props {
    use super::*;
    use proptest::prelude::*;

    const VOCAB: &[&str] = &[
        "the",
        "a",
        "of",
        "leak",
        "minister",
        "said",
        "inquiry",
        "police",
        "Huawei",
        "council",
        "don\u{2019}t",
        "don't",
        "\u{201C}quoted\u{201D}",
        "\"quoted\"",
        "\u{2014}",
        "-",
        "2019",
        "caf\u{e9}",
        "cafe\u{301}",
        ",",
        ".",
        "\u{FB01}ne",
        "fine",
        "\u{2026}",
        "...",
        "Stra\u{df}e",
        "\u{65e5}\u{672c}",
        "\u{1F600}",
    ];

    fn word() -> impl Strategy<Value = String> {
        prop_oneof![
            8 => proptest::sample::select(VOCAB).prop_map(str::to_owned),
            1 => "\\PC{1,6}",
            1 => "[a-z]{1,8}",
        ]
    }

    fn paragraph() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            (word(), prop_oneof![6 => Just(" "), 1 => Just("\n"), 1 => Just("  "), 1 => Just("\t")]),
            1..12,
        )
        .prop_map(|ws| {
            let mut s = String::new();
            for (k, (w, sep)) in ws.iter().enumerate() {
                if k > 0 {
                    s.push_str(sep);
                }
                s.push_str(w);
            }
            s
        })
    }

    fn separator() -> impl Strategy<Value = &'static str> {
        proptest::sample::select(&["\n\n", "\r\n\r\n", "\n \n", "\n\n\n", "\r\n \r\n\r\n"][..])
    }

    fn text() -> impl Strategy<Value = String> {
        (
            any::<bool>(),
            proptest::sample::select(&["", "\n", "  ", "\r\n\r\n"][..]),
            proptest::collection::vec((paragraph(), separator()), 0..8),
            proptest::sample::select(&["", "\n", " \n\n", "\r\n"][..]),
        )
            .prop_map(|(bom, lead, paras, trail)| assemble(bom, lead, &paras, trail))
    }

    fn assemble(bom: bool, lead: &str, paras: &[(String, &str)], trail: &str) -> String {
        let mut s = String::new();
        if bom {
            s.push('\u{FEFF}');
        }
        s.push_str(lead);
        for (k, (p, sep)) in paras.iter().enumerate() {
            if k > 0 {
                s.push_str(sep);
            }
            s.push_str(p);
        }
        s.push_str(trail);
        s
    }

    /// An edit applied to a list of paragraphs.
    #[derive(Clone, Debug)]
    enum Edit {
        Keep,
        Words(usize, String),
        Merge,
        Split(usize),
        Move(usize),
        Delete,
        Insert(String),
        Quotes,
    }

    fn edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            4 => Just(Edit::Keep),
            2 => (any::<usize>(), word()).prop_map(|(i, w)| Edit::Words(i, w)),
            1 => Just(Edit::Merge),
            1 => any::<usize>().prop_map(Edit::Split),
            1 => any::<usize>().prop_map(Edit::Move),
            1 => Just(Edit::Delete),
            1 => paragraph().prop_map(Edit::Insert),
            1 => Just(Edit::Quotes),
        ]
    }

    /// Applies one edit per paragraph of `paras`.
    fn apply(paras: &[String], edits: &[Edit]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut moved: Vec<(usize, String)> = Vec::new();
        let mut k = 0;
        while k < paras.len() {
            let p = paras[k].clone();
            match edits.get(k).cloned().unwrap_or(Edit::Keep) {
                Edit::Keep => out.push(p),
                Edit::Words(i, w) => {
                    let mut ws: Vec<&str> = p.split(' ').collect();
                    let at = i % (ws.len() + 1);
                    if i % 3 == 0 && at < ws.len() {
                        ws[at] = &w;
                    } else if i % 3 == 1 && at < ws.len() {
                        ws.remove(at);
                    } else {
                        ws.insert(at.min(ws.len()), &w);
                    }
                    out.push(ws.join(" "));
                }
                Edit::Merge if k + 1 < paras.len() => {
                    out.push(format!("{p} {}", paras[k + 1]));
                    k += 1;
                }
                Edit::Split(i) => {
                    let cuts: Vec<usize> = p.match_indices(' ').map(|m| m.0).collect();
                    if cuts.is_empty() {
                        out.push(p);
                    } else {
                        let c = cuts[i % cuts.len()];
                        out.push(p[..c].to_owned());
                        out.push(p[c + 1..].to_owned());
                    }
                }
                Edit::Move(i) => moved.push((i, p)),
                Edit::Delete => {}
                Edit::Insert(q) => {
                    out.push(q);
                    out.push(p);
                }
                Edit::Quotes => out.push(p.replace('"', "\u{201C}").replace('\'', "\u{2019}")),
                Edit::Merge => out.push(p),
            }
            k += 1;
        }
        for (i, p) in moved {
            let at = i % (out.len() + 1);
            out.insert(at, p);
        }
        out
    }

    fn pair() -> impl Strategy<Value = (String, String)> {
        (
            proptest::collection::vec(paragraph(), 0..9),
            proptest::collection::vec(edit(), 0..9),
            any::<bool>(),
            separator(),
        )
            .prop_map(|(paras, edits, bom, sep)| {
                let new = apply(&paras, &edits);
                let old: Vec<(String, &str)> = paras.into_iter().map(|p| (p, "\n\n")).collect();
                let new: Vec<(String, &str)> = new.into_iter().map(|p| (p, sep)).collect();
                (assemble(false, "", &old, "\n"), assemble(bom, "", &new, ""))
            })
    }

    fn all_options() -> impl Strategy<Value = DiffOptions> {
        (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>(), 0.0..1.0f64)
            .prop_map(|(case, punct, typo, moves, merges, clean, sim)| {
                DiffOptions::new()
                    .normalize(NormalizeOptions::new().case(case).punctuation(punct).typography(typo))
                    .detect_moves(moves)
                    .detect_merges(merges)
                    .semantic_cleanup(clean)
                    .min_similarity(sim)
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn edited_texts_are_partitioned((old, new) in pair(), opts in all_options()) {
            let d = diff(&old, &new, &opts);
            check(&old, &new, &d, &opts);
            prop_assert_eq!(&diff(&old, &new, &opts), &d, "deterministic");
            let (seq, _) = crate::engine::diff_with(&old, &new, &opts, false, true);
            let (par, _) = crate::engine::diff_with(&old, &new, &opts, true, true);
            prop_assert_eq!(&seq, &d, "sequential");
            prop_assert_eq!(&par, &d, "parallel");
        }

        #[test]
        fn unrelated_texts_are_partitioned(old in text(), new in text(), opts in all_options()) {
            let d = diff(&old, &new, &opts);
            check(&old, &new, &d, &opts);
        }

        #[test]
        fn arbitrary_strings_are_partitioned(old in "\\PC*", new in "(\\PC|\r|\n)*") {
            let opts = DiffOptions::default();
            let d = diff(&old, &new, &opts);
            check(&old, &new, &d, &opts);
        }

        #[test]
        fn a_text_equals_itself(t in text()) {
            let d = diff(&t, &t, &DiffOptions::default());
            prop_assert!(d.is_equal());
            prop_assert_eq!(d.stats.old_kept, d.stats.old_words);
        }

        #[test]
        fn line_endings_and_quotes_do_not_count(t in text()) {
            let new = t.replace("\r\n", "\n").replace('"', "\u{201D}").replace('\'', "\u{2019}");
            let d = diff(&t, &new, &DiffOptions::default());
            check(&t, &new, &d, &DiffOptions::default());
            prop_assert!(d.is_equal(), "{:?}", d.blocks);
        }
    }

    /// Paragraphs of distinct words, so every paragraph has one unambiguous counterpart.
    fn distinct_paras(count: usize, len: usize) -> Vec<String> {
        (0..count).map(|p| (0..len).map(|w| format!("p{p}w{w}")).collect::<Vec<_>>().join(" ")).collect()
    }

    fn join(ps: &[String]) -> String {
        ps.join("\n\n")
    }

    proptest! {
        #[test]
        fn merges_are_found(count in 3usize..8, at in 0usize..8, len in 2usize..9) {
            let at = at % (count - 1);
            let old = distinct_paras(count, len);
            let mut new = old.clone();
            let next = new.remove(at + 1);
            new[at] = format!("{} {next}", new[at]);
            let d = run(&join(&old), &join(&new));
            prop_assert!(kinds(&d).contains(&(BlockKind::Merged, at..at + 2, at..at + 1, false)), "{:?}", kinds(&d));
        }

        #[test]
        fn splits_are_found(count in 1usize..6, at in 0usize..6, len in 4usize..9, cut in 1usize..4) {
            let at = at % count;
            let old = distinct_paras(count, len);
            let mut new = old.clone();
            let words: Vec<&str> = old[at].split(' ').collect();
            new[at] = words[..cut].join(" ");
            new.insert(at + 1, words[cut..].join(" "));
            let d = run(&join(&old), &join(&new));
            prop_assert!(kinds(&d).contains(&(BlockKind::Split, at..at + 1, at..at + 2, false)), "{:?}", kinds(&d));
        }

        #[test]
        fn moves_are_found(count in 5usize..10, from in 0usize..10, by in 0usize..10) {
            // Moved by at least two places (a swap of neighbours is ambiguous).
            let from = from % count;
            let to = (from + 2 + by % (count - 3)) % count;
            let old = distinct_paras(count, 5);
            let mut new = old.clone();
            let p = new.remove(from);
            new.insert(to, p);
            let d = run(&join(&old), &join(&new));
            let moved: Vec<_> = d.blocks.iter().filter(|b| b.moved).collect();
            prop_assert_eq!(moved.len(), 1, "{:?}", kinds(&d));
            prop_assert_eq!(moved[0].old_paras.clone(), from..from + 1);
            prop_assert_eq!(moved[0].new_paras.clone(), to..to + 1);
            prop_assert!(moved[0].ops.iter().all(|o| o.tag == OpTag::Move));
            prop_assert!(!kinds(&d).iter().any(|k| matches!(k.0, BlockKind::Deleted | BlockKind::Inserted)));
        }
    }
}
/// Found by the property tests: `similar` reported a deletion after a replacement with a
/// NEW index behind the current position, which left NEW tokens outside every op.
#[test]
fn regression_deletion_after_replacement() {
    let old = "the\n\nthe the the . the the caf\u{e9}";
    let new = "a ... caf\u{e9}  \u{2014}";
    let opts = DiffOptions::new()
        .normalize(NormalizeOptions::new().typography(false))
        .min_similarity(0.0)
        .detect_moves(false)
        .detect_merges(false);
    let d = diff(old, new, &opts);
    check(old, new, &d, &opts);
}

mod cost {
    use super::*;
    use crate::work::Work;

    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    /// `paras` paragraphs of `words` words drawn from a vocabulary of `vocab` words.
    fn text(seed: u64, paras: usize, words: usize, vocab: u64, sep: &str) -> String {
        let mut r = Rng(seed);
        (0..paras)
            .map(|_| (0..words).map(|_| format!("w{}", r.below(vocab))).collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>()
            .join(sep)
    }

    fn work(old: &str, new: &str) -> Work {
        let opts = DiffOptions::default();
        let (d, w) = diff_counted(old, new, &opts);
        check(old, new, &d, &opts);
        w
    }

    /// Work grows about linearly: four times the input costs well under sixteen times the
    /// work (what an all-pairs or unbounded quadratic step would cost).
    fn assert_linear(make: impl Fn(usize) -> (String, String), n: usize) {
        let (a, b) = make(n);
        let small = work(&a, &b).units;
        let (a, b) = make(4 * n);
        let large = work(&a, &b).units;
        assert!(large <= 6 * small, "work {small} -> {large} for 4x the input");
    }

    #[test]
    fn many_similar_paragraphs_stay_linear() {
        // Every paragraph resembles every other: a tiny vocabulary.
        assert_linear(|n| (text(1, n, 12, 6, "\n\n"), text(2, n, 12, 6, "\n\n")), 150);
    }

    #[test]
    fn many_different_paragraphs_stay_linear() {
        assert_linear(|n| (text(3, n, 20, 5000, "\n\n"), text(4, n, 20, 5000, "\n\n")), 150);
    }

    #[test]
    fn huge_different_paragraphs_stay_linear() {
        // One paragraph each, far beyond what Myers is given directly.
        assert_linear(|n| (text(5, 1, n, 50, ""), text(6, 1, n, 50, "")), 3000);
    }

    #[test]
    fn unchanged_paragraphs_cost_next_to_nothing() {
        // The same three edits in a text 1x and 20x as long: the unchanged paragraphs are
        // settled, so each adds next to no work. Without settling, the work grows with the
        // text many times faster.
        let make = |n: usize| {
            let old = text(11, n, 20, 5000, "\n\n");
            let mut paras: Vec<String> = old.split("\n\n").map(str::to_owned).collect();
            for k in [1, 3, 5] {
                paras[k].push_str(" and one more");
            }
            (old, paras.join("\n\n"))
        };
        let opts = DiffOptions::default();
        let units = |(old, new): (String, String), settle: bool| {
            let (d, w) = crate::engine::diff_with(&old, &new, &opts, false, settle);
            check(&old, &new, &d, &opts);
            assert_eq!(d.blocks.iter().filter(|b| b.kind == BlockKind::Edited).count(), 3);
            w.units
        };
        let (small, large) = (units(make(10), true), units(make(200), true));
        // A handful of units per unchanged paragraph (its place in the chain), where
        // aligning it costs hundreds.
        let per_paragraph = (large - small) / 190;
        assert!(per_paragraph <= 16, "settled: work {small} -> {large} for 20x the text");
        let unsettled = units(make(200), false);
        assert!(unsettled > 10 * large, "unsettled: work {unsettled}, settled {large}");
    }

    #[test]
    fn huge_reordered_paragraphs_stay_linear() {
        // The same words in another order: a worst case for Myers, cut at unique anchors.
        assert_linear(
            |n| {
                let a = text(7, 1, n, 1_000_000, "");
                let mut words: Vec<&str> = a.split(' ').collect();
                words.reverse();
                (a.clone(), words.join(" "))
            },
            3000,
        );
    }
}

#[test]
fn reworded_paragraph_in_place_is_edited() {
    let old = "First stays here.\n\nalpha beta gamma delta epsilon zeta eta theta\n\nLast stays too.";
    let new = "First stays here.\n\nalpha beta gamma delta one two three four five six seven eight\n\nLast stays too.";
    // Dice 2 * 4 / (8 + 12) = 0.4: below min_similarity, above min_similarity_in_place.
    let d = run(old, new);
    assert_eq!(kinds(&d)[1], (BlockKind::Edited, 1..2, 1..2, false), "{:?}", kinds(&d));
    let opts = DiffOptions::new().min_similarity_in_place(0.5);
    let d = diff(old, new, &opts);
    check(old, new, &d, &opts);
    assert_eq!(
        kinds(&d)[1..3],
        [(BlockKind::Deleted, 1..2, 1..1, false), (BlockKind::Inserted, 2..2, 1..2, false)],
        "{:?}",
        kinds(&d)
    );
    // The same paragraph elsewhere is not paired at that similarity.
    let new = "alpha beta gamma delta one two three four five six seven eight\n\nFirst stays here.\n\nLast stays too.";
    let old = "First stays here.\n\nLast stays too.\n\nalpha beta gamma delta epsilon zeta eta theta";
    let d = run(old, new);
    assert!(!kinds(&d).iter().any(|k| k.0 == BlockKind::Edited), "{:?}", kinds(&d));
}

mod corpus {
    use super::*;

    const FIRST: &str = include_str!("../../../corpus/williamson-leak-first-report.txt");
    const UPDATED: &str = include_str!("../../../corpus/williamson-leak-updated-report.txt");

    /// The alignment the corpus README describes: the first report's 2nd, 4th and 6th
    /// paragraphs each split over several paragraphs of the updated report, its captions
    /// unchanged or edited in place, and the updated report's new opening and ending
    /// inserted.
    #[test]
    fn first_report_against_updated_report() {
        let d = run(FIRST, UPDATED);
        use BlockKind::*;
        assert_eq!(
            kinds(&d),
            vec![
                (Inserted, 0..0, 0..1, false),
                (Edited, 0..1, 1..2, false),
                (Inserted, 1..1, 2..5, false),
                (Split, 1..2, 5..8, false),
                (Equal, 2..3, 8..9, false),
                (Split, 3..4, 9..15, false),
                (Equal, 4..5, 15..16, false),
                (Split, 5..6, 16..20, false),
                (Inserted, 6..6, 20..23, false),
            ]
        );
        // The caption lost only its metadata prefix.
        let caption = d.blocks.iter().find(|b| b.kind == Edited).expect("edited caption");
        let changed: Vec<&str> =
            caption.ops.iter().filter(|o| o.tag != OpTag::Equal).map(|o| &FIRST[o.old.range()]).collect();
        assert_eq!(changed, ["date 2019-05-04"]);
        // Nearly all of the first report is kept; about two thirds of the update comes from it.
        assert!(d.stats.old_in_new() > 0.9, "{:?}", d.stats);
        assert!((0.55..0.7).contains(&d.stats.new_from_old()), "{:?}", d.stats);
    }

    #[test]
    fn curly_quotes_and_crlf_do_not_change_the_alignment() {
        let mut curly = String::new();
        let mut open = true;
        for c in UPDATED.chars() {
            match c {
                '"' => {
                    curly.push(if open { '\u{201C}' } else { '\u{201D}' });
                    open = !open;
                }
                '\'' => curly.push('\u{2019}'),
                '\n' => curly.push_str("\r\n"),
                c => curly.push(c),
            }
        }
        let plain = run(FIRST, UPDATED);
        let fancy = run(FIRST, &curly);
        assert_eq!(kinds(&plain), kinds(&fancy));
        assert_eq!(plain.stats, fancy.stats);
        assert!(run(UPDATED, &curly).is_equal());
    }

    #[test]
    fn reverse_direction_merges() {
        let d = run(UPDATED, FIRST);
        let merged: Vec<_> = kinds(&d).into_iter().filter(|k| k.0 == BlockKind::Merged).map(|k| (k.1, k.2)).collect();
        assert_eq!(merged, vec![(5..8, 1..2), (9..15, 3..4), (16..20, 5..6)]);
    }
}

#[test]
fn unrelated_paragraphs_in_place_are_not_paired() {
    // One paragraph each, sharing only function words: Dice of the bags is above the
    // in-place threshold, but word by word nothing but "the"/"of" matches.
    let old = "The history of the region is the story of the river and of the people who farmed it.";
    let new = "The price of the shares fell after the report of the auditors on the state of the bank.";
    let d = run(old, new);
    assert_eq!(
        kinds(&d),
        vec![(BlockKind::Deleted, 0..1, 0..0, false), (BlockKind::Inserted, 1..1, 0..1, false)],
        "{:?}",
        d.blocks
    );
    // With the thresholds at zero they pair.
    let opts = DiffOptions::new().min_similarity(0.0).min_similarity_in_place(0.0);
    let d = diff(old, new, &opts);
    check(old, new, &d, &opts);
    assert_eq!(kinds(&d), vec![(BlockKind::Edited, 0..1, 0..1, false)]);
}

#[test]
fn identical_paragraphs_win_over_similar_ones() {
    // Paragraphs in reverse order; the first and last are similar to each other. Each must
    // be found as itself, moved, not paired with its look-alike as an edit.
    let paras = [
        "Gavin Williamson was fired from his role as Defence Secretary following the leak.",
        "Something else entirely about the weather in the north today.",
        "A third paragraph on quite another subject, namely football.",
        "Williamson was sacked from his role as Defence Secretary following the leak inquiry.",
    ];
    let old = paras.join("\n\n");
    let new = paras.iter().rev().copied().collect::<Vec<_>>().join("\n\n");
    let d = run(&old, &new);
    assert!(!kinds(&d).iter().any(|k| k.0 != BlockKind::Equal), "{:?}", kinds(&d));
    for b in d.blocks.iter().filter(|b| b.kind == BlockKind::Equal) {
        assert_eq!(b.old_paras.start, 3 - b.new_paras.start, "{:?}", kinds(&d));
    }
}

#[test]
fn moves_must_hold_up_word_by_word() {
    let x = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron";
    // Chunks of three in reverse order: bigrams and bag shared, at most three words in order.
    let x_rev = "nu xi omicron kappa lambda mu eta theta iota delta epsilon zeta alpha beta gamma";
    let p = [
        "The first paragraph stays where it is, with all of its words in their place.",
        "The second paragraph stays too, and nobody touched a single one of its words.",
        "A third paragraph also stays as well, unchanged from the first word to the last.",
    ];
    let old = format!("{}\n\n{}\n\n{}\n\n{x}", p[0], p[1], p[2]);
    // The same words, scrambled, at the other end: the bags match, the text does not.
    let d = run(&old, &format!("{x_rev}\n\n{}\n\n{}\n\n{}", p[0], p[1], p[2]));
    assert!(!d.blocks.iter().any(|b| b.moved), "{:?}", kinds(&d));
    // Moved as it is, it is a move.
    let d = run(&old, &format!("{x}\n\n{}\n\n{}\n\n{}", p[0], p[1], p[2]));
    assert_eq!(d.blocks.iter().filter(|b| b.moved).count(), 1, "{:?}", kinds(&d));
}

#[test]
fn units_failing_the_word_check_free_their_paragraphs() {
    let p0 = "The opening paragraph stays exactly where it was in the first version of this text.";
    let p2 = "The closing paragraph also stays exactly where it was, word for word, at the end.";
    let x = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu";
    // X's words in pairs, the pairs in reverse order: bags equal, bigrams half shared, and
    // word by word nothing but two-word runs the clean-up absorbs.
    let x_pairs = "lambda mu iota kappa eta theta epsilon zeta gamma delta alpha beta";
    // X lightly edited, after the closing paragraph.
    let x_edit = "alpha beta gamma delta epsilon zeta eta theta iota kappa nu xi";
    let old = format!("{p0}\n\n{x}\n\n{p2}");
    let new = format!("{p0}\n\n{x_pairs}\n\n{p2}\n\n{x_edit}");
    let d = run(&old, &new);
    // First choice, X with its scrambled copy in place, fails the word check; X is then
    // found moved to the end, and the scrambled copy is new text.
    assert_eq!(
        kinds(&d),
        vec![
            (BlockKind::Equal, 0..1, 0..1, false),
            (BlockKind::Inserted, 1..1, 1..2, false),
            (BlockKind::Equal, 2..3, 2..3, false),
            (BlockKind::Edited, 1..2, 3..4, true),
        ]
    );
}
