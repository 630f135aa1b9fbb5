//! The human report of `copytrace scan`: summary, pairs ranked by shared words, per-document
//! originality, boilerplate, and with `--detail` every passage side by side with its inline
//! differences.
//!
//! The renderer reads only the [`ScanReport`] (the same data as `--format json`) and, for
//! `--detail`, the text of each passage's two sides; it writes to any [`io::Write`] and
//! colours through the shared [`Styles`] (plain unless colour was resolved on in `main`).

use super::count;
use super::diff_human::{push_side, Side};
use crate::style::Styles;
use crate::wrap::{wrap as wrap_styled, StyledText};
use copytrace_diff::{Op, OpTag, Span};
use copytrace_report::scan::{DocumentRecord, Notice, PairRecord, PassageRecord, ScanReport};
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

/// The figures' definitions, from the report crate (one source for every report).
pub use copytrace_report::scan::DEFINITIONS;

/// The figures of the Originality table, defined in its legend.
pub const TABLE_TERMS: [&str; 4] = ["words", "reused", "derived", "original"];

/// `scan --help`'s definitions of the figures, `  FIGURE: DEFINITION` wrapped to 78 columns.
#[must_use]
pub fn definitions_help() -> String {
    let mut out = String::from("Figures in the report:\n");
    for (term, definition) in DEFINITIONS {
        let mut row = format!("  {term}:");
        for word in definition.split_whitespace() {
            if row.width() + 1 + word.width() > 78 {
                out.push_str(&row);
                out.push('\n');
                row = "    ".to_owned();
            } else {
                row.push(' ');
            }
            row.push_str(word);
        }
        out.push_str(&row);
        out.push('\n');
    }
    out.pop();
    out
}

/// One piece of a report line: its text and style.
pub(crate) type Piece = (String, Style);

pub(crate) fn piece(text: impl Into<String>, style: Style) -> Piece {
    (text.into(), style)
}

/// Writes one report line within `width` columns: `lead` (spaces and a label, of display
/// width `lead_width`), then `pieces`. A line that does not fit is wrapped at white space,
/// its continuation lines indented by `hang` columns (a hanging indent); a word wider than
/// a line is cut ([`crate::wrap`]). Names in `pieces` are shortened beforehand
/// ([`shorten`]) so that they fit a continuation line whole.
pub(crate) fn line(
    out: &mut dyn Write,
    width: usize,
    (lead, lead_width): (&str, usize),
    hang: usize,
    pieces: &[Piece],
) -> io::Result<()> {
    write!(out, "{lead}")?;
    // A line that fits is written as it is (its spacing kept); only a longer one is reflowed.
    let one_line = pieces.iter().all(|(t, _)| !t.contains('\n'));
    if one_line && lead_width + pieces.iter().map(|(t, _)| t.width()).sum::<usize>() <= width {
        for (t, style) in pieces {
            crate::style::write_styled_run(out, [clean(t).as_ref()], *style)?;
        }
        return writeln!(out);
    }
    let mut text = StyledText::new();
    for (t, style) in pieces {
        text.push(t, *style);
    }
    let column = width.saturating_sub(lead_width.max(hang)).max(1);
    for (i, l) in wrap_styled(&text, column).iter().enumerate() {
        if i > 0 {
            write!(out, "{:hang$}", "")?;
        }
        l.write(out)?;
        writeln!(out)?;
    }
    Ok(())
}

/// `name` (a document id or path) shortened in the middle with `…` to at most `max` display
/// columns (its start and end, which tell files apart, kept), control characters shown as
/// U+FFFD.
pub(crate) fn shorten(name: &str, max: usize) -> String {
    let name = clean(name);
    if name.width() <= max {
        return name.into_owned();
    }
    let room = max.saturating_sub(1);
    let chars: Vec<char> = name.chars().collect();
    let (mut head, mut tail) = (0usize, 0usize);
    let (mut used, mut i, mut j) = (0usize, 0usize, chars.len());
    // Alternate: one character from the end, one from the start, while they fit (the end
    // holds the file name proper, so it gets the odd one).
    loop {
        let mut moved = false;
        if i < j {
            let w = chars[j - 1].to_string().width();
            if used + w <= room {
                used += w;
                j -= 1;
                tail += 1;
                moved = true;
            }
        }
        if i < j && head < tail {
            let w = chars[i].to_string().width();
            if used + w <= room {
                used += w;
                i += 1;
                head += 1;
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
    let mut out: String = chars[..i].iter().collect();
    out.push('…');
    out.extend(&chars[j..]);
    out
}

/// The widest a name may be on a line of `width` columns with a hanging indent of `hang`.
pub(crate) fn name_room(width: usize, hang: usize) -> usize {
    width.saturating_sub(hang).max(8)
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
    let w = opts.width;
    let lead = format!("{} ", "copytrace scan".style(styles.header));
    line(
        out,
        w,
        (&lead, "copytrace scan ".len()),
        4,
        &[
            piece(format!("{}:", shorten(&report.root, name_room(w, 4))), styles.label),
            piece(
                format!(
                    " {}, {} with reuse, {}, {}",
                    count(s.documents, "document", "documents"),
                    count(s.pairs, "pair", "pairs"),
                    count(s.clusters, "cluster", "clusters"),
                    count(s.boilerplate, "boilerplate text", "boilerplate texts"),
                ),
                Style::new(),
            ),
        ],
    )?;
    if s.pairs > 0 {
        // Each document's reused words, added up (a passage counts on both of its sides): out
        // of all the documents' words, so that the figure reads as a share of something.
        let total: usize = report.documents.iter().map(|d| d.words).sum();
        let share = if total == 0 { 0.0 } else { s.shared_words as f64 / total as f64 };
        let accepted = report.passages.iter().filter(|p| p.accepted.is_some()).count();
        let text = format!(
            "{} of the documents' {} ({}) are reused, in {}{}",
            s.shared_words,
            count(total, "word", "words"),
            percent(share),
            count(s.passages, "passage", "passages"),
            if accepted > 0 { format!(" ({accepted} accepted by the baseline)") } else { String::new() }
        );
        line(out, w, ("", 0), 4, &[piece(text, Style::new())])?;
    }
    if report.partial {
        let lead = format!("{} ", "partial:".style(styles.delete));
        let text = format!("{}; this report covers the rest", unread(&report.errors));
        line(out, w, (&lead, "partial: ".len()), 4, &[piece(text, Style::new())])?;
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
        line(out, w, ("", 0), 2, &[piece("Clusters (passages in three or more documents)", styles.header)])?;
        let column = opts.width.saturating_sub(6).max(14);
        // In report order: most documents first.
        let (shown, left) = first(&report.clusters, opts.top);
        for c in shown {
            let number = format!("#{}", c.id + 1);
            let lead = format!("  {}  ", number.style(styles.dim));
            let room = name_room(w, 6);
            let mut pieces = vec![piece(
                format!(
                    "{} in {}{}:",
                    count(c.words, "word", "words"),
                    count(c.documents.len(), "document", "documents"),
                    c.origin.as_deref().map(|o| format!(", likely from {}", shorten(o, room))).unwrap_or_default(),
                ),
                Style::new(),
            )];
            for (i, d) in c.documents.iter().enumerate() {
                let comma = if i + 1 < c.documents.len() { "," } else { "" };
                pieces.push(piece(" ", Style::new()));
                pieces.push(piece(shorten(d, room), styles.label));
                pieces.push(piece(comma, Style::new()));
            }
            line(out, w, (&lead, number.width() + 4), 6, &pieces)?;
            if !c.text.is_empty() {
                writeln!(out, "      {}", quote(&c.text, column.saturating_sub(6)).style(styles.dim))?;
            }
        }
        write_more(left, "cluster", "clusters", styles, out)?;
    }

    if !report.documents.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", "Originality".style(styles.header))?;
        let header = format!("  {:>6}  {:>7}  {:>7}  {:>8}", "words", "reused", "derived", "original");
        // The document column is named where it is beside the figures (see `write_originality`).
        let beside = w >= FIGURES + 12 && report.documents.iter().any(|d| FIGURES + clean(&d.id).width() <= w);
        let document = if beside { "  document" } else { "" };
        writeln!(out, "{header}{document}")?;
        for d in &report.documents {
            write_originality(d, w, styles, out)?;
        }
        // The legend: what the columns mean (all the figures: `scan --help`).
        writeln!(out)?;
        for (term, definition) in DEFINITIONS.iter().filter(|(t, _)| TABLE_TERMS.contains(t)) {
            line(out, w, ("  ", 2), 4, &[piece(format!("{term}: {definition}"), styles.dim)])?;
        }
    }

    if !report.boilerplate.is_empty() {
        writeln!(out)?;
        line(out, w, ("", 0), 2, &[piece("Boilerplate (set apart, not counted as reuse)", styles.header)])?;
        for b in &report.boilerplate {
            let kind = if b.kind == "label-line" { "label line" } else { "common text" };
            let text = format!("{kind} in {}:", count(b.documents, "document", "documents"));
            // The quote fits beside the label, or else on a continuation line.
            let beside = w.saturating_sub(2 + text.width() + 1 + 5);
            let quoted = quote(&b.text, if beside >= 24 { beside.min(70) } else { w.saturating_sub(4 + 5).max(10) });
            line(
                out,
                w,
                ("  ", 2),
                4,
                &[piece(text, Style::new()), piece(" ", Style::new()), piece(quoted, styles.dim)],
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
    let w = opts.width;
    let room = name_room(w, 8);
    let (a, b) = (shorten(&pair.a, room), shorten(&pair.b, room));
    let plain = Style::new();
    writeln!(out)?;
    let number = format!("{}.", pair.id + 1);
    let lead = format!("  {}  ", number.style(styles.header));
    line(
        out,
        w,
        (&lead, number.width() + 4),
        6,
        &[piece(a.clone(), styles.label), piece(" and ", styles.dim), piece(b.clone(), styles.label)],
    )?;
    let shared = format!(
        "{} shared in {}{}",
        count(pair.shared_words, "word", "words"),
        count(pair.passages.len(), "passage", "passages"),
        pair.accepted.map(|a| format!(", accepted ({})", a.describe())).unwrap_or_default()
    );
    line(out, w, ("      ", 6), 8, &[piece(shared, plain)])?;
    for (share, x, y) in [(pair.a_in_b, &a, &b), (pair.b_in_a, &b, &a)] {
        line(out, w, ("      ", 6), 8, &[piece(format!("{} of {x} is in {y}", percent(share)), plain)])?;
    }
    let dir = &pair.direction;
    let basis = match dir.basis.as_str() {
        "date" => "earlier date",
        "wire" => "wire story",
        "hub" => "hub: shared with more documents",
        "expansion" => "expanded first version",
        "extract" => "extract of its source",
        "common_source" => "common source",
        _ => "weak evidence",
    };
    match (&dir.source, &dir.common_source) {
        (Some(source), _) => {
            let target = if *source == pair.a { &b } else { &a };
            line(
                out,
                w,
                ("      ", 6),
                8,
                &[
                    piece("direction: ", plain),
                    piece(shorten(source, room), styles.label),
                    piece(" ", plain),
                    piece("->", styles.header),
                    piece(" ", plain),
                    piece(target.clone(), styles.label),
                    piece(format!(" ({basis}, confidence {:.2})", dir.confidence), plain),
                ],
            )?;
        }
        (None, Some(common)) => {
            line(
                out,
                w,
                ("      ", 6),
                8,
                &[
                    piece("direction: both from ", plain),
                    piece(shorten(common, room), styles.label),
                    piece(format!(" ({basis}, confidence {:.2})", dir.confidence), plain),
                ],
            )?;
        }
        (None, None) => {
            let text = format!("direction: unknown (confidence {:.2})", dir.confidence);
            line(out, w, ("      ", 6), 8, &[piece(text, plain)])?;
        }
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
    let label = format!("passage {}:", p.id + 1);
    let lead = format!("      {} ", label.style(styles.header));
    let figures = format!(
        "{}{}, similarity {:.2}{}{}",
        count(p.words, "word", "words"),
        if p.tier.is_empty() { String::new() } else { format!(", {}", p.tier) },
        p.similarity,
        p.cluster.map(|c| format!(", cluster #{}", c + 1)).unwrap_or_default(),
        p.accepted.map(|a| format!(", accepted ({})", a.describe())).unwrap_or_default()
    );
    line(out, opts.width, (&lead, label.width() + 7), 8, &[piece(figures, Style::new())])?;
    let room = name_room(opts.width, 10);
    for (loc, paras) in [(&p.a, &p.paragraphs_a), (&p.b, &p.paragraphs_b)] {
        let place = format!(" bytes {}..{}, {}", loc.start, loc.end, paragraphs(paras));
        line(
            out,
            opts.width,
            ("        ", 8),
            10,
            &[piece(shorten(&loc.doc, room), styles.label), piece(place, Style::new())],
        )?;
    }
    write_alternates(p, opts, out)?;
    if let Some(text) = text {
        let column = (opts.width.saturating_sub(8 + 3) / 2).max(4);
        write_columns(text, column, styles, out)?;
    }
    Ok(())
}

/// Alternates listed under a passage at most; the rest are counted in one line (`--top 0`
/// lists them all, as it does pairs).
const ALTERNATES_SHOWN: usize = 3;

/// Writes the other occurrences of a passage's text in its pair (repeated text), if any:
/// one line each with both sides' bytes, at most [`ALTERNATES_SHOWN`] unless `--top 0`.
fn write_alternates(p: &PassageRecord, opts: &HumanOptions, out: &mut dyn Write) -> io::Result<()> {
    if p.alternates.is_empty() {
        return Ok(());
    }
    let n = p.alternates.len();
    let head = format!("repeated: {} more {} of this text in the pair", n, plural(n, "occurrence", "occurrences"));
    line(out, opts.width, ("        ", 8), 10, &[piece(head, Style::new())])?;
    let shown = if opts.top == 0 { n } else { ALTERNATES_SHOWN.min(n) };
    for alt in &p.alternates[..shown] {
        let text = format!(
            "bytes {}..{} of a with {}..{} of b ({})",
            alt.a.start,
            alt.a.end,
            alt.b.start,
            alt.b.end,
            count(alt.words, "word", "words")
        );
        line(out, opts.width, ("          ", 10), 12, &[piece(text, Style::new())])?;
    }
    if shown < n {
        let text = format!("and {} more (--top 0 lists all)", n - shown);
        line(out, opts.width, ("          ", 10), 12, &[piece(text, Style::new())])?;
    }
    Ok(())
}

/// Writes a passage's two sides in columns of `column` display columns, `a` left and `b`
/// right, aligned as `diff --side-by-side` aligns lines: the passage is cut into chunks
/// ([`chunks`]), each chunk's two sides are wrapped to the column and the shorter padded
/// with blank rows, so every unchanged stretch starts on the same row on both sides. Each
/// side's text and marks come from the renderer `diff` uses ([`push_side`]).
fn write_columns(text: &PassageText, column: usize, styles: &Styles, out: &mut dyn Write) -> io::Result<()> {
    for chunk in chunks(text) {
        let [a, b] = [(Side::Old, text.a.as_str()), (Side::New, text.b.as_str())].map(|(side, t)| {
            let mut styled = StyledText::new();
            push_side(&mut styled, &chunk, t, side, Some(styles.dim), styles);
            styled
        });
        let (left, right) = (wrap_styled(&a, column), wrap_styled(&b, column));
        for row in 0..left.len().max(right.len()) {
            write!(out, "        ")?;
            let used = match left.get(row) {
                Some(l) => {
                    l.write(out)?;
                    l.width
                }
                None => 0,
            };
            write!(out, "{:pad$} {}", "", "|".style(styles.dim), pad = column.saturating_sub(used))?;
            if let Some(r) = right.get(row).filter(|r| r.width > 0) {
                write!(out, " ")?;
                r.write(out)?;
            }
            writeln!(out)?;
        }
    }
    Ok(())
}

/// A passage's word ops cut into aligned chunks: a chunk is an unchanged stretch (equal or
/// moved ops) and the changes that follow it, so each unchanged stretch after a change
/// starts a new chunk. Punctuation glued to the end of a change (`£38m,`: the comma) stays
/// with the change, so that it is never alone at the start of a row.
///
/// The ops are [`PassageText::ops`], computed with the texts: nothing is diffed here.
fn chunks(text: &PassageText) -> Vec<Vec<Op>> {
    let unchanged = |op: &Op| matches!(op.tag, OpTag::Equal | OpTag::Move);
    let mut out: Vec<Vec<Op>> = Vec::new();
    let mut chunk: Vec<Op> = Vec::new();
    for &op in &text.ops {
        let mut op = op;
        if unchanged(&op) && chunk.last().is_some_and(|last| !unchanged(last)) {
            // Glued punctuation: on each side, what follows the change without white space
            // up to the first white space, when it holds no letter or digit.
            let glued = |t: &str, span: Span| {
                let piece = &t[span.range()];
                let end = piece.find(char::is_whitespace).unwrap_or(piece.len());
                let after_text = t[..span.start].chars().next_back().is_some_and(|c| !c.is_whitespace());
                let punctuation = !piece[..end].chars().any(char::is_alphanumeric);
                Span::new(span.start, span.start + if after_text && punctuation { end } else { 0 })
            };
            let (ga, gb) = (glued(&text.a, op.old), glued(&text.b, op.new));
            if !ga.is_empty() || !gb.is_empty() {
                chunk.push(Op { tag: op.tag, old: ga, new: gb });
                op = Op { tag: op.tag, old: Span::new(ga.end, op.old.end), new: Span::new(gb.end, op.new.end) };
            }
            if op.old.is_empty() && op.new.is_empty() {
                continue;
            }
            out.push(std::mem::take(&mut chunk));
        }
        chunk.push(op);
    }
    if !chunk.is_empty() {
        out.push(chunk);
    }
    out
}

/// Columns of an originality row before the document's name.
const FIGURES: usize = 2 + 6 + 2 + 7 + 2 + 7 + 2 + 8 + 2;

fn write_originality(d: &DocumentRecord, width: usize, styles: &Styles, out: &mut dyn Write) -> io::Result<()> {
    // Date and outlet from the metadata, when known.
    let meta: Vec<String> = d.date.iter().chain(&d.outlet).map(|m| clean(m).into_owned()).collect();
    let date = if meta.is_empty() { String::new() } else { format!(" ({})", meta.join(", ")) };
    let figures = format!(
        "  {:>6}  {:>7}  {:>7}  {:>8}  ",
        d.words,
        percent(d.reused),
        percent(d.derived),
        percent(d.originality)
    );
    // The name stays in its column when it fits there whole (the date may wrap under it);
    // else it goes under the figures, shortened only if it is wider than the line.
    let (lead, hang) = if width >= FIGURES + 12 && FIGURES + clean(&d.id).width() <= width {
        (figures.as_str(), FIGURES)
    } else {
        writeln!(out, "{}", figures.trim_end())?;
        ("    ", 4)
    };
    let name = shorten(&d.id, name_room(width, hang));
    line(out, width, (lead, lead.width()), hang, &[piece(name, styles.label), piece(date, styles.dim)])
}

fn write_notices(report: &ScanReport, opts: &HumanOptions, styles: &Styles, out: &mut dyn Write) -> io::Result<()> {
    if !report.errors.is_empty() {
        writeln!(out)?;
        line(out, opts.width, ("", 0), 2, &[piece("Not read (the result is partial)", styles.delete)])?;
        for e in &report.errors {
            notice(out, opts.width, &e.path, &e.message, styles)?;
        }
    }
    if opts.verbose {
        if !report.warnings.is_empty() {
            writeln!(out)?;
            writeln!(out, "{}", "Warnings".style(styles.header))?;
            for w in &report.warnings {
                notice(out, opts.width, &w.path, &w.message, styles)?;
            }
        }
        if !report.skipped.is_empty() {
            writeln!(out)?;
            writeln!(out, "{}", "Skipped".style(styles.header))?;
            for s in &report.skipped {
                notice(out, opts.width, &s.path, &s.reason, styles)?;
            }
        }
    } else if !report.skipped.is_empty() || !report.warnings.is_empty() {
        writeln!(out)?;
        let text = format!(
            "{} skipped, {} (--verbose lists them)",
            count(report.skipped.len(), "file", "files"),
            count(report.warnings.len(), "warning", "warnings")
        );
        line(out, opts.width, ("", 0), 2, &[piece(text, styles.dim)])?;
    }
    Ok(())
}

/// `  PATH: MESSAGE`, within `width`.
fn notice(out: &mut dyn Write, width: usize, path: &str, message: &str, styles: &Styles) -> io::Result<()> {
    let name = format!("{}:", shorten(path, name_room(width, 5)));
    line(out, width, ("  ", 2), 4, &[piece(name, styles.label), piece(format!(" {}", clean(message)), Style::new())])
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
    let plain = Style::new();
    let room = name_room(width, 4);
    let lead = format!("{} ", "copytrace trace".style(styles.header));
    line(
        out,
        width,
        (&lead, "copytrace trace ".len()),
        4,
        &[
            piece(shorten(&report.query.path, room), styles.label),
            piece(" against ", plain),
            piece(shorten(&report.corpus, room), styles.label),
            piece(
                format!(
                    " ({}): {} of {} with text found elsewhere",
                    count(report.documents, "document", "documents"),
                    traced,
                    count(report.paragraphs.len(), "paragraph", "paragraphs"),
                ),
                plain,
            ),
        ],
    )?;
    let found = format!(
        "{} of its words are found elsewhere; originality {}",
        percent(report.query.reused),
        percent(report.query.originality)
    );
    line(out, width, ("", 0), 4, &[piece(found, plain)])?;
    if report.partial {
        let lead = format!("{} ", "partial:".style(styles.delete));
        let text = unread(&report.errors);
        line(out, width, (&lead, "partial: ".len()), 4, &[piece(text, plain)])?;
    }
    let column = width.saturating_sub(6).max(14);
    for (i, p) in report.paragraphs.iter().enumerate() {
        writeln!(out)?;
        let number = format!("¶{}", p.index + 1);
        let lead = format!("{} ", number.style(styles.header));
        let place = format!("line {}, bytes {}..{}, {}", p.line, p.start, p.end, count(p.words, "word", "words"));
        line(out, width, (&lead, number.width() + 1), 4, &[piece(place, plain)])?;
        if let Some(text) = paragraph_texts.get(i) {
            writeln!(out, "    {}", quote(text, column.saturating_sub(6)).style(styles.dim))?;
        }
        if p.sources.is_empty() {
            writeln!(out, "    {}", "not found elsewhere".style(styles.dim))?;
            continue;
        }
        let room = name_room(width, 11);
        for h in &p.sources {
            let likeliest = p.likeliest.as_deref() == Some(h.doc.as_str());
            let share = if p.words == 0 { 0.0 } else { h.words as f64 / p.words as f64 };
            let lead = if likeliest { "    => " } else { "       " };
            let date = h.date.as_deref().map(|d| format!(" [{}]", clean(d))).unwrap_or_default();
            let figures = format!(
                " ({} of {}{}{})",
                percent(share),
                count(p.words, "word", "words"),
                source_note(likeliest, h.is_source),
                tier_note(&h.tiers)
            );
            line(
                out,
                width,
                (lead, 7),
                9,
                &[piece(shorten(&h.doc, room), styles.label), piece(date, styles.dim), piece(figures, plain)],
            )?;
            for (mine, theirs) in &h.passages {
                let pieces = [
                    piece(format!("bytes {}..{} = ", mine.start, mine.end), styles.dim),
                    piece(shorten(&theirs.doc, room), styles.dim),
                    piece(format!(" bytes {}..{}", theirs.start, theirs.end), styles.dim),
                ];
                line(out, width, ("         ", 9), 11, &pieces)?;
            }
        }
    }
    if !report.errors.is_empty() {
        writeln!(out)?;
        line(out, width, ("", 0), 2, &[piece("Not read (the result is partial)", styles.delete)])?;
        for e in &report.errors {
            notice(out, width, &e.path, &e.message, styles)?;
        }
    }
    Ok(())
}

/// The tiers of a trace hit's passages, each named once in the order verbatim, edited,
/// reworded: `", verbatim"`, `", edited and reworded"` (empty without tiers).
fn tier_note(tiers: &[String]) -> String {
    let names: Vec<&str> =
        ["verbatim", "edited", "reworded"].into_iter().filter(|name| tiers.iter().any(|t| t == name)).collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => format!(", {one}"),
        [init @ .., last] => format!(", {} and {last}", init.join(", ")),
    }
}

/// What a trace says of one document found in a paragraph, once: the likeliest source of
/// the paragraph (which may also be the article's source by the pair's direction; saying
/// so again adds nothing), or else a document that the direction judges to be a source of
/// the article.
fn source_note(likeliest: bool, is_source: bool) -> &'static str {
    match (likeliest, is_source) {
        (true, _) => ", likeliest source",
        (false, true) => ", a source of the article",
        (false, false) => "",
    }
}

/// What could not be read, for the summary: the file or record and why when there is one
/// (`corpus.jsonl:17 could not be read (not a JSON object)`), else how many (listed at
/// the end).
fn unread(errors: &[Notice]) -> String {
    // A JSON Lines record is reported as `file.jsonl:LINE`.
    let is_record = |e: &Notice| e.path.rsplit_once(':').is_some_and(|(_, n)| n.bytes().all(|b| b.is_ascii_digit()));
    let what = match errors {
        [one] => return format!("{} could not be read ({})", clean(&one.path), clean(&one.message)),
        many if many.iter().all(is_record) => count(many.len(), "record", "records"),
        many => count(many.len(), "file", "files"),
    };
    format!("{what} could not be read")
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

/// `text` on one line, in quotes, cut to at most `max` display columns of text (then
/// `...`): the quote takes at most `max + 5` columns.
fn quote(text: &str, max: usize) -> String {
    let flat: String = clean(text).split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.width() <= max {
        format!("\"{flat}\"")
    } else {
        let mut cut = String::new();
        let mut used = 0;
        for c in flat.chars() {
            used += c.to_string().width();
            if used > max {
                break;
            }
            cut.push(c);
        }
        format!("\"{}...\"", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use copytrace_report::scan::{
        AlternateRecord, BoilerplateRecord, Direction, Location, Notice, Settings, SkippedRecord, Span as WireSpan,
        Summary, FORMAT, VERSION,
    };

    /// The rows of `a` and `b` side by side in columns of `column`, each split into its left
    /// and right halves (trimmed), as plain text.
    fn columns(a: &str, b: &str, column: usize) -> Vec<(String, String)> {
        let mut out = Vec::new();
        write_columns(&PassageText::new(a.to_owned(), b.to_owned()), column, &Styles::plain(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        text.lines()
            .map(|l| {
                let l = l.strip_prefix("        ").unwrap_or_else(|| panic!("indented: {l:?}"));
                // The divider is at the same column on every row.
                let at = l.char_indices().nth(column).map_or(l.len(), |(i, _)| i);
                assert_eq!(&l[at..at + 2], " |", "{text}");
                (l[..at].trim_end().to_owned(), l[at + 2..].trim().to_owned())
            })
            .collect()
    }

    fn joined(rows: &[(String, String)], right: bool) -> String {
        let side = rows.iter().map(|(l, r)| if right { r.as_str() } else { l.as_str() });
        side.filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn inline_differences_mark_only_the_changed_words() {
        let a = "Defence Secretary Gavin Williamson was sacked by Theresa May after she was handed evidence.";
        let b = "Mr Williamson was sacked by Theresa May after she said she was handed evidence.";
        let rows = columns(a, b, 30);
        let (left, right) = (joined(&rows, false), joined(&rows, true));
        assert_eq!(left.replace("[-", "").replace("-]", ""), a, "every word of a is shown once, in order");
        assert_eq!(right.replace("{+", "").replace("+}", ""), b);
        assert!(left.contains("[-Defence Secretary Gavin-]"), "{left}");
        assert!(right.contains("{+Mr+}") && right.contains("{+she said+}"), "{right}");
        assert!(!left.contains("{+") && !right.contains("[-"), "{rows:?}");
    }

    #[test]
    fn escape_sequences_from_files_never_reach_the_terminal() {
        let rows = columns("evil \u{1b}[2Jclear words", "evil words", 30);
        assert!(rows.iter().all(|(l, r)| !l.contains('\u{1b}') && !r.contains('\u{1b}')), "{rows:?}");
        assert_eq!(quote("a\u{1b}]0;title\u{7}b", 40), "\"a\u{FFFD}]0;title\u{FFFD}b\"");
        let (mut report, texts) = sample();
        report.pairs[0].a = "bad\u{1b}[31mname".to_owned();
        report.errors[0].message = "x\u{1b}y".to_owned();
        let out = render(&report, &texts, true, true, &Styles::plain());
        assert!(!out.contains('\u{1b}'), "{out}");
    }

    #[test]
    fn paragraph_breaks_inside_a_passage_are_shown_in_the_line() {
        let rows = columns("One two three.\n\nFour five six.", "One two three. Four five six.", 40);
        assert_eq!(rows, [("One two three. ¶ Four five six.".to_owned(), "One two three. Four five six.".to_owned())]);
    }

    /// Defect 6: the columns were wrapped independently, and drifted apart. Every unchanged
    /// stretch now starts on the same row on both sides, however long the edits before it.
    #[test]
    fn unchanged_stretches_start_on_the_same_row() {
        let a = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho \
                 sigma tau upsilon. Second sentence stays as it is here.";
        let b = "alpha beta {inserted words that run on for a good while, three rows at least} gamma delta \
                 epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon. \
                 Second sentence stays as it is here.";
        let rows = columns(a, b, 20);
        let row = |word: &str, right: bool| {
            rows.iter().position(|(l, r)| if right { r } else { l }.split_whitespace().any(|w| w.starts_with(word)))
        };
        assert_eq!(row("gamma", false), row("gamma", true), "{rows:#?}");
        assert!(row("gamma", false).is_some_and(|r| r >= 3), "{rows:#?}");
        assert_eq!(row("Second", false), row("Second", true), "{rows:#?}");
        assert!(rows.iter().all(|(l, _)| l.width() <= 20), "{rows:#?}");
    }

    /// The marks hug the punctuation around them, as in `diff` (no space before `,` `.` `:`).
    #[test]
    fn marks_hug_punctuation() {
        let rows = columns(
            "It cost £38 million, he confirmed on Monday. He said: no.",
            "It cost £38m, he confirmed. He said earlier on Saturday: no.",
            60,
        );
        let (left, right) = (joined(&rows, false), joined(&rows, true));
        assert!(left.contains("£[-38 million-],") && right.contains("£{+38m+},"), "{rows:#?}");
        assert!(left.contains("confirmed [-on Monday-].") && right.contains("confirmed."), "{rows:#?}");
        assert!(right.contains("said {+earlier on Saturday+}:"), "{rows:#?}");
    }

    #[test]
    fn long_names_are_shortened_in_the_middle() {
        assert_eq!(shorten("short.txt", 20), "short.txt");
        let long = "archive/2019/05/williamson-leak-updated-report.txt";
        let short = shorten(long, 20);
        assert_eq!(short.width(), 20, "{short}");
        assert!(short.starts_with("archive/") && short.ends_with("report.txt") && short.contains('…'), "{short}");
        let wide = shorten("調査報告書の長いファイル名.txt", 11);
        assert!(wide.width() <= 11 && wide.contains('…') && wide.ends_with(".txt"), "{wide}");
        assert!(!shorten("evil\u{1b}[31m-name-that-is-long", 10).contains('\u{1b}'));
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
            format: None,
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
            settings: Settings::of(
                &copytrace_provenance::Config::default(),
                copytrace_provenance::config::defaults::MAX_DOC_FREQ_FLOOR,
            ),
            documents: vec![doc("a.txt", Some("2019-05-04"), 0.5), doc("b.txt", None, 0.25)],
            pairs: vec![PairRecord {
                id: 0,
                a: "a.txt".to_owned(),
                b: "b.txt".to_owned(),
                shared_words: 10,
                a_in_b: 0.5,
                b_in_a: 0.25,
                direction: Direction {
                    source: Some("a.txt".to_owned()),
                    common_source: None,
                    basis: "date".to_owned(),
                    confidence: 1.0,
                },
                passages: vec![0],
                accepted: None,
            }],
            passages: vec![PassageRecord {
                id: 0,
                pair: 0,
                a: loc("a.txt", 3, 40),
                b: loc("b.txt", 10, 50),
                words: 9,
                similarity: 0.9,
                tier: "edited".to_owned(),
                cluster: None,
                paragraphs_a: vec![0],
                paragraphs_b: vec![1, 2],
                accepted: None,
                alternates: Vec::new(),
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
        let texts = vec![PassageText::new(
            "one two three four five six seven eight nine".to_owned(),
            "one two three four FIVE six seven eight nine".to_owned(),
        )];
        (report, texts)
    }

    fn render(report: &ScanReport, texts: &[PassageText], detail: bool, verbose: bool, styles: &Styles) -> String {
        let mut out = Vec::new();
        let opts = HumanOptions { detail, verbose, width: 60, top: 0 };
        write_human(report, texts, &opts, styles, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn trace_hits_name_their_tiers_once() {
        let t = |v: &[&str]| tier_note(&v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
        assert_eq!(t(&[]), "");
        assert_eq!(t(&["edited", "edited"]), ", edited");
        assert_eq!(t(&["reworded", "verbatim"]), ", verbatim and reworded");
        assert_eq!(t(&["reworded", "edited", "verbatim"]), ", verbatim, edited and reworded");
        assert_eq!(t(&["\u{1b}[2J"]), "", "only known tier names are written");
    }

    #[test]
    fn report_sections() {
        let (report, texts) = sample();
        let plain = render(&report, &texts, false, false, &Styles::plain());
        // (At width 60 the headline wraps: compare its words.)
        let flat = plain.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.starts_with(
            "copytrace scan corpus/: 2 documents, 1 pair with reuse, 0 clusters, 1 boilerplate text \
             20 of the documents' 40 words (50.0%) are reused, in 1 passage"
        ));
        // The legend defines each column of the Originality table.
        for term in TABLE_TERMS {
            assert!(plain.contains(&format!("\n  {term}: ")), "{term}: {plain}");
        }
        assert!(plain.lines().all(|l| l.width() <= 60), "{plain}");
        assert!(flat.contains("partial: locked.txt could not be read (permission denied)"), "{plain}");
        assert!(plain.contains("50.0% of a.txt is in b.txt") && plain.contains("25.0% of b.txt is in a.txt"));
        assert!(flat.contains("direction: a.txt -> b.txt (earlier date, confidence 1.00)"));
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
        assert!(verbose.contains("passage 1: 9 words, edited, similarity 0.90"));
        assert!(verbose.contains("b.txt bytes 10..50, paragraphs 2-3"));
        let row = verbose.lines().find(|l| l.contains("[-five-]")).unwrap();
        assert!(row.contains(" | ") && row.contains("{+FIVE+}"), "side by side on one row: {row}");
        let first = verbose.lines().find(|l| l.contains(" | ")).unwrap();
        assert_eq!(first.find(" | "), row.find(" | "), "the divider stays in one column");

        assert!(!verbose.contains("repeated:"), "no alternates, no line: {verbose}");
        let mut repeated = report.clone();
        repeated.passages[0].alternates = (0..5)
            .map(|k| AlternateRecord {
                a: loc("a.txt", 100 * k, 100 * k + 37),
                b: loc("b.txt", 200 + k, 240 + k),
                words: 9,
            })
            .collect();
        let mut out = Vec::new();
        let opts = HumanOptions { detail: true, verbose: false, width: 60, top: 10 };
        write_human(&repeated, &texts, &opts, &Styles::plain(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("repeated: 5 more occurrences of this text in the pair"), "{text}");
        assert!(flat.contains("bytes 100..137 of a with 201..241 of b (9 words)"), "{text}");
        assert!(!flat.contains("bytes 300..337"), "only the first three with --top: {text}");
        assert!(flat.contains("and 2 more (--top 0 lists all)"), "{text}");
        let all = render(&repeated, &texts, true, false, &Styles::plain());
        assert!(all.contains("bytes 400..437 of a") && !all.contains("and 2 more"), "{all}");

        let colored = render(&report, &texts, true, false, &Styles::colored());
        assert!(colored.contains('\x1b'));
        assert!(!colored.contains("[-five-]"));
    }
}
