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

#[cfg(test)]
use crate::style::write_styled;
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
pub(crate) fn white_space_run(s: &str, mut at: usize) -> (usize, usize) {
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

/// The end of the word (run of non-white space, `char::is_whitespace`) starting at byte `at`
/// of `s` (`at` if there is none).
pub(crate) fn word_end(s: &str, at: usize) -> usize {
    scan_word(s, at).0
}

/// [`word_end`], and what the word holds.
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

    /// The char-by-char [`StyledText::push`] this module had before its byte scan: the
    /// reference the scan must agree with, item for item.
    fn reference_push<'a>(t: &mut StyledText<'a>, text: &'a str, style: Style) {
        let mut rest = text;
        while !rest.is_empty() {
            let ws = rest.find(|c: char| !c.is_whitespace()).unwrap_or(rest.len());
            if ws > 0 {
                if rest[..ws].matches('\n').count() >= 2 {
                    t.paragraph_break();
                } else {
                    t.space();
                }
                rest = &rest[ws..];
                continue;
            }
            let word = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let clean: Cow<'a, str> = if rest[..word].chars().any(char::is_control) {
                Cow::Owned(rest[..word].chars().map(|c| if c.is_control() { '\u{FFFD}' } else { c }).collect())
            } else {
                Cow::Borrowed(&rest[..word])
            };
            let width = clean.width();
            t.items.push(Item::Text(clean, style, width));
            rest = &rest[word..];
        }
    }

    /// The wrapping this module had before lines borrowed their pieces: owned pieces,
    /// adjacent ones of one style merged, widths measured again for every piece.
    fn reference_wrap(text: &StyledText<'_>, width: usize) -> Vec<(Vec<(String, Style)>, usize)> {
        fn push(line: &mut (Vec<(String, Style)>, usize), text: &str, style: Style) {
            line.1 += text.width();
            match line.0.last_mut() {
                Some((last, s)) if *s == style => last.push_str(text),
                _ => line.0.push((text.to_owned(), style)),
            }
        }
        fn end_line(lines: &mut Vec<(Vec<(String, Style)>, usize)>, line: &mut (Vec<(String, Style)>, usize)) {
            if !line.0.is_empty() {
                lines.push(std::mem::take(line));
            }
        }
        let width = width.max(1);
        let mut lines = Vec::new();
        let mut line = (Vec::new(), 0);
        let mut words: Vec<Vec<(&str, Style)>> = vec![Vec::new()];
        let mut breaks_before = vec![false];
        for item in &text.items {
            match item {
                Item::Text(t, s, _) => words.last_mut().unwrap().push((t.as_ref(), *s)),
                Item::Space => {
                    words.push(Vec::new());
                    breaks_before.push(false);
                }
                Item::Break => {
                    words.push(Vec::new());
                    breaks_before.push(true);
                }
            }
        }
        for (word, brk) in words.into_iter().zip(breaks_before) {
            if brk {
                end_line(&mut lines, &mut line);
                lines.push((Vec::new(), 0));
            }
            if word.is_empty() {
                continue;
            }
            let wide: usize = word.iter().map(|(t, _)| t.width()).sum();
            if !line.0.is_empty() {
                if line.1 + 1 + wide <= width {
                    let before = line.0.last().map(|p| p.1);
                    let style = if before == Some(word[0].1) { word[0].1 } else { Style::new() };
                    push(&mut line, " ", style);
                } else {
                    end_line(&mut lines, &mut line);
                }
            }
            if wide <= width.saturating_sub(line.1) {
                for (t, s) in word {
                    push(&mut line, t, s);
                }
                continue;
            }
            for (t, s) in word {
                let mut start = 0;
                for (i, c) in t.char_indices() {
                    let cw = c.width().unwrap_or(0);
                    if line.1 + t[start..i].width() + cw > width && (i > start || line.1 > 0) {
                        if i > start {
                            push(&mut line, &t[start..i], s);
                        }
                        end_line(&mut lines, &mut line);
                        start = i;
                    }
                }
                if start < t.len() {
                    push(&mut line, &t[start..], s);
                }
            }
        }
        end_line(&mut lines, &mut line);
        while lines.last().is_some_and(|l| l.0.is_empty()) {
            lines.pop();
        }
        lines
    }

    /// Characters to build test texts from: every kind of white space `char::is_whitespace`
    /// knows (the ASCII ones including vertical tab and form feed, and the non-ASCII ones),
    /// look-alikes that are not white space (U+200B, U+001C..U+001F, U+180E), control
    /// characters (ASCII, C1, and U+0085 which is both), wide, zero-width and combining
    /// characters, emoji sequences.
    fn test_chars() -> Vec<char> {
        let mut chars: Vec<char> = "ab Z09.,-[]{}+~ \t\n\r\x0b\x0c\x1c\x1f\x00\x1b\x07\x7f".chars().collect();
        chars.extend([
            '\u{85}',
            '\u{a0}',
            '\u{1680}',
            '\u{2000}',
            '\u{2005}',
            '\u{200a}',
            '\u{2028}',
            '\u{2029}',
            '\u{202f}',
            '\u{205f}',
            '\u{3000}',
            '\u{200b}',
            '\u{180e}',
            '\u{feff}',
            '\u{80}',
            '\u{9f}',
            '\u{ad}',
            '\u{fffd}',
            'é',
            '\u{301}',
            '日',
            '語',
            '\u{ff21}',
            '👍',
            '\u{1f3fd}',
            '\u{200d}',
            '\u{fe0f}',
            '\u{20e3}',
            'ﬁ',
            'ل',
            'ا',
        ]);
        chars
    }

    fn text_strategy() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(test_chars()), 0..60)
            .prop_map(|cs| cs.into_iter().collect::<String>())
    }

    use proptest::strategy::Strategy as _;

    #[test]
    fn ascii_width_is_its_length() {
        // The premise of the fast path in `StyledText::push`: a printable ASCII character
        // (what an ASCII fragment is made of after sanitising) takes one column, alone or
        // next to any other.
        let printable: Vec<char> = (0x20u8..0x7f).map(char::from).collect();
        for &a in &printable {
            assert_eq!(a.width(), Some(1), "{a:?}");
            for &b in &printable {
                let pair: String = [a, b].into_iter().collect();
                assert_eq!(pair.width(), 2, "{pair:?}");
            }
        }
    }

    proptest::proptest! {
        /// The byte scan of `StyledText::push` makes exactly the items (fragments, their
        /// sanitised text and width, spaces, breaks) of the char-by-char reference.
        #[test]
        fn push_agrees_with_the_char_by_char_reference(
            texts in proptest::collection::vec(text_strategy(), 1..4),
            ascii in "[ -~\t\n]{0,80}",
        ) {
            let (mut fast, mut slow) = (StyledText::new(), StyledText::new());
            let red = Style::new().red();
            for (k, text) in texts.iter().chain([&ascii]).enumerate() {
                let style = if k % 2 == 0 { Style::new() } else { red };
                fast.push(text, style);
                reference_push(&mut slow, text, style);
            }
            proptest::prop_assert_eq!(&fast, &slow);
        }

        /// `wrap` makes the lines of the reference wrapping: the same text in the same
        /// styles (adjacent pieces of one style taken together) and the same widths, and
        /// `Line::write` writes what the reference's merged pieces would.
        #[test]
        fn wrap_agrees_with_the_reference(
            texts in proptest::collection::vec(text_strategy(), 1..6),
            width in 1usize..30,
        ) {
            let mut t = StyledText::new();
            let styles = [Style::new(), Style::new().red(), Style::new().green().bold()];
            for (k, text) in texts.iter().enumerate() {
                t.push(text, styles[k % styles.len()]);
            }
            let lines = wrap(&t, width);
            let reference = reference_wrap(&t, width);
            proptest::prop_assert_eq!(lines.len(), reference.len());
            for (line, (pieces, wide)) in lines.iter().zip(&reference) {
                proptest::prop_assert_eq!(line.width, *wide);
                proptest::prop_assert_eq!(line.pieces.is_empty(), pieces.is_empty());
                let mut merged: Vec<(String, Style)> = Vec::new();
                for &(text, style) in &line.pieces {
                    match merged.last_mut() {
                        Some((last, s)) if *s == style => last.push_str(text),
                        _ => merged.push((text.to_owned(), style)),
                    }
                }
                proptest::prop_assert_eq!(&merged, pieces);
                let (mut out, mut expected) = (Vec::new(), Vec::new());
                line.write(&mut out).unwrap();
                for (text, style) in pieces {
                    write_styled(&mut expected, text, *style).unwrap();
                }
                proptest::prop_assert_eq!(out, expected);
            }
        }
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
