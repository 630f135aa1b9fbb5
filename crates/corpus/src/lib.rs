//! Reading a corpus of prose: what ripgrep's `ignore` is to ripgrep, for copytrace.
//!
//! `copytrace-corpus` turns a directory of articles, one file, or a JSON Lines file of
//! records into [`Document`]s: decoded text with a map back to the file's bytes, and the
//! metadata found at their start. It is the one library of the workspace that touches the
//! file system; the engines (`copytrace-diff`, `copytrace-provenance`) take the text it
//! returns. Everything it meets is accounted for in the returned [`Corpus`]: documents
//! read, files set aside on purpose ([`Skipped`], with a [`SkipReason`]), documents read
//! with a caveat ([`Warning`]), and files that could not be read ([`ReadError`]), which
//! make the result **partial** ([`Corpus::is_partial`]).
//!
//! # Overview
//!
//! * [`read_corpus`] reads a directory (walked), a `.jsonl` file or one file, with
//!   [`CorpusOptions`] (builder-style; each setter states its default).
//! * [`read_single`] reads one file as one document, by the same rules, as an error when
//!   the file would be skipped (for `copytrace trace FILE`).
//! * [`read_input`] reads one file (or standard input, `-`) as decoded text, for
//!   `copytrace diff` (an `.html` file as a page, standard input as text).
//! * [`ByteSize`] and [`DEFAULT_MAX_FILE_SIZE`]: the size limit as written on a command
//!   line (`64M`).
//!
//! ```
//! use copytrace_corpus::{read_corpus, CorpusOptions, SkipReason};
//! let dir = tempfile::tempdir().unwrap();
//! std::fs::write(dir.path().join("b.txt"), "date 2019-05-04\n\nThe leak inquiry began.").unwrap();
//! std::fs::write(dir.path().join("a.txt"), "Another article.").unwrap();
//! std::fs::write(dir.path().join("logo.png"), b"\x89PNG\r\n\x1a\n\x00\x00").unwrap();
//!
//! let corpus = read_corpus(dir.path(), &CorpusOptions::new().globs(["!drafts/**"])).unwrap();
//! let ids: Vec<&str> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
//! assert_eq!(ids, ["a.txt", "b.txt"]); // byte order of paths
//! let b = &corpus.documents[1];
//! assert_eq!(b.meta.date.map(|d| d.to_string()).as_deref(), Some("2019-05-04"));
//! assert_eq!(b.text(), "The leak inquiry began."); // the prose, without the metadata
//! assert_eq!(b.original_span(copytrace_text::Span::new(0, 3)).start, 17); // file bytes
//! assert!(matches!(corpus.skipped[0].reason, SkipReason::Binary(_)));
//! assert!(!corpus.is_partial());
//! ```
//!
//! # Walking a directory
//!
//! * The walk is deterministic: entries are visited in byte order of their file names.
//! * Hidden files and directories (a name starting with `.`) are skipped, and so are binary
//!   files (by the [`copytrace_text::decode`](mod@copytrace_text::decode) policy), files with no text, special files
//!   (pipes, sockets, devices), `.jsonl` files (pass such a file as the path itself) and
//!   `README` files (`README`, `README.md`, `readme.txt`: a data directory's description of
//!   itself, not one of its documents; an include glob that matches one reads it).
//! * [`CorpusOptions::globs`]: `PATTERN` includes, `!PATTERN` excludes; patterns match the
//!   path relative to the directory (`*` also crosses `/`, so `*.txt` matches at any
//!   depth). A file is read when it matches at least one include pattern (or none is given)
//!   and no exclude pattern; a directory matching an exclude pattern is not entered.
//! * Symbolic links are not followed unless [`CorpusOptions::follow_links`] is set; when
//!   they are, loops are detected and reported, and a file reached twice is read once.
//! * A file larger than [`CorpusOptions::max_file_size`] (default
//!   [`DEFAULT_MAX_FILE_SIZE`]) is skipped with a warning; the limit bounds memory and time
//!   on whatever a crawler left behind.
//!
//! # Reading one file
//!
//! [`read_input`] refuses, with an [`InputError`] naming the file and the reason
//! ([`FileError`]): a path that does not exist, a directory, a file that cannot be read
//! (permissions), a file larger than the limit (checked both before and while reading, so
//! a file that grows while it is read is still bounded), binary data and broken UTF-16.
//! The path `-` reads standard input. Empty files are fine (no paragraphs).
//!
//! # Encodings
//!
//! The policy of [`copytrace_text::decode`](mod@copytrace_text::decode): UTF-8 (with or without a byte-order mark) as
//! is, UTF-16 with a byte-order mark decoded, other non-UTF-8 text read as Windows-1252 with
//! a [`WarningKind::Windows1252`] warning, text with rare stray control bytes read with a
//! [`WarningKind::StrayControls`] warning, binary data skipped. Every offset maps back to
//! the file's bytes ([`Document::original_span`], [`Input::original_span`]).
//!
//! # Metadata
//!
//! A document may start with metadata, which is **not** prose: not matched against other
//! documents, not shown as text, not counted.
//!
//! * **Front matter**: a first line `---`, then `key: value` lines (blank lines, `#`
//!   comments and indented continuation lines allowed), then a closing `---` (or `...`)
//!   line. `title`, `outlet`, `date` and `url` are understood; other keys are kept in
//!   [`Metadata::extra`] (there `role: wire` marks a wire-service story, which the direction
//!   of `copytrace scan` takes as a source). A block that is not closed, or holds a line that is not
//!   `key: value`, is not front matter: the file is read as text, with a warning.
//! * **A date prefix**: `date YYYY-MM-DD` (or `date: YYYY-MM-DD`, or an RFC 3339 date-time
//!   in place of the day), possibly after white
//!   space, at the start of the text or right after the front matter, followed by white
//!   space or the end, as in a feed export that put the date on the first line.
//!
//! A date is a day (`2024-03-11`) or an RFC 3339 date-time with its zone
//! (`2024-03-11T08:00:00Z`, `2024-03-11T09:00:00+01:00`), kept as written ([`Date`]). A value
//! that is neither (or not a real date) is reported ([`WarningKind::BadDate`]) and ignored; a
//! date and time without a zone keeps its day, with a warning
//! ([`WarningKind::DateWithoutZone`]). The prose, [`Document::text`], is what follows
//! the metadata ([`Document::body`]); every span of it maps back to the file's bytes with
//! [`Document::original_span`], and [`Input`] does the same for one file read by
//! [`read_input`].
//!
//! # HTML
//!
//! A file named `.html` or `.htm` (any case; [`Format::of_path`]) and a JSON Lines record
//! with an `html` field instead of `text` are read as an HTML page (after decoding by the
//! policy above), with the WHATWG tokenizer of `html5gum`. The prose is the page's article:
//!
//! * Left out: markup, comments, and the content of `script`, `style`, `noscript`,
//!   `template`, `nav`, `header`, `footer`, `aside`, `form`, `button`, `select`, `svg`,
//!   `iframe`, `title`, `textarea`, `noembed`, `noframes`, `object`, `canvas`, `dialog`,
//!   `datalist` and `math` elements, of elements with a `hidden` attribute,
//!   `aria-hidden="true"`, `display:none` in their `style`, or a landmark `role`
//!   (`navigation`, `banner`, `contentinfo`, `complementary`, `dialog`, `alertdialog`,
//!   `search`, `menu`, `menubar`). An element left open closes with its parent.
//! * The largest `<article>` (by letters and digits; the first on ties) is the prose when
//!   it holds at least a third of the text of the largest `<main>`, or of the whole page
//!   when there is no `<main>`; else the largest `<main>`; else the whole page. (A page
//!   whose `<main>` holds the story and small teaser cards marked `<article>` keeps the
//!   story.)
//! * Block elements (`p`, `div`, `h1`-`h6`, `li`, `br`, `blockquote`, `tr`, ...) start a new
//!   paragraph (a blank line); table cells and images separate words; inline elements
//!   separate nothing (`<em>very</em>good` is one word). White space runs collapse to one
//!   space, as a browser shows them.
//! * Character references (`&amp;`, `&#8217;`, `&nbsp;`, legacy ones without `;`) are
//!   decoded one by one, by the tokenizer's own rules.
//!
//! Every span of the prose maps to the page's bytes ([`Document::original_span`]): a span
//! starts at the first byte of its first character and ends after the last byte of its
//! last character (after the `;` of `&amp;`), whatever markup lies between; line and column
//! ([`Document::line_col`]) are the page's. The metadata ([`Metadata`]) comes from the page,
//! never from its prose: `title` from `og:title` or else `<title>`, `outlet` from
//! `og:site_name`, `url` from `<link rel="canonical">` or `og:url`, `date` from the first
//! `<meta>` named `date`, `article:published_time`, `pubdate`, `dc.date` and the like (read
//! as the date of a front matter; one that is not a date is reported as
//! [`WarningKind::BadDate`]), and `author` (kept in [`Metadata::extra`]). A record's own
//! fields take precedence over the page's.
//!
//! ```
//! use copytrace_corpus::{read_single, Format};
//! let dir = tempfile::tempdir().unwrap();
//! let page = "<html><head><title>Budget</title><meta property=og:site_name content=Gazette>\
//!     <script>track()</script></head><body><nav>Home | News</nav>\
//!     <article><p>The council &amp; the <em>mayor</em> met.</p><p>They agreed.</p></article>\
//!     <footer>Contact us</footer></body></html>";
//! std::fs::write(dir.path().join("a.html"), page).unwrap();
//! let (doc, _) = read_single(&dir.path().join("a.html"), "a.html", 1 << 20).unwrap();
//! assert_eq!(doc.text(), "The council & the mayor met.\n\nThey agreed.");
//! assert_eq!((doc.format(), doc.meta.outlet.as_deref()), (Format::Html, Some("Gazette")));
//! let span = doc.original_span(copytrace_text::Span::new(4, 23)); // "council & the mayor"
//! assert_eq!(&page[span.range()], "council &amp; the <em>mayor");
//! ```
//!
//! # JSON Lines
//!
//! A path ending in `.jsonl` is read as one record per line:
//! `{"id": "...", "text": "...", "date": "YYYY-MM-DD"?, "outlet": "..."?}` (or `"html"`
//! instead of `"text"`: a page, read as [HTML](#html)) (`id` may be a
//! string or an integer; `date` may be an RFC 3339 date-time, and is read from `published`
//! when there is no `date`; `title` and `url` are understood too, other fields, such as
//! `"role": "wire"`, are kept in [`Metadata::extra`]). Blank
//! lines are ignored. A line that is not such a record is a [`ReadError`] at
//! `file.jsonl:LINE` and the rest is still read. For these documents offsets refer to the
//! bytes of the record's `text` (or `html`; as UTF-8, after JSON unescaping), not to the
//! `.jsonl` file.

mod corpus;
mod html;
mod input;
mod metadata;
mod size;

pub use corpus::{
    display_path, read_corpus, read_records, read_single, Corpus, CorpusError, CorpusOptions, Document, Origin,
    ReadError, SkipReason, Skipped, Warning, WarningKind,
};
pub use input::{decode_file, read_input, FileError, Format, Input, InputError};
pub use metadata::{Date, Metadata, MetadataChange};
pub use size::{ByteSize, SizeError, DEFAULT_MAX_FILE_SIZE};
