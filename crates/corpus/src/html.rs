//! Reading an HTML page: the prose of its article without markup, every offset still a byte
//! offset into the file, and the page's metadata (see the [crate docs](crate#html)).
//!
//! The page is tokenized by [`html5gum`] (a WHATWG tokenizer that gives the source span of
//! each token); a light stack of open elements, linear in the page, decides what is prose.
//! Text is taken from the source slices of the tokenizer's text tokens, each character
//! reference decoded on its own (by the same tokenizer), so that every character of the
//! extracted text knows the bytes it comes from.

use crate::metadata::Metadata;
use crate::WarningKind;
use copytrace_text::decode::{Decoded, SourceRun};
use copytrace_text::Span;
use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::Tokenizer;
use std::collections::HashMap;

/// Elements whose content is never prose: code, styling, navigation, page furniture, forms,
/// embedded documents, and the title (metadata).
const SKIPPED: &[&[u8]] = &[
    b"script",
    b"style",
    b"noscript",
    b"template",
    b"nav",
    b"header",
    b"footer",
    b"aside",
    b"form",
    b"button",
    b"select",
    b"svg",
    b"iframe",
    b"title",
    b"textarea",
    b"noembed",
    b"noframes",
    b"object",
    b"canvas",
    b"dialog",
    b"datalist",
    b"math",
];

/// ARIA roles of the same page furniture, on any element.
const SKIPPED_ROLES: &[&str] =
    &["navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog", "search", "menu", "menubar"];

/// Elements that start a new paragraph (a blank line) where they start and end.
const BLOCKS: &[&[u8]] = &[
    b"address",
    b"article",
    b"aside",
    b"blockquote",
    b"body",
    b"br",
    b"caption",
    b"center",
    b"dd",
    b"details",
    b"dialog",
    b"dir",
    b"div",
    b"dl",
    b"dt",
    b"fieldset",
    b"figcaption",
    b"figure",
    b"footer",
    b"form",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"head",
    b"header",
    b"hgroup",
    b"hr",
    b"html",
    b"legend",
    b"li",
    b"main",
    b"menu",
    b"nav",
    b"ol",
    b"p",
    b"pre",
    b"section",
    b"summary",
    b"table",
    b"tbody",
    b"tfoot",
    b"thead",
    b"tr",
    b"ul",
    b"option",
    b"title",
];

/// Elements that separate words (a space) without starting a paragraph.
const SPACERS: &[&[u8]] = &[b"td", b"th", b"img"];

/// Elements that have no content and no end tag.
const VOID: &[&[u8]] = &[
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"param", b"source",
    b"track", b"wbr", b"keygen",
];

/// Elements whose content the tokenizer reads as raw text: always open, `/>` or not.
const RAW_TEXT: &[&[u8]] =
    &[b"script", b"style", b"xmp", b"iframe", b"noembed", b"noframes", b"noscript", b"title", b"textarea"];

/// The longest metadata value kept, in bytes (a longer one is cut at a character boundary).
const MAX_META: usize = 2000;

/// The longest character reference decoded, in bytes (`&CounterClockwiseContourIntegral;`
/// is 33; numeric ones may carry leading zeros).
const MAX_REFERENCE: usize = 64;

/// An HTML page read: its prose (a [`Decoded`] mapping to the file's bytes), its metadata,
/// and caveats about the metadata.
pub(crate) struct Page {
    pub decoded: Decoded,
    pub meta: Metadata,
    pub notes: Vec<WarningKind>,
}

/// What the tokenizer found, for the second step (choosing and assembling the prose).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Piece {
    /// Text: its source span (in the decoded page).
    Text(Span),
    /// A paragraph break.
    Break,
    /// A word break.
    Space,
}

/// One piece and the outermost `<article>` and `<main>` it is in (0: none; else 1-based).
#[derive(Clone, Copy, Debug)]
struct Placed {
    piece: Piece,
    article: u32,
    main: u32,
}

/// What an element name is, looked up once per name.
#[derive(Clone, Copy, Debug, Default)]
struct Kind {
    block: bool,
    spacer: bool,
    void: bool,
    raw_text: bool,
    skipped: bool,
    foreign: bool,
    article: bool,
    main: bool,
    title: bool,
}

impl Kind {
    fn of(name: &[u8]) -> Kind {
        Kind {
            block: BLOCKS.contains(&name),
            spacer: SPACERS.contains(&name),
            void: VOID.contains(&name),
            raw_text: RAW_TEXT.contains(&name),
            skipped: SKIPPED.contains(&name),
            foreign: name == b"svg" || name == b"math",
            article: name == b"article",
            main: name == b"main",
            title: name == b"title",
        }
    }
}

/// The start tag being read.
#[derive(Default)]
struct Tag {
    name: Vec<u8>,
    attr: Vec<u8>,
    hidden: bool,
    skip_role: bool,
    key: Option<String>,
    content: Option<String>,
    rel: Option<String>,
    href: Option<String>,
}

#[derive(Default)]
struct Walk {
    pieces: Vec<Placed>,
    /// Element names seen, each with a number: `kinds` and `open` are indexed by it.
    names: HashMap<Box<[u8]>, u32>,
    kinds: Vec<Kind>,
    /// How many elements of each name are open.
    open: Vec<usize>,
    /// The open elements: name number, and whether it is skipped.
    stack: Vec<(u32, bool)>,
    skip: usize,
    foreign: usize,
    articles: u32,
    article: u32,
    article_depth: usize,
    mains: u32,
    main: u32,
    main_depth: usize,
    tag: Tag,
    in_title: bool,
    title: Option<String>,
    /// Metadata from `<meta>` and `<link>`: (key, value), in page order.
    found: Vec<(String, String)>,
}

fn cut(mut s: String) -> String {
    if s.len() > MAX_META {
        let mut at = MAX_META;
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        s.truncate(at);
    }
    s
}

/// White space collapsed to single spaces, trimmed.
fn collapse(s: &str) -> String {
    s.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

impl Walk {
    fn push(&mut self, piece: Piece) {
        if self.skip == 0 {
            self.pieces.push(Placed { piece, article: self.article, main: self.main });
        }
    }

    fn id(&mut self, name: &[u8]) -> u32 {
        if let Some(&id) = self.names.get(name) {
            return id;
        }
        let id = u32::try_from(self.kinds.len()).unwrap_or(u32::MAX);
        self.names.insert(name.into(), id);
        self.kinds.push(Kind::of(name));
        self.open.push(0);
        id
    }

    fn open_tag(&mut self, self_closing: bool) {
        let mut tag = std::mem::take(&mut self.tag);
        match tag.name.as_slice() {
            b"meta" => {
                if let (Some(key), Some(content)) = (tag.key.take(), tag.content.take()) {
                    self.found.push((key, content));
                }
            }
            b"link" if tag.rel.as_deref().is_some_and(|r| r.split_ascii_whitespace().any(|r| r == "canonical")) => {
                if let Some(href) = tag.href.take() {
                    self.found.push(("canonical".to_owned(), href));
                }
            }
            _ => {}
        }
        let id = self.id(&tag.name);
        let kind = self.kinds[id as usize];
        // Keep the buffers for the next tag.
        self.tag.name = std::mem::take(&mut tag.name);
        self.tag.attr = std::mem::take(&mut tag.attr);
        if kind.block {
            self.push(Piece::Break);
        } else if kind.spacer {
            self.push(Piece::Space);
        }
        let foreign = self.foreign > 0 || kind.foreign;
        if kind.void || (self_closing && foreign && !kind.raw_text) {
            return;
        }
        let skip = kind.skipped || tag.hidden || tag.skip_role;
        if kind.article && self.article_depth == 0 && self.skip == 0 {
            self.articles += 1;
            self.article = self.articles;
        }
        if kind.main && self.main_depth == 0 && self.skip == 0 {
            self.mains += 1;
            self.main = self.mains;
        }
        self.article_depth += usize::from(kind.article);
        self.main_depth += usize::from(kind.main);
        self.foreign += usize::from(kind.foreign);
        self.skip += usize::from(skip);
        self.in_title = kind.title && !foreign;
        self.open[id as usize] += 1;
        self.stack.push((id, skip));
    }

    fn close_tag(&mut self, name: &[u8]) {
        self.in_title = false;
        let closed = self.names.get(name).copied().filter(|&id| self.open[id as usize] > 0);
        if let Some(closed) = closed {
            // Pop up to the element closed: whatever was left open inside it closes too.
            while let Some((id, skip)) = self.stack.pop() {
                let kind = self.kinds[id as usize];
                self.open[id as usize] -= 1;
                self.skip -= usize::from(skip);
                self.foreign -= usize::from(kind.foreign);
                if kind.article {
                    self.article_depth -= 1;
                    if self.article_depth == 0 {
                        self.article = 0;
                    }
                }
                if kind.main {
                    self.main_depth -= 1;
                    if self.main_depth == 0 {
                        self.main = 0;
                    }
                }
                if kind.block {
                    self.push(Piece::Break);
                }
                if id == closed {
                    break;
                }
            }
        } else if BLOCKS.contains(&name) {
            // `</p>` or `</br>` without a start: a break all the same.
            self.push(Piece::Break);
        }
        if SPACERS.contains(&name) {
            self.push(Piece::Space);
        }
    }

    fn attribute_value(&mut self, value: &[u8]) {
        let tag = &mut self.tag;
        let value = || cut(String::from_utf8_lossy(value).into_owned());
        match tag.attr.as_slice() {
            b"aria-hidden" => tag.hidden |= value().trim().eq_ignore_ascii_case("true"),
            b"role" => {
                let v = value().to_ascii_lowercase();
                tag.skip_role |= v.split_ascii_whitespace().any(|r| SKIPPED_ROLES.contains(&r));
            }
            b"style" => {
                let v: String = value().chars().filter(|c| !c.is_ascii_whitespace()).collect();
                tag.hidden |= v.to_ascii_lowercase().contains("display:none");
            }
            b"name" | b"property" | b"itemprop" if tag.key.is_none() => {
                tag.key = Some(value().trim().to_ascii_lowercase());
            }
            b"content" => tag.content = Some(value()),
            b"rel" => tag.rel = Some(value().to_ascii_lowercase()),
            b"href" => tag.href = Some(value()),
            _ => {}
        }
    }
}

/// Reads the decoded text of an HTML page (see the [crate docs](crate#html)).
pub(crate) fn extract(source: &Decoded) -> Page {
    let text = source.text();
    let mut walk = Walk::default();
    {
        let mut emitter = CallbackEmitter::new(|event: CallbackEvent<'_>, span: html5gum::Span<usize>| {
            handle(&mut walk, event, span);
            None::<std::convert::Infallible>
        });
        emitter.naively_switch_states(true);
        // Reading from a string cannot fail.
        let _ = Tokenizer::new_with_emitter(text, emitter).finish();
    }
    let chosen = choose(&walk.pieces, text);
    let (prose, runs) = assemble(text, walk.pieces.iter().filter(|p| chosen(p)).map(|p| p.piece));
    let decoded = source.extract(prose, &runs);
    let (meta, notes) = metadata(walk.title, walk.found);
    Page { decoded, meta, notes }
}

fn handle(walk: &mut Walk, event: CallbackEvent<'_>, span: html5gum::Span<usize>) {
    match event {
        // The tokenizer gives tag and attribute names in lower case.
        CallbackEvent::OpenStartTag { name } => {
            let mut buffer = std::mem::take(&mut walk.tag.name);
            buffer.clear();
            buffer.extend_from_slice(name);
            walk.tag = Tag { name: buffer, ..Tag::default() };
        }
        CallbackEvent::AttributeName { name } => {
            walk.tag.attr.clear();
            walk.tag.attr.extend_from_slice(name);
            if walk.tag.attr == b"hidden" {
                walk.tag.hidden = true;
            }
        }
        CallbackEvent::AttributeValue { value } => walk.attribute_value(value),
        CallbackEvent::CloseStartTag { self_closing } => walk.open_tag(self_closing),
        CallbackEvent::EndTag { name } => walk.close_tag(name),
        CallbackEvent::String { value } => {
            if walk.in_title && walk.title.is_none() {
                walk.title = Some(cut(collapse(&String::from_utf8_lossy(value))));
            }
            if span.start < span.end {
                walk.push(Piece::Text(Span::new(span.start, span.end)));
            }
        }
        CallbackEvent::Comment { .. } | CallbackEvent::Doctype { .. } | CallbackEvent::Error(_) => {}
    }
}

/// Which pieces are the prose: the largest `<article>` when it holds at least a third of
/// the text of the largest `<main>` (of the whole page when there is no `<main>`); else
/// that `<main>`; else the whole page. Sizes count letters and digits; ties go to the first.
fn choose(pieces: &[Placed], text: &str) -> impl Fn(&Placed) -> bool {
    let mut articles: Vec<usize> = Vec::new();
    let mut mains: Vec<usize> = Vec::new();
    let mut page = 0usize;
    for p in pieces {
        let Piece::Text(span) = p.piece else { continue };
        let n = text.get(span.range()).map_or(0, |s| s.chars().filter(|c| c.is_alphanumeric()).count());
        page += n;
        for (id, sizes) in [(p.article, &mut articles), (p.main, &mut mains)] {
            if id > 0 {
                let i = id as usize - 1;
                if sizes.len() <= i {
                    sizes.resize(i + 1, 0);
                }
                sizes[i] += n;
            }
        }
    }
    let largest = |sizes: &[usize]| {
        sizes
            .iter()
            .enumerate()
            .filter(|&(_, &n)| n > 0)
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))
            .map(|(i, &n)| (u32::try_from(i + 1).unwrap_or(u32::MAX), n))
    };
    let main = largest(&mains);
    let scope = main.map_or(page, |(_, n)| n);
    let choice = match (largest(&articles), main) {
        (Some((id, n)), _) if n * 3 >= scope => (Some(id), None),
        (_, Some((id, _))) => (None, Some(id)),
        _ => (None, None),
    };
    move |p: &Placed| match choice {
        (Some(article), _) => p.article == article,
        (None, Some(main)) => p.main == main,
        (None, None) => true,
    }
}

/// HTML white space.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0C' | '\r')
}

/// The text of the pieces, white space collapsed, paragraphs separated by a blank line, and
/// where each stretch of it comes from.
fn assemble(source: &str, pieces: impl Iterator<Item = Piece>) -> (String, Vec<SourceRun>) {
    let mut out =
        Assembly { source, text: String::new(), runs: Vec::new(), pending: None, last_end: 0, open_run: false };
    for piece in pieces {
        match piece {
            Piece::Break => out.pending = Some(Piece::Break),
            Piece::Space => {
                if out.pending.is_none() {
                    out.pending = Some(Piece::Space);
                }
            }
            Piece::Text(span) => out.text_of(span),
        }
    }
    (out.text, out.runs)
}

struct Assembly<'a> {
    source: &'a str,
    text: String,
    runs: Vec<SourceRun>,
    /// A separator to write before the next character (`Break` or `Space`).
    pending: Option<Piece>,
    /// Where the last character written ends in the source.
    last_end: usize,
    /// Whether the last run is verbatim and ends at `last_end`, so that it can grow.
    open_run: bool,
}

impl Assembly<'_> {
    fn space(&mut self) {
        if self.pending.is_none() {
            self.pending = Some(Piece::Space);
        }
    }

    /// Writes `s`, which comes from `from` in the source (verbatim or not).
    fn put(&mut self, s: &str, from: Span, verbatim: bool) {
        if let Some(sep) = self.pending.take() {
            if !self.text.is_empty() {
                let gap = Span::new(self.last_end, from.start.max(self.last_end));
                if sep == Piece::Space && self.open_run && &self.source[gap.range()] == " " {
                    // A plain space between words: part of the verbatim stretch.
                    self.text.push(' ');
                    self.last_end = gap.end;
                    if let Some(run) = self.runs.last_mut() {
                        run.source.end = gap.end;
                    }
                } else {
                    let sep = if sep == Piece::Break { "\n\n" } else { " " };
                    self.runs.push(SourceRun { text: self.text.len(), source: gap, verbatim: false });
                    self.text.push_str(sep);
                    self.open_run = false;
                }
            }
        }
        match self.runs.last_mut() {
            Some(run) if verbatim && self.open_run && from.start == self.last_end => run.source.end = from.end,
            _ => self.runs.push(SourceRun { text: self.text.len(), source: from, verbatim }),
        }
        self.text.push_str(s);
        self.last_end = from.end;
        self.open_run = verbatim;
    }

    fn text_of(&mut self, span: Span) {
        let Some(raw) = self.source.get(span.range()) else { return };
        let mut rest = raw;
        let mut at = span.start;
        while let Some(c) = rest.chars().next() {
            let len = if c == '&' {
                let (len, decoded) = reference(rest);
                if len == 1 {
                    self.put("&", Span::new(at, at + 1), true);
                } else if decoded.chars().all(is_space) {
                    self.space();
                } else {
                    self.put(&decoded, Span::new(at, at + len), false);
                }
                len
            } else if is_space(c) {
                self.space();
                1
            } else {
                let len = c.len_utf8();
                self.put(&rest[..len], Span::new(at, at + len), true);
                len
            };
            rest = &rest[len..];
            at += len;
        }
    }
}

/// The character reference at the start of `s` (which starts with `&`): how many bytes it
/// takes and what it stands for; `(1, "&")` for an `&` that starts none. Decoded by the
/// tokenizer itself, alone, so that it follows the HTML rules (legacy references without
/// `;`, numeric references out of range).
fn reference(s: &str) -> (usize, String) {
    let body = s[1..].bytes().take(MAX_REFERENCE).take_while(|b| b.is_ascii_alphanumeric() || *b == b'#').count();
    let end = 1 + body + usize::from(s.as_bytes().get(1 + body) == Some(&b';'));
    if body == 0 {
        return (1, "&".to_owned());
    }
    let candidate = &s[..end];
    let mut out: Vec<u8> = Vec::new();
    {
        let emitter = CallbackEmitter::new(|event: CallbackEvent<'_>, _: html5gum::Span<()>| {
            if let CallbackEvent::String { value } = event {
                out.extend_from_slice(value);
            }
            None::<std::convert::Infallible>
        });
        let _ = Tokenizer::new_with_emitter(candidate, emitter).finish();
    }
    let out = String::from_utf8_lossy(&out);
    // The tokenizer's output is the decoded reference followed by the rest of the
    // candidate as it is: the shortest reference with a non-empty decoding that explains it.
    for k in 1..=candidate.len() {
        if !candidate.is_char_boundary(k) {
            continue;
        }
        let tail = &candidate[k..];
        if out.len() > tail.len() && out.ends_with(tail) {
            return (k, out[..out.len() - tail.len()].to_owned());
        }
    }
    (1, "&".to_owned())
}

/// The metadata of a page: its title, and the `<meta>` values understood (see the
/// [crate docs](crate#html)); other `<meta>` values are not kept.
fn metadata(title: Option<String>, found: Vec<(String, String)>) -> (Metadata, Vec<WarningKind>) {
    let mut meta = Metadata::default();
    let mut notes = Vec::new();
    let mut og_title = None;
    for (key, value) in found {
        let value = collapse(&value);
        if value.is_empty() {
            continue;
        }
        match key.as_str() {
            "og:title" => {
                og_title.get_or_insert(value);
            }
            "og:site_name" => {
                meta.outlet.get_or_insert(value);
            }
            "canonical" | "og:url" => {
                meta.url.get_or_insert(value);
            }
            "author" | "article:author" | "byl" | "dc.creator" => {
                meta.extra.entry("author".to_owned()).or_insert(value);
            }
            "date"
            | "article:published_time"
            | "pubdate"
            | "publishdate"
            | "publish-date"
            | "datepublished"
            | "dc.date"
            | "dc.date.issued"
            | "dcterms.created"
            | "dcterms.date"
            | "sailthru.date" => {
                if meta.date.is_some() || meta.extra.contains_key("date") {
                    continue;
                }
                match crate::metadata::read_date(&value, &mut notes) {
                    Some(d) => meta.date = Some(d),
                    None => {
                        meta.extra.insert("date".to_owned(), value);
                    }
                }
            }
            _ => {}
        }
    }
    meta.title = og_title.or(title).filter(|t| !t.is_empty());
    (meta, notes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metadata::Date;
    use copytrace_text::decode::decode;

    fn page(html: &str) -> Page {
        extract(&decode(html.as_bytes()).unwrap())
    }

    /// The file bytes of a span of the prose.
    fn source_of<'a>(html: &'a str, p: &Page, span: Span) -> &'a str {
        &html[p.decoded.original_span(span).range()]
    }

    #[test]
    fn markup_scripts_and_furniture_are_left_out() {
        let html = "<!doctype html><html><head><title>T</title><style>p{color:red}</style>\
            <script>var x = '</p>';</script></head><body><nav><a href=/>Home</a></nav>\
            <header>Site header</header><div hidden>Hidden</div><div aria-hidden=\"true\">Aria</div>\
            <p>First <em>paragraph</em> here.</p><!-- a comment --><p>Second\n   one.</p>\
            <form><button>Send</button></form><footer>Footer text</footer>\
            <template><p>Template</p></template><noscript>Enable JS</noscript></body></html>";
        let p = page(html);
        assert_eq!(p.decoded.text(), "First paragraph here.\n\nSecond one.");
        let upper = page("<BODY><SCRIPT>x()</SCRIPT><P HIDDEN>No</P><DIV>Yes</DIV><Nav>No</NAV>more</BODY>");
        assert_eq!(upper.decoded.text(), "Yes\n\nmore");
        assert_eq!(p.meta.title.as_deref(), Some("T"));
    }

    #[test]
    fn references_are_decoded_one_by_one_and_map_back_exactly() {
        let html = "<p>Fish &amp; chips, caf&eacute; &#8217;s &#x2019; AT&T &notit; &amp</p>";
        let p = page(html);
        let text = p.decoded.text();
        assert_eq!(text, "Fish & chips, caf\u{e9} \u{2019}s \u{2019} AT&T \u{ac}it; &");
        let amp = text.find('&').unwrap();
        assert_eq!(source_of(html, &p, Span::new(0, amp + 1)), "Fish &amp;");
        let cafe = text.find("caf").unwrap();
        assert_eq!(source_of(html, &p, Span::new(cafe, cafe + 5)), "caf&eacute;");
        let att = text.find("AT&T").unwrap();
        assert_eq!(source_of(html, &p, Span::new(att, att + 4)), "AT&T");
        let not = text.find('\u{ac}').unwrap();
        assert_eq!(source_of(html, &p, Span::new(not, not + 2)), "&not");
        assert_eq!(source_of(html, &p, Span::new(0, text.len())), &html[3..html.len() - 4]);
    }

    #[test]
    fn blocks_are_paragraphs_and_inline_elements_are_not() {
        let html = "<div>One<br>two</div><ul><li>a<li>b</ul><span>in</span><b>line</b> <i>x</i>\
            <table><tr><td>c1</td><td>c2</td></tr></table><h2>Head</h2>";
        let p = page(html);
        assert_eq!(p.decoded.text(), "One\n\ntwo\n\na\n\nb\n\ninline x\n\nc1 c2\n\nHead");
    }

    #[test]
    fn the_largest_article_is_the_prose() {
        let html = "<main><article><p>Teaser one.</p></article>\
            <article><p>The real story is much longer than the teasers around it.</p></article>\
            <div>Related links</div></main><div>Cookie banner text</div>";
        assert_eq!(page(html).decoded.text(), "The real story is much longer than the teasers around it.");
        // A teaser card is not the story when the main holds far more.
        let html = "<main><p>A long story with many words in a plain div layout, told at length.</p>\
            <article>Card</article></main><div>Cookies</div>";
        assert_eq!(
            page(html).decoded.text(),
            "A long story with many words in a plain div layout, told at length.\n\nCard"
        );
    }

    #[test]
    fn metadata_comes_from_the_head() {
        let html = "<head><title>Page | Site</title><meta property=\"og:title\" content=\"Page\">\
            <meta name=\"date\" content=\"2024-03-11T08:00:00Z\"><meta property=og:site_name content=\"The Site\">\
            <meta name=author content=\"A. Writer\"><link rel=canonical href=\"https://x.test/a\"></head><p>Body.</p>";
        let p = page(html);
        assert_eq!(p.meta.title.as_deref(), Some("Page"));
        assert_eq!(p.meta.date, Date::parse("2024-03-11T08:00:00Z"), "the time is kept");
        assert_eq!(p.meta.outlet.as_deref(), Some("The Site"));
        assert_eq!(p.meta.url.as_deref(), Some("https://x.test/a"));
        assert_eq!(p.meta.extra.get("author").map(String::as_str), Some("A. Writer"));
        assert!(p.notes.is_empty());
        let p = page("<meta name=date content=\"last Tuesday\"><p>x</p>");
        assert_eq!(p.notes, [WarningKind::BadDate("last Tuesday".to_owned())]);
        assert_eq!(p.decoded.text(), "x");
    }

    #[test]
    fn line_and_column_refer_to_the_file() {
        let html = "<html>\n<body>\n  <p>caf\u{e9} word</p>\n</body>";
        let p = page(html);
        let at = p.decoded.text().find("word").unwrap();
        assert_eq!(p.decoded.line_col(at), (3, 11));
        assert_eq!(p.decoded.line_col(0), (3, 6));
    }

    #[test]
    fn hostile_pages_stay_linear_and_whole() {
        let nested = "<div>".repeat(200_000) + "deep" + &"</span>".repeat(200_000);
        assert_eq!(page(&nested).decoded.text(), "deep");
        let unclosed = "<p>text <a href=\"".to_owned() + &"x".repeat(1_000_000);
        assert_eq!(page(&unclosed).decoded.text(), "text");
        let amps = "&".repeat(100_000) + &"&#".repeat(100_000);
        assert_eq!(page(&amps).decoded.text().len(), 300_000);
    }

    proptest::proptest! {
        /// Whatever the bytes, spans map inside the file, on character boundaries, in order.
        #[test]
        fn any_page_maps_within_the_file(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::num::u8::ANY,
                    proptest::sample::select(b"<>/&;#x p=\"'!-a\n".to_vec()),
                ],
                0..400,
            ),
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "<p>", "</p>", "<script>", "</script>", "&amp;", "&#8217;", "&nbsp;", "<article>", "</article>",
                    "<nav>", "</nav>", "<br>", "caf\u{e9}", "<!--", "-->", "&notin", "<svg/>", "<div hidden>",
                ]),
                0..40,
            ),
        ) {
            let mut all = bytes;
            for p in parts {
                all.extend_from_slice(p.as_bytes());
            }
            let Ok(decoded) = decode(&all) else { return Ok(()) };
            let p = extract(&decoded);
            let text = p.decoded.text();
            let file = decoded.text();
            // Where a character of the file may start: any byte in Windows-1252, an even
            // offset in UTF-16, a UTF-8 boundary otherwise.
            let starts_char = |at: usize| match decoded.encoding() {
                copytrace_text::Encoding::Windows1252 => true,
                copytrace_text::Encoding::Utf16Le | copytrace_text::Encoding::Utf16Be => at % 2 == 0,
                _ => file.is_char_boundary(at),
            };
            let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let mut last = 0;
            for w in bounds.windows(2) {
                let s = p.decoded.original_span(Span::new(w[0], w[1]));
                proptest::prop_assert!(s.start <= s.end && s.end <= all.len(), "{s:?}");
                proptest::prop_assert!(starts_char(s.start) && starts_char(s.end), "{s:?}");
                proptest::prop_assert!(s.start >= last);
                last = s.start;
                let _ = p.decoded.line_col(w[0]);
                // In UTF-8, a character not written as a reference is its own source.
                let c = &text[w[0]..w[1]];
                if decoded.encoding() == copytrace_text::Encoding::Utf8 && !c.trim().is_empty() {
                    let from = &all[s.range()];
                    proptest::prop_assert!(from == c.as_bytes() || from.first() == Some(&b'&'), "{c:?} {from:?}");
                }
            }
            let whole = p.decoded.original_span(Span::new(0, text.len()));
            proptest::prop_assert!(whole.end <= all.len());
        }
    }
}
