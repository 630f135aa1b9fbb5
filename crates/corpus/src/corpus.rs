//! Reading a corpus: the walk, the files and the JSON Lines records (see the [crate docs](crate)).

use crate::input::FileError;
use crate::metadata::{parse_metadata, Date, Metadata};
use crate::size::{ByteSize, DEFAULT_MAX_FILE_SIZE};
use copytrace_text::decode::{decode, decode_vec, DecodeError, Decoded, Encoding};
use copytrace_text::Span;
use globset::{Glob, GlobSet, GlobSetBuilder};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// How to read a corpus.
#[derive(Clone, Debug)]
pub struct CorpusOptions {
    globs: Vec<String>,
    follow_links: bool,
    max_file_size: ByteSize,
}

impl Default for CorpusOptions {
    fn default() -> Self {
        CorpusOptions { globs: Vec::new(), follow_links: false, max_file_size: DEFAULT_MAX_FILE_SIZE }
    }
}

impl CorpusOptions {
    /// Options with every default.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Include (`PATTERN`) and exclude (`!PATTERN`) globs, matched against the path relative
    /// to the directory. Default: none, every file is a candidate.
    #[must_use]
    pub fn globs(mut self, globs: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.globs = globs.into_iter().map(Into::into).collect();
        self
    }

    /// Whether to follow symbolic links. Default: `false`.
    #[must_use]
    pub fn follow_links(mut self, yes: bool) -> Self {
        self.follow_links = yes;
        self
    }

    /// Largest file read (for JSON Lines: the largest record line); larger files are
    /// skipped with [`SkipReason::TooLarge`]. Default: [`DEFAULT_MAX_FILE_SIZE`] (64 MiB).
    #[must_use]
    pub fn max_file_size(mut self, size: impl Into<ByteSize>) -> Self {
        self.max_file_size = size.into();
        self
    }
}

/// Why the corpus could not be read at all (as opposed to one file of it).
///
/// The reason is part of the message, never repeated as a source, so that printing the
/// error and its causes says it once.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// The path does not exist or cannot be inspected.
    #[error("{}: {}", display_path(.path), root_reason(.error))]
    Root {
        /// The path given.
        path: PathBuf,
        /// Why.
        error: FileError,
    },
    /// A `--glob` pattern does not parse.
    #[error("invalid --glob {pattern:?}: {error}")]
    Glob {
        /// The pattern as given.
        pattern: String,
        /// Why.
        error: globset::Error,
    },
    /// The path is neither a directory nor a regular file.
    #[error("{}: not a directory, a regular file or a .jsonl file", display_path(.path))]
    NotACorpus {
        /// The path given.
        path: PathBuf,
    },
    /// Not one document could be read ([`Corpus::require_documents`]): an empty folder, or
    /// every file skipped or unreadable. The message says why, file by file (the first few).
    #[error("{}: no readable document{}", display_path(.path), why_empty(.skipped, .errors))]
    NoDocument {
        /// The path given.
        path: PathBuf,
        /// Files and records set aside.
        skipped: Vec<Skipped>,
        /// Files and records that could not be read.
        errors: Vec<ReadError>,
    },
}

/// How many files of each kind an empty result is made of, naming the first few:
/// ` (2 files skipped: a.png binary, b.txt over --max-file-size 64M)`.
fn why_empty(skipped: &[Skipped], errors: &[ReadError]) -> String {
    const NAMED: usize = 5;
    let list = |items: Vec<String>| {
        let more = items.len().saturating_sub(NAMED);
        let mut shown = items.into_iter().take(NAMED).collect::<Vec<_>>().join(", ");
        if more > 0 {
            shown.push_str(&format!(", {more} more"));
        }
        shown
    };
    let files = |n: usize| if n == 1 { "1 file".to_owned() } else { format!("{n} files") };
    let mut parts = Vec::new();
    if !skipped.is_empty() {
        let items = skipped.iter().map(|s| format!("{} {}", s.path, s.reason.brief())).collect();
        parts.push(format!("{} skipped: {}", files(skipped.len()), list(items)));
    }
    if !errors.is_empty() {
        let items = errors.iter().map(ToString::to_string).collect();
        parts.push(format!("{} could not be read: {}", files(errors.len()), list(items)));
    }
    if parts.is_empty() {
        " (no files)".to_owned()
    } else {
        format!(" ({})", parts.join("; "))
    }
}

/// The path the user named: "not found" means it never existed, not that it was removed.
fn root_reason(error: &FileError) -> String {
    match error {
        FileError::NotFound => "no such file or directory".to_owned(),
        other => other.to_string(),
    }
}

/// Where a document came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A file of the corpus.
    File {
        /// The path to open it.
        path: PathBuf,
    },
    /// A record of a JSON Lines file.
    Record {
        /// The `.jsonl` file.
        path: PathBuf,
        /// 1-based line number of the record.
        line: u64,
    },
}

/// One document: its text, the part of it that is matched, and its metadata.
#[derive(Clone, Debug)]
pub struct Document {
    /// Unique id: the path relative to the corpus directory with `/` separators (bytes of a
    /// file name that are not UTF-8 written `\xNN`), or a JSON Lines record's `id`.
    pub id: String,
    /// Path for reports, relative to the corpus directory (for a record: the `.jsonl` file
    /// as given).
    pub path: String,
    /// Where it was read from.
    pub origin: Origin,
    /// The whole decoded text (metadata included) and the map back to the file's bytes.
    pub decoded: Decoded,
    /// The prose: the span of the decoded text after any metadata, up to the end.
    /// [`Document::text`] is this part only.
    pub body: Span,
    /// Metadata found at the start (its [`Metadata::ranges`] are spans of the decoded text).
    pub meta: Metadata,
}

impl Document {
    /// The prose: the decoded text after any metadata, the only text to match, show and
    /// count. Every span of it maps to the file's bytes with [`Document::original_span`].
    #[must_use]
    pub fn text(&self) -> &str {
        &self.decoded.text()[self.body.range()]
    }

    /// Maps an offset of [`Document::text`] (a char boundary, or the end) to the original
    /// bytes (the file's, or the record text's for JSON Lines).
    #[must_use]
    pub fn original_offset(&self, at: usize) -> usize {
        self.decoded.original_offset(self.body.start + at)
    }

    /// Maps a span of [`Document::text`] to the original bytes (the file's, or the record
    /// text's for JSON Lines). For an HTML page, a span that is not empty ends after the
    /// last byte of its last character (after the `;` of an `&amp;`).
    #[must_use]
    pub fn original_span(&self, span: Span) -> Span {
        let shift = |at: usize| self.body.start + at;
        self.decoded.original_span(Span::new(shift(span.start), shift(span.end)))
    }

    /// How the document was read: as text, or as an HTML page.
    #[must_use]
    pub fn format(&self) -> crate::Format {
        crate::Format::of(&self.decoded)
    }

    /// The offset in [`Document::text`] of original byte `at`: the character that holds it
    /// (0 for bytes before the prose, the end for bytes after it). The inverse of
    /// [`Document::original_offset`] on character starts.
    #[must_use]
    pub fn text_offset(&self, at: usize) -> usize {
        self.decoded.text_offset(at).clamp(self.body.start, self.body.end) - self.body.start
    }

    /// The bytes of the prose in the file ([`Document::body`] mapped back).
    #[must_use]
    pub fn original_body(&self) -> Span {
        self.decoded.original_span(self.body)
    }

    /// 1-based line and column (in characters) in the file's text of a byte offset of
    /// [`Document::text`] (lines before the prose, metadata, counted; for an HTML page, of
    /// where the character is in the page).
    #[must_use]
    pub fn line_col(&self, at: usize) -> (usize, usize) {
        self.decoded.line_col(self.body.start + at)
    }
}

/// Why a file was not read. Skipping is a choice, not a failure: a corpus with skipped
/// files is complete.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SkipReason {
    /// A hidden file or directory (its contents are not listed).
    Hidden,
    /// Left out by `--glob` (for a directory: not entered).
    Excluded,
    /// A symbolic link, not followed without `--follow`.
    Symlink,
    /// A pipe, socket or device.
    NotRegular,
    /// Binary data, by the decode policy.
    Binary(String),
    /// Empty, white space only, or metadata only.
    NoText,
    /// A `.jsonl` file inside the directory.
    JsonLines,
    /// A `README` file: documentation of the corpus, not one of its documents.
    Readme,
    /// Larger than `--max-file-size`.
    TooLarge {
        /// Its size (at least), in bytes.
        size: u64,
        /// The limit.
        limit: ByteSize,
    },
    /// A symbolic link leading back to a directory being walked.
    SymlinkLoop {
        /// The ancestor it leads to.
        ancestor: String,
    },
    /// A symbolic link to nothing.
    BrokenSymlink,
    /// The same file as an earlier document (reached through a link).
    Duplicate {
        /// The id of the document read.
        of: String,
    },
}

impl SkipReason {
    /// A few words for a list of skipped files (`binary`, `over --max-file-size 64M`).
    #[must_use]
    pub fn brief(&self) -> String {
        match self {
            SkipReason::Binary(_) => "binary".to_owned(),
            SkipReason::NoText => "no text".to_owned(),
            SkipReason::TooLarge { limit, .. } => format!("over --max-file-size {limit}"),
            SkipReason::Symlink => "symbolic link (not followed without --follow)".to_owned(),
            SkipReason::Readme => "README".to_owned(),
            SkipReason::JsonLines => "JSON Lines (pass it as the path)".to_owned(),
            other => other.to_string(),
        }
    }

    /// Whether to warn about it even without `--verbose`: a file that looks like it was
    /// meant to be read, or a loop in the tree.
    #[must_use]
    pub fn is_warning(&self) -> bool {
        matches!(self, SkipReason::TooLarge { .. } | SkipReason::SymlinkLoop { .. } | SkipReason::BrokenSymlink)
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::Hidden => f.write_str("hidden"),
            SkipReason::Excluded => f.write_str("excluded by --glob"),
            SkipReason::Symlink => f.write_str("symbolic link, not followed (use --follow)"),
            SkipReason::NotRegular => f.write_str("not a regular file"),
            SkipReason::Binary(what) => write!(f, "binary: {what}"),
            SkipReason::NoText => f.write_str("no text (empty, white space or metadata only)"),
            SkipReason::Readme => f.write_str("README: documentation of the corpus (name it in --glob to read it)"),
            SkipReason::JsonLines => {
                f.write_str("JSON Lines file inside the directory (pass it as the path to read it)")
            }
            SkipReason::TooLarge { size, limit } => {
                write!(f, "larger than --max-file-size ({size} bytes, limit {limit})")
            }
            SkipReason::SymlinkLoop { ancestor } => write!(f, "symbolic link loop back to {ancestor}"),
            SkipReason::BrokenSymlink => f.write_str("broken symbolic link"),
            SkipReason::Duplicate { of } => write!(f, "same file as {of}"),
        }
    }
}

/// A file or record that was not read, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// Path for reports (relative to the corpus directory; `file.jsonl:LINE` for a record).
    pub path: String,
    /// Why.
    pub reason: SkipReason,
}

/// A caveat about a document that was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WarningKind {
    /// Not UTF-8: read as Windows-1252.
    Windows1252,
    /// Rare stray control bytes: read as text all the same.
    StrayControls(copytrace_text::StrayControls),
    /// A date that is neither a real `YYYY-MM-DD` day nor an RFC 3339 date-time; ignored.
    BadDate(String),
    /// A date and time without a zone offset: only its day is kept.
    DateWithoutZone {
        /// The value as written.
        raw: String,
        /// The day kept.
        day: Date,
    },
    /// Starts with `---` but is not closed: read as text.
    UnclosedFrontMatter,
    /// Starts with `---` but a line is not `key: value`: read as text.
    NotFrontMatter {
        /// 1-based line of the offending line.
        line: usize,
    },
    /// The date prefix and the front matter disagree; the front matter's is kept.
    ConflictingDates {
        /// From the front matter.
        front_matter: Date,
        /// From the prefix.
        prefix: Date,
    },
    /// A JSON Lines id seen before; the later record gets a suffixed id.
    DuplicateId {
        /// The id as written.
        id: String,
        /// The id given instead.
        renamed: String,
    },
}

impl fmt::Display for WarningKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WarningKind::Windows1252 => f.write_str("not valid UTF-8; read as Windows-1252"),
            WarningKind::StrayControls(s) => s.fmt(f),
            WarningKind::BadDate(d) => write!(f, "{d:?} is not a date (YYYY-MM-DD or RFC 3339 date-time); ignored"),
            WarningKind::DateWithoutZone { raw, day } => {
                write!(f, "{raw:?} has a time but no zone (Z or \u{b1}hh:mm); using the day {day}")
            }
            WarningKind::UnclosedFrontMatter => f.write_str("front matter (---) is not closed; read as text"),
            WarningKind::NotFrontMatter { line } => {
                write!(f, "starts with --- but line {line} is not `key: value`; read as text")
            }
            WarningKind::ConflictingDates { front_matter, prefix } => {
                write!(f, "front matter date {front_matter} and date prefix {prefix} differ; using {front_matter}")
            }
            WarningKind::DuplicateId { id, renamed } => write!(f, "duplicate id {id:?}; renamed {renamed:?}"),
        }
    }
}

/// A caveat about a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// Path for reports.
    pub path: String,
    /// What.
    pub kind: WarningKind,
}

/// A file, directory or record that should have been read and could not be: the result
/// is partial.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{path}: {kind}")]
pub struct ReadError {
    /// Path for reports (`file.jsonl:LINE` for a record).
    pub path: String,
    /// Why.
    pub kind: FileError,
}

/// The outcome of reading a corpus.
#[derive(Clone, Debug, Default)]
pub struct Corpus {
    /// Documents, in walk order (byte order of paths; file order for JSON Lines).
    pub documents: Vec<Document>,
    /// Files not read on purpose.
    pub skipped: Vec<Skipped>,
    /// Caveats about documents read.
    pub warnings: Vec<Warning>,
    /// What could not be read.
    pub errors: Vec<ReadError>,
}

impl Corpus {
    /// The corpus when it holds a document; an empty result is an error, not a clean run.
    ///
    /// # Errors
    /// [`CorpusError::NoDocument`], naming `path` and what became of each file.
    ///
    /// # Examples
    /// ```
    /// use copytrace_corpus::{read_corpus, CorpusOptions};
    /// let dir = tempfile::tempdir().unwrap();
    /// std::fs::write(dir.path().join("a.png"), b"\x89PNG\r\n\x1a\n\x00").unwrap();
    /// let corpus = read_corpus(dir.path(), &CorpusOptions::new()).unwrap();
    /// let err = corpus.require_documents(dir.path()).unwrap_err();
    /// assert!(err.to_string().ends_with(": no readable document (1 file skipped: a.png binary)"), "{err}");
    /// ```
    pub fn require_documents(self, path: &Path) -> Result<Corpus, CorpusError> {
        if self.documents.is_empty() {
            return Err(CorpusError::NoDocument { path: path.to_owned(), skipped: self.skipped, errors: self.errors });
        }
        Ok(self)
    }

    /// Whether something that should have been read could not be.
    #[must_use]
    pub fn is_partial(&self) -> bool {
        !self.errors.is_empty()
    }
}

/// Reads a corpus: a directory (walked), a `.jsonl` file (one record per line), or any
/// other file (one document).
///
/// # Errors
/// Only when the path itself cannot be used, or a glob does not parse; trouble with a file
/// inside is recorded in the [`Corpus`].
pub fn read_corpus(path: &Path, opts: &CorpusOptions) -> Result<Corpus, CorpusError> {
    let meta = std::fs::metadata(path)
        .map_err(|source| CorpusError::Root { path: path.to_owned(), error: FileError::from_io(source) })?;
    if meta.is_dir() {
        let filter = GlobFilter::new(&opts.globs)?;
        Ok(read_dir(path, opts, &filter))
    } else if meta.is_file() && is_jsonl(path) {
        read_jsonl(path, opts)
            .map_err(|source| CorpusError::Root { path: path.to_owned(), error: FileError::from_io(source) })
    } else if meta.is_file() {
        let mut corpus = Corpus::default();
        let name = path.file_name().map_or_else(|| display_path(path), display_path);
        let outcome = read_file(path, name.clone(), opts.max_file_size);
        corpus.absorb(name, outcome);
        Ok(corpus)
    } else {
        Err(CorpusError::NotACorpus { path: path.to_owned() })
    }
}

/// Reads one file as one document (for `copytrace trace`), with id `id`, by the rules of
/// a corpus file.
///
/// # Errors
/// A [`ReadError`] naming the file (as `id`) and the reason when it is missing,
/// unreadable, binary, empty or too large: what would skip a file of a corpus is an error
/// for a file asked for by name.
pub fn read_single(
    path: &Path,
    id: &str,
    max_file_size: impl Into<ByteSize>,
) -> Result<(Document, Vec<Warning>), ReadError> {
    match read_file(path, id.to_owned(), max_file_size.into()) {
        FileOutcome::Read(doc, warnings) => Ok((*doc, warnings)),
        FileOutcome::Skip(reason) => Err(ReadError { path: id.to_owned(), kind: FileError::Skipped(reason) }),
        FileOutcome::Error(FileError::Vanished) => Err(ReadError { path: id.to_owned(), kind: FileError::NotFound }),
        FileOutcome::Error(kind) => Err(ReadError { path: id.to_owned(), kind }),
    }
}

/// `README`, `readme.md`, `README.txt`...: the file that describes a data directory.
fn is_readme(name: &std::ffi::OsStr) -> bool {
    let name = name.as_encoded_bytes();
    name.len() >= 6
        && name[..6].eq_ignore_ascii_case(b"readme")
        && (name.len() == 6 || (name[6] == b'.' && !name[7..].contains(&b'.')))
}

fn is_jsonl(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("jsonl"))
}

/// `path` as a `/`-separated string; on Unix, bytes that are not UTF-8 are written `\xNN`
/// so that two different names never print alike.
#[must_use]
pub fn display_path(path: impl AsRef<std::ffi::OsStr>) -> String {
    let os = path.as_ref();
    if let Some(s) = os.to_str() {
        return s.replace(std::path::MAIN_SEPARATOR, "/");
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in os.as_bytes().utf8_chunks() {
            out.push_str(chunk.valid());
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02X}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        os.to_string_lossy().replace(std::path::MAIN_SEPARATOR, "/")
    }
}

struct GlobFilter {
    include: Option<GlobSet>,
    exclude: GlobSet,
}

impl GlobFilter {
    fn new(globs: &[String]) -> Result<Self, CorpusError> {
        let mut include = GlobSetBuilder::new();
        let mut exclude = GlobSetBuilder::new();
        let mut any_include = false;
        for pattern in globs {
            let (negated, body) = match pattern.strip_prefix('!') {
                Some(rest) => (true, rest),
                None => (false, pattern.as_str()),
            };
            let glob =
                Glob::new(body).map_err(|source| CorpusError::Glob { pattern: pattern.clone(), error: source })?;
            if negated {
                exclude.add(glob);
            } else {
                any_include = true;
                include.add(glob);
            }
        }
        let build = |b: GlobSetBuilder, pattern: &str| {
            b.build().map_err(|source| CorpusError::Glob { pattern: pattern.to_owned(), error: source })
        };
        let joined = globs.join(" ");
        Ok(GlobFilter {
            include: if any_include { Some(build(include, &joined)?) } else { None },
            exclude: build(exclude, &joined)?,
        })
    }

    fn excludes_dir(&self, rel: &Path) -> bool {
        self.exclude.is_match(rel)
    }

    fn includes_explicitly(&self, rel: &Path) -> bool {
        self.include.as_ref().is_some_and(|set| set.is_match(rel))
    }

    fn accepts_file(&self, rel: &Path) -> bool {
        !self.exclude.is_match(rel) && self.include.as_ref().is_none_or(|set| set.is_match(rel))
    }
}

enum FileOutcome {
    Read(Box<Document>, Vec<Warning>),
    Skip(SkipReason),
    Error(FileError),
}

impl Corpus {
    fn absorb(&mut self, path: String, outcome: FileOutcome) {
        match outcome {
            FileOutcome::Read(doc, warnings) => {
                self.documents.push(*doc);
                self.warnings.extend(warnings);
            }
            FileOutcome::Skip(reason) => self.skipped.push(Skipped { path, reason }),
            FileOutcome::Error(kind) => self.errors.push(ReadError { path, kind }),
        }
    }
}

fn read_dir(root: &Path, opts: &CorpusOptions, filter: &GlobFilter) -> Corpus {
    let mut corpus = Corpus::default();
    // Files to read, in walk order: (path on disk, relative display path).
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    let mut seen_files: HashMap<PathBuf, String> = HashMap::new();
    let mut walk = WalkDir::new(root).follow_links(opts.follow_links).sort_by_file_name().into_iter();
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let at = err.path().unwrap_or(root);
                let rel = display_path(at.strip_prefix(root).unwrap_or(at));
                if let Some(ancestor) = err.loop_ancestor() {
                    let ancestor = display_path(ancestor.strip_prefix(root).unwrap_or(ancestor));
                    let ancestor = if ancestor.is_empty() { ".".to_owned() } else { ancestor };
                    corpus.skipped.push(Skipped { path: rel, reason: SkipReason::SymlinkLoop { ancestor } });
                } else if err.io_error().is_some_and(|e| e.kind() == io::ErrorKind::NotFound)
                    && std::fs::symlink_metadata(at).is_ok_and(|m| m.file_type().is_symlink())
                {
                    corpus.skipped.push(Skipped { path: rel, reason: SkipReason::BrokenSymlink });
                } else {
                    let kind = match err.into_io_error() {
                        Some(e) => FileError::from_io(e),
                        None => FileError::Io(std::sync::Arc::new(io::Error::other("cannot walk"))),
                    };
                    corpus.errors.push(ReadError { path: rel, kind });
                }
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let rel_path = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let rel = display_path(rel_path);
        let is_dir = entry.file_type().is_dir();
        if entry.file_name().as_encoded_bytes().first() == Some(&b'.') {
            if is_dir {
                walk.skip_current_dir();
            }
            corpus.skipped.push(Skipped { path: rel, reason: SkipReason::Hidden });
            continue;
        }
        if is_dir {
            if filter.excludes_dir(rel_path) {
                walk.skip_current_dir();
                corpus.skipped.push(Skipped { path: rel, reason: SkipReason::Excluded });
            }
            continue;
        }
        if entry.path_is_symlink() && !opts.follow_links {
            corpus.skipped.push(Skipped { path: rel, reason: SkipReason::Symlink });
            continue;
        }
        if !entry.file_type().is_file() {
            corpus.skipped.push(Skipped { path: rel, reason: SkipReason::NotRegular });
            continue;
        }
        if !filter.accepts_file(rel_path) {
            corpus.skipped.push(Skipped { path: rel, reason: SkipReason::Excluded });
            continue;
        }
        if is_jsonl(rel_path) {
            corpus.skipped.push(Skipped { path: rel, reason: SkipReason::JsonLines });
            continue;
        }
        if is_readme(entry.file_name()) && !filter.includes_explicitly(rel_path) {
            corpus.skipped.push(Skipped { path: rel, reason: SkipReason::Readme });
            continue;
        }
        if opts.follow_links {
            // A link can reach a file that the walk also reaches directly: read it once.
            if let Ok(canonical) = std::fs::canonicalize(entry.path()) {
                if let Some(first) = seen_files.get(&canonical) {
                    corpus.skipped.push(Skipped { path: rel, reason: SkipReason::Duplicate { of: first.clone() } });
                    continue;
                }
                seen_files.insert(canonical, rel.clone());
            }
        }
        files.push((entry.into_path(), rel));
    }
    let outcomes: Vec<FileOutcome> =
        files.par_iter().map(|(path, rel)| read_file(path, rel.clone(), opts.max_file_size)).collect();
    for ((_, rel), outcome) in files.into_iter().zip(outcomes) {
        corpus.absorb(rel, outcome);
    }
    // Ids are paths, unique except when a file name spells the `\xNN` escape of another.
    let mut taken: HashSet<String> = HashSet::new();
    for doc in &mut corpus.documents {
        if !taken.insert(doc.id.clone()) {
            let renamed = (2..).map(|k| format!("{}#{k}", doc.id)).find(|c| !taken.contains(c)).unwrap_or_default();
            let kind = WarningKind::DuplicateId { id: doc.id.clone(), renamed: renamed.clone() };
            corpus.warnings.push(Warning { path: doc.path.clone(), kind });
            taken.insert(renamed.clone());
            doc.id = renamed;
        }
    }
    corpus.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    corpus
}

fn read_file(path: &Path, id: String, limit: ByteSize) -> FileOutcome {
    // The one reading policy of every command (size limit checked before and while
    // reading, the decode policy); the walk has already set special files aside.
    let decoded = match crate::input::read_file(path, limit).and_then(|b| decode_vec(b).map_err(FileError::from_decode))
    {
        Ok(decoded) => decoded,
        Err(err) => {
            return match err {
                FileError::TooLarge { size, limit } => FileOutcome::Skip(SkipReason::TooLarge { size, limit }),
                FileError::Binary { what, offset } => {
                    FileOutcome::Skip(SkipReason::Binary(format!("{what} at byte {offset}")))
                }
                FileError::IsDirectory => FileOutcome::Skip(SkipReason::NotRegular),
                // The walk saw it: it was removed since.
                FileError::NotFound => FileOutcome::Error(FileError::Vanished),
                other => FileOutcome::Error(other),
            };
        }
    };
    let mut warnings = Vec::new();
    if decoded.encoding() == Encoding::Windows1252 {
        warnings.push(Warning { path: id.clone(), kind: WarningKind::Windows1252 });
    }
    if let Some(s) = decoded.stray_controls() {
        warnings.push(Warning { path: id.clone(), kind: WarningKind::StrayControls(s) });
    }
    let (decoded, meta, body, kinds) = match crate::Format::of_path(path) {
        crate::Format::Text => {
            let (meta, body, kinds) = parse_metadata(decoded.text());
            (decoded, meta, body, kinds)
        }
        crate::Format::Html => {
            let page = crate::html::extract(&decoded);
            let body = Span::new(0, page.decoded.text().len());
            (page.decoded, page.meta, body, page.notes)
        }
    };
    warnings.extend(kinds.into_iter().map(|kind| Warning { path: id.clone(), kind }));
    if !decoded.text()[body.range()].chars().any(char::is_alphanumeric) {
        return FileOutcome::Skip(SkipReason::NoText);
    }
    let doc = Document { path: id.clone(), id, origin: Origin::File { path: path.to_owned() }, decoded, body, meta };
    FileOutcome::Read(Box::new(doc), warnings)
}

#[derive(serde::Deserialize)]
struct Record {
    id: serde_json::Value,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    html: Option<String>,
    #[serde(default)]
    date: Option<String>,
    /// The date under another common name; `date` wins when both are given.
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    outlet: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(flatten)]
    extra: BTreeMap<String, serde_json::Value>,
}

/// One line as a record, or why it is not one: not JSON (serde's reason), not an object,
/// or an object without the fields of a record (serde's reason: a missing `text`...).
fn parse_record(line: &str) -> Result<Record, String> {
    let value: serde_json::Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    if !value.is_object() {
        return Err("not a JSON object".to_owned());
    }
    serde_json::from_value(value).map_err(|e| format!("not a record with \"id\" and \"text\": {e}"))
}

fn read_jsonl(jsonl: &Path, opts: &CorpusOptions) -> io::Result<Corpus> {
    let file = File::open(jsonl)?;
    Ok(read_records(BufReader::new(file), jsonl, opts))
}

/// Reads JSON Lines records from `reader` exactly as [`read_corpus`] reads a `.jsonl` file
/// at `jsonl` (the name its documents, skipped records and errors are reported under,
/// `jsonl:LINE`): for records that come from elsewhere, e.g. the rows of a table written
/// as lines. An error reading `reader` is recorded in the [`Corpus`] and ends the reading.
///
/// ```
/// use copytrace_corpus::{read_records, CorpusOptions};
/// use std::path::Path;
///
/// let lines = "{\"id\": \"a\", \"text\": \"One article.\"}\nnot JSON\n";
/// let corpus = read_records(lines.as_bytes(), Path::new("rows.parquet"), &CorpusOptions::new());
/// assert_eq!(corpus.documents[0].id, "a");
/// assert_eq!(corpus.errors[0].path, "rows.parquet:2");
/// ```
pub fn read_records(mut reader: impl BufRead, jsonl: &Path, opts: &CorpusOptions) -> Corpus {
    let shown = display_path(jsonl);
    let mut corpus = Corpus::default();
    let mut ids: HashSet<String> = HashSet::new();
    let mut line_no: u64 = 0;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let n = (&mut reader).take(opts.max_file_size.bytes().saturating_add(1)).read_until(b'\n', &mut buf);
        let where_ = |line: u64| format!("{shown}:{line}");
        match n {
            Ok(0) => break,
            Ok(_) => {}
            Err(err) => {
                corpus.errors.push(ReadError { path: where_(line_no + 1), kind: FileError::from_io(err) });
                break;
            }
        }
        line_no += 1;
        if buf.len() as u64 > opts.max_file_size.bytes() && buf.last() != Some(&b'\n') {
            // Consume the rest of the over-long line without keeping it.
            let mut size = buf.len() as u64;
            while let Ok(chunk) = reader.fill_buf() {
                if chunk.is_empty() {
                    break;
                }
                let (used, done) = match chunk.iter().position(|&b| b == b'\n') {
                    Some(i) => (i + 1, true),
                    None => (chunk.len(), false),
                };
                reader.consume(used);
                size += used as u64;
                if done {
                    break;
                }
            }
            let reason = SkipReason::TooLarge { size, limit: opts.max_file_size };
            corpus.skipped.push(Skipped { path: where_(line_no), reason });
            continue;
        }
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        // JSON is UTF-8; a line that is not is read by the same policy as files.
        let (line_text, cp1252) = match std::str::from_utf8(&buf) {
            Ok(s) => (s.to_owned(), false),
            Err(_) => match decode(&buf) {
                Ok(d) => (d.text().to_owned(), true),
                Err(err) => {
                    corpus.errors.push(ReadError { path: where_(line_no), kind: FileError::from_decode(err) });
                    continue;
                }
            },
        };
        let record: Record = match parse_record(&line_text) {
            Ok(r) => r,
            Err(message) => {
                corpus.errors.push(ReadError { path: where_(line_no), kind: FileError::BadRecord(message) });
                continue;
            }
        };
        let id = match &record.id {
            serde_json::Value::String(s) if !s.is_empty() => s.clone(),
            serde_json::Value::Number(n) => n.to_string(),
            other => {
                let message = format!("\"id\" must be a non-empty string or a number, not {other}");
                corpus.errors.push(ReadError { path: where_(line_no), kind: FileError::BadRecord(message) });
                continue;
            }
        };
        let mut warnings = Vec::new();
        if cp1252 {
            warnings.push(WarningKind::Windows1252);
        }
        let id = if ids.contains(&id) {
            let renamed = (2..).map(|k| format!("{id}#{k}")).find(|c| !ids.contains(c)).unwrap_or_default();
            warnings.push(WarningKind::DuplicateId { id, renamed: renamed.clone() });
            renamed
        } else {
            id
        };
        let path = where_(line_no);
        corpus.warnings.extend(warnings.into_iter().map(|kind| Warning { path: path.clone(), kind }));
        let mut html_meta: Option<Metadata> = None;
        let (content, field) = match (record.text, record.html) {
            (Some(text), None) => (text, "text"),
            (None, Some(html)) => (html, "html"),
            (text, _) => {
                let message = if text.is_some() {
                    "a record has \"text\" or \"html\", not both"
                } else {
                    "not a record with \"id\" and \"text\": missing field `text` (or `html`)"
                };
                corpus.errors.push(ReadError { path, kind: FileError::BadRecord(message.to_owned()) });
                continue;
            }
        };
        let decoded = match decode(content.as_bytes()) {
            Ok(d) if field == "html" => {
                let page = crate::html::extract(&d);
                corpus.warnings.extend(page.notes.into_iter().map(|kind| Warning { path: path.clone(), kind }));
                html_meta = Some(page.meta);
                page.decoded
            }
            Ok(d) => d,
            Err(DecodeError::Binary { what, offset }) => {
                let reason = SkipReason::Binary(format!("{what} at byte {offset} of \"{field}\""));
                corpus.skipped.push(Skipped { path, reason });
                continue;
            }
            Err(err) => {
                corpus.errors.push(ReadError { path, kind: FileError::from_decode(err) });
                continue;
            }
        };
        if !decoded.text().chars().any(char::is_alphanumeric) {
            corpus.skipped.push(Skipped { path, reason: SkipReason::NoText });
            continue;
        }
        // The record's fields come first; a page's own metadata fills the gaps.
        let page = html_meta.take().unwrap_or_default();
        let mut meta = Metadata {
            outlet: record.outlet.or(page.outlet),
            title: record.title.or(page.title),
            url: record.url.or(page.url),
            date: page.date,
            extra: page.extra,
            ..Metadata::default()
        };
        let mut dated = false;
        for (key, raw) in [("date", record.date), ("published", record.published)] {
            let Some(raw) = raw else { continue };
            let mut kinds = Vec::new();
            match crate::metadata::read_date(&raw, &mut kinds) {
                Some(d) if !dated => {
                    meta.date = Some(d);
                    dated = true;
                }
                _ => {
                    meta.extra.insert(key.to_owned(), raw);
                }
            }
            corpus.warnings.extend(kinds.into_iter().map(|kind| Warning { path: path.clone(), kind }));
        }
        for (key, value) in record.extra {
            let value = match value {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            meta.extra.insert(key, value);
        }
        ids.insert(id.clone());
        let body = Span::new(0, decoded.text().len());
        let origin = Origin::Record { path: jsonl.to_owned(), line: line_no };
        corpus.documents.push(Document { id, path: shown.clone(), origin, decoded, body, meta });
    }
    corpus
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn write(dir: &Path, rel: &str, bytes: &[u8]) {
        let path = dir.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }

    fn body(doc: &Document) -> &str {
        doc.text()
    }

    /// A span of the body mapped to the original bytes.
    fn body_span(doc: &Document, start: usize, end: usize) -> Span {
        doc.original_span(Span::new(start, end))
    }

    fn ids(corpus: &Corpus) -> Vec<&str> {
        corpus.documents.iter().map(|d| d.id.as_str()).collect()
    }

    fn skip_of<'a>(corpus: &'a Corpus, path: &str) -> &'a SkipReason {
        &corpus.skipped.iter().find(|s| s.path == path).unwrap_or_else(|| panic!("{path} not skipped")).reason
    }

    const ARTICLE: &str = "Police said on Saturday that the leak did not amount to a criminal offence.\n";

    #[test]
    fn seed_article_date_prefix_is_metadata() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/williamson-leak-first-report.txt");
        let (doc, warnings) = read_single(&path, "first", DEFAULT_MAX_FILE_SIZE).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(doc.meta.date, Date::parse("2019-05-04"));
        assert_eq!(doc.meta.ranges, vec![Span::new(1, 16)]);
        assert!(body(&doc).starts_with("Gavin Williamson was fired"));
        let bytes = fs::read(&path).unwrap();
        let gavin = body_span(&doc, 0, 5);
        assert_eq!(&bytes[gavin.range()], b"Gavin");
    }

    #[test]
    fn walk_is_sorted_and_skips_what_it_should() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        write(d, "b.txt", ARTICLE.as_bytes());
        write(d, "a.txt", ARTICLE.as_bytes());
        write(d, "sub/c.md", ARTICLE.as_bytes());
        write(d, "sub/Z.txt", ARTICLE.as_bytes());
        write(d, ".hidden.txt", ARTICLE.as_bytes());
        write(d, ".git/objects/x.txt", ARTICLE.as_bytes());
        write(d, "image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
        write(d, "empty.txt", b"");
        write(d, "blank.txt", b" \n\t\r\n  ");
        write(d, "meta-only.txt", b"---\ntitle: x\n---\n");
        write(d, "records.jsonl", b"{\"id\":\"1\",\"text\":\"x\"}\n");
        write(d, "README.md", ARTICLE.as_bytes());
        write(d, "sub/readme", ARTICLE.as_bytes());
        write(d, "readme.notes.txt", ARTICLE.as_bytes());
        let corpus = read_corpus(d, &CorpusOptions::new()).unwrap();
        assert_eq!(ids(&corpus), ["a.txt", "b.txt", "readme.notes.txt", "sub/Z.txt", "sub/c.md"]);
        assert!(!corpus.is_partial());
        assert_eq!(skip_of(&corpus, "README.md"), &SkipReason::Readme);
        assert_eq!(skip_of(&corpus, "sub/readme"), &SkipReason::Readme);
        let named = read_corpus(d, &CorpusOptions::new().globs(["README.md"])).unwrap();
        assert_eq!(ids(&named), ["README.md"], "an include glob that names a README reads it");
        assert_eq!(skip_of(&corpus, ".hidden.txt"), &SkipReason::Hidden);
        assert_eq!(skip_of(&corpus, ".git"), &SkipReason::Hidden);
        assert!(!corpus.skipped.iter().any(|s| s.path.starts_with(".git/")), "hidden dirs are not entered");
        assert!(matches!(skip_of(&corpus, "image.png"), SkipReason::Binary(_)));
        for empty in ["empty.txt", "blank.txt", "meta-only.txt"] {
            assert_eq!(skip_of(&corpus, empty), &SkipReason::NoText);
        }
        assert_eq!(skip_of(&corpus, "records.jsonl"), &SkipReason::JsonLines);
        assert!(corpus.skipped.iter().all(|s| !s.reason.is_warning()));
        // Offsets of a file read as is are its byte offsets.
        let doc = &corpus.documents[0];
        assert_eq!((doc.body, doc.original_span(Span::new(0, 6))), (Span::new(0, ARTICLE.len()), Span::new(0, 6)));
        assert_eq!(doc.origin, Origin::File { path: d.join("a.txt") });
    }

    #[test]
    fn deeply_nested_folders_are_walked() {
        let tmp = tempfile::tempdir().unwrap();
        let deep: PathBuf = (0..300).map(|_| "d").collect();
        write(tmp.path(), &deep.join("x.txt").to_string_lossy(), ARTICLE.as_bytes());
        write(tmp.path(), "top.txt", ARTICLE.as_bytes());
        let corpus = read_corpus(tmp.path(), &CorpusOptions::new()).unwrap();
        assert_eq!(corpus.documents.len(), 2);
        assert_eq!(corpus.documents[0].id, format!("{}/x.txt", vec!["d"; 300].join("/")));
        assert!(!corpus.is_partial());
    }

    #[test]
    fn globs_include_and_exclude() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        for rel in ["a.txt", "b.md", "drafts/c.txt", "deep/er/d.txt", "deep/e.md"] {
            write(d, rel, ARTICLE.as_bytes());
        }
        let read = |globs: &[&str]| {
            let corpus = read_corpus(d, &CorpusOptions::new().globs(globs.iter().copied())).unwrap();
            ids(&corpus).into_iter().map(str::to_owned).collect::<Vec<_>>()
        };
        assert_eq!(read(&["*.txt"]), ["a.txt", "deep/er/d.txt", "drafts/c.txt"]);
        assert_eq!(read(&["!*.md"]), ["a.txt", "deep/er/d.txt", "drafts/c.txt"]);
        assert_eq!(read(&["*.txt", "!drafts"]), ["a.txt", "deep/er/d.txt"]);
        assert_eq!(read(&["!deep/**"]), ["a.txt", "b.md", "drafts/c.txt"]);
        assert_eq!(read(&["deep/**", "!**/e.md"]), ["deep/er/d.txt"]);
        let corpus = read_corpus(d, &CorpusOptions::new().globs(["*.txt", "!drafts"])).unwrap();
        assert_eq!(skip_of(&corpus, "drafts"), &SkipReason::Excluded);
        assert_eq!(skip_of(&corpus, "b.md"), &SkipReason::Excluded);
        let err = read_corpus(d, &CorpusOptions::new().globs(["a[.txt"])).unwrap_err();
        assert!(matches!(err, CorpusError::Glob { .. }));
        assert!(err.to_string().contains("a[.txt"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_not_followed_by_default_and_loops_are_reported() {
        use std::os::unix::fs::symlink;
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        write(d, "a/one.txt", ARTICLE.as_bytes());
        symlink(d.join("a"), d.join("a/loop")).unwrap();
        symlink(d.join("a/one.txt"), d.join("link.txt")).unwrap();
        symlink(d.join("nowhere.txt"), d.join("broken.txt")).unwrap();

        let plain = read_corpus(d, &CorpusOptions::new()).unwrap();
        assert_eq!(ids(&plain), ["a/one.txt"]);
        assert_eq!(skip_of(&plain, "a/loop"), &SkipReason::Symlink);
        assert_eq!(skip_of(&plain, "link.txt"), &SkipReason::Symlink);
        assert_eq!(skip_of(&plain, "broken.txt"), &SkipReason::Symlink);

        let followed = read_corpus(d, &CorpusOptions::new().follow_links(true)).unwrap();
        assert_eq!(ids(&followed), ["a/one.txt"]);
        assert_eq!(skip_of(&followed, "a/loop"), &SkipReason::SymlinkLoop { ancestor: "a".to_owned() });
        assert_eq!(skip_of(&followed, "link.txt"), &SkipReason::Duplicate { of: "a/one.txt".to_owned() });
        assert_eq!(skip_of(&followed, "broken.txt"), &SkipReason::BrokenSymlink);
        assert!(skip_of(&followed, "a/loop").is_warning());
        assert!(!followed.is_partial(), "a loop loses nothing: {:?}", followed.errors);
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_not_opened() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        write(d, "a.txt", ARTICLE.as_bytes());
        let fifo = d.join("pipe.txt");
        let status = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !status.is_ok_and(|s| s.success()) {
            return; // mkfifo unavailable: nothing to test on this system.
        }
        let corpus = read_corpus(d, &CorpusOptions::new()).unwrap();
        assert_eq!(ids(&corpus), ["a.txt"]);
        assert_eq!(skip_of(&corpus, "pipe.txt"), &SkipReason::NotRegular);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn non_utf8_file_names_get_distinct_ids() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        fs::write(d.join(OsStr::from_bytes(b"caf\xe9.txt")), ARTICLE).unwrap();
        fs::write(d.join(OsStr::from_bytes(b"caf\xe8.txt")), ARTICLE).unwrap();
        fs::write(d.join("caf\u{e9}.txt"), ARTICLE).unwrap();
        let corpus = read_corpus(d, &CorpusOptions::new()).unwrap();
        // Byte order: "caf\xC3\xA9" (UTF-8 e-acute) sorts before "caf\xE8".
        assert_eq!(ids(&corpus), ["caf\u{e9}.txt", "caf\\xE8.txt", "caf\\xE9.txt"]);
        // A name spelling the escape literally cannot take the same id.
        fs::write(d.join("caf\\xE9.txt"), ARTICLE).unwrap();
        let corpus = read_corpus(d, &CorpusOptions::new()).unwrap();
        let mut unique = ids(&corpus);
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), 4, "{:?}", ids(&corpus));
        assert!(corpus.warnings.iter().any(|w| matches!(w.kind, WarningKind::DuplicateId { .. })));
    }

    #[test]
    fn large_files_are_skipped_with_a_warning() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        write(d, "big.txt", ARTICLE.repeat(10).as_bytes());
        write(d, "small.txt", b"Small text.");
        let corpus = read_corpus(d, &CorpusOptions::new().max_file_size(100)).unwrap();
        assert_eq!(ids(&corpus), ["small.txt"]);
        let reason = skip_of(&corpus, "big.txt");
        assert_eq!(reason, &SkipReason::TooLarge { size: 10 * ARTICLE.len() as u64, limit: ByteSize::new(100) });
        assert!(reason.is_warning());
    }

    #[test]
    fn a_file_removed_before_reading_makes_the_result_partial() {
        let tmp = tempfile::tempdir().unwrap();
        let mut corpus = Corpus::default();
        let outcome = read_file(&tmp.path().join("gone.txt"), "gone.txt".to_owned(), DEFAULT_MAX_FILE_SIZE);
        corpus.absorb("gone.txt".to_owned(), outcome);
        assert!(corpus.is_partial());
        assert_eq!(corpus.errors[0].path, "gone.txt");
        assert!(matches!(corpus.errors[0].kind, FileError::Vanished), "{:?}", corpus.errors);
    }

    #[cfg(unix)]
    #[test]
    fn unreadable_files_are_errors_and_the_rest_is_read() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        write(d, "a.txt", ARTICLE.as_bytes());
        write(d, "locked.txt", ARTICLE.as_bytes());
        fs::set_permissions(d.join("locked.txt"), fs::Permissions::from_mode(0o000)).unwrap();
        let corpus = read_corpus(d, &CorpusOptions::new()).unwrap();
        if File::open(d.join("locked.txt")).is_ok() {
            // Running as root: permissions do not apply, the file is read.
            assert_eq!(ids(&corpus), ["a.txt", "locked.txt"]);
        } else {
            assert_eq!(ids(&corpus), ["a.txt"]);
            assert!(corpus.is_partial());
            assert_eq!(corpus.errors.len(), 1);
            assert_eq!(corpus.errors[0].to_string(), "locked.txt: permission denied");
        }
    }

    #[test]
    fn encodings_follow_the_diff_policy_and_offsets_map_back() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        // Windows-1252: curly quotes and an e-acute, after a date prefix.
        let cp1252 = b"date 2019-05-04 \x93Caf\xe9 society\x94 said.";
        write(d, "cp1252.txt", cp1252);
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("date 2019-05-06 H\u{e9}llo world".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        write(d, "utf16.txt", &utf16);
        write(d, "broken16.txt", &[0xFF, 0xFE, b'a']);
        let corpus = read_corpus(d, &CorpusOptions::new()).unwrap();
        assert_eq!(ids(&corpus), ["cp1252.txt", "utf16.txt"]);
        assert_eq!(corpus.warnings, vec![Warning { path: "cp1252.txt".into(), kind: WarningKind::Windows1252 }]);
        assert!(corpus.is_partial(), "a broken UTF-16 file is an error, not a skip");
        assert_eq!(corpus.errors[0].path, "broken16.txt");

        let doc = &corpus.documents[0];
        assert_eq!(doc.meta.date, Date::parse("2019-05-04"));
        let at = body(doc).find("society").unwrap();
        let span = body_span(doc, at, at + "society".len());
        assert_eq!(&cp1252[span.range()], b"society");
        assert_eq!(body_span(doc, 0, 0).start, 16);

        let doc = &corpus.documents[1];
        assert_eq!(doc.meta.date, Date::parse("2019-05-06"));
        let at = body(doc).find("world").unwrap();
        let span = body_span(doc, at, at + 5);
        let units: Vec<u16> = utf16[span.range()].chunks(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        assert_eq!(String::from_utf16(&units).unwrap(), "world");
    }

    #[test]
    fn single_files_and_bad_roots() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        write(d, "one.txt", ARTICLE.as_bytes());
        let corpus = read_corpus(&d.join("one.txt"), &CorpusOptions::new()).unwrap();
        assert_eq!(ids(&corpus), ["one.txt"]);
        let err = read_corpus(&d.join("missing"), &CorpusOptions::new()).unwrap_err();
        assert!(err.to_string().contains("missing"), "{err}");
        write(d, "bin", b"\x00\x01");
        let err = read_single(&d.join("bin"), "bin", 100).unwrap_err();
        assert!(err.to_string().starts_with("bin: binary"), "{err}");
        let err = read_single(&d.join("nope"), "nope", 100).unwrap_err();
        assert_eq!(err.to_string(), "nope: no such file");
    }

    #[test]
    fn line_and_column() {
        let tmp = tempfile::tempdir().unwrap();
        write(tmp.path(), "x.txt", "ab\nc\u{e9}d\n".as_bytes());
        let (doc, _) = read_single(&tmp.path().join("x.txt"), "x", 100).unwrap();
        assert_eq!(doc.line_col(0), (1, 1));
        assert_eq!(doc.line_col(3), (2, 1));
        assert_eq!(doc.line_col(6), (2, 3), "columns count characters");
        assert_eq!(doc.line_col(99), (3, 1));
    }

    #[test]
    fn json_lines_records() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("corpus.jsonl");
        let mut data = Vec::new();
        data.extend_from_slice(b"{\"id\":\"wire-1\",\"text\":\"The wire story.\",\"date\":\"2019-05-04T09:00:00Z\",\"outlet\":\"Wire\",\"lang\":\"en\",\"n\":3}\n");
        data.extend_from_slice(b"\n   \n");
        data.extend_from_slice(b"{\"id\":7,\"text\":\"Numbered \\\"id\\\" story.\"}\r\n");
        data.extend_from_slice(b"not json at all\n");
        data.extend_from_slice(b"{\"id\":\"no-text\"}\n");
        data.extend_from_slice(b"{\"id\":[1],\"text\":\"x\"}\n");
        data.extend_from_slice(
            b"{\"id\":\"wire-1\",\"text\":\"Same id again.\",\"date\":\"4 May\",\"published\":\"11/03/2024\"}\n",
        );
        data.extend_from_slice(b"{\"id\":\"nul\",\"text\":\"a\\u0000\\u0000b\"}\n");
        data.extend_from_slice(b"{\"id\":\"blank\",\"text\":\"  \"}\n");
        data.extend_from_slice(b"{\"id\":\"latin\",\"text\":\"Caf\xe9 \x93quoted\x94\"}\n");
        data.extend_from_slice(format!("{{\"id\":\"huge\",\"text\":\"{}\"}}\n", "x".repeat(300)).as_bytes());
        data.extend_from_slice(
            b"{\"id\":\"last\",\"text\":\"No final newline.\",\"published\":\"2019-05-04T10:00:00+02:00\"}",
        );
        fs::write(&path, &data).unwrap();

        let corpus = read_corpus(&path, &CorpusOptions::new().max_file_size(200)).unwrap();
        assert_eq!(ids(&corpus), ["wire-1", "7", "wire-1#2", "latin", "last"]);
        let first = &corpus.documents[0];
        assert_eq!(first.meta.date.map(|d| d.to_string()).as_deref(), Some("2019-05-04T09:00:00Z"), "the time is kept");
        assert_eq!(first.meta.outlet.as_deref(), Some("Wire"));
        assert_eq!(first.meta.extra.get("lang").map(String::as_str), Some("en"));
        assert_eq!(first.meta.extra.get("n").map(String::as_str), Some("3"));
        assert_eq!(first.origin, Origin::Record { path: path.clone(), line: 1 });
        assert_eq!(first.path, display_path(&path));
        assert_eq!(corpus.documents[1].text(), "Numbered \"id\" story.", "offsets refer to the unescaped text");
        assert_eq!(corpus.documents[1].origin, Origin::Record { path: path.clone(), line: 4 });
        assert_eq!(corpus.documents[3].text(), "Caf\u{e9} \u{201C}quoted\u{201D}");
        let published = corpus.documents[4].meta.date.expect("`published` is read as the date");
        assert_eq!(published.to_string(), "2019-05-04T10:00:00+02:00");
        assert!(published.earlier_than(&first.meta.date.unwrap()), "08:00 UTC is before 09:00 UTC");

        let lines: Vec<String> = corpus.errors.iter().map(|e| e.path.rsplit(':').next().unwrap().to_owned()).collect();
        assert_eq!(lines, ["5", "6", "7"], "{:?}", corpus.errors);
        assert!(corpus.is_partial());
        let warned: Vec<(&str, &WarningKind)> =
            corpus.warnings.iter().map(|w| (w.path.rsplit(':').next().unwrap(), &w.kind)).collect();
        assert_eq!(
            warned,
            [
                ("8", &WarningKind::DuplicateId { id: "wire-1".into(), renamed: "wire-1#2".into() }),
                ("8", &WarningKind::BadDate("4 May".into())),
                ("8", &WarningKind::BadDate("11/03/2024".into())),
                ("11", &WarningKind::Windows1252),
            ]
        );
        let skipped: Vec<(String, &SkipReason)> =
            corpus.skipped.iter().map(|s| (s.path.rsplit(':').next().unwrap().to_owned(), &s.reason)).collect();
        assert!(matches!(skipped[0], (ref l, SkipReason::Binary(_)) if l == "9"), "{skipped:?}");
        assert_eq!(skipped[1], ("10".to_owned(), &SkipReason::NoText));
        assert!(matches!(skipped[2], (ref l, SkipReason::TooLarge { .. }) if l == "12"), "{skipped:?}");
    }
}
