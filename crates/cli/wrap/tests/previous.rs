//! The wrapping of `crate::wrap` before a pushed run of text became one item (one item
//! per word, lines of one piece per word and space): the reference the current code must
//! agree with, byte for byte.

use crate::style::write_styled_run;
use owo_colors::Style;
use std::borrow::Cow;
use std::io;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

#[derive(Clone, Debug, PartialEq)]
enum Item<'a> {
    /// A fragment (never empty, never white space, control characters replaced) and its
    /// display width, measured once when it is pushed.
    Text(Cow<'a, str>, Style, usize),
    Space,
    Break,
}

/// Styled text to be wrapped: fragments glued into words, soft spaces, paragraph breaks.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StyledText<'a> {
    items: Vec<Item<'a>>,
}

impl<'a> StyledText<'a> {
    /// An empty text.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `text` in `style`. Non-white-space text is glued to whatever precedes it
    /// without a space between; white-space runs inside `text` become a soft space, or a
    /// paragraph break when they hold two or more line breaks.
    pub fn push(&mut self, text: &'a str, style: Style) {
        // One pass over the bytes: ASCII bytes are classified directly, and any other byte
        // starts a character classified by `char` itself, so white space is exactly
        // `char::is_whitespace` and control characters exactly `char::is_control`.
        let mut at = 0;
        while at < text.len() {
            let (end, newlines) = white_space_run(text, at);
            if end > at {
                if newlines >= 2 {
                    self.paragraph_break();
                } else {
                    self.space();
                }
                at = end;
                continue;
            }
            let (end, kind) = scan_word(text, at);
            let word = &text[at..end];
            let item = match kind {
                // Printable ASCII: one column per byte (see `ascii_width_is_its_length`).
                WordKind::Ascii => Item::Text(Cow::Borrowed(word), style, word.len()),
                WordKind::Other => Item::Text(Cow::Borrowed(word), style, word.width()),
                WordKind::Control => {
                    let clean = sanitize(word);
                    let width = clean.width();
                    Item::Text(Cow::Owned(clean), style, width)
                }
            };
            self.items.push(item);
            at = end;
        }
    }

    /// A soft space (collapses with an adjacent one; dropped at the start of a line).
    pub fn space(&mut self) {
        if matches!(self.items.last(), Some(Item::Text(..))) {
            self.items.push(Item::Space);
        }
    }

    /// A paragraph break (collapses with an adjacent one; dropped at the start and end).
    pub fn paragraph_break(&mut self) {
        if matches!(self.items.last(), Some(Item::Space)) {
            self.items.pop();
        }
        if matches!(self.items.last(), Some(Item::Text(..))) {
            self.items.push(Item::Break);
        }
    }
}

/// The character starting at byte `at` of `s` (a character boundary, before the end).
fn char_at(s: &str, at: usize) -> char {
    s[at..].chars().next().unwrap_or_default()
}

/// `char::is_whitespace` for an ASCII byte: space, and tab through carriage return
/// (including vertical tab and form feed, which `u8::is_ascii_whitespace` leaves out).
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// The end of the white-space run (`char::is_whitespace`) starting at byte `at` of `s`
/// (`at` if there is none), and how many line breaks it holds.
fn white_space_run(s: &str, mut at: usize) -> (usize, usize) {
    let bytes = s.as_bytes();
    let mut newlines = 0;
    while let Some(&b) = bytes.get(at) {
        if b.is_ascii() {
            if !is_ascii_space(b) {
                break;
            }
            newlines += usize::from(b == b'\n');
            at += 1;
        } else {
            let c = char_at(s, at);
            if !c.is_whitespace() {
                break;
            }
            at += c.len_utf8();
        }
    }
    (at, newlines)
}

/// What a word holds, for measuring it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum WordKind {
    /// Printable ASCII only.
    Ascii,
    /// Some non-ASCII character, no control character.
    Other,
    /// Some control character (to be replaced by [`sanitize`]).
    Control,
}

/// The end of the word (run of non-white space) starting at byte `at` of `s`, and what it holds.
fn scan_word(s: &str, mut at: usize) -> (usize, WordKind) {
    let bytes = s.as_bytes();
    let mut kind = WordKind::Ascii;
    loop {
        // Most of a word is printable ASCII other than the space: one comparison a byte.
        while bytes.get(at).is_some_and(|b| b.wrapping_sub(b'!') <= b'~' - b'!') {
            at += 1;
        }
        let Some(&b) = bytes.get(at) else { break };
        if b.is_ascii() {
            if is_ascii_space(b) {
                break;
            }
            if b.is_ascii_control() {
                kind = WordKind::Control;
            }
            at += 1;
        } else {
            let c = char_at(s, at);
            if c.is_whitespace() {
                break;
            }
            if c.is_control() {
                kind = WordKind::Control;
            } else if kind == WordKind::Ascii {
                kind = WordKind::Other;
            }
            at += c.len_utf8();
        }
    }
    (at, kind)
}

/// Replaces control characters (except white space, which never reaches here) by U+FFFD.
fn sanitize(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { '\u{FFFD}' } else { c }).collect()
}

/// One wrapped line: styled pieces and their total display width.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Line<'t> {
    /// The pieces, in order, borrowed from the wrapped [`StyledText`]. Adjacent pieces of
    /// the same style are written as one styled run ([`Line::write`]).
    pub pieces: Vec<(&'t str, Style)>,
    /// Display width in terminal columns.
    pub width: usize,
}

impl<'t> Line<'t> {
    /// Appends `text` of display width `width` (measured by the caller, who knows it).
    fn push(&mut self, text: &'t str, style: Style, width: usize) {
        self.width += width;
        self.pieces.push((text, style));
    }

    /// Writes the line (without a line break), each run of pieces of one style in it.
    ///
    /// # Errors
    /// Whatever the writer returns.
    pub fn write<W: io::Write + ?Sized>(&self, w: &mut W) -> io::Result<()> {
        let mut rest = &self.pieces[..];
        while let Some(&(_, style)) = rest.first() {
            let run = rest.iter().position(|p| p.1 != style).unwrap_or(rest.len());
            write_styled_run(w, rest[..run].iter().map(|p| p.0), style)?;
            rest = &rest[run..];
        }
        Ok(())
    }

    /// The line's text without styles.
    #[cfg(test)]
    #[must_use]
    pub fn plain_text(&self) -> String {
        self.pieces.iter().map(|(t, _)| *t).collect()
    }
}

/// Wraps `text` into lines of at most `width` display columns (at least 1). Paragraph
/// breaks become empty lines. The lines borrow their text from `text`.
#[must_use]
pub fn wrap<'t>(text: &'t StyledText<'_>, width: usize) -> Vec<Line<'t>> {
    let mut lines = Vec::new();
    wrap_each(text, width, |line| lines.push(line.clone()));
    lines
}

/// [`wrap`], handing each line to `emit` in turn instead of collecting them: one line's
/// buffer serves them all.
pub fn wrap_each<'t>(text: &'t StyledText<'_>, width: usize, emit: impl FnMut(&Line<'t>)) {
    let width = width.max(1);
    let mut w = Wrapper { width, line: Line::default(), blank_lines: 0, emit };
    // A word is the run of fragments between two spaces or breaks: a slice of the items,
    // with its width summed on the way.
    let items = &text.items[..];
    let (mut start, mut wide) = (0, 0);
    for (k, item) in items.iter().enumerate() {
        match item {
            Item::Text(_, _, tw) => wide += tw,
            Item::Space => {
                w.word(&items[start..k], wide);
                (start, wide) = (k + 1, 0);
            }
            Item::Break => {
                w.word(&items[start..k], wide);
                (start, wide) = (k + 1, 0);
                w.end_line();
                w.blank_lines += 1;
            }
        }
    }
    w.word(&items[start..], wide);
    w.end_line();
    // Blank lines still pending here would trail the text: they are dropped.
}

struct Wrapper<'t, F> {
    width: usize,
    line: Line<'t>,
    /// Empty lines (paragraph breaks) not yet emitted: they are emitted before the next
    /// line with text, so none ends the text.
    blank_lines: usize,
    emit: F,
}

impl<'t, F: FnMut(&Line<'t>)> Wrapper<'t, F> {
    fn end_line(&mut self) {
        if !self.line.pieces.is_empty() {
            for _ in 0..std::mem::take(&mut self.blank_lines) {
                (self.emit)(&Line::default());
            }
            (self.emit)(&self.line);
            self.line.pieces.clear();
            self.line.width = 0;
        }
    }

    /// Places one word, `word` being its fragments (text items only) and `wide` the sum of
    /// their widths.
    fn word(&mut self, word: &'t [Item<'_>], wide: usize) {
        let fragments = word.iter().filter_map(|item| match item {
            Item::Text(t, s, tw) => Some((t.as_ref(), *s, *tw)),
            Item::Space | Item::Break => None,
        });
        let Some((_, first_style, _)) = fragments.clone().next() else {
            return;
        };
        if !self.line.pieces.is_empty() {
            if self.line.width + 1 + wide <= self.width {
                // The space takes the style of its neighbours when they share one.
                let before = self.line.pieces.last().map(|p| p.1);
                let style = if before == Some(first_style) { first_style } else { Style::new() };
                self.line.push(" ", style, 1);
            } else {
                self.end_line();
            }
        }
        if wide <= self.width.saturating_sub(self.line.width) {
            for (t, s, tw) in fragments {
                self.line.push(t, s, tw);
            }
            return;
        }
        // Wider than a whole line: cut between characters.
        for (t, s, _) in fragments {
            let mut start = 0;
            for (i, c) in t.char_indices() {
                let cw = c.width().unwrap_or(0);
                if self.line.width + (t[start..i].width()) + cw > self.width && (i > start || self.line.width > 0) {
                    if i > start {
                        self.line.push(&t[start..i], s, t[start..i].width());
                    }
                    self.end_line();
                    start = i;
                }
            }
            if start < t.len() {
                self.line.push(&t[start..], s, t[start..].width());
            }
        }
    }
}
