//! Reading one file into text, by the policy of [`copytrace_diff::decode`]: what
//! `copytrace diff` and `copytrace trace` do with the files they are given.

use crate::size::ByteSize;
use copytrace_diff::decode::{decode_vec, DecodeError, Decoded, Encoding};
use copytrace_diff::Span;
use std::io::{self, Read};
use std::path::Path;
use std::sync::Arc;

/// A file read and decoded.
#[derive(Debug)]
pub struct Input {
    /// The path for messages and reports: as given, bytes that are not UTF-8 shown as
    /// U+FFFD (`<stdin>` for `-`).
    pub name: String,
    /// The decoded text and the map back to the file's bytes.
    pub decoded: Decoded,
}

impl Input {
    /// The decoded text.
    #[must_use]
    pub fn text(&self) -> &str {
        self.decoded.text()
    }

    /// The encoding the file was read in.
    #[must_use]
    pub fn encoding(&self) -> Encoding {
        self.decoded.encoding()
    }

    /// Maps a span of [`Input::text`] to the file's bytes.
    #[must_use]
    pub fn original_span(&self, span: Span) -> Span {
        self.decoded.original_span(span)
    }

    /// A caveat to print as a warning, if any (text that was not UTF-8).
    #[must_use]
    pub fn warning(&self) -> Option<String> {
        (self.encoding() == Encoding::Windows1252).then(|| {
            format!(
                "{}: not valid UTF-8; read as Windows-1252 (byte offsets still refer to the file's bytes)",
                self.name
            )
        })
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
    Ok(Input { name, decoded })
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
        std::fs::write(&bin, b"ab\x00").unwrap();
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
        assert!(input.warning().unwrap().contains("Windows-1252"));
        assert_eq!(input.original_span(Span::new(3, 5)), Span::new(3, 4));
    }
}
