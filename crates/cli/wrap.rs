//! Word wrapping of styled text, measured in display columns.
//!
//! A [`StyledText`] is a stream of styled runs of text, soft spaces and paragraph breaks;
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

use crate::style::write_styled_run;
use owo_colors::Style;
use std::borrow::Cow;
use std::io;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

#[derive(Clone, Debug, PartialEq)]
enum Item<'a> {
    /// Text as pushed (never empty; control characters other than white space already
    /// replaced), split into words and white space only when it is wrapped. A report is
    /// hundreds of thousands of words: one item a push instead of one a word saves
    /// building them, and lets neighbouring words of a run be written as one slice.
    Run(Cow<'a, str>, Style),
    Space,
    Break,
}

/// Styled text to be wrapped: runs of text (their words glued to the words of neighbouring
/// runs where no white space separates them), soft spaces, paragraph breaks.
///
/// White space collapses as the text is wrapped: a run of spaces and breaks between two
/// words is a paragraph break if it holds one, else a space; before the first word it is
/// nothing. A white-space run inside pushed text is a break when it holds two or more line
/// breaks, judged within that one push.
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
        if text.is_empty() {
            return;
        }
        let text = if may_hold_control(text.as_bytes()) && text.chars().any(is_shown_as_replacement) {
            // Replacing a control character by U+FFFD (not white space either) leaves the
            // words and white space where they were, so the whole run can be cleaned.
            Cow::Owned(sanitize(text))
        } else {
            Cow::Borrowed(text)
        };
        self.items.push(Item::Run(text, style));
    }

    /// A soft space (collapses with an adjacent one; dropped at the start of a line).
    pub fn space(&mut self) {
        // Collapsing waits for the wrapping; two in a row are one all the same.
        if !matches!(self.items.last(), Some(Item::Space | Item::Break)) {
            self.items.push(Item::Space);
        }
    }

    /// A paragraph break (collapses with an adjacent one; dropped at the start and end).
    pub fn paragraph_break(&mut self) {
        if matches!(self.items.last(), Some(Item::Space)) {
            self.items.pop();
        }
        if !matches!(self.items.last(), Some(Item::Break)) {
            self.items.push(Item::Break);
        }
    }
}

/// Whether `bytes` may hold a control character that is not white space: an ASCII one, or
/// the lead byte 0xC2 of U+0080..U+009F (and of other characters, hence "may"). One pass
/// without an early exit, so that it vectorises.
fn may_hold_control(bytes: &[u8]) -> bool {
    bytes.iter().fold(false, |seen, &b| seen | ((b < 0x20 && !is_ascii_space(b)) || b == 0x7f || b == 0xc2))
}

/// A character shown as U+FFFD: a control character that is not white space (white space
/// is reflowed; U+0085 is both, and is white space here).
fn is_shown_as_replacement(c: char) -> bool {
    c.is_control() && !c.is_whitespace()
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

/// The end of the word (run of non-white space, `char::is_whitespace`) starting at byte `at`
/// of `s` (`at` if there is none).
pub(crate) fn word_end(s: &str, at: usize) -> usize {
    scan_word(s, at).0
}

/// [`word_end`], and whether the word is printable ASCII only (one column a byte: see the
/// test `ascii_width_is_its_length`).
fn scan_word(s: &str, mut at: usize) -> (usize, bool) {
    let bytes = s.as_bytes();
    let mut ascii = true;
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
            ascii = false;
            at += 1;
        } else {
            let c = char_at(s, at);
            if c.is_whitespace() {
                break;
            }
            ascii = false;
            at += c.len_utf8();
        }
    }
    (at, ascii)
}

/// Replaces control characters other than white space by U+FFFD.
fn sanitize(s: &str) -> String {
    s.chars().map(|c| if is_shown_as_replacement(c) { '\u{FFFD}' } else { c }).collect()
}

/// One wrapped line: styled pieces and their total display width.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Line<'t> {
    /// The pieces, in order, borrowed from the wrapped [`StyledText`]. Neighbouring words
    /// of one run, and the single space between them in the source, are one piece; pieces
    /// of the same style next to each other are written as one styled run ([`Line::write`]).
    pub pieces: Vec<(&'t str, Style)>,
    /// Display width in terminal columns.
    pub width: usize,
}

impl Line<'_> {
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
    let wrapper = Wrapper { width: width.max(1), line: Line::default(), open: None, blank_lines: 0, emit };
    let mut words = Words { wrapper, word: Vec::new(), wide: 0, gap: Gap::None, any_word: false };
    for item in &text.items {
        match item {
            Item::Space => words.white(Gap::Space),
            Item::Break => words.white(Gap::Break),
            Item::Run(run, style) => {
                let run = run.as_ref();
                let mut at = 0;
                while at < run.len() {
                    if words.word.is_empty() && words.gap != Gap::Break {
                        at = words.simple_words(run, at, *style);
                    }
                    let (end, newlines) = white_space_run(run, at);
                    if end > at {
                        words.white(if newlines >= 2 { Gap::Break } else { Gap::Space });
                        at = end;
                        continue;
                    }
                    let (end, ascii) = scan_word(run, at);
                    let width = if ascii { end - at } else { run[at..end].width() };
                    words.fragment(Fragment { run, start: at, end, style: *style, width });
                    at = end;
                }
            }
        }
    }
    words.white(Gap::Space);
    words.wrapper.end_line();
    // Blank lines still pending here would trail the text: they are dropped.
}

/// A piece of a word: `run[start..end]`, in `style`, `width` columns wide. The run is kept
/// whole so that neighbouring pieces of it can be joined into one slice.
#[derive(Clone, Copy)]
struct Fragment<'t> {
    run: &'t str,
    start: usize,
    end: usize,
    style: Style,
    width: usize,
}

impl Fragment<'_> {
    /// Whether `next` continues this fragment in the same run and style, `gap` bytes after
    /// its end.
    fn continued_by(&self, next: &Fragment<'_>, gap: usize) -> bool {
        // The same run: the same address and length (a slice of it would differ in one).
        self.run.as_ptr() == next.run.as_ptr()
            && self.run.len() == next.run.len()
            && self.end + gap == next.start
            && self.style == next.style
    }
}

/// Cuts the items into words (fragments between white space), collapsing the white space
/// between them, and hands the words to the [`Wrapper`].
struct Words<'t, F> {
    wrapper: Wrapper<'t, F>,
    /// The word being gathered (a word may span runs: `[-` then `gone`), and the sum of
    /// its fragments' widths.
    word: Vec<Fragment<'t>>,
    wide: usize,
    /// What separates the next word from the last one placed.
    gap: Gap,
    /// Whether a word was placed: white space before the first one is dropped.
    any_word: bool,
}

/// What separates a word from the one placed before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Gap {
    /// Nothing: no word placed yet, or glued to it.
    None,
    Space,
    /// A paragraph break: wins over spaces next to it.
    Break,
}

impl<'t, F: FnMut(&Line<'t>)> Words<'t, F> {
    /// White space (or the end of the text): the word gathered so far is placed.
    fn white(&mut self, kind: Gap) {
        if !self.word.is_empty() {
            self.wrapper.word(&self.word, self.wide);
            self.word.clear();
            self.wide = 0;
            self.gap = kind;
        } else if self.any_word {
            self.gap = self.gap.max(kind);
        }
    }

    /// Places the words of `run` from byte `at` on, in `style`, as long as each is
    /// printable ASCII followed by one space and then by printable ASCII (most of prose):
    /// what cutting them into fragments and white space one by one does, without the
    /// cutting. Returns where it stopped: the start of the first word not placed. Only
    /// called with no word gathered and no paragraph break pending.
    fn simple_words(&mut self, run: &'t str, at: usize, style: Style) -> usize {
        debug_assert!(self.word.is_empty() && self.gap != Gap::Break);
        let bytes = run.as_bytes();
        let printable = |b: u8| b.wrapping_sub(b'!') <= b'~' - b'!';
        let mut start = at;
        // Whether the line's open piece ends with the last word placed here.
        let mut open_is_last = false;
        loop {
            let mut end = start;
            while end < bytes.len() && printable(bytes[end]) {
                end += 1;
            }
            if end == start || bytes.get(end) != Some(&b' ') || !bytes.get(end + 1).is_some_and(|&b| printable(b)) {
                return start;
            }
            let wide = end - start;
            self.any_word = true;
            let w = &mut self.wrapper;
            match &mut w.open {
                // The word after the one placed last, one space between: the open piece
                // runs on over both when they fit (the space is the run's own).
                Some(open) if open_is_last && w.line.width + 1 + wide <= w.width => {
                    debug_assert!(open.end + 1 == start);
                    open.end = end;
                    w.line.width += 1 + wide;
                }
                _ => {
                    let f = Fragment { run, start, end, style, width: wide };
                    w.word(&[f], wide);
                    open_is_last = w.open.is_some_and(|o| {
                        o.end == end && o.start <= start && o.run.as_ptr() == run.as_ptr() && o.run.len() == run.len()
                    });
                }
            }
            self.gap = Gap::Space;
            start = end + 1;
        }
    }

    fn fragment(&mut self, fragment: Fragment<'t>) {
        if self.word.is_empty() {
            if self.gap == Gap::Break {
                self.wrapper.end_line();
                self.wrapper.blank_lines += 1;
            }
            self.gap = Gap::None;
            self.any_word = true;
        }
        self.wide += fragment.width;
        self.word.push(fragment);
    }
}

struct Wrapper<'t, F> {
    width: usize,
    /// The line being filled, but for its last piece, `open`.
    line: Line<'t>,
    /// The line's last piece, still open to the next fragment if that continues it in the
    /// same run ([`Fragment::continued_by`]): a run's words go into a line as one slice.
    open: Option<Fragment<'t>>,
    /// Empty lines (paragraph breaks) not yet emitted: they are emitted before the next
    /// line with text, so none ends the text.
    blank_lines: usize,
    emit: F,
}

/// The soft space written between two words that are not one slice of their run.
const SPACE: &str = " ";

impl<'t, F: FnMut(&Line<'t>)> Wrapper<'t, F> {
    fn is_line_empty(&self) -> bool {
        self.open.is_none() && self.line.pieces.is_empty()
    }

    /// Appends `f` to the line, joined to the open piece when it continues it.
    fn push(&mut self, f: Fragment<'t>) {
        self.line.width += f.width;
        if let Some(open) = &mut self.open {
            if open.continued_by(&f, 0) {
                open.end = f.end;
                return;
            }
            self.line.pieces.push((&open.run[open.start..open.end], open.style));
        }
        self.open = Some(f);
    }

    fn end_line(&mut self) {
        if let Some(open) = self.open.take() {
            self.line.pieces.push((&open.run[open.start..open.end], open.style));
        }
        if !self.line.pieces.is_empty() {
            for _ in 0..std::mem::take(&mut self.blank_lines) {
                (self.emit)(&Line::default());
            }
            (self.emit)(&self.line);
            self.line.pieces.clear();
            self.line.width = 0;
        }
    }

    /// Places one word, `word` being its fragments (at least one) and `wide` the sum of
    /// their widths.
    fn word(&mut self, word: &[Fragment<'t>], wide: usize) {
        let first = word[0];
        if !self.is_line_empty() {
            if self.line.width + 1 + wide <= self.width {
                // The space takes the style of its neighbours when they share one.
                let before = self.open.map(|p| p.style);
                let style = if before == Some(first.style) { first.style } else { Style::new() };
                // When the source has just one ' ' between the two, the space is that byte,
                // and the open piece runs on over it.
                let own =
                    self.open.filter(|open| open.continued_by(&first, 1) && open.run.as_bytes()[open.end] == b' ');
                let space = match own {
                    Some(open) => Fragment { start: open.end, end: open.end + 1, width: 1, ..open },
                    None => Fragment { run: SPACE, start: 0, end: 1, style, width: 1 },
                };
                self.push(space);
            } else {
                self.end_line();
            }
        }
        if wide <= self.width.saturating_sub(self.line.width) {
            for &f in word {
                self.push(f);
            }
            return;
        }
        // Wider than a whole line: cut between characters.
        for f in word {
            let t = &f.run[f.start..f.end];
            let mut start = 0;
            for (i, c) in t.char_indices() {
                let cw = c.width().unwrap_or(0);
                if self.line.width + (t[start..i].width()) + cw > self.width && (i > start || self.line.width > 0) {
                    if i > start {
                        self.push(Fragment {
                            start: f.start + start,
                            end: f.start + i,
                            width: t[start..i].width(),
                            ..*f
                        });
                    }
                    self.end_line();
                    start = i;
                }
            }
            if start < t.len() {
                self.push(Fragment { start: f.start + start, width: t[start..].width(), ..*f });
            }
        }
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    mod previous;

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

    /// A text built both ways: with `StyledText` and with the previous implementation.
    #[derive(Clone, Debug)]
    enum Op {
        Push(String, usize),
        Space,
        Break,
    }

    fn op_strategy() -> impl proptest::strategy::Strategy<Value = Op> {
        let text = || proptest::prop_oneof![text_strategy(), "[a-c ]{0,30}", "([a-z]{1,8} ){0,8}"];
        proptest::prop_oneof![
            4 => (text(), 0..3usize).prop_map(|(t, s)| Op::Push(t, s)),
            1 => proptest::strategy::Just(Op::Space),
            1 => proptest::strategy::Just(Op::Break),
        ]
    }

    const STYLES: [Style; 3] = [Style::new(), Style::new().red(), Style::new().green().bold()];

    fn build<'a>(ops: &'a [Op]) -> (StyledText<'a>, previous::StyledText<'a>) {
        let (mut t, mut p) = (StyledText::new(), previous::StyledText::new());
        for op in ops {
            match op {
                Op::Push(text, s) => {
                    t.push(text, STYLES[*s]);
                    p.push(text, STYLES[*s]);
                }
                Op::Space => {
                    t.space();
                    p.space();
                }
                Op::Break => {
                    t.paragraph_break();
                    p.paragraph_break();
                }
            }
        }
        (t, p)
    }

    proptest::proptest! {
        /// Runs split into words only while wrapping, white space collapsed there, and
        /// neighbouring words of a run joined into one piece: the lines (their width,
        /// their text, the bytes `Line::write` writes, plain or coloured) are those of the
        /// previous implementation, one item a word and one piece a word or space.
        #[test]
        fn wrap_agrees_with_the_previous_implementation(
            ops in proptest::collection::vec(op_strategy(), 0..12),
            width in 1usize..40,
        ) {
            let (t, p) = build(&ops);
            let (lines, expected) = (wrap(&t, width), previous::wrap(&p, width));
            proptest::prop_assert_eq!(lines.len(), expected.len());
            for (line, old) in lines.iter().zip(&expected) {
                proptest::prop_assert_eq!(line.width, old.width);
                proptest::prop_assert_eq!(line.plain_text(), old.plain_text());
                let (mut out, mut reference) = (Vec::new(), Vec::new());
                line.write(&mut out).unwrap();
                old.write(&mut reference).unwrap();
                proptest::prop_assert_eq!(out, reference);
            }
        }
    }

    #[test]
    fn neighbouring_words_of_a_run_are_one_piece() {
        let mut t = StyledText::new();
        t.push("the quick brown  fox jumps", Style::new());
        let lines = wrap(&t, 21);
        let pieces: Vec<Vec<&str>> = lines.iter().map(|l| l.pieces.iter().map(|p| p.0).collect()).collect();
        // The source's own single spaces are part of the slice; the double one is not.
        assert_eq!(pieces, [vec!["the quick brown", " ", "fox"], vec!["jumps"]]);
    }

    #[test]
    fn white_space_collapses_across_pushes_as_before() {
        let mut t = StyledText::new();
        t.paragraph_break();
        t.push(" \n", Style::new());
        t.push("a \n", Style::new());
        t.push("\n b", Style::new());
        t.space();
        t.paragraph_break();
        t.push("c", Style::new());
        t.paragraph_break();
        let lines: Vec<String> = wrap(&t, 80).iter().map(Line::plain_text).collect();
        // A blank line split between two pushes is a space; a break wins over a space.
        assert_eq!(lines, ["a b", "", "c"]);
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
