//! Word wrapping of styled text, measured in display columns.
//!
//! A [`StyledText`] is a stream of styled fragments, soft spaces and paragraph breaks;
//! [`wrap`] fills [`Line`]s of at most a given number of terminal columns, breaking only at
//! white space. Widths are display widths ([`unicode_width`]: a CJK character takes two
//! columns, a combining mark none), never bytes, and styles are applied per fragment when
//! a line is written, so a break never falls inside an escape sequence. A word wider than
//! the whole line is cut between characters (a long URL in a narrow column).
//!
//! The source text's white space is reflowed: a run of white space is one space, and a run
//! holding a blank line (two line breaks) is a paragraph break, shown as an empty line.
//! Control characters (other than white space) are shown as U+FFFD, so a file cannot send
//! escape sequences to the terminal.

use crate::style::write_styled;
use owo_colors::Style;
use std::borrow::Cow;
use std::io;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

#[derive(Clone, Debug, PartialEq)]
enum Item<'a> {
    Text(Cow<'a, str>, Style),
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
        let mut rest = text;
        while !rest.is_empty() {
            let ws = rest.find(|c: char| !c.is_whitespace()).unwrap_or(rest.len());
            if ws > 0 {
                if rest[..ws].matches('\n').count() >= 2 {
                    self.paragraph_break();
                } else {
                    self.space();
                }
                rest = &rest[ws..];
                continue;
            }
            let word = rest.find(char::is_whitespace).unwrap_or(rest.len());
            self.items.push(Item::Text(sanitize(&rest[..word]), style));
            rest = &rest[word..];
        }
    }

    /// Appends all of `other` (a paragraph break or space at the seam collapses as usual).
    pub fn extend(&mut self, other: StyledText<'a>) {
        for item in other.items {
            match item {
                Item::Space => self.space(),
                Item::Break => self.paragraph_break(),
                text @ Item::Text(..) => self.items.push(text),
            }
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

/// Replaces control characters (except white space, which never reaches here) by U+FFFD.
fn sanitize(s: &str) -> Cow<'_, str> {
    if s.chars().any(char::is_control) {
        Cow::Owned(s.chars().map(|c| if c.is_control() { '\u{FFFD}' } else { c }).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// One wrapped line: styled pieces and their total display width.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Line<'a> {
    /// The pieces, in order; adjacent pieces of the same style are merged.
    pub pieces: Vec<(Cow<'a, str>, Style)>,
    /// Display width in terminal columns.
    pub width: usize,
}

impl<'a> Line<'a> {
    fn push(&mut self, text: Cow<'a, str>, style: Style) {
        self.width += text.width();
        match self.pieces.last_mut() {
            Some((last, s)) if *s == style => last.to_mut().push_str(&text),
            _ => self.pieces.push((text, style)),
        }
    }

    /// Writes the line (without a line break), each piece in its style.
    ///
    /// # Errors
    /// Whatever the writer returns.
    pub fn write(&self, w: &mut dyn io::Write) -> io::Result<()> {
        for (text, style) in &self.pieces {
            write_styled(w, text, *style)?;
        }
        Ok(())
    }

    /// The line's text without styles.
    #[cfg(test)]
    #[must_use]
    pub fn plain_text(&self) -> String {
        self.pieces.iter().map(|(t, _)| t.as_ref()).collect()
    }
}

/// Wraps `text` into lines of at most `width` display columns (at least 1). Paragraph
/// breaks become empty lines.
#[must_use]
pub fn wrap<'a>(text: &StyledText<'a>, width: usize) -> Vec<Line<'a>> {
    let width = width.max(1);
    let mut w = Wrapper { width, lines: Vec::new(), line: Line::default() };
    let mut word: Vec<(Cow<'a, str>, Style)> = Vec::new();
    for item in &text.items {
        match item {
            Item::Text(t, s) => word.push((t.clone(), *s)),
            Item::Space => w.word(std::mem::take(&mut word)),
            Item::Break => {
                w.word(std::mem::take(&mut word));
                w.end_line();
                w.lines.push(Line::default());
            }
        }
    }
    w.word(word);
    w.end_line();
    while w.lines.last().is_some_and(|l| l.pieces.is_empty()) {
        w.lines.pop();
    }
    w.lines
}

struct Wrapper<'a> {
    width: usize,
    lines: Vec<Line<'a>>,
    line: Line<'a>,
}

impl<'a> Wrapper<'a> {
    fn end_line(&mut self) {
        if !self.line.pieces.is_empty() {
            self.lines.push(std::mem::take(&mut self.line));
        }
    }

    fn word(&mut self, word: Vec<(Cow<'a, str>, Style)>) {
        if word.is_empty() {
            return;
        }
        let wide: usize = word.iter().map(|(t, _)| t.width()).sum();
        if !self.line.pieces.is_empty() {
            if self.line.width + 1 + wide <= self.width {
                // The space takes the style of its neighbours when they share one.
                let before = self.line.pieces.last().map(|p| p.1);
                let style = if before == Some(word[0].1) { word[0].1 } else { Style::new() };
                self.line.push(Cow::Borrowed(" "), style);
            } else {
                self.end_line();
            }
        }
        if wide <= self.width.saturating_sub(self.line.width) {
            for (t, s) in word {
                self.line.push(t, s);
            }
            return;
        }
        // Wider than a whole line: cut between characters.
        for (t, s) in word {
            let mut start = 0;
            for (i, c) in t.char_indices() {
                let cw = c.width().unwrap_or(0);
                if self.line.width + (t[start..i].width()) + cw > self.width && (i > start || self.line.width > 0) {
                    if i > start {
                        self.line.push(Cow::Owned(t[start..i].to_owned()), s);
                    }
                    self.end_line();
                    start = i;
                }
            }
            if start < t.len() {
                self.line.push(Cow::Owned(t[start..].to_owned()), s);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str, width: usize) -> Vec<String> {
        let mut t = StyledText::new();
        t.push(text, Style::new());
        wrap(&t, width).iter().map(Line::plain_text).collect()
    }

    #[test]
    fn wraps_at_word_boundaries() {
        assert_eq!(plain("the quick brown fox jumps", 10), ["the quick", "brown fox", "jumps"]);
        assert_eq!(plain("  spaced\tout\n words ", 80), ["spaced out words"]);
    }

    #[test]
    fn blank_lines_are_paragraph_breaks() {
        assert_eq!(plain("one\n\ntwo\r\n\r\n\r\nthree\nfour\n\n", 80), ["one", "", "two", "", "three four"]);
    }

    #[test]
    fn width_is_measured_in_columns_not_bytes() {
        // Each of these CJK characters is 3 bytes and 2 columns.
        assert_eq!(plain("日本 語語", 5), ["日本", "語語"]);
        assert_eq!(plain("é é é", 5), ["é é é"]);
        for line in plain("日本語日本語日本語", 5) {
            assert!(line.width() <= 5, "{line}");
        }
    }

    #[test]
    fn long_words_are_cut() {
        assert_eq!(plain("abcdefghij xy", 4), ["abcd", "efgh", "ij", "xy"]);
        // A character wider than the line still goes somewhere, without a panic.
        assert_eq!(plain("日日", 1), ["日", "日"]);
    }

    #[test]
    fn styles_never_split_escapes_and_glue_fragments() {
        let red = Style::new().red();
        let mut t = StyledText::new();
        t.push("keep ", Style::new());
        t.push("[-gone", red);
        t.push("-]", red);
        t.push("{+new+}", Style::new().green());
        t.push(" tail", Style::new());
        let lines = wrap(&t, 16);
        let texts: Vec<String> = lines.iter().map(Line::plain_text).collect();
        assert_eq!(texts, ["keep", "[-gone-]{+new+}", "tail"]);
        assert_eq!(lines[1].width, 15);
        let mut out = Vec::new();
        lines[1].write(&mut out).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert_eq!(s.matches("\x1b[0m").count(), 2, "{s:?}");
    }

    #[test]
    fn control_characters_are_neutralised() {
        assert_eq!(plain("a\x1b[31mb", 80), ["a\u{FFFD}[31mb"]);
    }

    proptest::proptest! {
        /// Whatever the text and width: no line is wider than the width (a single
        /// character wider than the whole line excepted), the words come out in order with
        /// nothing lost (a word cut at the width is glued back), and the output is plain
        /// text without white-space runs.
        #[test]
        fn wrapping_keeps_every_word_within_the_width(
            words in proptest::collection::vec("[a-zé日\u{301}.,-]{1,12}", 0..40),
            seps in proptest::collection::vec(proptest::sample::select(vec![" ", "  ", "\n", "\t", "\n\n"]), 40),
            width in 1usize..30,
        ) {
            let mut text = String::new();
            for (w, sep) in words.iter().zip(&seps) {
                text.push_str(w);
                text.push_str(sep);
            }
            let mut t = StyledText::new();
            t.push(&text, Style::new());
            let lines = wrap(&t, width);
            for line in &lines {
                let plain = line.plain_text();
                proptest::prop_assert_eq!(line.width, plain.width());
                proptest::prop_assert!(
                    line.width <= width || plain.chars().count() == 1,
                    "line {:?} wider than {}", plain, width
                );
                proptest::prop_assert!(!plain.starts_with(' ') && !plain.ends_with(' '));
            }
            let joined: String = lines.iter().map(Line::plain_text).collect::<Vec<_>>().join(" ");
            let squeeze = |s: &str| s.split_whitespace().collect::<String>();
            proptest::prop_assert_eq!(squeeze(&joined), squeeze(&text));
        }
    }
}
