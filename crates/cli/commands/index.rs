//! `copytrace index DIR -o INDEX` and `copytrace index --update INDEX DIR`.
//!
//! The on-disk format and the incremental analysis live in
//! [`copytrace_provenance::index`]; this module does the IO around them, with
//! [`crate::index_file`] (the index on disk, shared with `scan --against`).
//!
//! # Building and updating
//!
//! The corpus is read by [`copytrace_corpus`] with the same rules as `copytrace scan` (hidden,
//! binary, empty and oversized files skipped, unreadable files reported). Each document's
//! bytes are read once more, hashed (`xxh3_64`) and stored with its metadata, after
//! checking that they still decode to the text that was read: a file that changed in the
//! meantime is reported as not indexed (the index is then partial, exit 3) rather than
//! stored with fingerprints of other text.
//!
//! `--update` reads the existing index and the directory again: a file whose path and
//! content hash are in the index is **unchanged**; a file whose content hash is in the index
//! under another path (a move) counts as added; both keep the stage-1 output stored in the
//! index (same bytes, same fingerprints) and are not fingerprinted again. Other files are
//! fingerprinted (**added** or **changed**); indexed paths no longer found are **removed**.
//! The engine settings are those of the index.
//!
//! The index is written to a temporary file in the destination's directory and renamed
//! into place only when complete, so an interrupted run leaves the previous index (or
//! none), never a half-written one.
//!
//!
//! `copytrace scan NEW --against INDEX` is [`crate::commands::scan`]'s.

use crate::args::IndexArgs;
use crate::exit::{warn, ExitCode};
use crate::index_file::path_bytes;
use crate::render::count;
use crate::source;
use crate::term::Term;
use anyhow::Context as _;
use copytrace_corpus::{display_path, read_corpus, Corpus, Document, FileError, Metadata, Origin, ReadError};
use copytrace_provenance::index::{DocRecord, Index, IndexSettings, IndexWriter};
use copytrace_provenance::{fingerprint, Config, DocFingerprints};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// What an update did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UpdateCounts {
    /// Files not in the index before.
    pub added: usize,
    /// Indexed paths whose content changed.
    pub changed: usize,
    /// Indexed paths no longer found.
    pub removed: usize,
    /// Indexed paths with the same content.
    pub unchanged: usize,
    /// Documents whose fingerprints were computed in this run.
    pub fingerprinted: usize,
}

/// The metadata of `doc` as the index's (key, value) pairs: `title`, `outlet`, `date`,
/// `url`, and `extra.KEY` for the other front-matter keys.
fn meta_pairs(meta: &Metadata) -> Vec<(Cow<'static, str>, Cow<'static, str>)> {
    let mut out: Vec<(Cow<'static, str>, Cow<'static, str>)> = Vec::new();
    let mut put = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            out.push((Cow::Owned(k.to_owned()), Cow::Owned(v)));
        }
    };
    put("title", meta.title.clone());
    put("outlet", meta.outlet.clone());
    put("date", meta.date.map(|d| d.to_string()));
    put("url", meta.url.clone());
    for (k, v) in &meta.extra {
        out.push((Cow::Owned(format!("extra.{k}")), Cow::Owned(v.clone())));
    }
    out
}

/// Reads at most `limit + 1` bytes of `path`.
fn read_bytes(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    File::open(path)?.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// One document read for the index: its record and, when its bytes are in the earlier
/// index, that index's document number (its stored fingerprints are reused).
struct Entry {
    record: DocRecord<'static>,
    doc: Document,
    old: Option<u32>,
}

/// `copytrace index`: builds or updates an index.
///
/// # Errors
/// When the directory or the old index cannot be read, or the new one cannot be written.
pub fn run(args: &IndexArgs, _term: &Term) -> anyhow::Result<ExitCode> {
    let meta = std::fs::metadata(&args.dir).with_context(|| display_path(&args.dir))?;
    if !meta.is_dir() {
        anyhow::bail!("{}: not a directory (copytrace index reads a directory of articles)", display_path(&args.dir));
    }
    let old_bytes = match &args.update {
        Some(path) => Some(read_index_file(path)?),
        None => None,
    };
    let old = match (&old_bytes, &args.update) {
        (Some(bytes), Some(path)) => Some(Index::parse(bytes.as_slice()).with_context(|| display_path(path))?),
        _ => None,
    };
    let mut cfg = Config::new();
    if let Some(n) = args.ngram {
        cfg = cfg.ngram(n);
    }
    if let Some(w) = args.window {
        cfg = cfg.window(w);
    }
    if let (Some(old), Some(path)) = (&old, &args.update) {
        let asked = IndexSettings::from_config(&cfg);
        let stored = old.settings();
        let ngram_differs = args.ngram.is_some() && asked.ngram != stored.ngram;
        let window_differs = args.window.is_some() && asked.window != stored.window;
        if ngram_differs || window_differs {
            anyhow::bail!(
                "{}: the index was built with --ngram {} --window {}; rebuild it (copytrace index DIR -o INDEX) to change them",
                display_path(path),
                stored.ngram,
                stored.window
            );
        }
        cfg = stored.apply(cfg);
        stored.check(&cfg).with_context(|| display_path(path))?;
    }

    let opts = args.read.corpus_options();
    let mut corpus = read_corpus(&args.dir, &opts)?.require_documents(&args.dir)?;
    report_reading(&corpus);

    // Old records by path and by content hash.
    let mut by_path: HashMap<&[u8], u32> = HashMap::new();
    let mut by_hash: HashMap<u64, u32> = HashMap::new();
    if let Some(old) = &old {
        for (i, rec) in old.docs().iter().enumerate() {
            by_path.insert(rec.path.as_ref(), i as u32);
            by_hash.entry(rec.content_hash).or_insert(i as u32);
        }
    }

    let root = args.dir.clone();
    let documents = std::mem::take(&mut corpus.documents);
    let outcomes: Vec<Result<Entry, ReadError>> = documents
        .into_par_iter()
        .map(|doc| {
            let Origin::File { path } = &doc.origin else {
                return Err(ReadError { path: doc.path.clone(), kind: FileError::IsDirectory });
            };
            let bytes = read_bytes(path, args.read.max_file_size.bytes())
                .map_err(|e| ReadError { path: doc.path.clone(), kind: FileError::from_io(e) })?;
            let same = copytrace_corpus::decode_file(path, &bytes).is_ok_and(|d| d.text() == doc.decoded.text());
            if !same {
                return Err(ReadError { path: doc.path.clone(), kind: FileError::Changed });
            }
            let rel = path.strip_prefix(&root).unwrap_or(path);
            let modified = std::fs::metadata(path)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .and_then(|d| i64::try_from(d.as_secs()).ok());
            let mut record = DocRecord::new(doc.id.clone(), bytes);
            record.path = Cow::Owned(path_bytes(rel));
            record.modified = modified;
            record.body = doc.body;
            record.meta = meta_pairs(&doc.meta);
            // Same bytes give the same document and fingerprints, whatever the path.
            let known = by_hash.get(&record.content_hash).copied();
            Ok(Entry { record, doc, old: known })
        })
        .collect();

    let mut counts = UpdateCounts::default();
    let mut entries = Vec::new();
    for outcome in outcomes {
        match outcome {
            Ok(e) => entries.push(e),
            Err(e) => {
                warn(format_args!("{}: not indexed: {} (run again)", e.path, e.kind));
                corpus.errors.push(e);
            }
        }
    }
    let mut writer = IndexWriter::new(IndexSettings::from_config(&cfg));
    let mut seen: HashSet<Vec<u8>> = HashSet::new();
    let old_name = args.update.as_deref().map(display_path).unwrap_or_default();
    // In chunks, so that only a chunk's stage-1 output is in memory at once.
    let mut entries = entries.into_iter().peekable();
    while entries.peek().is_some() {
        let chunk: Vec<Entry> = entries.by_ref().take(1024).collect();
        let fps: Vec<DocFingerprints> = chunk
            .par_iter()
            .map(|e| match (e.old, &old) {
                (Some(i), Some(old)) => old.fingerprints(i).with_context(|| old_name.clone()),
                _ => Ok(fingerprint(&source::input(&e.doc), &cfg)),
            })
            .collect::<anyhow::Result<_>>()?;
        for (e, fp) in chunk.into_iter().zip(fps) {
            if e.old.is_none() {
                counts.fingerprinted += 1;
            }
            match (by_path.get(e.record.path.as_ref()), &old) {
                (Some(&i), Some(old)) if old.docs()[i as usize].content_hash == e.record.content_hash => {
                    counts.unchanged += 1;
                }
                (Some(_), _) => counts.changed += 1,
                (None, _) => counts.added += 1,
            }
            seen.insert(e.record.path.to_vec());
            writer.push(e.record, &fp).map_err(|err| anyhow::anyhow!("{}: {err}", display_path(&args.dir)))?;
        }
    }
    if let Some(old) = &old {
        counts.removed = old.docs().iter().filter(|r| !seen.contains(r.path.as_ref())).count();
    }
    // Files that could not be read this time but are still indexed are kept out: the
    // index describes what was read.
    let dest = args.update.as_ref().or(args.output.as_ref()).context("no output path")?;
    let size = write_atomically(dest, |out| writer.write_to(out))?;
    drop(old);
    let n = writer.len();
    let mut out = io::stdout().lock();
    let per_doc = if n == 0 { 0 } else { size / n as u64 };
    let line = if args.update.is_some() {
        format!(
            "{}: {} ({} added, {} changed, {} removed, {} unchanged; {} fingerprinted), {} ({} per document)",
            display_path(dest),
            count(n, "document", "documents"),
            counts.added,
            counts.changed,
            counts.removed,
            counts.unchanged,
            counts.fingerprinted,
            count(size as usize, "byte", "bytes"),
            count(per_doc as usize, "byte", "bytes"),
        )
    } else {
        format!(
            "{}: {} indexed, {} ({} per document)",
            display_path(dest),
            count(n, "document", "documents"),
            count(size as usize, "byte", "bytes"),
            count(per_doc as usize, "byte", "bytes"),
        )
    };
    match writeln!(out, "{line}") {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        other => other.context("writing to stdout")?,
    }
    Ok(if corpus.is_partial() { ExitCode::Partial } else { ExitCode::Success })
}

fn report_reading(corpus: &Corpus) {
    for s in corpus.skipped.iter().filter(|s| s.reason.is_warning()) {
        warn(format_args!("{}: skipped: {}", s.path, s.reason));
    }
    for w in &corpus.warnings {
        warn(format_args!("{}: {}", w.path, w.kind));
    }
    for e in &corpus.errors {
        warn(format_args!("{}: not read: {}", e.path, e.kind));
    }
}

/// Reads an index file whole.
fn read_index_file(path: &Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("{}: cannot read the index", display_path(path)))
}

/// Writes `dest` through a temporary file in the same directory, renamed into place once
/// complete and flushed to disk.
fn write_atomically(dest: &Path, write: impl FnOnce(&mut File) -> io::Result<u64>) -> anyhow::Result<u64> {
    let dir = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = display_path(dest);
    let mut tmp = tempfile::Builder::new()
        .prefix(".copytrace-index-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .with_context(|| format!("{name}: cannot create a temporary file in {}", display_path(&dir)))?;
    let size = write(tmp.as_file_mut()).with_context(|| format!("{name}: writing the index"))?;
    // A temporary file is private (0600); the index gets the permissions of the one it
    // replaces, or the usual 0644.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let perms =
            std::fs::metadata(dest).map_or_else(|_| std::fs::Permissions::from_mode(0o644), |m| m.permissions());
        tmp.as_file().set_permissions(perms).with_context(|| format!("{name}: setting permissions"))?;
    }
    tmp.as_file().sync_all().with_context(|| format!("{name}: writing the index"))?;
    tmp.persist(dest).map_err(|e| anyhow::anyhow!("{name}: cannot move the index into place: {}", e.error))?;
    Ok(size)
}
