//! The diff report page: the word-level diff of two texts, side by side and inline (the
//! reader switches between them), with moved, merged and split paragraphs linked to their
//! counterparts: a moved block is shown at its new place and a line at its old place links
//! to it (and back).
//!
//! Drawn on the server side; the data block holds the diff as in `copytrace diff --format
//! json`, under `"report"`.

use crate::page::write_page;
use copytrace_corpus::Input;
use copytrace_diff::{Block, BlockKind, Diff, NormalizeOptions, OpTag};
use copytrace_report::diff::{kind_name, DiffReport};
use maud::{html, Markup};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct DiffData<'a> {
    kind: &'static str,
    report: &'a DiffReport,
}

/// `¶N` or `¶N–M` (1-based, inclusive) of a 0-based range.
fn paras(r: &std::ops::Range<usize>) -> String {
    match r.len() {
        0 => String::new(),
        1 => format!("¶{}", r.start + 1),
        _ => format!("¶{}–{}", r.start + 1, r.end),
    }
}

/// One side of a block: its text with the changes of that side marked.
fn side(block: &Block, text: &str, old_side: bool) -> Markup {
    html! {
        @for op in &block.ops {
            @let span = if old_side { op.old } else { op.new };
            @let t = text.get(span.range()).unwrap_or("");
            @if !t.is_empty() {
                @match (op.tag, old_side) {
                    (OpTag::Delete | OpTag::Replace, true) => del { (t) },
                    (OpTag::Insert | OpTag::Replace, false) => ins { (t) },
                    _ => (t),
                }
            }
        }
    }
}

/// A block inline: NEW's text with OLD's deletions in place.
fn inline(block: &Block, old: &str, new: &str) -> Markup {
    html! {
        @for op in &block.ops {
            @let o = old.get(op.old.range()).unwrap_or("");
            @let n = new.get(op.new.range()).unwrap_or("");
            @match op.tag {
                OpTag::Delete => del { (o) },
                OpTag::Insert => ins { (n) },
                OpTag::Replace => { del { (o) } ins { (n) } },
                OpTag::Equal | OpTag::Move => (if block.new_paras.is_empty() { o } else { n }),
            }
        }
    }
}

fn label(block: &Block) -> String {
    let kind = kind_name(block.kind);
    match block.kind {
        BlockKind::Merged => format!("{} merged into {}", paras(&block.old_paras), paras(&block.new_paras)),
        BlockKind::Split => format!("{} split into {}", paras(&block.old_paras), paras(&block.new_paras)),
        BlockKind::Deleted => format!("{} deleted", paras(&block.old_paras)),
        BlockKind::Inserted => format!("{} inserted", paras(&block.new_paras)),
        _ if block.moved => format!("{} moved to {} ({kind})", paras(&block.old_paras), paras(&block.new_paras)),
        _ => format!("{} → {} ({kind})", paras(&block.old_paras), paras(&block.new_paras)),
    }
}

/// For each moved block, the index of the block after which its OLD paragraphs stood (the
/// last block, not moved, whose OLD paragraphs end at or before them), or `None` for the
/// start.
fn old_places(diff: &Diff) -> Vec<(usize, Option<usize>)> {
    let mut out = Vec::new();
    for (k, b) in diff.blocks.iter().enumerate().filter(|(_, b)| b.moved) {
        let before = diff
            .blocks
            .iter()
            .enumerate()
            .filter(|(_, o)| !o.moved && !o.old_paras.is_empty() && o.old_paras.end <= b.old_paras.start)
            .max_by_key(|(i, o)| (o.old_paras.end, *i))
            .map(|(i, _)| i);
        out.push((k, before));
    }
    out
}

fn body(diff: &Diff, report: &DiffReport, old: &Input, new: &Input) -> Markup {
    let (ot, nt) = (old.text(), new.text());
    let places = old_places(diff);
    let placeholders_after =
        |i: Option<usize>| -> Vec<usize> { places.iter().filter(|(_, at)| *at == i).map(|(k, _)| *k).collect() };
    let s = &report.stats;
    let shown = |b: &Block| b.kind != BlockKind::Gap;
    let changed = |b: &Block| b.kind != BlockKind::Equal || b.moved;
    let placeholder = |k: usize| {
        let b = &diff.blocks[k];
        html! {
            tr.was id={"was-" (k)} {
                td.old { a href={"#block-" (k)} { (paras(&b.old_paras)) " stood here: moved to " (paras(&b.new_paras)) } }
                td.new {}
            }
        }
    };
    html! {
        header.top {
            h1 { "copytrace diff" }
            p.sub { code { (report.files.old.path) } " → " code { (report.files.new.path) } }
            div.filter {
                span role="group" aria-label="View" {
                    button.view type="button" data-view="side" aria-pressed="true" { "Side by side" }
                    " "
                    button.view type="button" data-view="inline" aria-pressed="false" { "Inline" }
                }
                span.keys { "Keys: " kbd { "n" } " / " kbd { "p" } " next / previous change, " kbd { "v" } " switch view" }
            }
        }
        main #main tabindex="-1" {
            section #summary {
                h2 { "Summary" }
                @if report.equal { p { "The texts are the same." } }
                dl.figures {
                    div { dt { "words in OLD" } dd { (s.old_words) } }
                    div { dt { "words in NEW" } dd { (s.new_words) } }
                    div { dt { "of OLD kept in NEW" } dd { (format!("{:.0}%", s.old_in_new * 100.0)) } }
                    div { dt { "of NEW taken from OLD" } dd { (format!("{:.0}%", s.new_from_old * 100.0)) } }
                    div { dt { "changed blocks" } dd { (diff.blocks.iter().filter(|b| shown(b) && changed(b)).count()) } }
                }
                @if !report.metadata.is_empty() {
                    h3 { "Metadata" }
                    ul {
                        @for m in &report.metadata {
                            li { code { (m.key) } ": " del { (m.old.as_deref().unwrap_or("(none)")) } " → " ins { (m.new.as_deref().unwrap_or("(none)")) } }
                        }
                    }
                }
            }
            section #side-view aria-label="Side by side" {
                table.diff {
                    thead { tr { th scope="col" { "OLD" } th scope="col" { "NEW" } } }
                    tbody {
                        @for k in placeholders_after(None) { (placeholder(k)) }
                        @for (k, b) in diff.blocks.iter().enumerate() {
                            @if shown(b) {
                                tr id={"block-" (k)} class={"block " (kind_name(b.kind)) @if b.moved { " moved" }}
                                    data-finding=[changed(b).then_some("change")] tabindex=[changed(b).then_some("0")] {
                                    td.old {
                                        @if !b.old_paras.is_empty() {
                                            span.plabel id={"old-" (b.old_paras.start)} { (paras(&b.old_paras)) }
                                            (side(b, ot, true))
                                        }
                                    }
                                    td.new {
                                        span.blabel { (label(b)) @if b.moved { " · " a href={"#was-" (k)} { "where it stood" } } }
                                        @if !b.new_paras.is_empty() {
                                            " "
                                            span.plabel id={"new-" (b.new_paras.start)} { (paras(&b.new_paras)) }
                                            (side(b, nt, false))
                                        }
                                    }
                                }
                            }
                            @for m in placeholders_after(Some(k)) { (placeholder(m)) }
                        }
                    }
                }
            }
            section #inline-view aria-label="Inline" hidden {
                @for (k, b) in diff.blocks.iter().enumerate() {
                    @if shown(b) {
                        div id={"inline-" (k)} class={"iblock " (kind_name(b.kind)) @if b.moved { " moved" }} data-finding=[changed(b).then_some("change")] tabindex=[changed(b).then_some("0")] {
                            @if changed(b) { p.blabel { (label(b)) " · " a href={"#block-" (k)} { "side by side" } } }
                            p.itext { (inline(b, ot, nt)) }
                        }
                    }
                }
            }
        }
    }
}

/// Writes the diff page of OLD and NEW.
///
/// # Errors
/// When writing fails.
pub fn write_diff(
    out: &mut dyn Write,
    diff: &Diff,
    old: &Input,
    new: &Input,
    norm: &NormalizeOptions,
) -> io::Result<()> {
    let report = DiffReport::new(diff, old, new, norm);
    let title = format!("copytrace diff: {} → {}", report.files.old.path, report.files.new.path);
    write_page(out, &title, "diff", &body(diff, &report, old, new), &DiffData { kind: "diff", report: &report })
}
