//! The human report of `copytrace diff`.
//!
//! ```text
//! OLD  corpus/first.txt  (495 words, 6 paragraphs)
//! NEW  corpus/updated.txt  (812 words, 25 paragraphs)
//! OLD kept in NEW     97.4%  (482 of 495 words)
//! NEW taken from OLD  59.4%  (482 of 812 words)
//! paragraphs          1 unchanged, 2 edited, 3 split, 19 inserted
//!
//! NEW ¶4-6 = OLD ¶2  (split 1:3, 96% similar)
//!   Earlier on Saturday, Met Police Assistant Commissioner Neil Basu said the leak
//!   ...
//! ... 2 unchanged paragraphs (NEW ¶7-8) ...
//! ```
//!
//! * A **header**: both files (with their encoding when it is not UTF-8), the containment
//!   both ways with word counts, and how many paragraphs of each kind the alignment found.
//! * The aligned paragraphs in **NEW's order**, each under a label with 1-based paragraph
//!   numbers: `NEW ¶5 = OLD ¶4` (edited, with its similarity), `NEW ¶3-5 = OLD ¶2` (one
//!   paragraph split into several, or several merged into one), `NEW ¶9 moved from OLD ¶3`,
//!   `deleted OLD ¶4` (shown where it stood), `inserted NEW ¶6`.
//! * Inside a paragraph, text of OLD that is gone is in the delete style and text of NEW
//!   that is new in the insert style ([`Styles`]); in plain output they are also marked
//!   `[-gone-]` and `{+new+}`. Text equal under the normalisation is shown as NEW has it.
//!   Where NEW joined paragraphs that OLD kept apart (a merge), a dimmed `¶` marks each seam
//!   inside NEW's paragraph.
//! * **Unchanged** paragraphs are folded into one line saying how many were hidden, except
//!   [`HumanOptions::context`] of them on each side of a change (like `diff -U`).
//! * Text is **wrapped** at word boundaries to [`HumanOptions::width`] display columns
//!   ([`crate::wrap`]); white space is reflowed.
//! * **Side by side** ([`HumanOptions::side_by_side`]): OLD in the left column, NEW in the
//!   right, each wrapped to its column, deletions marked on the left, insertions on the
//!   right; a merged block shows OLD's several paragraphs next to NEW's one.

use crate::style::{write_styled, Styles};
use crate::wrap::{white_space_run, word_end, wrap, wrap_each, StyledText};
use copytrace_corpus::Input;
use copytrace_diff::{Block, BlockKind, Diff, OpTag};
use owo_colors::Style;
use rayon::prelude::*;
use std::io::{self, Write};
use std::ops::Range;
use unicode_width::UnicodeWidthStr;

/// Options of the human report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HumanOptions {
    /// Total width in display columns (at least 20 is sensible; smaller still works).
    pub width: usize,
    /// Unchanged paragraphs shown on each side of a change.
    pub context: usize,
    /// Two columns, OLD left and NEW right.
    pub side_by_side: bool,
}

/// Indentation of paragraph text under its label in the unified view.
const INDENT: &str = "  ";
/// Between the two columns of the side-by-side view.
const GUTTER: &str = " | ";

/// Writes the report of `diff` (computed from `old`'s and `new`'s texts).
///
/// # Errors
/// Whatever the writer returns.
pub fn render(
    w: &mut dyn Write,
    diff: &Diff,
    old: &Input,
    new: &Input,
    opts: &HumanOptions,
    st: &Styles,
) -> io::Result<()> {
    header(w, diff, old, new, opts.width, st)?;
    let shown: Vec<&Block> = diff.blocks.iter().filter(|b| b.kind != BlockKind::Gap).collect();
    let changed: Vec<bool> = shown.iter().map(|b| is_change(b)).collect();
    let visible = visible(&changed, opts.context);
    if shown.len() < PARALLEL_BLOCKS {
        return blocks(w, &shown, &visible, 0..shown.len(), old.text(), new.text(), opts, st);
    }
    // Pieces rendered at once, each into memory, written in order: cut at blocks shown, so
    // that no run of folded blocks spans a cut (the bytes are those of one pass). More
    // pieces than threads, so that a piece with more changed text does not keep one thread
    // busy while the other waits.
    let mut cuts = vec![0];
    for k in 1..PARALLEL_PIECES {
        let mut cut = (shown.len() * k / PARALLEL_PIECES).max(cuts[cuts.len() - 1]);
        while cut < shown.len() && !visible[cut] {
            cut += 1;
        }
        cuts.push(cut);
    }
    cuts.push(shown.len());
    let pieces: Vec<Range<usize>> = cuts.windows(2).map(|c| c[0]..c[1]).filter(|r| !r.is_empty()).collect();
    let rendered: Vec<io::Result<Vec<u8>>> = pieces
        .into_par_iter()
        .map(|range| {
            let mut buf = Vec::new();
            blocks(&mut buf, &shown, &visible, range, old.text(), new.text(), opts, st).map(|()| buf)
        })
        .collect();
    for piece in rendered {
        w.write_all(&piece?)?;
    }
    Ok(())
}

/// Reports of at least this many blocks are rendered on several threads; below it, a thread
/// costs more than it saves.
const PARALLEL_BLOCKS: usize = 2000;

/// Pieces a report rendered in parallel is cut into.
const PARALLEL_PIECES: usize = 16;

/// Writes blocks `range` of `shown` (a run of folded blocks never starts before `range`):
/// each shown block, and one line for each run of folded ones.
#[allow(clippy::too_many_arguments, reason = "one step of `render`, sharing its state")]
fn blocks(
    w: &mut dyn Write,
    shown: &[&Block],
    visible: &[bool],
    range: Range<usize>,
    old: &str,
    new: &str,
    opts: &HumanOptions,
    st: &Styles,
) -> io::Result<()> {
    let mut i = range.start;
    while i < range.end {
        w.write_all(b"\n")?;
        if visible[i] {
            block(w, shown[i], old, new, opts, st)?;
            i += 1;
        } else {
            let start = i;
            while i < range.end && !visible[i] {
                i += 1;
            }
            let hidden = &shown[start..i];
            let paras = hidden[0].new_paras.start..hidden[hidden.len() - 1].new_paras.end;
            let n = hidden.len();
            let noun = if n == 1 { "paragraph" } else { "paragraphs" };
            let line = format!("... {n} unchanged {noun} ({}) ...", para_label("NEW", &paras));
            write_line(w, &[(line, st.dim)], opts.width)?;
        }
    }
    Ok(())
}

/// Whether a block is a change (shown) rather than an unchanged paragraph (folded).
fn is_change(b: &Block) -> bool {
    b.kind != BlockKind::Equal || b.moved
}

/// Which blocks to show: every change and `context` blocks on each side of one.
fn visible(changed: &[bool], context: usize) -> Vec<bool> {
    let n = changed.len();
    let mut out = vec![false; n];
    for (i, _) in changed.iter().enumerate().filter(|(_, &c)| c) {
        let lo = i.saturating_sub(context);
        let hi = (i + context + 1).min(n);
        out[lo..hi].iter_mut().for_each(|v| *v = true);
    }
    out
}

fn header(w: &mut dyn Write, diff: &Diff, old: &Input, new: &Input, width: usize, st: &Styles) -> io::Result<()> {
    use super::scan_human::{line, name_room, piece, shorten};
    use owo_colors::OwoColorize as _;
    let s = &diff.stats;
    let plain = owo_colors::Style::new();
    for (side, input, words, paras) in
        [("OLD", old, s.old_words, diff.old.paragraphs.len()), ("NEW", new, s.new_words, diff.new.paragraphs.len())]
    {
        let enc = input.encoding();
        let enc = if matches!(enc, copytrace_text::decode::Encoding::Utf8) {
            String::new()
        } else {
            format!(", {}", enc.name())
        };
        let lead = format!("{}  ", side.style(st.header));
        let figures = format!("  ({} {}, {} {}{enc})", words, plural(words, "word"), paras, plural(paras, "paragraph"));
        // The name is shortened in the middle rather than overflow a narrow line.
        let name = shorten(&input.name, name_room(width, 5));
        line(w, width, (&lead, 5), 5, &[piece(name, plain), piece(figures, plain)])?;
    }
    for (what, share, part, whole) in [
        ("OLD kept in NEW   ", s.old_in_new(), s.old_kept, s.old_words),
        ("NEW taken from OLD", s.new_from_old(), s.new_taken, s.new_words),
    ] {
        let lead = format!("{}  ", what.style(st.header));
        let figures = format!("{:.1}%  ({part} of {whole} {})", share * 100.0, plural(whole, "word"));
        line(w, width, (&lead, 20), 4, &[piece(figures, plain)])?;
    }
    let lead = format!("{}  ", "paragraphs        ".style(st.header));
    line(w, width, (&lead, 20), 4, &[piece(summary(diff), plain)])?;
    // Metadata is not prose: its differences are one line, apart from the text's (values
    // come from the files: `line` shows their control characters as U+FFFD).
    let changes = copytrace_corpus::Metadata::changes(&old.meta, &new.meta);
    if !changes.is_empty() {
        let text: Vec<String> = changes.iter().map(ToString::to_string).collect();
        let lead = format!("{}  ", "metadata          ".style(st.header));
        line(w, width, (&lead, 20), 4, &[piece(text.join("; "), plain)])?;
    }
    if diff.is_equal() && changes.is_empty() {
        writeln!(w, "The files are equal under the chosen normalisation.")?;
    } else if diff.is_equal() {
        writeln!(w, "The texts are equal under the chosen normalisation; only the metadata differs.")?;
    }
    Ok(())
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_owned()
    } else {
        format!("{word}s")
    }
}

/// `1 unchanged, 2 edited, ...` in a fixed order: unchanged and edited paragraphs of NEW;
/// merges and splits (one per N:1 or 1:N group); inserted paragraphs of NEW and deleted
/// paragraphs of OLD; then, apart (`; 1 of them moved`), how many of those blocks moved.
fn summary(diff: &Diff) -> String {
    let count = |k: BlockKind| diff.blocks.iter().filter(|b| b.kind == k).count();
    let moved = diff.blocks.iter().filter(|b| b.moved).count();
    let paras = |k: BlockKind, old: bool| -> usize {
        diff.blocks
            .iter()
            .filter(|b| b.kind == k)
            .map(|b| if old { b.old_paras.len() } else { b.new_paras.len() })
            .sum()
    };
    let parts: Vec<String> = [
        (count(BlockKind::Equal), "unchanged"),
        (count(BlockKind::Edited), "edited"),
        (count(BlockKind::Merged), "merged"),
        (count(BlockKind::Split), "split"),
        (paras(BlockKind::Inserted, false), "inserted"),
        (paras(BlockKind::Deleted, true), "deleted"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    if parts.is_empty() {
        "none (both files are empty)".to_owned()
    } else if moved > 0 {
        // Moved blocks are also unchanged, edited, merged or split: counted apart, not added.
        format!("{}; {moved} of them moved", parts.join(", "))
    } else {
        parts.join(", ")
    }
}

/// `NEW ¶3` or `NEW ¶3-5` (1-based, inclusive) for the 0-based half-open `r`.
fn para_label(side: &str, r: &Range<usize>) -> String {
    if r.len() <= 1 {
        format!("{side} ¶{}", r.start + 1)
    } else {
        format!("{side} ¶{}-{}", r.start + 1, r.end)
    }
}

/// The label line of a block: what it is, and in parentheses the details.
fn label(w: &mut dyn Write, b: &Block, old: &str, new: &str, width: usize, st: &Styles) -> io::Result<()> {
    let (o, n) = (para_label("OLD", &b.old_paras), para_label("NEW", &b.new_paras));
    let pct = format!("{:.0}% similar", b.similarity * 100.0);
    let (head, detail) = match b.kind {
        BlockKind::Deleted => (format!("deleted {o}"), None),
        BlockKind::Inserted => (format!("inserted {n}"), None),
        kind => {
            let detail = match kind {
                BlockKind::Equal if same_bytes(b, old, new) => "unchanged".to_owned(),
                BlockKind::Equal => "unchanged under normalisation; typography or spacing differs".to_owned(),
                BlockKind::Edited => format!("edited, {pct}"),
                BlockKind::Merged => format!("merged {}:1, {pct}", b.old_paras.len()),
                _ => format!("split 1:{}, {pct}", b.new_paras.len()),
            };
            (n, Some((o, detail)))
        }
    };
    let mut parts = vec![(head, st.label)];
    if let Some((o, detail)) = detail {
        if b.moved {
            parts.push((format!(" moved from {o}"), st.moved));
        } else {
            parts.push((format!(" = {o}"), st.label));
        }
        parts.push(("  ".to_owned(), Style::new()));
        parts.push((format!("({detail})"), st.dim));
    }
    write_line(w, &parts, width)
}

/// Writes styled `parts` as one line, or wrapped at word boundaries (spaces collapsed) when
/// they are wider than `width` columns.
fn write_line(w: &mut dyn Write, parts: &[(String, Style)], width: usize) -> io::Result<()> {
    let total: usize = parts.iter().map(|(t, _)| t.width()).sum();
    if total <= width {
        for (text, style) in parts {
            write_styled(w, text, *style)?;
        }
        return w.write_all(b"\n");
    }
    let mut t = StyledText::new();
    for (text, style) in parts {
        t.push(text, *style);
    }
    for line in wrap(&t, width) {
        line.write(w)?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// Whether the block's two sides are byte for byte the same.
fn same_bytes(b: &Block, old: &str, new: &str) -> bool {
    b.ops.iter().all(|op| old[op.old.range()] == new[op.new.range()])
}

fn block(w: &mut dyn Write, b: &Block, old: &str, new: &str, opts: &HumanOptions, st: &Styles) -> io::Result<()> {
    label(w, b, old, new, opts.width, st)?;
    if opts.side_by_side {
        columns(w, &side_text(b, old, Side::Old, st), &side_text(b, new, Side::New, st), opts.width)
    } else {
        indented(w, &unified_text(b, old, new, st), opts.width)
    }
}

/// Writes `text` wrapped to `width` columns, indented by [`INDENT`].
fn indented(w: &mut dyn Write, text: &StyledText<'_>, width: usize) -> io::Result<()> {
    // The lines go to a buffer, written in one call: a line is a few dozen short pieces,
    // and each `write_all` through `dyn Write` costs more than the copy.
    let mut buf = Vec::new();
    let mut written = Ok(());
    wrap_each(text, width.saturating_sub(INDENT.len()), |line| {
        if !line.pieces.is_empty() {
            buf.extend_from_slice(INDENT.as_bytes());
            if written.is_ok() {
                written = line.write(&mut buf);
            }
        }
        buf.push(b'\n');
    });
    written?;
    w.write_all(&buf)
}

/// Writes `left` and `right` in two columns of `(width - 3) / 2`, separated by [`GUTTER`].
fn columns(out: &mut dyn Write, left: &StyledText<'_>, right: &StyledText<'_>, width: usize) -> io::Result<()> {
    let col = width.saturating_sub(GUTTER.len()) / 2;
    let (left, right) = (wrap(left, col), wrap(right, col));
    // Into a buffer written in one call, as in `indented`.
    let mut buf = Vec::new();
    let w = &mut buf;
    for k in 0..left.len().max(right.len()) {
        let l = left.get(k);
        if let Some(l) = l {
            l.write(w)?;
        }
        let pad = col.saturating_sub(l.map_or(0, |l| l.width));
        match right.get(k).filter(|r| !r.pieces.is_empty()) {
            Some(r) => {
                write!(w, "{:pad$}{GUTTER}", "")?;
                r.write(w)?;
            }
            None => write!(w, "{:pad$}{}", "", GUTTER.trim_end())?,
        }
        w.push(b'\n');
    }
    out.write_all(&buf)
}

/// One side of a diff: OLD (the left column) or NEW (the right one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Side {
    /// OLD's text, its deletions marked.
    Old,
    /// NEW's text, its insertions marked.
    New,
}

/// NEW's text of the block with OLD's deleted text woven in.
fn unified_text<'a>(b: &Block, old: &'a str, new: &'a str, st: &Styles) -> StyledText<'a> {
    let mut t = StyledText::new();
    // Inside a paired block the paragraphs shown are NEW's: OLD's breaks in deleted text
    // are seams. A deleted block shows OLD's own paragraphs.
    let seam = (b.kind != BlockKind::Deleted).then_some(st.dim);
    let deleted = |t: &mut StyledText<'a>, text: &'a str| change_with(t, text, st.delete, st.delete_markers(), seam);
    for op in &b.ops {
        match op.tag {
            OpTag::Equal | OpTag::Move => push_with_seams(&mut t, &old[op.old.range()], &new[op.new.range()], st),
            OpTag::Delete => {
                // NEW's white space around a deletion may all sit on one side of it; keep
                // the deleted words apart from their neighbours when OLD had them apart.
                if old[..op.old.start].ends_with(char::is_whitespace) {
                    t.space();
                }
                deleted(&mut t, &old[op.old.range()]);
                if old[op.old.end..].starts_with(char::is_whitespace) {
                    t.space();
                }
            }
            OpTag::Insert => change(&mut t, &new[op.new.range()], st.insert, st.insert_markers()),
            OpTag::Replace => {
                deleted(&mut t, &old[op.old.range()]);
                change(&mut t, &new[op.new.range()], st.insert, st.insert_markers());
            }
        }
    }
    t
}

/// The mark shown in NEW's text where OLD had a paragraph break that NEW does not (the
/// seams of a merge).
const SEAM: &str = "¶";

/// Pushes NEW's `new` text of an equal op, with a [`SEAM`] mark wherever OLD's `old` text
/// (the same words) has a paragraph break and NEW has none. Positions are matched word by
/// word (white-space separated); when the two do not have the same number of words (say,
/// punctuation is ignored), no mark is placed.
fn push_with_seams<'a>(t: &mut StyledText<'a>, old: &str, new: &'a str, st: &Styles) {
    // A paragraph break is a white-space run holding two line breaks: without two '\n' in
    // OLD there is none, and NEW goes in as it is. This is nearly every equal op, so it
    // skips splitting OLD into words just to learn that.
    // (A count, not a search for the second one: counting bytes is vectorised.)
    if old.bytes().filter(|&b| b == b'\n').count() < 2 {
        t.push(new, Style::new());
        return;
    }
    let breaks_after = |text: &str| -> Vec<bool> {
        // For each word, whether a paragraph break (not the end of the text) follows it.
        let mut out = Vec::new();
        let (mut at, _) = white_space_run(text, 0);
        while at < text.len() {
            let (next, newlines) = white_space_run(text, word_end(text, at));
            out.push(newlines >= 2 && next < text.len());
            at = next;
        }
        out
    };
    let old_breaks = breaks_after(old);
    if !old_breaks.contains(&true) {
        t.push(new, Style::new());
        return;
    }
    let new_breaks = breaks_after(new);
    if old_breaks.len() != new_breaks.len() {
        t.push(new, Style::new());
        return;
    }
    // Walk NEW word by word, keeping its own white space, and mark OLD's breaks.
    let mut at = 0;
    for (k, (&ob, &nb)) in old_breaks.iter().zip(&new_breaks).enumerate() {
        let end = word_end(new, white_space_run(new, at).0);
        t.push(&new[at..end], Style::new());
        if ob && !nb && k + 1 < new_breaks.len() {
            t.space();
            t.push(SEAM, st.dim);
        }
        at = end;
    }
    t.push(&new[at..], Style::new());
}

/// One side's text of the block, its changes marked.
fn side_text<'a>(b: &Block, text: &'a str, side: Side, st: &Styles) -> StyledText<'a> {
    let mut t = StyledText::new();
    push_side(&mut t, &b.ops, text, side, None, st);
    t
}

/// Pushes one side's text of `ops` (`text` is that side's whole text), its changes marked:
/// on OLD's side deleted and replaced text in the delete style (`[-…-]`), on NEW's side
/// inserted and replacing text in the insert style (`{+…+}`), equal text as it is. The one
/// renderer of a side's word changes, for `diff --side-by-side` (block by block) and for
/// the passages of `scan --detail` (chunk by chunk).
///
/// With `seams`, a paragraph break inside the text is shown as a [`SEAM`] mark in that
/// style, in the line, rather than as an empty line (a passage spans paragraphs that the
/// other side may not break where this one does); a break at the very start is left out.
pub(crate) fn push_side<'a>(
    t: &mut StyledText<'a>,
    ops: &[copytrace_diff::Op],
    text: &'a str,
    side: Side,
    seams: Option<Style>,
    st: &Styles,
) {
    let mut started = false;
    for op in ops {
        let span = if side == Side::Old { op.old } else { op.new };
        let piece = &text[span.range()];
        let (style, markers) = match (op.tag, side) {
            (OpTag::Equal | OpTag::Move, _) => {
                match seams {
                    Some(seam) => push_seamed(t, piece, seam, started),
                    None => t.push(piece, Style::new()),
                }
                started |= !piece.trim().is_empty();
                continue;
            }
            (OpTag::Delete | OpTag::Replace, Side::Old) => (st.delete, st.delete_markers()),
            (OpTag::Insert | OpTag::Replace, Side::New) => (st.insert, st.insert_markers()),
            (OpTag::Insert, Side::Old) | (OpTag::Delete, Side::New) => continue,
        };
        if seams.is_some() && started && piece.starts_with(char::is_whitespace) {
            // The break or space before the changed words, kept (`change_with` trims).
            push_seamed(t, &piece[..white_space_run(piece, 0).0], seams.unwrap_or_default(), started);
        }
        change_with(t, piece, style, markers, seams);
        started |= !piece.trim().is_empty();
        if seams.is_some() && piece.trim_end().len() < piece.len() {
            t.space();
        }
    }
}

/// Pushes `text` with each paragraph break (a white-space run holding two line breaks) shown
/// as a [`SEAM`] mark between spaces; one before any text (`started` false) is dropped.
fn push_seamed<'a>(t: &mut StyledText<'a>, text: &'a str, seam: Style, started: bool) {
    let mut from = 0;
    let mut at = 0;
    let mut started = started;
    while at < text.len() {
        let (end, newlines) = white_space_run(text, at);
        if end == at {
            at = word_end(text, at);
            started = true;
            continue;
        }
        if newlines >= 2 {
            t.push(&text[from..at], Style::new());
            t.space();
            if started {
                t.push(SEAM, seam);
                t.space();
            }
            from = end;
        }
        at = end;
    }
    t.push(&text[from..], Style::new());
}

/// Pushes changed text, each of its paragraphs wrapped in the markers.
fn change<'a>(t: &mut StyledText<'a>, text: &'a str, style: Style, (open, close): (&'static str, &'static str)) {
    change_with(t, text, style, (open, close), None);
}

/// [`change`], but with OLD's paragraph breaks shown as a `seam` mark in the line instead
/// of as breaks: deleted text woven into NEW's paragraphs must not split them.
fn change_with<'a>(
    t: &mut StyledText<'a>,
    text: &'a str,
    style: Style,
    (open, close): (&'static str, &'static str),
    seam: Option<Style>,
) {
    for (k, para) in paragraphs(text).into_iter().enumerate() {
        if k > 0 {
            match seam {
                Some(seam_style) => {
                    t.space();
                    t.push(SEAM, seam_style);
                    t.space();
                }
                None => t.paragraph_break(),
            }
        }
        t.push(open, style);
        t.push(para, style);
        t.push(close, style);
    }
}

/// The pieces of `text` between blank lines, trimmed, empty ones left out.
fn paragraphs(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut at = 0;
    while at < text.len() {
        let (end, newlines) = white_space_run(text, at);
        if end == at {
            at = word_end(text, at);
            continue;
        }
        // A blank line ends a paragraph where more text follows it.
        if newlines >= 2 && end < text.len() {
            out.push(&text[start..at]);
            start = end;
        }
        at = end;
    }
    out.push(&text[start..]);
    out.into_iter().map(str::trim).filter(|p| !p.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use copytrace_diff::DiffOptions;
    use copytrace_text::decode::decode;

    fn input(name: &str, text: &str) -> Input {
        Input::new(name, decode(text.as_bytes()).unwrap())
    }

    fn report(old: &str, new: &str, opts: HumanOptions) -> String {
        let (o, n) = (input("a.txt", old), input("b.txt", new));
        let d = copytrace_diff::diff(o.text(), n.text(), &DiffOptions::new());
        let mut out = Vec::new();
        render(&mut out, &d, &o, &n, &opts, &Styles::plain()).unwrap();
        String::from_utf8(out).unwrap()
    }

    const OPTS: HumanOptions = HumanOptions { width: 100, context: 0, side_by_side: false };

    #[test]
    fn large_reports_rendered_in_pieces_are_the_one_pass_bytes() {
        // Enough blocks for the parallel path, with runs of folded blocks everywhere (across
        // the cuts between pieces too) and context lines.
        let paras: Vec<String> = (0..3 * PARALLEL_BLOCKS).map(|k| format!("Paragraph {k} says {}.", k * 7)).collect();
        let old = paras.join("\n\n");
        let new = paras
            .iter()
            .enumerate()
            .map(|(k, p)| if k % 13 == 5 || k % 11 == 0 { format!("{p} Changed {k}.") } else { p.clone() })
            .collect::<Vec<_>>()
            .join("\n\n");
        let (o, n) = (input("a.txt", &old), input("b.txt", &new));
        let d = copytrace_diff::diff(o.text(), n.text(), &DiffOptions::new());
        for opts in [OPTS, HumanOptions { context: 2, side_by_side: true, ..OPTS }] {
            let mut pieces = Vec::new();
            render(&mut pieces, &d, &o, &n, &opts, &Styles::plain()).unwrap();
            let mut one = Vec::new();
            header(&mut one, &d, &o, &n, 80, &Styles::plain()).unwrap();
            let shown: Vec<&Block> = d.blocks.iter().filter(|b| b.kind != BlockKind::Gap).collect();
            assert!(shown.len() >= PARALLEL_BLOCKS);
            let changed: Vec<bool> = shown.iter().map(|b| is_change(b)).collect();
            let vis = visible(&changed, opts.context);
            blocks(&mut one, &shown, &vis, 0..shown.len(), o.text(), n.text(), &opts, &Styles::plain()).unwrap();
            assert_eq!(String::from_utf8(pieces).unwrap(), String::from_utf8(one).unwrap());
        }
    }

    #[test]
    fn paragraphs_split_at_blank_lines_only() {
        assert_eq!(paragraphs(" a b\nc \n\n d\r\n\r\ne "), ["a b\nc", "d", "e"]);
        assert!(paragraphs("  \n\n ").is_empty());
    }

    /// The char-by-char `paragraphs` this module had before it scanned bytes.
    fn reference_paragraphs(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut newlines = 0;
        let mut run_start = None;
        for (i, c) in text.char_indices() {
            if c.is_whitespace() {
                run_start.get_or_insert(i);
                newlines += usize::from(c == '\n');
            } else {
                if let Some(rs) = run_start.take() {
                    if newlines >= 2 {
                        out.push(&text[start..rs]);
                        start = i;
                    }
                }
                newlines = 0;
            }
        }
        out.push(&text[start..]);
        out.into_iter().map(str::trim).filter(|p| !p.is_empty()).collect()
    }

    proptest::proptest! {
        /// The byte scan of `paragraphs` splits where the char-by-char reference does,
        /// whatever white space (ASCII or not) and line breaks the text holds.
        #[test]
        fn paragraphs_agree_with_the_char_by_char_reference(
            text in "([ab\u{e9}\u{65e5}\u{200b}\u{1c}]{0,3}[ \t\n\r\u{b}\u{c}\u{85}\u{a0}\u{2028}\u{3000}]{0,4}){0,12}",
        ) {
            proptest::prop_assert_eq!(paragraphs(&text), reference_paragraphs(&text));
        }

        /// A merge's equal text gets a seam mark exactly where OLD's paragraph break is:
        /// `push_with_seams` (its byte scans) against marking the breaks by hand.
        #[test]
        fn seams_mark_old_paragraph_breaks(
            words in proptest::collection::vec("[a-z\u{e9}\u{65e5}]{1,4}", 1..10),
            seps in proptest::collection::vec(proptest::sample::select(vec![" ", "\n", "\n\n", " \u{a0}\n\u{3000}\n", "\u{2028}"]), 10),
        ) {
            let mut old = String::new();
            let mut new = String::new();
            let mut expected = String::new();
            for (k, (w, sep)) in words.iter().zip(&seps).enumerate() {
                old.push_str(w);
                new.push_str(w);
                expected.push_str(w);
                if k + 1 < words.len() {
                    old.push_str(sep);
                    new.push(' ');
                    expected.push_str(if sep.matches('\n').count() >= 2 { " \u{b6} " } else { " " });
                }
            }
            let mut t = StyledText::new();
            push_with_seams(&mut t, &old, &new, &Styles::plain());
            let lines: Vec<String> = crate::wrap::wrap(&t, 1000).iter().map(|l| l.pieces.iter().map(|p| p.0).collect()).collect();
            proptest::prop_assert_eq!(lines.join("\n"), expected);
        }
    }

    #[test]
    fn visibility_follows_context() {
        let changed = [false, false, true, false, false, false];
        assert_eq!(visible(&changed, 0), [false, false, true, false, false, false]);
        assert_eq!(visible(&changed, 1), [false, true, true, true, false, false]);
        assert_eq!(visible(&changed, 9), [true; 6]);
    }

    #[test]
    fn edits_are_marked_inline_and_unchanged_paragraphs_folded() {
        let old = "Same one here.\n\nThe quick brown fox jumps over the lazy dog.\n\nSame two here.\n";
        let new = "Same one here.\n\nThe quick red fox jumps over the dog.\n\nSame two here.\n";
        let r = report(old, new, OPTS);
        assert!(r.contains("NEW ¶2 = OLD ¶2  (edited, "), "{r}");
        assert!(r.contains("  The quick [-brown-]{+red+} fox jumps over the [-lazy-] dog."), "{r}");
        assert!(r.contains("... 1 unchanged paragraph (NEW ¶1) ..."), "{r}");
        assert!(r.contains("... 1 unchanged paragraph (NEW ¶3) ..."), "{r}");
        let r = report(old, new, HumanOptions { context: 1, ..OPTS });
        assert!(r.contains("NEW ¶1 = OLD ¶1  (unchanged)\n  Same one here."), "{r}");
        assert!(!r.contains("..."), "{r}");
    }

    #[test]
    fn merges_show_their_seams_without_splitting_the_new_paragraph() {
        let old = "First part is here now.\n\nSecond part follows it closely.\n\nThird part ends it all.\n";
        let new = "First part is here now. Second part follows it closely. Third part ends it all.\n";
        let r = report(old, new, OPTS);
        assert!(r.contains("NEW ¶1 = OLD ¶1-3  (merged 3:1, 100% similar)\n"), "{r}");
        assert!(
            r.contains("  First part is here now. ¶ Second part follows it closely. ¶ Third part ends it all.\n"),
            "{r}"
        );
        // Deleted text at a seam carries the mark too, inside NEW's one paragraph.
        let old = "Alpha beta gamma delta epsilon.\n\nOmega zeta eta theta iota.\n";
        let new = "Alpha beta gamma delta epsilon zeta eta theta iota.\n";
        let r = report(old, new, OPTS);
        let body: Vec<&str> = r.lines().skip_while(|l| !l.starts_with("NEW ¶1")).skip(1).collect();
        assert_eq!(body.len(), 1, "one NEW paragraph, one line: {r}");
        assert!(body[0].contains("[-.-] ¶ [-Omega-]"), "{r}");
    }

    #[test]
    fn side_by_side_puts_old_left_and_new_right_within_the_width() {
        let old = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda";
        let new = "alpha beta gamma DELTA epsilon zeta eta theta iota kappa lambda";
        let r = report(old, new, HumanOptions { width: 40, context: 0, side_by_side: true });
        let body: Vec<&str> = r.lines().skip_while(|l| !l.starts_with("NEW ¶1")).skip(1).collect();
        assert!(body[0].starts_with("alpha beta gamma") && body[0].contains(" | alpha beta gamma"), "{r}");
        assert!(body.iter().any(|l| l.contains("[-delta-]")) && body.iter().any(|l| l.contains("{+DELTA+}")), "{r}");
        for l in &body {
            assert!(unicode_width::UnicodeWidthStr::width(*l) <= 40, "{l:?}");
            let gutter = l.find(" | ").or_else(|| l.find(" |"));
            assert_eq!(gutter, Some(18), "{l:?}");
        }
    }
}
