//! The human report of `copytrace scan`: summary, pairs ranked by shared words, per-document
//! originality, boilerplate, and with `--detail` every passage side by side with its inline
//! differences.
//!
//! The renderer reads only the [`ScanReport`] (the same data as `--format json`) and, for
//! `--detail`, the text of each passage's two sides; it writes to any [`io::Write`] and
//! colours through the shared [`Styles`] (plain unless colour was resolved on in `main`).

use crate::style::Styles;
use copytrace_diff::{DiffOptions, OpTag, Span};
use copytrace_report::scan::{DocumentRecord, PairRecord, PassageRecord, ScanReport};
use copytrace_report::TraceReport;
use owo_colors::{OwoColorize, Style};
use std::borrow::Cow;
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

use copytrace_report::PassageText;

/// How to render.
#[derive(Clone, Debug)]
pub struct HumanOptions {
    /// Show each pair's passages side by side.
    pub detail: bool,
    /// List skipped files and every warning.
    pub verbose: bool,
    /// Total width of the side-by-side view, in columns.
    pub width: usize,
    /// Pairs and clusters listed at most (0: all); the rest are counted in one line.
    pub top: usize,
}

/// The first `top` items of `items` (all when `top` is 0) and how many are left out.
fn first<T>(items: &[T], top: usize) -> (&[T], usize) {
    if top == 0 || items.len() <= top {
        (items, 0)
    } else {
        (&items[..top], items.len() - top)
    }
}

/// The line that stands for the items `first` left out.
fn write_more(left: usize, one: &str, many: &str, styles: &Styles, out: &mut dyn Write) -> io::Result<()> {
    if left > 0 {
        writeln!(out)?;
        writeln!(
            out,
            "  {}",
            format!("... {left} more {} (--top 0 lists all)", plural(left, one, many)).style(styles.dim)
        )?;
    }
    Ok(())
}

/// Writes the human report. `texts[i]` is the text of passage `i` (needed with `detail`
/// only; missing entries show the passage without text).
///
/// # Errors
/// Any error of `out`.
pub fn write_human(
    report: &ScanReport,
    texts: &[PassageText],
    opts: &HumanOptions,
    styles: &Styles,
    out: &mut dyn Write,
) -> io::Result<()> {
    let s = &report.summary;
    writeln!(
        out,
        "{} {}: {} {}, {} with reuse, {}, {} boilerplate",
        "copytrace scan".style(styles.header),
        clean(&report.root).style(styles.label),
        s.documents,
        plural(s.documents, "document", "documents"),
        count(s.pairs, "pair", "pairs"),
        count(s.clusters, "cluster", "clusters"),
        s.boilerplate,
    )?;
    if s.pairs > 0 {
        writeln!(
            out,
            "{} of all documents found in another one, in {}",
            count(s.shared_words, "word", "words"),
            count(s.passages, "passage", "passages")
        )?;
    }
    if report.partial {
        writeln!(
            out,
            "{} {} could not be read; this report covers the rest",
            "partial:".style(styles.delete),
            count(s.errors, "file", "files")
        )?;
    }

    if !report.pairs.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", "Pairs, by shared words".style(styles.header))?;
        let (shown, left) = first(&report.pairs, opts.top);
        for pair in shown {
            write_pair(report, pair, texts, opts, styles, out)?;
        }
        write_more(left, "pair", "pairs", styles, out)?;
    }

    if !report.clusters.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", "Clusters (passages in three or more documents)".style(styles.header))?;
        let column = opts.width.saturating_sub(6).max(20);
        // In report order: most documents first.
        let (shown, left) = first(&report.clusters, opts.top);
        for c in shown {
            writeln!(
                out,
                "  {}  {} words in {} documents{}: {}",
                format!("#{}", c.id + 1).style(styles.dim),
                c.words,
                c.documents.len(),
                c.origin.as_deref().map(|o| format!(", likely from {}", clean(o))).unwrap_or_default(),
                c.documents.iter().map(|d| clean(d).style(styles.label).to_string()).collect::<Vec<_>>().join(", ")
            )?;
            if !c.text.is_empty() {
                writeln!(out, "      {}", quote(&c.text, column.saturating_sub(6)).style(styles.dim))?;
            }
        }
        write_more(left, "cluster", "clusters", styles, out)?;
    }

    if !report.documents.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", "Originality".style(styles.header))?;
        writeln!(out, "  {:>6}  {:>7}  {:>7}  {:>8}  document", "words", "reused", "derived", "original")?;
        for d in &report.documents {
            write_originality(d, styles, out)?;
        }
    }

    if !report.boilerplate.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", "Boilerplate (set apart, not counted as reuse)".style(styles.header))?;
        for b in &report.boilerplate {
            let kind = if b.kind == "label-line" { "label line" } else { "common text" };
            writeln!(
                out,
                "  {} in {}: {}",
                kind,
                count(b.documents, "document", "documents"),
                quote(&b.text, 70).style(styles.dim)
            )?;
        }
    }

    write_notices(report, opts, styles, out)
}

fn write_pair(
    report: &ScanReport,
    pair: &PairRecord,
    texts: &[PassageText],
    opts: &HumanOptions,
    styles: &Styles,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "  {}  {} {} {}",
        format!("{}.", pair.id + 1).style(styles.header),
        clean(&pair.a).style(styles.label),
        "and".style(styles.dim),
        clean(&pair.b).style(styles.label)
    )?;
    writeln!(
        out,
        "      {} shared in {}",
        count(pair.shared_words, "word", "words"),
        count(pair.passages.len(), "passage", "passages")
    )?;
    writeln!(out, "      {} of {} is in {}", percent(pair.a_in_b), clean(&pair.a), clean(&pair.b))?;
    writeln!(out, "      {} of {} is in {}", percent(pair.b_in_a), clean(&pair.b), clean(&pair.a))?;
    let dir = &pair.direction;
    match &dir.source {
        Some(source) => {
            let target = if *source == pair.a { &pair.b } else { &pair.a };
            let basis = if dir.basis == "date" { "earlier date" } else { "containment asymmetry" };
            writeln!(
                out,
                "      direction: {} {} {} ({}, confidence {:.2})",
                clean(source).style(styles.label),
                "->".style(styles.header),
                clean(target).style(styles.label),
                basis,
                dir.confidence
            )?;
        }
        None => writeln!(out, "      direction: unknown (confidence {:.2})", dir.confidence)?,
    }
    if opts.detail {
        for &id in &pair.passages {
            if let Some(p) = report.passages.get(id) {
                write_passage(p, texts.get(id), opts, styles, out)?;
            }
        }
    }
    Ok(())
}

fn write_passage(
    p: &PassageRecord,
    text: Option<&PassageText>,
    opts: &HumanOptions,
    styles: &Styles,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "      {} {} words, similarity {:.2}{}",
        format!("passage {}:", p.id + 1).style(styles.header),
        p.words,
        p.similarity,
        p.cluster.map(|c| format!(", cluster #{}", c + 1)).unwrap_or_default()
    )?;
    writeln!(
        out,
        "        {} bytes {}..{}, {}",
        clean(&p.a.doc).style(styles.label),
        p.a.start,
        p.a.end,
        paragraphs(&p.paragraphs_a)
    )?;
    writeln!(
        out,
        "        {} bytes {}..{}, {}",
        clean(&p.b.doc).style(styles.label),
        p.b.start,
        p.b.end,
        paragraphs(&p.paragraphs_b)
    )?;
    if let Some(text) = text {
        let column = (opts.width.saturating_sub(8 + 3) / 2).max(20);
        let (left, right) = side_by_side_units(&text.a, &text.b);
        let left = wrap(&with_markers(left, styles), column);
        let right = wrap(&with_markers(right, styles), column);
        for row in 0..left.len().max(right.len()) {
            let l = left.get(row).map_or(&[][..], Vec::as_slice);
            let r = right.get(row).map_or(&[][..], Vec::as_slice);
            write!(out, "        ")?;
            let used = write_units(l, styles, out)?;
            write!(out, "{:pad$} {} ", "", "|".style(styles.dim), pad = column - used.min(column))?;
            write_units(r, styles, out)?;
            writeln!(out)?;
        }
    }
    Ok(())
}

fn write_originality(d: &DocumentRecord, styles: &Styles, out: &mut dyn Write) -> io::Result<()> {
    // Date and outlet from the metadata, when known.
    let meta: Vec<String> = d.date.iter().chain(&d.outlet).map(|m| clean(m).into_owned()).collect();
    let date = if meta.is_empty() { String::new() } else { format!(" ({})", meta.join(", ")) };
    writeln!(
        out,
        "  {:>6}  {:>7}  {:>7}  {:>8}  {}{}",
        d.words,
        percent(d.reused),
        percent(d.derived),
        percent(d.originality),
        clean(&d.id).style(styles.label),
        date.style(styles.dim)
    )
}

fn write_notices(report: &ScanReport, opts: &HumanOptions, styles: &Styles, out: &mut dyn Write) -> io::Result<()> {
    if !report.errors.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", "Not read (the result is partial)".style(styles.delete))?;
        for e in &report.errors {
            writeln!(out, "  {}: {}", clean(&e.path).style(styles.label), clean(&e.message))?;
        }
    }
    if opts.verbose {
        if !report.warnings.is_empty() {
            writeln!(out)?;
            writeln!(out, "{}", "Warnings".style(styles.header))?;
            for w in &report.warnings {
                writeln!(out, "  {}: {}", clean(&w.path).style(styles.label), clean(&w.message))?;
            }
        }
        if !report.skipped.is_empty() {
            writeln!(out)?;
            writeln!(out, "{}", "Skipped".style(styles.header))?;
            for s in &report.skipped {
                writeln!(out, "  {}: {}", clean(&s.path).style(styles.label), clean(&s.reason))?;
            }
        }
    } else if !report.skipped.is_empty() || !report.warnings.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            format!(
                "{} skipped, {} (--verbose lists them)",
                count(report.skipped.len(), "file", "files"),
                count(report.warnings.len(), "warning", "warnings")
            )
            .style(styles.dim)
        )?;
    }
    Ok(())
}

/// Writes the human report of `copytrace trace`: each paragraph of the article with the
/// documents it also appears in and the likeliest source. `paragraph_texts[i]` is the text
/// of `report.paragraphs[i]`.
///
/// # Errors
/// Any error of `out`.
pub fn write_trace_human(
    report: &TraceReport,
    paragraph_texts: &[String],
    width: usize,
    styles: &Styles,
    out: &mut dyn Write,
) -> io::Result<()> {
    let traced = report.paragraphs.iter().filter(|p| !p.sources.is_empty()).count();
    writeln!(
        out,
        "{} {} against {} ({}): {} of {} with text found elsewhere",
        "copytrace trace".style(styles.header),
        clean(&report.query.path).style(styles.label),
        clean(&report.corpus).style(styles.label),
        count(report.documents, "document", "documents"),
        traced,
        count(report.paragraphs.len(), "paragraph", "paragraphs"),
    )?;
    writeln!(
        out,
        "{} of its words are found elsewhere; originality {}",
        percent(report.query.reused),
        percent(report.query.originality)
    )?;
    if report.partial {
        writeln!(
            out,
            "{} {} of the corpus could not be read",
            "partial:".style(styles.delete),
            count(report.errors.len(), "file", "files")
        )?;
    }
    let column = width.saturating_sub(6).max(20);
    for (i, p) in report.paragraphs.iter().enumerate() {
        writeln!(out)?;
        writeln!(
            out,
            "{} line {}, bytes {}..{}, {}",
            format!("¶{}", p.index + 1).style(styles.header),
            p.line,
            p.start,
            p.end,
            count(p.words, "word", "words")
        )?;
        if let Some(text) = paragraph_texts.get(i) {
            writeln!(out, "    {}", quote(text, column.saturating_sub(6)).style(styles.dim))?;
        }
        if p.sources.is_empty() {
            writeln!(out, "    {}", "not found elsewhere".style(styles.dim))?;
            continue;
        }
        for h in &p.sources {
            let likeliest = p.likeliest.as_deref() == Some(h.doc.as_str());
            let share = if p.words == 0 { 0.0 } else { h.words as f64 / p.words as f64 };
            writeln!(
                out,
                "    {} {} {} ({} of {} words{}{})",
                if likeliest { "=>" } else { "  " },
                clean(&h.doc).style(styles.label),
                h.date.as_deref().map(|d| format!("[{d}]")).unwrap_or_default().style(styles.dim),
                percent(share),
                p.words,
                if likeliest { ", likeliest source" } else { "" },
                if h.is_source { ", a source of the article" } else { "" },
            )?;
            for (mine, theirs) in &h.passages {
                writeln!(
                    out,
                    "         {}",
                    format!(
                        "bytes {}..{} = {} bytes {}..{}",
                        mine.start,
                        mine.end,
                        clean(&theirs.doc),
                        theirs.start,
                        theirs.end
                    )
                    .style(styles.dim)
                )?;
            }
        }
    }
    if !report.errors.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", "Not read (the result is partial)".style(styles.delete))?;
        for e in &report.errors {
            writeln!(out, "  {}: {}", clean(&e.path).style(styles.label), clean(&e.message))?;
        }
    }
    Ok(())
}

/// Text from the corpus (contents, file names, messages quoting them) with control
/// characters replaced by U+FFFD, so that escape sequences in a file never reach the
/// terminal.
fn clean(s: &str) -> Cow<'_, str> {
    if s.chars().any(char::is_control) {
        Cow::Owned(s.chars().map(|c| if c.is_control() { '\u{FFFD}' } else { c }).collect())
    } else {
        Cow::Borrowed(s)
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", plural(n, one, many))
}

fn percent(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn paragraphs(list: &[usize]) -> String {
    match list {
        [] => "no paragraph".to_owned(),
        [one] => format!("paragraph {}", one + 1),
        [first, .., last] => format!("paragraphs {}-{}", first + 1, last + 1),
    }
}

/// `text` on one line, in quotes, cut to about `max` characters.
fn quote(text: &str, max: usize) -> String {
    let flat: String = clean(text).split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        format!("\"{flat}\"")
    } else {
        let cut: String = flat.chars().take(max).collect();
        format!("\"{}...\"", cut.trim_end())
    }
}

/// How a word of the side-by-side view is marked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mark {
    /// The same on both sides.
    Same,
    /// Only on the left (deleted or replaced).
    Removed,
    /// Only on the right (inserted or replacing).
    Added,
    /// A paragraph break inside the passage.
    Break,
}

/// Words (with attached punctuation) and their marks, in text order.
pub(crate) type Units = Vec<(String, Mark)>;

/// The words of each side with their marks, from `copytrace_diff::diff` of the two texts.
pub(crate) fn side_by_side_units(a: &str, b: &str) -> (Units, Units) {
    let diff = copytrace_diff::diff(a, b, &DiffOptions::default());
    let mut left: Vec<(Span, Mark)> = Vec::new();
    let mut right: Vec<(Span, Mark)> = Vec::new();
    for op in diff.blocks.iter().flat_map(|block| &block.ops) {
        let (l, r) = match op.tag {
            OpTag::Equal | OpTag::Move => (Mark::Same, Mark::Same),
            OpTag::Delete | OpTag::Insert | OpTag::Replace => (Mark::Removed, Mark::Added),
        };
        if !op.old.is_empty() {
            left.push((op.old, l));
        }
        if !op.new.is_empty() {
            right.push((op.new, r));
        }
    }
    (units(a, left), units(b, right))
}

/// Words of `text` with the mark of the op covering them (unmarked bytes are the same on
/// both sides: white space and punctuation between ops). Pieces not separated by white space
/// in the text (a word and its comma) stay one unit when their marks agree.
fn units(text: &str, mut marked: Vec<(Span, Mark)>) -> Vec<(String, Mark)> {
    marked.sort_by_key(|(span, _)| (span.start, span.end));
    let mut out: Vec<(String, Mark)> = Vec::new();
    // Whether the next piece starts right after the previous one, with no white space.
    let mut glued = false;
    let push = |piece: &str, mark: Mark, out: &mut Vec<(String, Mark)>, glued: &mut bool| {
        let mut first = true;
        let mut at = 0;
        for (i, part) in piece.split_whitespace().enumerate() {
            let start = piece[at..].find(part).map_or(at, |k| at + k);
            let lead_space = start > at || (i == 0 && start > 0);
            at = start + part.len();
            let join = first && *glued && !lead_space && out.last().is_some_and(|(_, m)| *m == mark);
            let part = clean(part);
            if join {
                if let Some(last) = out.last_mut() {
                    last.0.push_str(&part);
                }
            } else {
                out.push((part.into_owned(), mark));
            }
            first = false;
        }
        if !piece.trim().is_empty() {
            *glued = !piece.ends_with(char::is_whitespace);
        } else if !piece.is_empty() {
            *glued = false;
        }
    };
    let mut at = 0;
    for (span, mark) in marked {
        if span.start < at || span.end > text.len() {
            continue;
        }
        let gap = &text[at..span.start];
        if gap.trim().is_empty() && gap.matches('\n').count() >= 2 {
            out.push(("¶".to_owned(), Mark::Break));
            glued = false;
        } else {
            push(gap, Mark::Same, &mut out, &mut glued);
        }
        let piece = &text[span.range()];
        if mark == Mark::Same && piece.contains("\n\n") {
            for (i, para) in piece.split("\n\n").enumerate() {
                if i > 0 {
                    out.push(("¶".to_owned(), Mark::Break));
                    glued = false;
                }
                push(para, mark, &mut out, &mut glued);
            }
        } else {
            push(piece, mark, &mut out, &mut glued);
        }
        at = span.end;
    }
    push(&text[at..], Mark::Same, &mut out, &mut glued);
    out
}

/// Wraps units into lines of at most `width` columns (a longer word is cut).
pub(crate) fn wrap(units: &[(String, Mark)], width: usize) -> Vec<Vec<(String, Mark)>> {
    let mut lines: Vec<Vec<(String, Mark)>> = Vec::new();
    let mut line: Vec<(String, Mark)> = Vec::new();
    let mut used = 0;
    for (word, mark) in units {
        let mut word = word.clone();
        loop {
            let w = word.width();
            let need = if line.is_empty() { w } else { used + 1 + w };
            if need <= width {
                used = need;
                line.push((word, *mark));
                break;
            }
            if line.is_empty() {
                // A word wider than the column: cut it.
                let mut cut = String::new();
                let mut cw = 0;
                for c in word.chars() {
                    let w = c.to_string().width();
                    if cw + w > width {
                        break;
                    }
                    cw += w;
                    cut.push(c);
                }
                if cut.is_empty() {
                    break;
                }
                let rest = word[cut.len()..].to_owned();
                lines.push(vec![(cut, *mark)]);
                word = rest;
                if word.is_empty() {
                    break;
                }
                continue;
            }
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn write_units(units: &[(String, Mark)], styles: &Styles, out: &mut dyn Write) -> io::Result<usize> {
    let mut used = 0;
    for (i, (word, mark)) in units.iter().enumerate() {
        if i > 0 {
            write!(out, " ")?;
            used += 1;
        }
        let style: Style = match mark {
            Mark::Same => Style::new(),
            Mark::Removed => styles.delete,
            Mark::Added => styles.insert,
            Mark::Break => styles.dim,
        };
        write!(out, "{}", word.style(style))?;
        used += word.width();
    }
    Ok(used)
}

/// With text markers on (plain output), wraps each run of removed words in `[-…-]` and
/// each run of added words in `{+…+}`, so the differences survive without colour.
fn with_markers(units: Vec<(String, Mark)>, styles: &Styles) -> Vec<(String, Mark)> {
    if !styles.markers {
        return units;
    }
    let marks: Vec<Mark> = units.iter().map(|(_, m)| *m).collect();
    units
        .into_iter()
        .enumerate()
        .map(|(i, (word, mark))| {
            let (open, close) = match mark {
                Mark::Removed => styles.delete_markers(),
                Mark::Added => styles.insert_markers(),
                Mark::Same | Mark::Break => return (word, mark),
            };
            let first = i == 0 || marks[i - 1] != mark;
            let last = marks.get(i + 1) != Some(&mark);
            let word = format!("{}{word}{}", if first { open } else { "" }, if last { close } else { "" });
            (word, mark)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use copytrace_report::scan::{
        BoilerplateRecord, Direction, Location, Notice, Settings, SkippedRecord, Span as WireSpan, Summary, FORMAT,
        VERSION,
    };

    fn words(units: &[(String, Mark)], mark: Mark) -> Vec<&str> {
        units.iter().filter(|(_, m)| *m == mark).map(|(w, _)| w.as_str()).collect()
    }

    #[test]
    fn inline_differences_mark_only_the_changed_words() {
        let a = "Defence Secretary Gavin Williamson was sacked by Theresa May after she was handed evidence.";
        let b = "Mr Williamson was sacked by Theresa May after she said she was handed evidence.";
        let (left, right) = side_by_side_units(a, b);
        let all = |u: &[(String, Mark)]| u.iter().map(|(w, _)| w.as_str()).collect::<Vec<_>>().join(" ");
        assert_eq!(all(&left), a, "every word of a is shown once, in order, punctuation attached");
        assert_eq!(all(&right), b);
        assert!(words(&left, Mark::Removed).contains(&"Defence"), "{left:?}");
        assert!(words(&right, Mark::Added).contains(&"said"), "{right:?}");
        assert!(words(&left, Mark::Same).contains(&"Theresa"));
        assert!(words(&right, Mark::Same).contains(&"handed"));
        assert!(words(&left, Mark::Added).is_empty() && words(&right, Mark::Removed).is_empty());
    }

    #[test]
    fn escape_sequences_from_files_never_reach_the_terminal() {
        let (left, _) = side_by_side_units("evil \u{1b}[2Jclear words", "evil words");
        assert!(left.iter().all(|(w, _)| !w.contains('\u{1b}')), "{left:?}");
        assert_eq!(quote("a\u{1b}]0;title\u{7}b", 40), "\"a\u{FFFD}]0;title\u{FFFD}b\"");
        let (mut report, texts) = sample();
        report.pairs[0].a = "bad\u{1b}[31mname".to_owned();
        report.errors[0].message = "x\u{1b}y".to_owned();
        let out = render(&report, &texts, true, true, &Styles::plain());
        assert!(!out.contains('\u{1b}'), "{out}");
    }

    #[test]
    fn paragraph_breaks_inside_a_passage_are_shown() {
        let (left, right) = side_by_side_units("One two three.\n\nFour five six.", "One two three. Four five six.");
        assert_eq!(words(&left, Mark::Break), ["¶"]);
        assert!(words(&right, Mark::Break).is_empty());
    }

    #[test]
    fn wrapping_respects_the_width_and_cuts_long_words() {
        let units: Vec<(String, Mark)> =
            ["aaa", "bb", "c", "dddddddddd", "e"].iter().map(|w| ((*w).to_owned(), Mark::Same)).collect();
        let lines = wrap(&units, 6);
        let text: Vec<String> =
            lines.iter().map(|l| l.iter().map(|(w, _)| w.as_str()).collect::<Vec<_>>().join(" ")).collect();
        assert_eq!(text, ["aaa bb", "c", "dddddd", "dddd e"]);
        assert!(text.iter().all(|l| l.width() <= 6));
        let wide = wrap(&[("日本語テキスト".to_owned(), Mark::Same)], 5);
        assert!(wide.iter().all(|l| l[0].0.width() <= 5), "{wide:?}");
    }

    #[test]
    fn plain_output_marks_runs_with_word_diff_markers() {
        let units = vec![
            ("a".to_owned(), Mark::Same),
            ("b".to_owned(), Mark::Removed),
            ("c".to_owned(), Mark::Removed),
            ("d".to_owned(), Mark::Same),
            ("e".to_owned(), Mark::Added),
        ];
        let marked: Vec<String> = with_markers(units.clone(), &Styles::plain()).into_iter().map(|(w, _)| w).collect();
        assert_eq!(marked, ["a", "[-b", "c-]", "d", "{+e+}"]);
        let colored: Vec<String> = with_markers(units, &Styles::colored()).into_iter().map(|(w, _)| w).collect();
        assert_eq!(colored, ["a", "b", "c", "d", "e"]);
    }

    fn loc(doc: &str, start: usize, end: usize) -> Location {
        Location { doc: doc.to_owned(), start, end }
    }

    fn sample() -> (ScanReport, Vec<PassageText>) {
        let doc = |id: &str, date: Option<&str>, reused: f64| DocumentRecord {
            id: id.to_owned(),
            path: id.to_owned(),
            line: None,
            date: date.map(str::to_owned),
            outlet: None,
            title: None,
            url: None,
            encoding: "utf-8".to_owned(),
            offsets: "file".to_owned(),
            bytes: 100,
            body: WireSpan { start: 0, end: 100 },
            words: 20,
            shared_words: 10,
            reused,
            derived: 0.0,
            originality: 1.0,
        };
        let report = ScanReport {
            format: FORMAT.to_owned(),
            version: VERSION,
            root: "corpus/".to_owned(),
            partial: true,
            summary: Summary {
                documents: 2,
                pairs: 1,
                passages: 1,
                clusters: 0,
                boilerplate: 1,
                shared_words: 20,
                skipped: 1,
                warnings: 0,
                errors: 1,
            },
            settings: Settings {
                ngram: 5,
                window: 4,
                min_words: 8,
                max_gap: 12,
                max_doc_freq: 50,
                lone_doc_freq: 50,
                min_similarity: 0.5,
            },
            documents: vec![doc("a.txt", Some("2019-05-04"), 0.5), doc("b.txt", None, 0.25)],
            pairs: vec![PairRecord {
                id: 0,
                a: "a.txt".to_owned(),
                b: "b.txt".to_owned(),
                shared_words: 10,
                a_in_b: 0.5,
                b_in_a: 0.25,
                direction: Direction { source: Some("a.txt".to_owned()), basis: "date".to_owned(), confidence: 1.0 },
                passages: vec![0],
            }],
            passages: vec![PassageRecord {
                id: 0,
                pair: 0,
                a: loc("a.txt", 3, 40),
                b: loc("b.txt", 10, 50),
                words: 9,
                similarity: 0.9,
                cluster: None,
                paragraphs_a: vec![0],
                paragraphs_b: vec![1, 2],
            }],
            clusters: vec![],
            boilerplate: vec![BoilerplateRecord {
                id: 0,
                kind: "label-line".to_owned(),
                text: "READ MORE: something".to_owned(),
                documents: 1,
                occurrences: vec![loc("b.txt", 60, 80)],
            }],
            skipped: vec![SkippedRecord { path: "x.png".to_owned(), reason: "binary".to_owned() }],
            warnings: vec![],
            errors: vec![Notice { path: "locked.txt".to_owned(), message: "permission denied".to_owned() }],
        };
        let texts = vec![PassageText {
            a: "one two three four five six seven eight nine".to_owned(),
            b: "one two three four FIVE six seven eight nine".to_owned(),
        }];
        (report, texts)
    }

    fn render(report: &ScanReport, texts: &[PassageText], detail: bool, verbose: bool, styles: &Styles) -> String {
        let mut out = Vec::new();
        let opts = HumanOptions { detail, verbose, width: 60, top: 0 };
        write_human(report, texts, &opts, styles, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn report_sections() {
        let (report, texts) = sample();
        let plain = render(&report, &texts, false, false, &Styles::plain());
        assert!(
            plain.starts_with("copytrace scan corpus/: 2 documents, 1 pair with reuse, 0 clusters, 1 boilerplate\n")
        );
        assert!(plain.contains("partial: 1 file could not be read"), "{plain}");
        assert!(plain.contains("50.0% of a.txt is in b.txt") && plain.contains("25.0% of b.txt is in a.txt"));
        assert!(plain.contains("direction: a.txt -> b.txt (earlier date, confidence 1.00)"));
        assert!(plain.contains("\"READ MORE: something\""));
        assert!(plain.contains("locked.txt: permission denied"));
        assert!(plain.contains("1 file skipped, 0 warnings (--verbose lists them)"));
        assert!(!plain.contains("passage 1:"), "no passages without --detail");
        assert!(!plain.contains('\x1b'));

        assert!(plain.contains("a.txt (2019-05-04)\n"), "{plain}");
        let mut with_outlet = report.clone();
        with_outlet.documents[1].outlet = Some("Example News".to_owned());
        let text = render(&with_outlet, &texts, false, false, &Styles::plain());
        assert!(text.contains("b.txt (Example News)\n"), "{text}");

        let verbose = render(&report, &texts, true, true, &Styles::plain());
        assert!(verbose.contains("x.png: binary"));
        assert!(verbose.contains("passage 1: 9 words, similarity 0.90"));
        assert!(verbose.contains("b.txt bytes 10..50, paragraphs 2-3"));
        let row = verbose.lines().find(|l| l.contains("[-five-]")).unwrap();
        assert!(row.contains(" | ") && row.contains("{+FIVE+}"), "side by side on one row: {row}");
        let first = verbose.lines().find(|l| l.contains(" | ")).unwrap();
        assert_eq!(first.find(" | "), row.find(" | "), "the divider stays in one column");

        let colored = render(&report, &texts, true, false, &Styles::colored());
        assert!(colored.contains('\x1b'));
        assert!(!colored.contains("[-five-]"));
    }
}
