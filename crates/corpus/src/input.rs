//! Reading one file into text, by the policy of [`copytrace_text::decode`](mod@copytrace_text::decode): what
//! `copytrace diff` and `copytrace trace` do with the files they are given.

use crate::metadata::{parse_metadata, Metadata};
use crate::size::ByteSize;
use crate::WarningKind;
use copytrace_text::decode::{decode_vec, DecodeError, Decoded, Encoding};
use copytrace_text::Span;
use std::io::{self, Read};
use std::path::Path;
use std::sync::Arc;

/// How a file's text is read: as prose, or as an HTML page whose prose is extracted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text (Markdown and any other extension included): metadata at its start, then
    /// prose.
    Text,
    /// An HTML page (`.html`, `.htm`, or a JSON Lines record's `html` field): the prose of
    /// its article ([crate docs](crate#html)).
    Html,
}

impl Format {
    /// The format of a file by its name: `.html` and `.htm` (any case) are HTML.
    ///
    /// ```
    /// use copytrace_corpus::Format;
    /// assert_eq!(Format::of_path("news/a.HTM".as_ref()), Format::Html);
    /// assert_eq!(Format::of_path("a.md".as_ref()), Format::Text);
    /// ```
    #[must_use]
    pub fn of_path(path: &Path) -> Format {
        let html = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
        if html {
            Format::Html
        } else {
            Format::Text
        }
    }

    /// The format of decoded text: HTML when its text was extracted from a page.
    #[must_use]
    pub fn of(decoded: &Decoded) -> Format {
        if decoded.is_extracted() {
            Format::Html
        } else {
            Format::Text
        }
    }

    /// A short lower-case name, for messages and JSON: `text` or `html`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
        }
    }
}

/// Decodes the bytes of the file at `path` as a corpus document's text is: by the decode
/// policy, and for an HTML file ([`Format::of_path`]) the prose extracted from the page. The
/// text is what [`Document::decoded`](crate::Document::decoded) holds (metadata found in a
/// page is not returned; read the file with [`crate::read_single`] for it).
///
/// # Errors
/// As [`copytrace_text::decode::decode`].
pub fn decode_file(path: &Path, bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let decoded = copytrace_text::decode::decode(bytes)?;
    Ok(match Format::of_path(path) {
        Format::Text => decoded,
        Format::Html => crate::html::extract(&decoded).decoded,
    })
}

/// A file read and decoded, its metadata set apart from its prose.
#[derive(Debug)]
pub struct Input {
    /// The path for messages and reports: as given, bytes that are not UTF-8 shown as
    /// U+FFFD (`<stdin>` for `-`).
    pub name: String,
    /// The whole decoded text and the map back to the file's bytes.
    pub decoded: Decoded,
    /// The prose: the span of the decoded text after the metadata (the whole text when
    /// there is none).
    pub body: Span,
    /// The metadata at the start ([crate docs](crate#metadata)); not prose.
    pub meta: Metadata,
    /// Caveats about the metadata (a date that is not one, front matter read as text).
    pub notes: Vec<WarningKind>,
}

impl Input {
    /// Reads `decoded` as a file named `name`: metadata set apart by the rules of a corpus
    /// document.
    ///
    /// ```
    /// use copytrace_corpus::Input;
    /// let bytes = b"---\ntitle: Budget\n---\nThe council met.";
    /// let input = Input::new("a.md", copytrace_text::decode::decode(bytes).unwrap());
    /// assert_eq!(input.text(), "The council met.");
    /// assert_eq!(input.meta.title.as_deref(), Some("Budget"));
    /// assert_eq!(input.original_span(copytrace_text::Span::new(4, 11)).start, 26);
    /// assert_eq!(input.metadata_span(), Some(copytrace_text::Span::new(0, 22)));
    /// ```
    #[must_use]
    pub fn new(name: impl Into<String>, decoded: Decoded) -> Self {
        Self::with_format(name, decoded, Format::Text)
    }

    /// Reads `decoded` as a file named `name` in format `format`: for [`Format::Text`] as
    /// [`Input::new`]; for [`Format::Html`] the prose of the page, its metadata from the
    /// page's head ([crate docs](crate#html)).
    ///
    /// ```
    /// use copytrace_corpus::{Format, Input};
    /// let bytes = b"<title>Budget</title><nav>Home</nav><p>The council &amp; the mayor met.</p>";
    /// let input = Input::with_format("a.html", copytrace_text::decode::decode(bytes).unwrap(), Format::Html);
    /// assert_eq!(input.text(), "The council & the mayor met.");
    /// assert_eq!(input.meta.title.as_deref(), Some("Budget"));
    /// assert_eq!(input.original_span(copytrace_text::Span::new(4, 13)), copytrace_text::Span::new(43, 56));
    /// assert_eq!(input.format(), Format::Html);
    /// ```
    #[must_use]
    pub fn with_format(name: impl Into<String>, decoded: Decoded, format: Format) -> Self {
        if format == Format::Html {
            let page = crate::html::extract(&decoded);
            let body = Span::new(0, page.decoded.text().len());
            return Input { name: name.into(), decoded: page.decoded, body, meta: page.meta, notes: page.notes };
        }
        let (meta, body, notes) = parse_metadata(decoded.text());
        // Without metadata the prose is the whole text (a byte-order mark included).
        let body = if meta.ranges.is_empty() { Span::new(0, decoded.text().len()) } else { body };
        Input { name: name.into(), decoded, body, meta, notes }
    }

    /// The prose: the decoded text after any metadata. Spans of it map to the file's bytes
    /// with [`Input::original_span`].
    #[must_use]
    pub fn text(&self) -> &str {
        &self.decoded.text()[self.body.range()]
    }

    /// The bytes of the file before the prose when it starts with metadata: any white space
    /// or byte-order mark, the front matter up to its closing line, a date prefix and the
    /// white space after it. `None` without metadata.
    #[must_use]
    pub fn metadata_span(&self) -> Option<Span> {
        self.meta.ranges.first()?;
        Some(self.decoded.original_span(Span::new(0, self.body.start)))
    }

    /// The encoding the file was read in.
    #[must_use]
    pub fn encoding(&self) -> Encoding {
        self.decoded.encoding()
    }

    /// How the file was read: as text, or as an HTML page.
    #[must_use]
    pub fn format(&self) -> Format {
        Format::of(&self.decoded)
    }

    /// Maps a span of [`Input::text`] to the file's bytes.
    #[must_use]
    pub fn original_span(&self, span: Span) -> Span {
        let shift = |at: usize| self.body.start + at;
        self.decoded.original_span(Span::new(shift(span.start), shift(span.end)))
    }

    /// Caveats to print as warnings: text that was not UTF-8, then the metadata's.
    #[must_use]
    pub fn warnings(&self) -> Vec<String> {
        let cp1252 = (self.encoding() == Encoding::Windows1252).then(|| {
            format!(
                "{}: not valid UTF-8; read as Windows-1252 (byte offsets still refer to the file's bytes)",
                self.name
            )
        });
        let stray = self.decoded.stray_controls().map(|s| format!("{}: {s}", self.name));
        cp1252.into_iter().chain(stray).chain(self.notes.iter().map(|n| format!("{}: {n}", self.name))).collect()
    }
}

/// Why a file (or a JSON Lines record) could not be read.
#[derive(Clone, Debug, thiserror::Error)]
pub enum FileError {
    /// No such file.
    #[error("no such file")]
    NotFound,
    /// The path is a directory.
    #[error("is a directory, not a file")]
    IsDirectory,
    /// Permission denied.
    #[error("permission denied")]
    PermissionDenied,
    /// Larger than the limit.
    #[error("file too large ({size} bytes; the limit is {} bytes, see --max-file-size)", limit.bytes())]
    TooLarge {
        /// The file's size in bytes (at least this many bytes when read from a stream).
        size: u64,
        /// The limit.
        limit: ByteSize,
    },
    /// Binary data.
    #[error("binary file, not text ({what} at byte {offset})")]
    Binary {
        /// What gave it away.
        what: &'static str,
        /// Where, in bytes from the start.
        offset: usize,
    },
    /// Not text for another reason (broken UTF-16).
    #[error("not text: {0}")]
    NotText(DecodeError),
    /// A JSON Lines line that is not a usable record.
    #[error("{0}")]
    BadRecord(String),
    /// A file of a directory that was no longer there when it was read.
    #[error("no longer found (removed while reading?)")]
    Vanished,
    /// A file that a corpus would skip, asked for by name ([`crate::read_single`]).
    #[error("{0}")]
    Skipped(crate::SkipReason),
    /// The file changed between two reads.
    #[error("changed while it was being read")]
    Changed,
    /// Any other IO error.
    #[error("cannot read: {0}")]
    Io(Arc<io::Error>),
}

impl FileError {
    /// The error for an IO error of opening or reading a file.
    #[must_use]
    pub fn from_io(e: io::Error) -> Self {
        match e.kind() {
            io::ErrorKind::NotFound => FileError::NotFound,
            io::ErrorKind::PermissionDenied => FileError::PermissionDenied,
            io::ErrorKind::IsADirectory => FileError::IsDirectory,
            _ => FileError::Io(Arc::new(e)),
        }
    }

    /// The error for bytes the decode policy refuses.
    #[must_use]
    pub fn from_decode(e: DecodeError) -> Self {
        match e {
            DecodeError::Binary { what, offset } => FileError::Binary { what, offset },
            other => FileError::NotText(other),
        }
    }
}

/// A file that could not be read: its path and the reason. Displays as `<path>: <reason>`.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{name}: {kind}")]
pub struct InputError {
    /// The path as shown in messages.
    pub name: String,
    /// The reason (part of the message, so not repeated as a source).
    pub kind: FileError,
}

/// Reads and decodes the file at `path` (`-` for standard input), refusing files larger
/// than `max_size`. See the [crate docs](crate#reading-one-file) for the policy.
///
/// # Errors
/// An [`InputError`] naming the file and the reason.
///
/// # Examples
/// ```
/// use copytrace_corpus::{read_input, FileError, DEFAULT_MAX_FILE_SIZE};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("a.txt");
/// std::fs::write(&path, b"caf\xe9").unwrap(); // Windows-1252
/// let input = read_input(&path, DEFAULT_MAX_FILE_SIZE).unwrap();
/// assert_eq!(input.text(), "café");
/// let err = read_input(&dir.path().join("gone.txt"), DEFAULT_MAX_FILE_SIZE).unwrap_err();
/// assert!(matches!(err.kind, FileError::NotFound));
/// assert!(err.to_string().ends_with("gone.txt: no such file"));
/// ```
pub fn read_input(path: &Path, max_size: ByteSize) -> Result<Input, InputError> {
    let is_stdin = path.as_os_str() == "-";
    let name = if is_stdin { "<stdin>".to_owned() } else { path.to_string_lossy().into_owned() };
    let fail = |kind| InputError { name: name.clone(), kind };
    let bytes = if is_stdin { read_limited(io::stdin().lock(), max_size, None) } else { read_file(path, max_size) }
        .map_err(fail)?;
    let decoded = decode_vec(bytes).map_err(|e| fail(FileError::from_decode(e)))?;
    let format = if is_stdin { Format::Text } else { Format::of_path(path) };
    Ok(Input::with_format(name, decoded, format))
}

/// The bytes of the file at `path`, at most `max_size` of them.
pub(crate) fn read_file(path: &Path, max_size: ByteSize) -> Result<Vec<u8>, FileError> {
    let meta = std::fs::metadata(path).map_err(FileError::from_io)?;
    if meta.is_dir() {
        return Err(FileError::IsDirectory);
    }
    // Regular files are checked before reading; pipes (`<(cmd)`) only while reading.
    if meta.is_file() && meta.len() > max_size.bytes() {
        return Err(FileError::TooLarge { size: meta.len(), limit: max_size });
    }
    let file = std::fs::File::open(path).map_err(FileError::from_io)?;
    read_limited(file, max_size, meta.is_file().then_some(meta.len()))
}

/// Reads at most `max_size` bytes; one more byte means the input is too large.
fn read_limited(reader: impl Read, max_size: ByteSize, size_hint: Option<u64>) -> Result<Vec<u8>, FileError> {
    let limit = max_size.bytes();
    let capacity = size_hint.map_or(0, |n| usize::try_from(n.min(limit)).unwrap_or(0));
    let mut bytes = Vec::with_capacity(capacity);
    reader.take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(FileError::from_io)?;
    let len = bytes.len() as u64;
    if len > limit {
        return Err(FileError::TooLarge { size: len, limit: max_size });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_file_and_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("gone.txt");
        let e = read_input(&missing, ByteSize::new(10)).unwrap_err();
        assert!(matches!(e.kind, FileError::NotFound));
        assert_eq!(e.to_string(), format!("{}: no such file", missing.display()));
        assert!(matches!(read_input(dir.path(), ByteSize::new(10)).unwrap_err().kind, FileError::IsDirectory));
        let big = dir.path().join("big.txt");
        std::fs::write(&big, "0123456789a").unwrap();
        let e = read_input(&big, ByteSize::new(10)).unwrap_err();
        assert!(matches!(e.kind, FileError::TooLarge { size: 11, limit } if limit.bytes() == 10), "{e}");
        assert_eq!(read_input(&big, ByteSize::new(11)).unwrap().text(), "0123456789a");
        let bin = dir.path().join("bin");
        std::fs::write(&bin, b"ab\x00\x00").unwrap();
        let e = read_input(&bin, ByteSize::new(10)).unwrap_err();
        assert!(matches!(e.kind, FileError::Binary { offset: 2, .. }), "{e}");
    }

    #[test]
    fn the_limit_holds_while_reading_a_stream() {
        let data = [b'a'; 100];
        let limited = |n| read_limited(&data[..], ByteSize::new(n), None);
        assert!(matches!(limited(99), Err(FileError::TooLarge { size: 100, .. })));
        assert_eq!(limited(100).unwrap().len(), 100);
    }

    #[test]
    fn windows_1252_input_warns() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("latin.txt");
        std::fs::write(&p, b"caf\xe9").unwrap();
        let input = read_input(&p, ByteSize::new(100)).unwrap();
        assert_eq!(input.text(), "caf\u{e9}");
        assert!(input.warnings()[0].contains("Windows-1252"));
        assert_eq!(input.original_span(Span::new(3, 5)), Span::new(3, 4));
    }
}
