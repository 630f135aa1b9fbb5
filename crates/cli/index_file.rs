//! The index on disk, as the commands see it: opening an index file in place for
//! `scan --against` ([`open`], reading only the parts a scan needs), rebuilding a
//! document from its record ([`document_of`]), and paths stored as bytes.
//!
//! The format itself and the analysis live in [`copytrace_provenance::index`].

use anyhow::Context as _;
use copytrace_corpus::{display_path, Date, Document, Metadata, Origin};
use copytrace_diff::Span;
use copytrace_provenance::index::{ByteSource, DocRecord, Index, IndexError};
use std::borrow::Cow;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// Opens the index at `path` in place: the header, head and document records are read and
/// checked, the postings and stored documents read on demand.
///
/// # Errors
/// When the file cannot be read or is not a usable index (the message names the file).
pub fn open(path: &Path) -> anyhow::Result<Index<FileSource>> {
    let name = display_path(path);
    let file = File::open(path).with_context(|| format!("{name}: cannot read the index"))?;
    let len = file.metadata().with_context(|| format!("{name}: cannot read the index"))?.len();
    Index::open(FileSource::new(file, len)).with_context(|| name.clone())
}

/// Raw bytes of a path, for storing (on Unix the exact bytes of the file name).
pub fn path_bytes(path: &Path) -> Vec<u8> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    }
    #[cfg(not(unix))]
    {
        path.to_string_lossy().replace('\\', "/").into_bytes()
    }
}

/// A path from its stored bytes ([`path_bytes`]).
pub fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
    }
}

/// Rebuilds the [`Document`] of an index record from its bytes, as `copytrace scan` read it.
///
/// # Errors
/// When the stored bytes no longer decode, or the stored spans do not fit the text (an
/// index written by something else).
pub fn document_of(rec: &DocRecord<'_>, source: &[u8]) -> anyhow::Result<Document> {
    let bad = || anyhow::anyhow!("document {:?}: the index record does not fit its text; rebuild the index", rec.id);
    let decoded = copytrace_corpus::decode_file(&path_from_bytes(&rec.path), source)
        .map_err(|e| anyhow::anyhow!("document {:?} in the index: {e}", rec.id))?;
    let text = decoded.text();
    let fits = |s: Span| {
        s.start <= s.end && s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end)
    };
    if !fits(rec.body) {
        return Err(bad());
    }
    // The metadata's byte ranges are not stored (only the body is fingerprinted and shown).
    let mut meta = Metadata::default();
    for (k, v) in &rec.meta {
        match k.as_ref() {
            "title" => meta.title = Some(v.to_string()),
            "outlet" => meta.outlet = Some(v.to_string()),
            "url" => meta.url = Some(v.to_string()),
            "date" => meta.date = Some(Date::parse(v).ok_or_else(bad)?),
            other => {
                let key = other.strip_prefix("extra.").ok_or_else(bad)?;
                meta.extra.insert(key.to_owned(), v.to_string());
            }
        }
    }
    let rel = path_from_bytes(&rec.path);
    Ok(Document {
        id: rec.id.to_string(),
        path: display_path(&rel),
        origin: Origin::File { path: rel },
        decoded,
        body: rec.body,
        meta,
    })
}

/// An index file read in place: only the parts a scan needs are read.
pub struct FileSource {
    file: File,
    len: u64,
    /// Serialises seek-and-read where positioned reads are not available.
    #[cfg(not(unix))]
    lock: std::sync::Mutex<()>,
}

impl FileSource {
    fn new(file: File, len: u64) -> Self {
        FileSource {
            file,
            len,
            #[cfg(not(unix))]
            lock: std::sync::Mutex::new(()),
        }
    }

    #[cfg(unix)]
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        std::os::unix::fs::FileExt::read_exact_at(&self.file, buf, offset)
    }

    #[cfg(not(unix))]
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        use std::io::{Read, Seek, SeekFrom};
        let _guard = self.lock.lock().map_err(|_| io::Error::other("a reader panicked"))?;
        let mut file = &self.file;
        file.seek(SeekFrom::Start(offset))?;
        file.read_exact(buf)
    }
}

impl ByteSource for FileSource {
    fn len(&self) -> u64 {
        self.len
    }

    fn read(&self, offset: u64, len: usize) -> Result<Cow<'_, [u8]>, IndexError> {
        let mut buf = vec![0u8; len];
        self.read_at(offset, &mut buf).map_err(|e| {
            if e.kind() == io::ErrorKind::UnexpectedEof {
                IndexError::Truncated { expected: offset + len as u64, found: self.len }
            } else {
                IndexError::Read(e.to_string())
            }
        })?;
        Ok(Cow::Owned(buf))
    }
}
