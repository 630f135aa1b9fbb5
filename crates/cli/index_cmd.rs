//! `copytrace index DIR -o INDEX`, `copytrace index --update INDEX DIR` and the
//! `copytrace scan NEW --against INDEX` analysis.
//!
//! The on-disk format and the incremental analysis live in
//! [`copytrace_provenance::index`]; this module does the IO around them.
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
//! # Scanning against an index
//!
//! [`against_report`] reads the new documents, checks the index's settings against the
//! scan's, and runs [`analyze_against`](copytrace_provenance::index::analyze_against): the archive documents sharing a fingerprint with a
//! new document take part with the stage-1 output stored when they were indexed (computed
//! by the same reading and fingerprinting code as a full scan, on the bytes stored beside
//! it); the archive documents of the report are rebuilt from their stored bytes, for their
//! offsets and text. The report lists the new documents and the archive documents they
//! share passages with; its pairs and passages are those of a full scan of archive plus
//! new documents that touch a new document.
//!
//! A new file that is in the index unchanged (same id, path and content hash:
//! [`Index::same_document`]) is scanned as the new copy, with the archived copy left out
//! of the analysis ([`analyze_against_without`]), so no document is a copy of itself. An
//! archive document whose id is that of a new document (an edited article) is reported as
//! [`archived_id`] (`archive:ID`).

use crate::exit::{warn, ExitCode};
use crate::render::count;
use crate::scan::{self, ScanArgs};
use anyhow::Context as _;
use copytrace_corpus::{
    display_path, read_corpus, ByteSize, Corpus, CorpusOptions, Date, Document, FileError, Metadata, Origin, ReadError,
    DEFAULT_MAX_FILE_SIZE,
};
use copytrace_diff::Span;
use copytrace_provenance::config::defaults;
use copytrace_provenance::index::{
    analyze_against_without, archived_id, restrict_report, ByteSource, DocRecord, Index, IndexError, IndexSettings,
    IndexWriter,
};
use copytrace_provenance::{fingerprint, Config, DocFingerprints};
use copytrace_report::PassageText;
use copytrace_report::ScanReport;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// `copytrace index`.
#[derive(Clone, Debug, clap::Args)]
#[command(after_help = index_help())]
pub struct IndexArgs {
    /// The corpus directory to index.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Where to write the new index.
    #[arg(short, long, value_name = "INDEX", required_unless_present = "update", conflicts_with = "update")]
    pub output: Option<PathBuf>,
    /// Update this index from DIR: add new and changed files, drop removed ones; unchanged
    /// files (same content hash) are not fingerprinted again.
    #[arg(long, value_name = "INDEX")]
    pub update: Option<PathBuf>,
    /// Only read files matching this glob (relative to DIR); `!PATTERN` excludes. Repeatable.
    #[arg(long = "glob", value_name = "PATTERN")]
    pub globs: Vec<String>,
    /// Follow symbolic links (loops are detected and reported).
    #[arg(long)]
    pub follow: bool,
    /// Skip files larger than this (bytes, or with a K, M, G suffix).
    #[arg(long, value_name = "SIZE", default_value_t = DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: ByteSize,
    // Help texts built from the library's defaults (`index_default_help`).
    #[arg(long, value_name = "N", help = index_default_help("Words per fingerprint n-gram", defaults::NGRAM))]
    pub ngram: Option<usize>,
    #[arg(long, value_name = "N", help = index_default_help("Winnowing window, in n-grams", defaults::WINDOW))]
    pub window: Option<usize>,
}

/// The help of an engine option of `copytrace index`, with the library's default.
fn index_default_help(what: &str, default: usize) -> String {
    format!("{what} [default: {default}, or the index's with --update]")
}

/// The text after `copytrace index --help`'s options: its exit status ([`crate::exit::INDEX`])
/// and what the index is for.
fn index_help() -> String {
    format!(
        "{}\n\nThe index stores each document's bytes, metadata and fingerprints; `copytrace scan NEW \
         --against INDEX` then scans new documents against it without reading the archive again.",
        crate::exit::help(&crate::exit::INDEX)
    )
}

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

/// Raw bytes of a path, for storing (on Unix the exact bytes of the file name).
fn path_bytes(path: &Path) -> Vec<u8> {
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

fn path_from_bytes(bytes: &[u8]) -> PathBuf {
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
pub fn run_index(args: &IndexArgs) -> anyhow::Result<ExitCode> {
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

    let opts = CorpusOptions::new()
        .globs(args.globs.iter().cloned())
        .follow_links(args.follow)
        .max_file_size(args.max_file_size);
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
            let bytes = read_bytes(path, args.max_file_size.bytes())
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
                _ => Ok(fingerprint(&scan::input(&e.doc), &cfg)),
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

/// What [`against_report`] returns: the wire report, the passage texts (with `--detail`),
/// the documents of the report in report order, and the ids of the new documents.
pub type AgainstReport = (ScanReport, Vec<PassageText>, Vec<Document>, HashSet<String>);

/// `copytrace scan NEW --against INDEX` (see the [module docs](self)).
///
/// # Errors
/// When the index or the new documents cannot be read, the index is refused, or its
/// settings differ from the scan's.
pub fn against_report(args: &ScanArgs, index_path: &Path) -> anyhow::Result<AgainstReport> {
    let name = display_path(index_path);
    let file = File::open(index_path).with_context(|| format!("{name}: cannot read the index"))?;
    let len = file.metadata().with_context(|| format!("{name}: cannot read the index"))?.len();
    let index = Index::open(FileSource::new(file, len)).with_context(|| name.clone())?;
    let cfg = args.corpus.config();
    index.settings().check(&cfg).with_context(|| name.clone())?;
    let corpus = scan::read(&args.path, &args.corpus)?;
    let new_docs: Vec<&Document> = corpus.documents.iter().collect();
    let left_out = already_indexed(&index, &new_docs, &args.path);
    let fps = scan::fingerprints(&new_docs, &cfg);
    let bar = scan::spinner("aligning");
    let result = analyze_against_without(&index, fps, &cfg, &left_out);
    bar.finish_and_clear();
    let result = result.with_context(|| name.clone())?;
    let archive = index.docs().len();
    let keep: Vec<bool> = (0..archive + new_docs.len()).map(|d| d >= archive).collect();
    let (report, old) = restrict_report(result.report, &keep);
    // The documents of the report: archive documents rebuilt from the index, then the new.
    let mut taken: HashSet<String> = HashSet::new();
    let mut documents: Vec<Document> = Vec::with_capacity(old.len());
    let mut renamed = Vec::new();
    let mut new_ids = HashSet::new();
    let scanned: HashSet<&str> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
    for &o in &old {
        let o = o as usize;
        let mut doc = if o < archive {
            let bytes = index.source(o as u32).with_context(|| name.clone())?;
            document_of(&index.docs()[o], &bytes).with_context(|| name.clone())?
        } else {
            corpus.documents[o - archive].clone()
        };
        if o < archive && scanned.contains(doc.id.as_str()) {
            // The earlier version of a new document (an edited article): named as archived.
            let id = archived_id(&doc.id);
            renamed.push((doc.id.clone(), id.clone()));
            doc.id = id;
        }
        if !taken.insert(doc.id.clone()) {
            // Ids that still collide: keep them apart.
            let id = (2..).map(|k| format!("{}#{k}", doc.id)).find(|c| !taken.contains(c)).unwrap_or_default();
            renamed.push((doc.id.clone(), id.clone()));
            taken.insert(id.clone());
            doc.id = id;
        }
        if o >= archive {
            new_ids.insert(doc.id.clone());
        }
        documents.push(doc);
    }
    for (was, now) in &renamed {
        warn(format_args!("{was}: also in the index with other content; the archived copy is reported as {now:?}"));
    }
    let view = Corpus {
        documents,
        skipped: corpus.skipped.clone(),
        warnings: corpus.warnings.clone(),
        errors: corpus.errors.clone(),
    };
    let root = args.path.to_string_lossy().into_owned();
    let (wire, texts) = copytrace_report::build_scan(&root, &view, &report, &cfg, args.detail);
    Ok((wire, texts, view.documents, new_ids))
}

/// The archive documents that are new documents unchanged (same id, path and bytes: a file
/// scanned again), left out of the analysis so that no document is reported as a copy of
/// itself; the new copy is the one analysed (its path is the one on disk now). Says so on
/// stderr for each.
fn already_indexed<S: ByteSource>(index: &Index<S>, new_docs: &[&Document], root: &Path) -> Vec<u32> {
    let mut left_out = Vec::new();
    for doc in new_docs {
        let Origin::File { path } = &doc.origin else { continue };
        if index.find(&doc.id).is_none() {
            continue;
        }
        let rel = match path.strip_prefix(root) {
            Ok(rel) if !rel.as_os_str().is_empty() => rel,
            _ => Path::new(path.file_name().unwrap_or(path.as_os_str())),
        };
        let Ok(bytes) = std::fs::read(path) else { continue };
        if let Some(d) = index.same_document(&doc.id, &path_bytes(rel), &bytes) {
            warn(format_args!(
                "{}: already in the index (same path and content); compared as the new copy, the archived copy left out",
                doc.path
            ));
            left_out.push(d);
        }
    }
    left_out
}

/// An index file read in place: only the parts a scan needs are read.
struct FileSource {
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
        use std::io::{Seek, SeekFrom};
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
