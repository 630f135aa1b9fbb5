//! An on-disk index of a corpus, and incremental analysis of new documents against it.
//!
//! A newsroom checks each day's articles against an archive of many thousands. Stage 1
//! (fingerprinting) is the bulk of a full scan; the index stores its result once, so a
//! daily run fingerprints only the new articles, looks their fingerprints up in the index,
//! and aligns only the pairs that touch a new article.
//!
//! # What is stored
//!
//! Per document, a [`DocRecord`]: its id, its path (relative to the corpus root, as raw
//! bytes), the `xxh3_64` hash of its bytes, its modification time, its metadata (key-value
//! pairs), the body span (the prose: the decoded text after any front matter or date
//! prefix), **the document's bytes as they were read** and **its stage-1 output**
//! ([`DocFingerprints`], compactly encoded) of the prose only, its offsets counted from the
//! start of the body. For the whole corpus, the **postings**: every distinct `(fingerprint hash,
//! document)` pair, sorted, so that the documents holding a fingerprint are found by binary
//! search without reading anything else.
//!
//! Storing the bytes makes an index self-contained: the archive may move or change on
//! disk, and a document in a report is rebuilt from the very bytes it was fingerprinted
//! from (for its offsets and text). Storing the stage-1 output means no archive document is
//! ever fingerprinted again, by a scan or by `--update`. The cost is the size of the
//! archive's text, about 6 bytes per word and 10 per fingerprint of stage-1 output, and 12
//! bytes per distinct fingerprint of postings.
//!
//! # File format (version 3)
//!
//! Version 3 adds the reworded tier's stage-1 output ([`crate::reword`](mod@crate::reword)):
//! each document's stems and sentences, and its reworded-tier fingerprints among the
//! postings, so that `scan --against` finds reworded reuse too. A version-2 index has
//! neither and is refused ([`IndexError::OlderVersion`]): rebuild it.
//!
//! Version 2 stored the stage-1 output of the prose only, its offsets counted from the
//! start of the body, and no metadata byte ranges. Version 1 (the first copytrace builds)
//! stored fingerprints of the whole decoded text with offsets from the start of the file
//! and the metadata ranges to skip; its offsets mean something else, so a version-1 index
//! is refused ([`IndexError::OlderVersion`]) and must be rebuilt.
//!
//! All integers are little-endian. A string or byte string is a `u32` length then the bytes.
//! Three sections: the **head** (header, document table, block fences, one checksum), the
//! **postings** (in blocks, each with its own checksum) and the **sources** (each
//! document's bytes, checked by its content hash). A scan reads the head, the postings
//! blocks its lookups need and the bytes of the documents it rebuilds, nothing else.
//!
//! | offset | size | field |
//! |-------:|-----:|-------|
//! | 0 | 8 | magic bytes [`MAGIC`] (`\x89CTIDX\r\n`: a high-bit byte and a CR LF catch 7-bit and newline-translating transfers) |
//! | 8 | 4 | format version ([`VERSION`]); **fixed at this offset in every version** |
//! | 12 | 4 | flags; no flag is defined in version 2, a file with unknown flags is refused |
//! | 16 | 8 | total length of the file in bytes |
//! | 24 | 4 | n-gram length ([`Config::get_ngram`]) |
//! | 28 | 4 | winnowing window ([`Config::get_window`]) |
//! | 32 | 4 | longest label line in words ([`Config::get_label_line_max_words`]) |
//! | 36 | 4 | postings per block (64) |
//! | 40 | 8 | fingerprint scheme ([`fingerprint_scheme`]) |
//! | 48 | 8 | number of documents `D` |
//! | 56 | 8 | number of postings `P` |
//! | 64 | 8 | length of the head `H` (where the postings start) |
//! | 72 | 8 | offset of the sources section (`H + 12·P`) |
//! | 80 | 8 | number of frequent fingerprints `F` |
//! | 88 | … | `D` document records (below), in corpus order |
//! | … | `16·F` | frequent fingerprints: every hash found in more than [`FREQUENT`] documents and its number of documents (`u64` each), by hash |
//! | … | `16·⌈P/64⌉` | block fences: per block of 64 postings, its first hash (`u64`) and the `xxh3_64` of its bytes (`u64`) |
//! | `H − 8` | 8 | head checksum: `xxh3_64` of the `H − 8` bytes before it |
//! | `H` | `12·P` | postings `(hash: u64, document: u32)`, strictly increasing by `(hash, document)` |
//! | … | … | sources: per document in corpus order, its bytes then its encoded stage-1 output |
//!
//! A document record: `id` (string), `path` (byte string), `content_hash: u64` (`xxh3_64`
//! of its bytes), `modified: i64` (seconds since the Unix epoch, `i64::MIN` when unknown),
//! `fingerprints: u32` (its number of distinct fingerprints), `body: (u64, u64)` (the span of
//! the decoded text that is prose), `meta`: a `u32` count of (key, value) string
//! pairs, then the offset (in the sources section) and the length of its bytes, and the
//! length and `xxh3_64` of its encoded stage-1 output (`u64` each). The stage-1 output is
//! LEB128 variable-length integers: the date (a flag byte, then length and bytes), the
//! text length, the n-gram length, the words (start as a delta from the previous start,
//! length, then the 4-byte id), the paragraphs (start, length, first word, end word), the
//! label lines (first word, end word), the fingerprints (8-byte hash, word index as a
//! delta), the stems (none or one per word, each the stem id, 0 for a stop word) and the
//! sentences (first word as a delta), each list preceded by its length. The reworded-tier
//! fingerprints are not stored: they are computed from the stems
//! ([`crate::reword::reword_fingerprints`]). The postings hold both kinds of fingerprint.
//!
//! # Checks on open
//!
//! [`Index::open`] checks, in this order, and answers with an [`IndexError`]: the magic
//! bytes ([`IndexError::Foreign`]; a file shorter than the magic that begins like it is
//! [`IndexError::Truncated`]), the version ([`IndexError::NewerVersion`],
//! [`IndexError::OlderVersion`], [`IndexError::UnsupportedVersion`]), the flags, the length recorded in the header
//! against the actual length ([`IndexError::Truncated`], or [`IndexError::Corrupt`] for
//! trailing bytes), the head checksum ([`IndexError::Checksum`]), then the structure
//! (every length in bounds, ids unique, document bytes contiguous and ending the file,
//! fences sorted). Each postings block is checked against its checksum when it is read,
//! and each document's bytes against its content hash. [`Index::parse`] (an index in
//! memory) and [`Index::verify_all`] check every block and every document at once. Any
//! input gives an error or an index, never a panic. [`IndexSettings::check`] then refuses
//! an index built with settings that change fingerprints
//! ([`IndexError::IncompatibleConfig`]).
//!
//! # Incremental analysis
//!
//! [`analyze_against`] analyses new documents with an indexed archive and returns the
//! report that [`analyze_fingerprints_touching`]
//! gives on the fingerprints of archive plus new documents with the new ones touched: the
//! same pairs, passages, containments, directions, and the same figures for every new
//! document. It calls that very function; only the archive documents that share a
//! fingerprint with a new document are rebuilt in full (from their stored stage-1 output),
//! and every
//! other archive document takes part in document frequencies through the postings alone.
//!
//! Compared with a full analysis of archive plus new documents, restricted to the pairs
//! that touch a new document, the pairs' directions (and the derived shares that follow
//! from them) may differ, since the full analysis also has the archive's own pairs as
//! evidence of hubs and common sources ([`crate::direction`](mod@crate::direction)); the
//! pairs and passages are the same with one exception:
//! whether a passage is *widespread* boilerplate ([`crate::BoilerplateReason::Widespread`])
//! depends on its cluster's size, and the full analysis builds clusters from the
//! archive's own passages too, which are not aligned here. Such a cluster must span more
//! documents than the document-frequency limit (at least
//! [`defaults::MAX_DOC_FREQ_FLOOR`](crate::config::defaults::MAX_DOC_FREQ_FLOOR)) while most of its
//! fingerprints stay below that limit (text edited differently by each outlet), which is
//! rare; clusters themselves are built from the aligned pairs only.
//!
//! ```
//! use copytrace_provenance::index::{analyze_against, DocRecord, Index, IndexSettings, IndexWriter};
//! use copytrace_provenance::{fingerprint, Config, DocInput};
//!
//! let cfg = Config::new();
//! let archive = ["The minister was sacked on Wednesday evening after an inquiry into the leak of \
//!                 secret discussions about the telecoms giant found evidence against him.",
//!                "Heavy rain is expected across the north of the country this weekend."];
//! let mut writer = IndexWriter::new(IndexSettings::from_config(&cfg));
//! for (i, text) in archive.iter().enumerate() {
//!     let fp = fingerprint(&DocInput::new(format!("a{i}.txt"), text), &cfg);
//!     writer.push(DocRecord::new(format!("a{i}.txt"), text.as_bytes()), &fp)?;
//! }
//! let mut bytes = Vec::new();
//! writer.write_to(&mut bytes)?;
//!
//! let index = Index::parse(&bytes)?;
//! index.settings().check(&cfg)?;
//! let new = "Breaking: the minister was sacked on Wednesday evening after an inquiry into the \
//!            leak of secret discussions about the telecoms giant.";
//! let fps = vec![fingerprint(&DocInput::new("new.txt", new), &cfg)];
//! let result = analyze_against(&index, fps, &cfg)?;
//! assert_eq!(result.loaded, vec![0]); // only the wire story was rebuilt
//! let pair = &result.report.pairs[0];
//! assert_eq!((pair.a, pair.b), (0, 2)); // archive documents first, then the new ones
//! assert!(pair.containment_b > 0.9);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::analyze::{analyze_fingerprints_touching, Report};
use crate::config::Config;
use crate::fingerprint::{fingerprint, DocFingerprints, DocInput, Fingerprint};
use copytrace_text::Span;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io::{self, Write};
use std::sync::OnceLock;
use xxhash_rust::xxh3::{xxh3_64, Xxh3};

/// The first eight bytes of every index file.
pub const MAGIC: [u8; 8] = [0x89, b'C', b'T', b'I', b'D', b'X', b'\r', b'\n'];

/// The format version this code writes, and the only one it reads (an older index holds
/// offsets of another meaning: [`IndexError::OlderVersion`]).
pub const VERSION: u32 = 3;

/// Size of the fixed header.
pub const HEADER_LEN: usize = 88;
/// Size of one posting.
const POSTING_LEN: usize = 12;
/// Postings per block (each block has its own checksum).
const BLOCK: usize = 64;
/// Fingerprints found in more than this many documents are listed in the head with their
/// document frequency: the smallest document-frequency limit of the default configuration
/// ([`Config::effective_max_doc_freq`]), so that no other fingerprint of the archive can be
/// common text unless a lower limit is configured.
pub const FREQUENT: u64 = crate::config::defaults::MAX_DOC_FREQ_FLOOR as u64;
/// Size of a checksum.
const CHECKSUM_LEN: usize = 8;
/// Encoding of an unknown modification time.
const NO_TIME: i64 = i64::MIN;

/// Why an index could not be read or used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IndexError {
    /// The magic bytes are wrong: not a copytrace index.
    #[error("not a copytrace index (its first bytes are not the index magic bytes)")]
    Foreign,
    /// The file is shorter than its header says: a copy or a write was cut short.
    #[error("truncated: {found} bytes where the index should have {expected}")]
    Truncated {
        /// Bytes the index should have (as far as could be told).
        expected: u64,
        /// Bytes found.
        found: u64,
    },
    /// A checksum does not match: the file was altered or damaged.
    #[error("corrupt: checksum mismatch in {part} (stored {stored:016x}, computed {computed:016x})")]
    Checksum {
        /// Which part of the file.
        part: &'static str,
        /// The checksum stored in the file.
        stored: u64,
        /// The checksum of the bytes read.
        computed: u64,
    },
    /// Written by a newer copytrace.
    #[error("index format version {found} is newer than this copytrace reads (version {supported}); upgrade copytrace or rebuild the index")]
    NewerVersion {
        /// The file's version.
        found: u32,
        /// The newest version this code reads.
        supported: u32,
    },
    /// Written by an older copytrace, in a format whose offsets mean something else (version
    /// 1 counted them from the start of the file, not of the prose) or that lacks what this
    /// one needs (version 2 has no reworded-tier data): rebuild the index.
    #[error("written by an older copytrace (format {0}); rebuild it with `copytrace index`")]
    OlderVersion(u32),
    /// A version number that no copytrace ever wrote.
    #[error("index format version {0} is not supported")]
    UnsupportedVersion(u32),
    /// Flags this version does not know.
    #[error("the index uses features this copytrace does not know (flags {0:#x}); upgrade copytrace")]
    UnknownFlags(u32),
    /// The checksums match but the structure is wrong (a bug in whatever wrote it).
    #[error("corrupt: {0}")]
    Corrupt(&'static str),
    /// The bytes could not be read (reported by a [`ByteSource`]).
    #[error("cannot read the index: {0}")]
    Read(String),
    /// Built with engine settings that produce other fingerprints.
    #[error("built with {what} {index}, but this run uses {current}; rebuild the index or use the same settings")]
    IncompatibleConfig {
        /// Which setting.
        what: &'static str,
        /// The index's value.
        index: u64,
        /// The value asked for.
        current: u64,
    },
    /// Two documents with the same id.
    #[error("two documents have the id {0:?}")]
    DuplicateId(String),
    /// A rebuilt document does not have the fingerprints the index records for it.
    #[error(
        "document {0:?} does not match its fingerprints in the index (built by another version?); rebuild the index"
    )]
    Inconsistent(String),
}

/// The settings an index was built with: everything that changes a document's
/// fingerprints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IndexSettings {
    /// Words per n-gram.
    pub ngram: u32,
    /// Winnowing window.
    pub window: u32,
    /// Longest label line, in words.
    pub label_line_max_words: u32,
    /// The fingerprint scheme ([`fingerprint_scheme`]).
    pub scheme: u64,
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl IndexSettings {
    /// The settings of `cfg`, with this code's fingerprint scheme.
    #[must_use]
    pub fn from_config(cfg: &Config) -> Self {
        IndexSettings {
            ngram: to_u32(cfg.get_ngram()),
            window: to_u32(cfg.get_window()),
            label_line_max_words: to_u32(cfg.get_label_line_max_words()),
            scheme: fingerprint_scheme(),
        }
    }

    /// `cfg` with the fingerprint settings of the index.
    #[must_use]
    pub fn apply(&self, cfg: Config) -> Config {
        cfg.ngram(self.ngram as usize)
            .window(self.window as usize)
            .label_line_max_words(self.label_line_max_words as usize)
    }

    /// Checks that `cfg` and this code fingerprint documents as the index was built.
    ///
    /// # Errors
    /// [`IndexError::IncompatibleConfig`] naming the first setting that differs (the
    /// fingerprint scheme differs when the index was built by a copytrace that normalises,
    /// segments or hashes text differently).
    pub fn check(&self, cfg: &Config) -> Result<(), IndexError> {
        let now = IndexSettings::from_config(cfg);
        let pairs = [
            ("n-gram length", u64::from(self.ngram), u64::from(now.ngram)),
            ("winnowing window", u64::from(self.window), u64::from(now.window)),
            ("label line length", u64::from(self.label_line_max_words), u64::from(now.label_line_max_words)),
            ("fingerprint scheme", self.scheme, now.scheme),
        ];
        match pairs.into_iter().find(|p| p.1 != p.2) {
            Some((what, index, current)) => Err(IndexError::IncompatibleConfig { what, index, current }),
            None => Ok(()),
        }
    }
}

/// An identifier of the fingerprinting code: the `xxh3_64` of the stage-1 output on a fixed
/// probe text that exercises segmentation, normalisation (NFKC, quotes, dashes, case),
/// label lines, hashing and winnowing.
///
/// It changes exactly when a version of copytrace would fingerprint that text differently,
/// so an index built by such a version is refused instead of silently missing matches.
#[must_use]
pub fn fingerprint_scheme() -> u64 {
    static SCHEME: OnceLock<u64> = OnceLock::new();
    *SCHEME.get_or_init(|| {
        const PROBE: &str = "READ MORE: Minister SACKED over \u{201C}leak\u{201D} \u{2014} live\n\
            Credit: PA\n\n\
            The \u{FB01}rst caf\u{E9} (cafe\u{301}) didn\u{2019}t open; \u{FF21}\u{FF22} 10:30 \u{2013} x-ray e-mail.\n\
            \u{201E}Stra\u{DF}e\u{201C} \u{41F}\u{440}\u{438}\u{432}\u{435}\u{442} \u{4E2D}\u{6587}\u{6587}\u{672C} \
            \u{1F469}\u{200D}\u{1F4BB} U.S. 3.14 \u{2018}quoted\u{2019} words here and there and on.\n\n\
            one two three four five six seven eight nine ten eleven twelve thirteen";
        let fp = fingerprint(&DocInput::new("probe", PROBE), &Config::new());
        let mut h = Xxh3::new();
        for w in &fp.words {
            h.update(&w.start.to_le_bytes());
            h.update(&w.end.to_le_bytes());
            h.update(&w.id.to_le_bytes());
        }
        for p in &fp.paragraphs {
            h.update(&(p.span.start as u64).to_le_bytes());
            h.update(&(p.span.end as u64).to_le_bytes());
            h.update(&p.first_word.to_le_bytes());
            h.update(&p.end_word.to_le_bytes());
        }
        for r in &fp.label_lines {
            h.update(&r.start.to_le_bytes());
            h.update(&r.end.to_le_bytes());
        }
        for f in &fp.fingerprints {
            h.update(&f.hash.to_le_bytes());
            h.update(&f.word.to_le_bytes());
        }
        h.digest()
    })
}

/// One indexed document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocRecord<'a> {
    /// Its id (unique in the index).
    pub id: Cow<'a, str>,
    /// Its path relative to the corpus root, as raw bytes (on Unix, the bytes of the file
    /// name, which need not be UTF-8).
    pub path: Cow<'a, [u8]>,
    /// `xxh3_64` of the document's bytes.
    pub content_hash: u64,
    /// Modification time, seconds since the Unix epoch, if known.
    pub modified: Option<i64>,
    /// Its number of distinct fingerprints (set by [`IndexWriter::push`]).
    pub fingerprints: u32,
    /// The prose: the span of the decoded text after any metadata, the only part
    /// fingerprinted (the stage-1 output's offsets are counted from its start).
    pub body: Span,
    /// Metadata, as (key, value) pairs in the order given.
    pub meta: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    /// Length of the document's bytes.
    pub size: u64,
    /// The document's bytes, as read, for writing. Records read from an index leave it
    /// empty: [`Index::source`] reads and checks the bytes of one document.
    pub source: Cow<'a, [u8]>,
}

impl<'a> DocRecord<'a> {
    /// A record of `source` with id and path `id`, its content hash computed, the body the
    /// whole text and no metadata.
    #[must_use]
    pub fn new(id: impl Into<String>, source: impl Into<Cow<'a, [u8]>>) -> Self {
        let id = id.into();
        let source = source.into();
        DocRecord {
            path: Cow::Owned(id.as_bytes().to_vec()),
            id: Cow::Owned(id),
            content_hash: xxh3_64(&source),
            modified: None,
            fingerprints: 0,
            body: Span::new(0, source.len()),
            meta: Vec::new(),
            size: source.len() as u64,
            source,
        }
    }

    /// The value of metadata key `key`, if any.
    #[must_use]
    pub fn meta_value(&self, key: &str) -> Option<&str> {
        self.meta.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_ref())
    }

    fn encoded_len(&self) -> u64 {
        let strings: usize = self.meta.iter().map(|(k, v)| 8 + k.len() + v.len()).sum();
        (4 + self.id.len() + 4 + self.path.len() + 8 + 8 + 4 + 16 + 4 + strings + 32) as u64
    }
}

/// Distinct fingerprint hashes of `fp`, sorted: its verbatim and its reworded-tier
/// fingerprints ([`DocFingerprints::reword`]; the two kinds are hashed with different
/// seeds, so they do not collide).
#[must_use]
pub fn distinct_hashes(fp: &DocFingerprints) -> Vec<u64> {
    let mut hs: Vec<u64> = fp.fingerprints.iter().chain(&fp.reword).map(|f| f.hash).collect();
    hs.sort_unstable();
    hs.dedup();
    hs
}

/// Builds an index and writes it.
#[derive(Debug)]
pub struct IndexWriter<'a> {
    settings: IndexSettings,
    docs: Vec<DocRecord<'a>>,
    hashes: Vec<Vec<u64>>,
    /// Each document's encoded stage-1 output.
    encoded: Vec<Vec<u8>>,
    ids: HashSet<String>,
}

impl<'a> IndexWriter<'a> {
    /// An empty index with these settings.
    #[must_use]
    pub fn new(settings: IndexSettings) -> Self {
        IndexWriter { settings, docs: Vec::new(), hashes: Vec::new(), encoded: Vec::new(), ids: HashSet::new() }
    }

    /// Adds a document with its stage-1 output, stored with it so that a scan against the
    /// index never fingerprints it again. Documents keep the order in which they are added.
    ///
    /// # Errors
    /// [`IndexError::DuplicateId`] when a document with the same id was added before;
    /// [`IndexError::Corrupt`] when `fp` is not in text order.
    pub fn push(&mut self, mut doc: DocRecord<'a>, fp: &DocFingerprints) -> Result<(), IndexError> {
        if self.ids.contains(doc.id.as_ref()) {
            return Err(IndexError::DuplicateId(doc.id.into_owned()));
        }
        let encoded = encode_fingerprints(fp)?;
        self.ids.insert(doc.id.to_string());
        let hashes = distinct_hashes(fp);
        doc.fingerprints = to_u32(hashes.len());
        doc.size = doc.source.len() as u64;
        self.docs.push(doc);
        self.hashes.push(hashes);
        self.encoded.push(encoded);
        Ok(())
    }

    /// Number of documents added.
    #[must_use]
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether no document was added.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Writes the index (see the [module docs](self) for the format); returns the number of
    /// bytes written. An error of `out` can leave a partial file: write to a temporary file
    /// and rename it into place.
    ///
    /// # Errors
    /// Any error of `out`; [`io::ErrorKind::InvalidInput`] when there are more than
    /// `u32::MAX` documents or a string longer than 4 GiB.
    pub fn write_to<W: Write>(&self, out: W) -> io::Result<u64> {
        let invalid = |m: &'static str| io::Error::new(io::ErrorKind::InvalidInput, m);
        let n_docs = u32::try_from(self.docs.len()).map_err(|_| invalid("more than 4294967295 documents"))?;
        let mut postings: Vec<(u64, u32)> =
            self.hashes.iter().enumerate().flat_map(|(d, hs)| hs.iter().map(move |&h| (h, d as u32))).collect();
        postings.par_sort_unstable();
        let mut blocks: Vec<u8> = Vec::with_capacity(postings.len() * POSTING_LEN);
        for &(h, d) in &postings {
            blocks.extend_from_slice(&h.to_le_bytes());
            blocks.extend_from_slice(&d.to_le_bytes());
        }
        let fences: Vec<(u64, u64)> = blocks.chunks(BLOCK * POSTING_LEN).map(|b| (le_u64(b), xxh3_64(b))).collect();
        let mut frequent: Vec<(u64, u64)> = Vec::new();
        let mut i = 0;
        while i < postings.len() {
            let j = i + postings[i..].iter().take_while(|p| p.0 == postings[i].0).count();
            if (j - i) as u64 > FREQUENT {
                frequent.push((postings[i].0, (j - i) as u64));
            }
            i = j;
        }
        let docs_len: u64 = self.docs.iter().map(DocRecord::encoded_len).sum();
        let head_len = HEADER_LEN as u64 + docs_len + 16 * (frequent.len() + fences.len()) as u64 + CHECKSUM_LEN as u64;
        let sources_offset = head_len + blocks.len() as u64;
        let total = sources_offset
            + self.docs.iter().zip(&self.encoded).map(|(d, e)| (d.source.len() + e.len()) as u64).sum::<u64>();

        let mut w =
            HashingWriter { inner: io::BufWriter::with_capacity(1 << 16, out), hasher: Xxh3::new(), written: 0 };
        w.put(&MAGIC)?;
        w.put(&VERSION.to_le_bytes())?;
        w.put(&0u32.to_le_bytes())?;
        w.put(&total.to_le_bytes())?;
        w.put(&self.settings.ngram.to_le_bytes())?;
        w.put(&self.settings.window.to_le_bytes())?;
        w.put(&self.settings.label_line_max_words.to_le_bytes())?;
        w.put(&(BLOCK as u32).to_le_bytes())?;
        w.put(&self.settings.scheme.to_le_bytes())?;
        w.put(&u64::from(n_docs).to_le_bytes())?;
        w.put(&(postings.len() as u64).to_le_bytes())?;
        w.put(&head_len.to_le_bytes())?;
        w.put(&sources_offset.to_le_bytes())?;
        w.put(&(frequent.len() as u64).to_le_bytes())?;
        let mut at = 0u64;
        for (doc, enc) in self.docs.iter().zip(&self.encoded) {
            write_record(&mut w, doc, at, enc)?;
            at += (doc.source.len() + enc.len()) as u64;
        }
        for (hash, df) in &frequent {
            w.put(&hash.to_le_bytes())?;
            w.put(&df.to_le_bytes())?;
        }
        for (first, sum) in &fences {
            w.put(&first.to_le_bytes())?;
            w.put(&sum.to_le_bytes())?;
        }
        let head_sum = w.hasher.digest();
        w.raw(&head_sum.to_le_bytes())?;
        debug_assert_eq!(w.written, head_len);
        w.raw(&blocks)?;
        for (doc, enc) in self.docs.iter().zip(&self.encoded) {
            w.raw(&doc.source)?;
            w.raw(enc)?;
        }
        w.inner.flush()?;
        debug_assert_eq!(w.written, total);
        Ok(w.written)
    }
}

struct HashingWriter<W: Write> {
    inner: io::BufWriter<W>,
    hasher: Xxh3,
    written: u64,
}

impl<W: Write> HashingWriter<W> {
    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.hasher.update(bytes);
        self.raw(bytes)
    }

    /// Writes without hashing (the parts with their own checksums).
    fn raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.written += bytes.len() as u64;
        self.inner.write_all(bytes)
    }

    fn put_str(&mut self, bytes: &[u8]) -> io::Result<()> {
        let len = u32::try_from(bytes.len())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "a string longer than 4 GiB"))?;
        self.put(&len.to_le_bytes())?;
        self.put(bytes)
    }

    fn put_span(&mut self, s: Span) -> io::Result<()> {
        self.put(&(s.start as u64).to_le_bytes())?;
        self.put(&(s.end as u64).to_le_bytes())
    }
}

fn write_record<W: Write>(w: &mut HashingWriter<W>, doc: &DocRecord<'_>, at: u64, enc: &[u8]) -> io::Result<()> {
    let count = |n: usize| {
        u32::try_from(n).map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "too many metadata entries"))
    };
    w.put_str(doc.id.as_bytes())?;
    w.put_str(&doc.path)?;
    w.put(&doc.content_hash.to_le_bytes())?;
    w.put(&doc.modified.unwrap_or(NO_TIME).to_le_bytes())?;
    w.put(&doc.fingerprints.to_le_bytes())?;
    w.put_span(doc.body)?;
    w.put(&count(doc.meta.len())?.to_le_bytes())?;
    for (k, v) in &doc.meta {
        w.put_str(k.as_bytes())?;
        w.put_str(v.as_bytes())?;
    }
    w.put(&at.to_le_bytes())?;
    w.put(&(doc.source.len() as u64).to_le_bytes())?;
    w.put(&(enc.len() as u64).to_le_bytes())?;
    w.put(&xxh3_64(enc).to_le_bytes())
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Encodes stage-1 output: date, text length, words (start as a delta from the previous
/// start, length, id), paragraphs, label lines, fingerprints (hash, word as a delta), with
/// LEB128 variable-length integers. The index stores each document's fingerprints so, and
/// a distributed engine passes them between its stages so; the id, the outlet and the
/// wire role are not in it (they are the document's metadata).
///
/// # Errors
/// [`IndexError::Corrupt`] when `fp` is not in text order (it was not made by
/// [`crate::fingerprint()`]).
pub fn encode_fingerprints(fp: &DocFingerprints) -> Result<Vec<u8>, IndexError> {
    let order = IndexError::Corrupt("stage-1 output not in text order");
    let mut out = Vec::with_capacity(8 * fp.words.len() + 12 * fp.fingerprints.len() + 32);
    match &fp.date {
        Some(d) => {
            out.push(1);
            put_varint(&mut out, d.len() as u64);
            out.extend_from_slice(d.as_bytes());
        }
        None => out.push(0),
    }
    put_varint(&mut out, fp.text_len);
    put_varint(&mut out, u64::from(fp.ngram));
    put_varint(&mut out, fp.words.len() as u64);
    let mut prev = 0u32;
    for w in &fp.words {
        let delta = w.start.checked_sub(prev).ok_or(order.clone())?;
        put_varint(&mut out, u64::from(delta));
        put_varint(&mut out, u64::from(w.end.checked_sub(w.start).ok_or(order.clone())?));
        out.extend_from_slice(&w.id.to_le_bytes());
        prev = w.start;
    }
    put_varint(&mut out, fp.paragraphs.len() as u64);
    for p in &fp.paragraphs {
        put_varint(&mut out, p.span.start as u64);
        put_varint(&mut out, p.span.len() as u64);
        put_varint(&mut out, u64::from(p.first_word));
        put_varint(&mut out, u64::from(p.end_word));
    }
    put_varint(&mut out, fp.label_lines.len() as u64);
    for r in &fp.label_lines {
        put_varint(&mut out, u64::from(r.start));
        put_varint(&mut out, u64::from(r.end));
    }
    put_varint(&mut out, fp.fingerprints.len() as u64);
    let mut prev = 0u32;
    for f in &fp.fingerprints {
        out.extend_from_slice(&f.hash.to_le_bytes());
        put_varint(&mut out, u64::from(f.word.checked_sub(prev).ok_or(order.clone())?));
        prev = f.word;
    }
    // The reworded tier: stems (none, or one per word) and sentence starts; its
    // fingerprints are derived from the stems on decoding.
    if !fp.stems.is_empty() && fp.stems.len() != fp.words.len() {
        return Err(IndexError::Corrupt("stage-1 output has stems for some words only"));
    }
    put_varint(&mut out, fp.stems.len() as u64);
    for &s in &fp.stems {
        put_varint(&mut out, u64::from(s));
    }
    put_varint(&mut out, fp.sentences.len() as u64);
    let mut prev = 0u32;
    for &s in &fp.sentences {
        put_varint(&mut out, u64::from(s.checked_sub(prev).ok_or(order.clone())?));
        prev = s;
    }
    Ok(out)
}

struct VarReader<'a> {
    r: Reader<'a>,
}

impl VarReader<'_> {
    fn var(&mut self) -> Result<u64, IndexError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.r.take(1)?[0];
            v |= u64::from(b & 0x7F) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(IndexError::Corrupt("a variable-length integer is too long"))
    }

    fn var32(&mut self) -> Result<u32, IndexError> {
        u32::try_from(self.var()?).map_err(|_| IndexError::Corrupt("a number is out of range"))
    }

    fn count(&mut self, min_bytes: usize) -> Result<usize, IndexError> {
        let n = usize::try_from(self.var()?).map_err(|_| SHORT)?;
        if n.saturating_mul(min_bytes) > self.r.bytes.len() - self.r.at {
            return Err(SHORT);
        }
        Ok(n)
    }
}

/// Decodes [`encode_fingerprints`] output for document `id` (its outlet unset, not a wire
/// story: set them from the document's metadata).
///
/// ```
/// use copytrace_provenance::index::{decode_fingerprints, encode_fingerprints};
/// use copytrace_provenance::{fingerprint, Config, DocInput};
///
/// let fp = fingerprint(&DocInput::new("a", "The council said on Monday that the inquiry would report."), &Config::new());
/// let bytes = encode_fingerprints(&fp).unwrap();
/// assert_eq!(decode_fingerprints(&bytes, "a").unwrap(), fp);
/// ```
///
/// # Errors
/// [`IndexError::Corrupt`] when the bytes are not such an encoding.
pub fn decode_fingerprints(bytes: &[u8], id: &str) -> Result<DocFingerprints, IndexError> {
    use crate::fingerprint::{ParagraphInfo, Word, WordRange};
    let bad = IndexError::Corrupt("stored fingerprints out of bounds");
    let mut v = VarReader { r: Reader { bytes, at: 0 } };
    let date = match v.r.take(1)?[0] {
        0 => None,
        1 => {
            let n = v.count(1)?;
            Some(
                std::str::from_utf8(v.r.take(n)?).map_err(|_| IndexError::Corrupt("a string is not UTF-8"))?.to_owned(),
            )
        }
        _ => return Err(bad),
    };
    let text_len = v.var()?;
    let ngram = v.var32()?;
    let n = v.count(6)?;
    let mut words = Vec::with_capacity(n);
    let mut prev = 0u32;
    for _ in 0..n {
        let start = prev.checked_add(v.var32()?).ok_or(bad.clone())?;
        let end = start.checked_add(v.var32()?).ok_or(bad.clone())?;
        let id = le_u32(v.r.take(4)?);
        if u64::from(end) > text_len {
            return Err(bad);
        }
        words.push(Word { start, end, id });
        prev = start;
    }
    let n = v.count(4)?;
    let mut paragraphs = Vec::with_capacity(n);
    for _ in 0..n {
        let start = usize::try_from(v.var()?).map_err(|_| bad.clone())?;
        let end = start.checked_add(usize::try_from(v.var()?).map_err(|_| bad.clone())?).ok_or(bad.clone())?;
        let (first_word, end_word) = (v.var32()?, v.var32()?);
        if end as u64 > text_len || first_word > end_word || end_word as usize > words.len() {
            return Err(bad);
        }
        paragraphs.push(ParagraphInfo { span: Span { start, end }, first_word, end_word });
    }
    let n = v.count(2)?;
    let mut label_lines = Vec::with_capacity(n);
    for _ in 0..n {
        let (start, end) = (v.var32()?, v.var32()?);
        if start > end || end as usize > words.len() {
            return Err(bad);
        }
        label_lines.push(WordRange { start, end });
    }
    let n = v.count(9)?;
    let mut fingerprints = Vec::with_capacity(n);
    let mut prev = 0u32;
    for _ in 0..n {
        let hash = le_u64(v.r.take(8)?);
        let word = prev.checked_add(v.var32()?).ok_or(bad.clone())?;
        if word as usize >= words.len() {
            return Err(bad);
        }
        fingerprints.push(Fingerprint { hash, word });
        prev = word;
    }
    let n = v.count(1)?;
    if n != 0 && n != words.len() {
        return Err(bad);
    }
    let mut stems = Vec::with_capacity(n);
    for _ in 0..n {
        stems.push(v.var32()?);
    }
    let n = v.count(1)?;
    let mut sentences = Vec::with_capacity(n);
    let mut prev = 0u32;
    for i in 0..n {
        let s = prev.checked_add(v.var32()?).ok_or(bad.clone())?;
        if s as usize >= words.len() || (i > 0 && s <= prev) {
            return Err(bad);
        }
        sentences.push(s);
        prev = s;
    }
    if v.r.at != bytes.len() {
        return Err(IndexError::Corrupt("stored fingerprints have bytes left over"));
    }
    Ok(DocFingerprints {
        id: id.to_owned(),
        date,
        text_len,
        ngram,
        words,
        paragraphs,
        label_lines,
        fingerprints,
        reword: crate::reword::reword_fingerprints(&stems),
        stems,
        sentences,
        outlet: None,
        wire: false,
    })
}

/// Random access to the bytes of an index: a byte slice in memory, or a file read in
/// place by the caller (the library does no IO).
pub trait ByteSource: Sync {
    /// Total length in bytes.
    fn len(&self) -> u64;

    /// Whether there are no bytes.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `len` bytes at `offset` (within [`ByteSource::len`]).
    ///
    /// # Errors
    /// [`IndexError::Read`] when they cannot be read.
    fn read(&self, offset: u64, len: usize) -> Result<Cow<'_, [u8]>, IndexError>;
}

impl ByteSource for [u8] {
    fn len(&self) -> u64 {
        <[u8]>::len(self) as u64
    }

    fn read(&self, offset: u64, len: usize) -> Result<Cow<'_, [u8]>, IndexError> {
        let start = usize::try_from(offset).map_err(|_| SHORT)?;
        let end = start.checked_add(len).filter(|&e| e <= <[u8]>::len(self)).ok_or(SHORT)?;
        Ok(Cow::Borrowed(&self[start..end]))
    }
}

impl<T: ByteSource + ?Sized> ByteSource for &T {
    fn len(&self) -> u64 {
        (**self).len()
    }

    fn read(&self, offset: u64, len: usize) -> Result<Cow<'_, [u8]>, IndexError> {
        (**self).read(offset, len)
    }
}

/// A bounds-checked reader over the index bytes.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

const SHORT: IndexError = IndexError::Corrupt("a record runs past its section");

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], IndexError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len()).ok_or(SHORT)?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn u32(&mut self) -> Result<u32, IndexError> {
        Ok(le_u32(self.take(4)?))
    }

    fn u64(&mut self) -> Result<u64, IndexError> {
        Ok(le_u64(self.take(8)?))
    }

    fn count(&mut self) -> Result<usize, IndexError> {
        usize::try_from(self.u32()?).map_err(|_| SHORT)
    }

    fn bytes(&mut self) -> Result<&'a [u8], IndexError> {
        let n = self.count()?;
        self.take(n)
    }

    fn str(&mut self) -> Result<&'a str, IndexError> {
        std::str::from_utf8(self.bytes()?).map_err(|_| IndexError::Corrupt("a string is not UTF-8"))
    }

    fn span(&mut self) -> Result<Span, IndexError> {
        let start = usize::try_from(self.u64()?).map_err(|_| SHORT)?;
        let end = usize::try_from(self.u64()?).map_err(|_| SHORT)?;
        if start > end {
            return Err(IndexError::Corrupt("a span ends before it starts"));
        }
        Ok(Span { start, end })
    }
}

fn le_u64(b: &[u8]) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[..8]);
    u64::from_le_bytes(a)
}

fn le_u32(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

/// An open index: its header, document records and block fences are read and checked;
/// postings blocks and document bytes are read from the [`ByteSource`] when needed, each
/// checked against its own checksum or content hash.
#[derive(Debug)]
pub struct Index<S: ?Sized> {
    settings: IndexSettings,
    docs: Vec<DocRecord<'static>>,
    /// Offset of each document's bytes, relative to the sources section.
    source_at: Vec<u64>,
    /// Length and checksum of each document's stored fingerprints (right after its bytes).
    fp_at: Vec<(u64, u64)>,
    /// First hash and checksum of each postings block.
    fences: Vec<(u64, u64)>,
    /// Fingerprints in more than [`FREQUENT`] documents, with their frequency, by hash.
    frequent: Vec<(u64, u64)>,
    n_postings: u64,
    postings_offset: u64,
    sources_offset: u64,
    by_id: HashMap<String, u32>,
    src: S,
}

impl<'b> Index<&'b [u8]> {
    /// Reads an index held in memory and checks **everything**, as described in the
    /// [module docs](self#checks-on-open): header, head checksum, structure, every postings
    /// block and every document's bytes.
    ///
    /// # Errors
    /// An [`IndexError`] saying what is wrong; never a panic, whatever the bytes.
    pub fn parse(bytes: &'b [u8]) -> Result<Self, IndexError> {
        let index = Index::open(bytes)?;
        index.verify_all()?;
        Ok(index)
    }
}

impl<S: ByteSource + ?Sized> Index<S> {
    /// Opens an index: reads and checks the header and the head (document records and block
    /// fences, under one checksum). Postings and document bytes are checked when read.
    ///
    /// # Errors
    /// An [`IndexError`] saying what is wrong; never a panic, whatever the bytes.
    pub fn open(src: S) -> Result<Self, IndexError>
    where
        S: Sized,
    {
        let found = src.len();
        let first = src.read(0, usize::try_from(found.min(HEADER_LEN as u64)).unwrap_or(HEADER_LEN))?;
        let first: &[u8] = &first;
        if first.len() < MAGIC.len() {
            return Err(if MAGIC.starts_with(first) && !first.is_empty() {
                IndexError::Truncated { expected: HEADER_LEN as u64, found }
            } else {
                IndexError::Foreign
            });
        }
        if first[..MAGIC.len()] != MAGIC {
            return Err(IndexError::Foreign);
        }
        if first.len() < 12 {
            return Err(IndexError::Truncated { expected: HEADER_LEN as u64, found });
        }
        let version = le_u32(&first[8..12]);
        if version > VERSION {
            return Err(IndexError::NewerVersion { found: version, supported: VERSION });
        }
        if version == 0 {
            return Err(IndexError::UnsupportedVersion(version));
        }
        if version < VERSION {
            return Err(IndexError::OlderVersion(version));
        }
        if first.len() < 24 {
            return Err(IndexError::Truncated { expected: HEADER_LEN as u64, found });
        }
        let flags = le_u32(&first[12..16]);
        if flags != 0 {
            return Err(IndexError::UnknownFlags(flags));
        }
        let total = le_u64(&first[16..24]);
        if found < total {
            return Err(IndexError::Truncated { expected: total, found });
        }
        if found > total {
            return Err(IndexError::Corrupt("bytes after the end of the index"));
        }
        if first.len() < HEADER_LEN {
            return Err(IndexError::Corrupt("shorter than its header"));
        }
        let head_len = le_u64(&first[64..72]);
        if head_len < (HEADER_LEN + CHECKSUM_LEN) as u64 || head_len > total {
            return Err(IndexError::Corrupt("the head's length is out of bounds"));
        }
        let head = src.read(0, usize::try_from(head_len).map_err(|_| SHORT)?)?;
        let head: &[u8] = &head;
        let body = head.len() - CHECKSUM_LEN;
        let stored = le_u64(&head[body..]);
        let computed = xxh3_64(&head[..body]);
        if stored != computed {
            return Err(IndexError::Checksum { part: "the header and document table", stored, computed });
        }
        if le_u32(&head[36..40]) as usize != BLOCK {
            return Err(IndexError::Corrupt("unexpected postings block size"));
        }
        let settings = IndexSettings {
            ngram: le_u32(&head[24..28]),
            window: le_u32(&head[28..32]),
            label_line_max_words: le_u32(&head[32..36]),
            scheme: le_u64(&head[40..48]),
        };
        let n_docs = le_u64(&head[48..56]);
        let n_postings = le_u64(&head[56..64]);
        let sources_offset = le_u64(&head[72..80]);
        let postings_len = n_postings.checked_mul(POSTING_LEN as u64).ok_or(SHORT)?;
        if head_len.checked_add(postings_len) != Some(sources_offset) || sources_offset > total {
            return Err(IndexError::Corrupt("the sections do not add up"));
        }
        let n_blocks = usize::try_from(n_postings.div_ceil(BLOCK as u64)).map_err(|_| SHORT)?;
        let fences_at = body.checked_sub(16 * n_blocks).filter(|&f| f >= HEADER_LEN).ok_or(SHORT)?;
        let n_frequent = usize::try_from(le_u64(&head[80..88])).map_err(|_| SHORT)?;
        let frequent_at = n_frequent
            .checked_mul(16)
            .and_then(|f| fences_at.checked_sub(f))
            .filter(|&f| f >= HEADER_LEN)
            .ok_or(SHORT)?;
        let fences_at_end = fences_at;
        let fences_at = frequent_at;
        // Each record takes at least 84 bytes: a bound on the count before allocating.
        if n_docs > ((fences_at - HEADER_LEN) / 84) as u64 {
            return Err(IndexError::Corrupt("more documents than the section can hold"));
        }
        let n_docs = n_docs as usize;
        let mut r = Reader { bytes: &head[..fences_at], at: HEADER_LEN };
        let mut docs = Vec::with_capacity(n_docs);
        let mut source_at = Vec::with_capacity(n_docs);
        let mut fp_at = Vec::with_capacity(n_docs);
        let mut by_id = HashMap::with_capacity(n_docs);
        let mut next_source = 0u64;
        for d in 0..n_docs {
            let (doc, at, fp) = read_record(&mut r)?;
            if at != next_source {
                return Err(IndexError::Corrupt("document bytes are not contiguous"));
            }
            next_source = at.checked_add(doc.size).and_then(|e| e.checked_add(fp.0)).ok_or(SHORT)?;
            fp_at.push(fp);
            if by_id.insert(doc.id.to_string(), d as u32).is_some() {
                return Err(IndexError::Corrupt("two documents have the same id"));
            }
            docs.push(doc);
            source_at.push(at);
        }
        if r.at != fences_at {
            return Err(IndexError::Corrupt("the document table has bytes left over"));
        }
        if sources_offset.checked_add(next_source) != Some(total) {
            return Err(IndexError::Corrupt("the document bytes do not end the file"));
        }
        let fences: Vec<(u64, u64)> =
            head[fences_at_end..body].chunks_exact(16).map(|c| (le_u64(c), le_u64(&c[8..]))).collect();
        let frequent: Vec<(u64, u64)> =
            head[frequent_at..fences_at_end].chunks_exact(16).map(|c| (le_u64(c), le_u64(&c[8..]))).collect();
        if frequent.windows(2).any(|w| w[0].0 >= w[1].0)
            || frequent.iter().any(|f| f.1 <= FREQUENT || f.1 > n_docs as u64)
        {
            return Err(IndexError::Corrupt("the frequent fingerprints are not in order"));
        }
        if fences.windows(2).any(|w| w[0].0 > w[1].0) {
            return Err(IndexError::Corrupt("the postings blocks are not sorted"));
        }
        Ok(Index {
            settings,
            docs,
            source_at,
            fp_at,
            fences,
            frequent,
            n_postings,
            postings_offset: head_len,
            sources_offset,
            by_id,
            src,
        })
    }

    /// Reads and checks every postings block (sorted, naming existing documents) and every
    /// document's bytes.
    ///
    /// # Errors
    /// The first problem found.
    pub fn verify_all(&self) -> Result<(), IndexError> {
        let mut prev: Option<(u64, u32)> = None;
        for b in 0..self.fences.len() {
            for p in self.block(b)?.chunks_exact(POSTING_LEN) {
                let cur = (le_u64(p), le_u32(&p[8..]));
                if cur.1 as usize >= self.docs.len() {
                    return Err(IndexError::Corrupt("a posting names a document that does not exist"));
                }
                if prev.is_some_and(|q| q >= cur) {
                    return Err(IndexError::Corrupt("the postings are not sorted"));
                }
                prev = Some(cur);
            }
        }
        for d in 0..self.docs.len() {
            self.source(d as u32)?;
            self.fingerprints(d as u32)?;
        }
        Ok(())
    }

    /// The settings the index was built with.
    #[must_use]
    pub fn settings(&self) -> IndexSettings {
        self.settings
    }

    /// The documents, in corpus order (their [`DocRecord::source`] is empty: see
    /// [`Index::source`]).
    #[must_use]
    pub fn docs(&self) -> &[DocRecord<'static>] {
        &self.docs
    }

    /// The document with id `id`.
    #[must_use]
    pub fn find(&self, id: &str) -> Option<u32> {
        self.by_id.get(id).copied()
    }

    /// The indexed document that is the very file `bytes` at `path` (relative to the
    /// corpus root, as stored) with id `id`: same id, same path and same content hash. A
    /// new document that is already in the index is then not compared with its own copy
    /// (see [`analyze_against_without`]); a file at the same path with other bytes (an
    /// edited article) is not the same document.
    #[must_use]
    pub fn same_document(&self, id: &str, path: &[u8], bytes: &[u8]) -> Option<u32> {
        let d = self.find(id)?;
        let rec = &self.docs[d as usize];
        (rec.path.as_ref() == path && rec.size == bytes.len() as u64 && rec.content_hash == xxh3_64(bytes)).then_some(d)
    }

    /// The fingerprints found in more than [`FREQUENT`] documents of the index, with their
    /// number of documents, sorted by hash.
    #[must_use]
    pub fn frequent(&self) -> &[(u64, u64)] {
        &self.frequent
    }

    /// Number of postings (distinct `(fingerprint, document)` pairs).
    #[must_use]
    pub fn postings_len(&self) -> u64 {
        self.n_postings
    }

    /// The bytes of document `d`, checked against its content hash.
    ///
    /// # Errors
    /// When they cannot be read or do not match.
    pub fn source(&self, d: u32) -> Result<Cow<'_, [u8]>, IndexError> {
        let rec = self.docs.get(d as usize).ok_or(IndexError::Corrupt("no such document"))?;
        let at = self.sources_offset + self.source_at[d as usize];
        let bytes = self.src.read(at, usize::try_from(rec.size).map_err(|_| SHORT)?)?;
        let computed = xxh3_64(&bytes);
        if computed != rec.content_hash {
            return Err(IndexError::Checksum { part: "a document's bytes", stored: rec.content_hash, computed });
        }
        Ok(bytes)
    }

    /// The stored stage-1 output of document `d` (as [`fingerprint`] computed it when the
    /// index was built), checked against its checksum, with the outlet and the wire role
    /// ([`DocFingerprints::outlet`], [`DocFingerprints::wire`]) from the record's metadata.
    ///
    /// # Errors
    /// When it cannot be read, does not match its checksum, or does not decode.
    pub fn fingerprints(&self, d: u32) -> Result<DocFingerprints, IndexError> {
        let rec = self.docs.get(d as usize).ok_or(IndexError::Corrupt("no such document"))?;
        let (len, sum) = self.fp_at[d as usize];
        let at = self.sources_offset + self.source_at[d as usize] + rec.size;
        let bytes = self.src.read(at, usize::try_from(len).map_err(|_| SHORT)?)?;
        let computed = xxh3_64(&bytes);
        if computed != sum {
            return Err(IndexError::Checksum { part: "a document's fingerprints", stored: sum, computed });
        }
        let mut fp = decode_fingerprints(&bytes, &rec.id)?;
        // The outlet and the role are metadata, stored with the record, not stage-1 output.
        for (key, value) in &rec.meta {
            match &**key {
                "outlet" => fp.outlet = Some(value.to_string()),
                "role" => fp.wire = crate::direction::is_wire_role(value),
                _ => {}
            }
        }
        Ok(fp)
    }

    /// Postings block `b`, checked against its checksum.
    fn block(&self, b: usize) -> Result<Cow<'_, [u8]>, IndexError> {
        let first = (b * BLOCK) as u64;
        let n = (self.n_postings - first).min(BLOCK as u64) as usize;
        let bytes = self.src.read(self.postings_offset + first * POSTING_LEN as u64, n * POSTING_LEN)?;
        let computed = xxh3_64(&bytes);
        if computed != self.fences[b].1 {
            return Err(IndexError::Checksum { part: "a postings block", stored: self.fences[b].1, computed });
        }
        if le_u64(&bytes) != self.fences[b].0 {
            return Err(IndexError::Corrupt("a postings block does not start with its fence"));
        }
        Ok(bytes)
    }

    /// The documents holding fingerprint `hash`, in increasing order: a binary search in the
    /// block fences, then the one or few blocks that can hold it.
    ///
    /// # Errors
    /// When a block cannot be read or is damaged.
    pub fn postings(&self, hash: u64) -> Result<Vec<u32>, IndexError> {
        // The first block that can hold `hash`: the last one starting below it (equal
        // hashes may also end the block before one starting with `hash`).
        let mut b = self.fences.partition_point(|f| f.0 < hash).saturating_sub(1);
        let mut out = Vec::new();
        while b < self.fences.len() && self.fences[b].0 <= hash {
            for p in self.block(b)?.chunks_exact(POSTING_LEN) {
                let h = le_u64(p);
                if h == hash {
                    let d = le_u32(&p[8..]);
                    if d as usize >= self.docs.len() {
                        return Err(IndexError::Corrupt("a posting names a document that does not exist"));
                    }
                    out.push(d);
                } else if h > hash {
                    return Ok(out);
                }
            }
            b += 1;
        }
        Ok(out)
    }

    /// The distinct fingerprint hashes of every document, sorted, by document (reads every
    /// postings block).
    ///
    /// # Errors
    /// When a block cannot be read or is damaged.
    pub fn doc_hashes(&self) -> Result<Vec<Vec<u64>>, IndexError> {
        let mut out: Vec<Vec<u64>> = self.docs.iter().map(|d| Vec::with_capacity(d.fingerprints as usize)).collect();
        for b in 0..self.fences.len() {
            for p in self.block(b)?.chunks_exact(POSTING_LEN) {
                let d = le_u32(&p[8..]) as usize;
                out.get_mut(d)
                    .ok_or(IndexError::Corrupt("a posting names a document that does not exist"))?
                    .push(le_u64(p));
            }
        }
        Ok(out)
    }
}

/// A record, the offset of its bytes in the sources section, and the length and checksum of
/// its stored fingerprints.
fn read_record(r: &mut Reader<'_>) -> Result<(DocRecord<'static>, u64, (u64, u64)), IndexError> {
    let id = r.str()?.to_owned();
    let path = r.bytes()?.to_vec();
    let content_hash = r.u64()?;
    let modified = r.u64()? as i64;
    let fingerprints = r.u32()?;
    let body = r.span()?;
    let n_meta = r.count()?;
    let mut meta = Vec::with_capacity(n_meta.min(64));
    for _ in 0..n_meta {
        let k = r.str()?.to_owned();
        let v = r.str()?.to_owned();
        meta.push((Cow::Owned(k), Cow::Owned(v)));
    }
    let at = r.u64()?;
    let size = r.u64()?;
    let fp_len = r.u64()?;
    let fp_sum = r.u64()?;
    let record = DocRecord {
        id: Cow::Owned(id),
        path: Cow::Owned(path),
        content_hash,
        modified: (modified != NO_TIME).then_some(modified),
        fingerprints,
        body,
        meta,
        size,
        source: Cow::Borrowed(&[]),
    };
    Ok((record, at, (fp_len, fp_sum)))
}

/// The id under which an archive document is reported when a new document has its id (an
/// edited article scanned against the index that holds its earlier version): `archive:ID`.
/// It names the archived copy apart from the new one, and has no white space, so an
/// allow-list baseline can name it.
#[must_use]
pub fn archived_id(id: &str) -> String {
    format!("archive:{id}")
}

/// The result of [`analyze_against`].
#[derive(Clone, Debug, PartialEq)]
pub struct Incremental {
    /// The analysis. Documents `0..A` are the index's documents in its order, documents
    /// `A..A+N` the new ones in the order given. Only pairs touching a new document were
    /// aligned; the entries of archive documents that were not rebuilt (not in
    /// [`Incremental::loaded`]) carry no words and no figures.
    pub report: Report,
    /// The archive documents rebuilt in full (those sharing at least one fingerprint that
    /// is not common text with a new document), in increasing order.
    pub loaded: Vec<u32>,
}

/// Analyses `new` documents together with the documents of `index`, aligning only the pairs
/// that touch a new document (see the [module docs](self#incremental-analysis)).
///
/// The archive documents that can pair with a new one are rebuilt from their stored stage-1
/// output ([`Index::fingerprints`]), in parallel; no archive document is fingerprinted again.
///
/// # Errors
/// An [`IndexError`] when the index cannot be read or is damaged where it is read, when a
/// rebuilt document's fingerprints are not those the postings give it
/// ([`IndexError::Inconsistent`]), or when `cfg` does not match the index
/// ([`IndexError::IncompatibleConfig`]).
pub fn analyze_against<S>(index: &Index<S>, new: Vec<DocFingerprints>, cfg: &Config) -> Result<Incremental, IndexError>
where
    S: ByteSource + ?Sized,
{
    analyze_against_without(index, new, cfg, &[])
}

/// [`analyze_against`] with the archive documents `left_out` taken out of the archive: they
/// take part in nothing (no pair, no document frequency) and their entries in the report
/// are empty, as if the index did not hold them. For a new document that is already in the
/// index ([`Index::same_document`]): the new copy is analysed against the rest of the
/// archive instead of being reported as a copy of itself.
///
/// # Errors
/// As [`analyze_against`].
pub fn analyze_against_without<S>(
    index: &Index<S>,
    new: Vec<DocFingerprints>,
    cfg: &Config,
    left_out: &[u32],
) -> Result<Incremental, IndexError>
where
    S: ByteSource + ?Sized,
{
    index.settings().check(cfg)?;
    let n_archive = index.docs().len();
    let mut left_out = left_out.to_vec();
    left_out.sort_unstable();
    left_out.dedup();
    left_out.retain(|&d| (d as usize) < n_archive);
    let present = |d: &u32| left_out.binary_search(d).is_err();
    let total = n_archive - left_out.len() + new.len();
    let max_df = cfg.effective_max_doc_freq(total);
    // Fingerprints of the new documents, with their number of new documents.
    let mut new_hashes: Vec<u64> = new.iter().flat_map(distinct_hashes).collect();
    new_hashes.sort_unstable();
    let mut relevant: Vec<(u64, usize)> = Vec::new();
    for h in new_hashes {
        match relevant.last_mut() {
            Some((last, count)) if *last == h => *count += 1,
            _ => relevant.push((h, 1)),
        }
    }
    // Archive documents sharing a fingerprint that is not common text: all that can pair.
    let lookups: Vec<Vec<u32>> = relevant
        .par_iter()
        .map(|&(h, _)| {
            index.postings(h).map(|mut docs| {
                docs.retain(present);
                docs
            })
        })
        .collect::<Result<_, IndexError>>()?;
    let mut to_load: Vec<u32> = Vec::new();
    for (&(_, in_new), docs) in relevant.iter().zip(&lookups) {
        if docs.len() + in_new <= max_df {
            to_load.extend_from_slice(docs);
        }
    }
    to_load.sort_unstable();
    to_load.dedup();
    let loaded: Vec<(DocFingerprints, Vec<u64>)> = to_load
        .par_iter()
        .map(|&d| {
            let fp = index.fingerprints(d)?;
            let hs = distinct_hashes(&fp);
            let rec = &index.docs()[d as usize];
            if hs.len() != rec.fingerprints as usize || fp.ngram != index.settings().ngram {
                return Err(IndexError::Inconsistent(rec.id.to_string()));
            }
            Ok((fp, hs))
        })
        .collect::<Result<_, IndexError>>()?;
    // Every other archive document holding one of the fingerprints of a new or loaded
    // document takes part through those fingerprints only: the document frequencies, the
    // common text and the candidate pairs touching new documents are those of the full
    // corpus (see the module docs).
    let mut more: Vec<u64> = loaded.iter().flat_map(|(_, hs)| hs.iter().copied()).collect();
    more.sort_unstable();
    more.dedup();
    more.retain(|h| relevant.binary_search_by_key(h, |r| r.0).is_err());
    // A fingerprint of a loaded document that no new document has can only matter as
    // common text, which with a limit of at least FREQUENT only the frequent ones can be.
    if max_df as u64 >= FREQUENT {
        let frequent = index.frequent();
        more.retain(|h| frequent.binary_search_by_key(h, |f| f.0).is_ok());
    }
    let more_lookups: Vec<Vec<u32>> = more
        .par_iter()
        .map(|&h| {
            index.postings(h).map(|mut docs| {
                docs.retain(present);
                docs
            })
        })
        .collect::<Result<_, IndexError>>()?;
    let ngram = to_u32(cfg.get_ngram());
    let mut fps: Vec<DocFingerprints> = index
        .docs()
        .iter()
        .map(|rec| DocFingerprints { id: rec.id.to_string(), ngram, ..DocFingerprints::default() })
        .collect();
    // Which hashes are reworded-tier fingerprints (of the new and loaded documents, which
    // are all the hashes looked up).
    let mut reword: Vec<u64> =
        new.iter().chain(loaded.iter().map(|(fp, _)| fp)).flat_map(|fp| fp.reword.iter().map(|f| f.hash)).collect();
    reword.sort_unstable();
    reword.dedup();
    for (h, docs) in relevant.iter().map(|r| r.0).zip(&lookups).chain(more.iter().copied().zip(&more_lookups)) {
        let is_reword = reword.binary_search(&h).is_ok();
        for &d in docs {
            let stub = &mut fps[d as usize];
            let list = if is_reword { &mut stub.reword } else { &mut stub.fingerprints };
            list.push(Fingerprint { hash: h, word: 0 });
        }
    }
    // A loaded document must hold the fingerprints the postings give it, and those of the
    // new documents' fingerprints it holds must be listed for it.
    for (&d, (fp, hs)) in to_load.iter().zip(loaded) {
        let stub = &fps[d as usize];
        let mut listed: Vec<u64> = stub.fingerprints.iter().chain(&stub.reword).map(|f| f.hash).collect();
        listed.sort_unstable();
        let missing = listed.iter().any(|h| hs.binary_search(h).is_err());
        let unlisted =
            hs.iter().any(|h| relevant.binary_search_by_key(h, |r| r.0).is_ok() && listed.binary_search(h).is_err());
        if missing || unlisted {
            return Err(IndexError::Inconsistent(index.docs()[d as usize].id.to_string()));
        }
        fps[d as usize] = fp;
    }
    fps.extend(new);
    let mut touched = vec![false; fps.len()];
    touched[n_archive..].iter_mut().for_each(|t| *t = true);
    // The left-out documents stay as empty entries (so numbering is kept); the limit is
    // that of the corpus without them.
    let cfg = if left_out.is_empty() { cfg.clone() } else { cfg.clone().max_doc_freq(Some(max_df)) };
    let report = analyze_fingerprints_touching(&fps, &cfg, &touched);
    Ok(Incremental { report, loaded: to_load })
}

/// Keeps the documents of `report` with `keep[d]` (and every document of a passage),
/// renumbering them in order: returns the smaller report and, for each document kept, its
/// index in `report`.
///
/// Passages, pairs and clusters are kept whole; boilerplate spans and document entries of
/// dropped documents are dropped; the summary's document count is updated.
#[must_use]
pub fn restrict_report(mut report: Report, keep: &[bool]) -> (Report, Vec<u32>) {
    let n = report.documents.len();
    let mut kept: Vec<bool> = (0..n).map(|d| keep.get(d).copied().unwrap_or(false)).collect();
    for p in &report.passages {
        kept[p.a.doc as usize] = true;
        kept[p.b.doc as usize] = true;
    }
    let mut new_index = vec![u32::MAX; n];
    let mut old: Vec<u32> = Vec::new();
    for d in 0..n {
        if kept[d] {
            new_index[d] = to_u32(old.len());
            old.push(d as u32);
        }
    }
    let map = |d: u32| new_index[d as usize];
    for p in &mut report.passages {
        p.a.doc = map(p.a.doc);
        p.b.doc = map(p.b.doc);
    }
    for p in &mut report.pairs {
        p.a = map(p.a);
        p.b = map(p.b);
        p.direction.source = p.direction.source.map(map);
    }
    for c in &mut report.clusters {
        c.hub.doc = map(c.hub.doc);
        for m in &mut c.members {
            m.doc = map(m.doc);
        }
    }
    report.boilerplate.retain(|b| kept[b.doc as usize]);
    for b in &mut report.boilerplate {
        b.doc = map(b.doc);
    }
    report.documents.retain(|s| kept[s.index as usize]);
    for s in &mut report.documents {
        s.index = map(s.index);
    }
    report.summary.documents = to_u32(old.len());
    (report, old)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::analyze_fingerprints;
    use proptest::prelude::*;

    fn record(id: &str, text: &str) -> DocRecord<'static> {
        let mut r = DocRecord::new(id, text.as_bytes().to_vec());
        r.modified = Some(1_700_000_000);
        r.meta = vec![(Cow::Borrowed("date"), Cow::Owned("2024-01-02".to_owned()))];
        r.body = Span::new(3, text.len());
        r
    }

    /// Stage-1 output with exactly these fingerprint hashes (one word each).
    fn fp_with(hashes: &[u64]) -> DocFingerprints {
        use crate::fingerprint::Word;
        let n = hashes.len() as u32;
        DocFingerprints {
            id: String::new(),
            date: Some("2024-01-01".into()),
            text_len: u64::from(n),
            ngram: 1,
            words: (0..n).map(|i| Word { start: i, end: i + 1, id: i }).collect(),
            paragraphs: Vec::new(),
            label_lines: Vec::new(),
            fingerprints: hashes.iter().enumerate().map(|(i, &hash)| Fingerprint { hash, word: i as u32 }).collect(),
            ..DocFingerprints::default()
        }
    }

    fn build(texts: &[&str], cfg: &Config) -> Vec<u8> {
        let mut w = IndexWriter::new(IndexSettings::from_config(cfg));
        for (i, t) in texts.iter().enumerate() {
            let fp = fingerprint(&DocInput::new(format!("d{i}"), t), cfg);
            w.push(record(&format!("d{i}"), t), &fp).unwrap();
        }
        let mut out = Vec::new();
        let n = w.write_to(&mut out).unwrap();
        assert_eq!(n as usize, out.len());
        out
    }

    const TEXTS: [&str; 3] = [
        "The committee met on Tuesday to discuss the proposed changes to the regional transport budget.",
        "Officials said the committee met on Tuesday to discuss the proposed changes to the budget.",
        "Something else entirely, with caf\u{E9} and \u{201C}quotes\u{201D}.",
    ];

    #[test]
    fn a_new_document_already_indexed_is_not_compared_with_its_own_copy() {
        let cfg = Config::new();
        let bytes = build(&TEXTS, &cfg);
        let index = Index::parse(&bytes).unwrap();
        // The same file: same id, path and bytes. Other bytes (an edit) or another id: not.
        assert_eq!(index.same_document("d0", b"d0", TEXTS[0].as_bytes()), Some(0));
        assert_eq!(index.same_document("d0", b"d0", TEXTS[1].as_bytes()), None);
        assert_eq!(index.same_document("d0", b"elsewhere/d0", TEXTS[0].as_bytes()), None);
        assert_eq!(index.same_document("d9", b"d9", TEXTS[0].as_bytes()), None);
        let new = || vec![fingerprint(&DocInput::new("d0", TEXTS[0]), &cfg)];
        let pairs = |r: &Incremental| r.report.pairs.iter().map(|p| (p.a, p.b)).collect::<Vec<_>>();
        // Compared with everything, the new copy pairs with its archived copy (a 100% match).
        let all = analyze_against(&index, new(), &cfg).unwrap();
        assert_eq!(pairs(&all), vec![(0, 3), (1, 3)]);
        // With the archived copy left out: no pair with it, the other match stays.
        let without = analyze_against_without(&index, new(), &cfg, &[0]).unwrap();
        assert_eq!(pairs(&without), vec![(1, 3)]);
        assert!(without.report.passages.iter().all(|p| p.a.doc != 0 && p.b.doc != 0));
        assert!(!without.loaded.contains(&0));
    }

    #[test]
    fn round_trip_keeps_records_and_postings() {
        let cfg = Config::new();
        let bytes = build(&TEXTS, &cfg);
        let index = Index::parse(&bytes).unwrap();
        assert_eq!(index.settings(), IndexSettings::from_config(&cfg));
        assert_eq!(index.docs().len(), 3);
        let hashes = index.doc_hashes().unwrap();
        for (i, t) in TEXTS.iter().enumerate() {
            let mut want = record(&format!("d{i}"), t);
            let fp = fingerprint(&DocInput::new(format!("d{i}"), t), &cfg);
            want.fingerprints = distinct_hashes(&fp).len() as u32;
            want.source = Cow::Borrowed(&[]);
            assert_eq!(index.docs()[i], want);
            assert_eq!(index.source(i as u32).unwrap().as_ref(), t.as_bytes());
            let mut stored = fp.clone();
            stored.id = format!("d{i}");
            assert_eq!(index.fingerprints(i as u32).unwrap(), stored);
            assert_eq!(hashes[i], distinct_hashes(&fp));
            for h in distinct_hashes(&fp) {
                assert!(index.postings(h).unwrap().contains(&(i as u32)));
            }
        }
        assert_eq!(index.find("d1"), Some(1));
        assert_eq!(index.find("nope"), None);
        // The two related texts share fingerprints: some posting lists both.
        let shared = hashes[0].iter().filter(|h| index.postings(**h).unwrap() == vec![0, 1]).count();
        assert!(shared > 0);
        assert_eq!(index.postings(12345).unwrap(), Vec::<u32>::new());
    }

    #[test]
    fn the_same_input_writes_the_same_bytes() {
        let cfg = Config::new();
        assert_eq!(build(&TEXTS, &cfg), build(&TEXTS, &cfg));
    }

    #[test]
    fn empty_index_round_trips() {
        let bytes = build(&[], &Config::new());
        assert_eq!(bytes.len(), HEADER_LEN + CHECKSUM_LEN);
        let index = Index::parse(&bytes).unwrap();
        assert!(index.docs().is_empty() && index.postings_len() == 0);
        assert_eq!(index.postings(7).unwrap(), Vec::<u32>::new());
    }

    #[test]
    fn every_truncation_is_an_error() {
        let bytes = build(&TEXTS, &Config::new());
        for len in 0..bytes.len() {
            let err = Index::parse(&bytes[..len]).unwrap_err();
            match len {
                0 => assert_eq!(err, IndexError::Foreign),
                _ => assert!(matches!(err, IndexError::Truncated { found, .. } if found == len as u64), "{len}: {err}"),
            }
        }
    }

    #[test]
    fn every_flipped_byte_is_detected() {
        let bytes = build(&TEXTS, &Config::new());
        for at in 0..bytes.len() {
            for bit in [0x01u8, 0x80] {
                let mut bad = bytes.clone();
                bad[at] ^= bit;
                let err = Index::parse(&bad).expect_err("a flipped bit must be detected");
                let expected = match at {
                    0..8 => matches!(err, IndexError::Foreign),
                    8..12 => matches!(
                        err,
                        IndexError::NewerVersion { .. }
                            | IndexError::UnsupportedVersion(_)
                            | IndexError::OlderVersion(_)
                    ),
                    12..16 => matches!(err, IndexError::UnknownFlags(_)),
                    16..24 => matches!(err, IndexError::Truncated { .. } | IndexError::Corrupt(_)),
                    64..72 => matches!(err, IndexError::Corrupt(_) | IndexError::Checksum { .. }),
                    _ => matches!(err, IndexError::Checksum { .. }),
                };
                assert!(expected, "byte {at} bit {bit:#x}: {err}");
            }
        }
    }

    #[test]
    fn foreign_older_and_newer_files_are_named() {
        assert_eq!(
            Index::parse(b"hello world, this is a text file and not an index").unwrap_err(),
            IndexError::Foreign
        );
        assert_eq!(Index::parse(&MAGIC[..5]).unwrap_err(), IndexError::Truncated { expected: 88, found: 5 });
        let mut bytes = build(&TEXTS, &Config::new());
        assert_eq!(&bytes[8..12], &3u32.to_le_bytes(), "this build writes format 3");
        bytes[8..12].copy_from_slice(&4u32.to_le_bytes());
        assert_eq!(Index::parse(&bytes).unwrap_err(), IndexError::NewerVersion { found: 4, supported: 3 });
        let text = Index::parse(&bytes).unwrap_err().to_string();
        assert!(text.contains("newer") && text.contains("upgrade"), "{text}");
        // Format 1 counted offsets from the start of the file: refused, not misread.
        bytes[8..12].copy_from_slice(&1u32.to_le_bytes());
        assert_eq!(Index::parse(&bytes).unwrap_err(), IndexError::OlderVersion(1));
        let text = Index::parse(&bytes).unwrap_err().to_string();
        assert_eq!(text, "written by an older copytrace (format 1); rebuild it with `copytrace index`");
        // Format 2 has no reworded-tier data: refused too.
        bytes[8..12].copy_from_slice(&2u32.to_le_bytes());
        assert_eq!(Index::parse(&bytes).unwrap_err(), IndexError::OlderVersion(2));
        // Extra bytes at the end are not silently ignored.
        let mut long = build(&TEXTS, &Config::new());
        long.push(0);
        assert!(matches!(Index::parse(&long).unwrap_err(), IndexError::Corrupt(_)));
    }

    #[test]
    fn a_valid_checksum_does_not_excuse_a_broken_structure() {
        // Swap two postings of the first block and rewrite its checksum: still refused.
        let mut bytes = build(&TEXTS, &Config::new());
        let head = le_u64(&bytes[64..72]) as usize;
        let (first, second) = bytes[head..].split_at_mut(POSTING_LEN);
        first.swap_with_slice(&mut second[..POSTING_LEN]);
        let n = le_u64(&bytes[56..64]) as usize;
        let block = xxh3_64(&bytes[head..head + POSTING_LEN * n.min(BLOCK)]);
        let fences = head - CHECKSUM_LEN - 16 * n.div_ceil(BLOCK);
        let first_hash = le_u64(&bytes[head..]);
        bytes[fences..fences + 8].copy_from_slice(&first_hash.to_le_bytes());
        bytes[fences + 8..fences + 16].copy_from_slice(&block.to_le_bytes());
        let sum = xxh3_64(&bytes[..head - CHECKSUM_LEN]);
        bytes[head - CHECKSUM_LEN..head].copy_from_slice(&sum.to_le_bytes());
        assert_eq!(Index::parse(&bytes).unwrap_err(), IndexError::Corrupt("the postings are not sorted"));
    }

    #[test]
    fn open_reads_only_what_it_needs_and_checks_what_it_reads() {
        let bytes = build(&TEXTS, &Config::new());
        // Damage the first document's bytes: opening still works, reading them fails.
        let mut bad = bytes.clone();
        let sources = le_u64(&bad[72..80]) as usize;
        bad[sources] ^= 0x01;
        let index = Index::open(&bad[..]).unwrap();
        assert!(index.source(1).is_ok() && index.fingerprints(0).is_ok());
        assert!(matches!(index.source(0), Err(IndexError::Checksum { part: "a document's bytes", .. })));
        assert!(index.verify_all().is_err());
        // The last bytes are the last document's stored fingerprints.
        let mut bad = bytes.clone();
        let last = bad.len() - 1;
        bad[last] ^= 0x01;
        let index = Index::open(&bad[..]).unwrap();
        assert!(index.source(2).is_ok());
        assert!(matches!(index.fingerprints(2), Err(IndexError::Checksum { part: "a document's fingerprints", .. })));
        // Damage a postings block: the lookups that read it fail.
        let mut bad = bytes.clone();
        let head = le_u64(&bad[64..72]) as usize;
        bad[head + 3] ^= 0x40;
        let index = Index::open(&bad[..]).unwrap();
        let h = Index::parse(&bytes).unwrap().doc_hashes().unwrap()[0][0];
        assert!(matches!(index.postings(h), Err(IndexError::Checksum { part: "a postings block", .. })));
    }

    #[test]
    fn postings_spanning_blocks_are_all_found() {
        // 150 documents with one shared fingerprint: its postings span three blocks.
        let settings = IndexSettings { ngram: 5, window: 4, label_line_max_words: 25, scheme: 1 };
        let mut w = IndexWriter::new(settings);
        for d in 0..150u64 {
            w.push(DocRecord::new(format!("d{d}"), vec![b'x'; d as usize]), &fp_with(&[7, 1000 + d, 5])).unwrap();
        }
        let mut bytes = Vec::new();
        w.write_to(&mut bytes).unwrap();
        let index = Index::parse(&bytes).unwrap();
        assert_eq!(index.postings(7).unwrap(), (0..150).collect::<Vec<u32>>());
        assert_eq!(index.postings(5).unwrap(), (0..150).collect::<Vec<u32>>());
        assert_eq!(index.postings(1042).unwrap(), vec![42]);
        assert_eq!(index.postings(6).unwrap(), Vec::<u32>::new());
        assert_eq!(index.postings(u64::MAX).unwrap(), Vec::<u32>::new());
        assert_eq!(index.source(149).unwrap().len(), 149);
        // Hashes in more than FREQUENT documents are listed with their frequency.
        assert_eq!(index.frequent(), &[(5, 150), (7, 150)]);
    }

    #[test]
    fn settings_that_change_fingerprints_are_refused() {
        let bytes = build(&TEXTS, &Config::new());
        let index = Index::parse(&bytes).unwrap();
        assert_eq!(index.settings().check(&Config::new().min_words(20).max_gap(3)), Ok(()));
        let err = index.settings().check(&Config::new().ngram(4)).unwrap_err();
        assert_eq!(err, IndexError::IncompatibleConfig { what: "n-gram length", index: 5, current: 4 });
        assert!(err.to_string().contains("rebuild the index"));
        assert!(index.settings().check(&Config::new().window(9)).is_err());
        assert!(index.settings().check(&Config::new().label_line_max_words(3)).is_err());
        let mut other = index.settings();
        other.scheme ^= 1;
        assert!(matches!(
            other.check(&Config::new()),
            Err(IndexError::IncompatibleConfig { what: "fingerprint scheme", .. })
        ));
        let applied = index.settings().apply(Config::new().ngram(3).window(2));
        assert_eq!(index.settings().check(&applied), Ok(()));
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let cfg = Config::new();
        let mut w = IndexWriter::new(IndexSettings::from_config(&cfg));
        w.push(record("x", "a b"), &fp_with(&[1, 2])).unwrap();
        assert_eq!(w.push(record("x", "c d"), &fp_with(&[])), Err(IndexError::DuplicateId("x".into())));
        assert_eq!(w.len(), 1);
    }

    /// Documents made of sentences drawn from a small pool, so that they share passages.
    fn corpus_strategy() -> impl Strategy<Value = Vec<String>> {
        const SENTENCES: [&str; 8] = [
            "The police said the man was arrested at his home in the north of the city on Monday.",
            "A spokesman for the council declined to comment on the details of the report.",
            "Heavy rain is expected to continue across the region until the end of the week.",
            "The minister was sacked after an inquiry into the leak of secret discussions.",
            "Shares in the company fell sharply after the announcement on Thursday morning.",
            "READ MORE: the full story of the leak inquiry and what happens next",
            "Credit: PA",
            "Residents were told to keep their windows closed while the fire was put out.",
        ];
        proptest::collection::vec(proptest::collection::vec(0usize..8, 0..6), 2..9).prop_map(|docs| {
            docs.into_iter()
                .enumerate()
                .map(|(i, ss)| {
                    let mut t = format!("Story number {i} begins here with its own words.\n\n");
                    for s in ss {
                        t.push_str(SENTENCES[s]);
                        t.push_str("\n\n");
                    }
                    t
                })
                .collect()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn round_trip_any_records(
            docs in proptest::collection::vec(
                (any::<Vec<u8>>(), proptest::collection::vec(any::<u64>(), 0..20), any::<Option<i64>>(), "[a-z]{0,4}", ".{0,6}"),
                0..6,
            )
        ) {
            let settings = IndexSettings { ngram: 3, window: 2, label_line_max_words: 7, scheme: 42 };
            let mut w = IndexWriter::new(settings);
            let mut want = Vec::new();
            for (i, (src, hashes, modified, key, value)) in docs.iter().enumerate() {
                let mut r = DocRecord::new(format!("doc {i} \u{E9}"), src.clone());
                r.path = Cow::Owned(vec![0xFF, b'/', i as u8]);
                r.modified = modified.filter(|&m| m != NO_TIME);
                r.meta = vec![(Cow::Owned(key.clone()), Cow::Owned(value.clone()))];
                w.push(r.clone(), &fp_with(hashes)).unwrap();
                let mut hs = hashes.clone();
                hs.sort_unstable();
                hs.dedup();
                r.fingerprints = hs.len() as u32;
                want.push((r, hs));
            }
            let mut bytes = Vec::new();
            w.write_to(&mut bytes).unwrap();
            let index = Index::parse(&bytes).unwrap();
            prop_assert_eq!(index.settings(), settings);
            let hashes = index.doc_hashes().unwrap();
            for (d, (r, hs)) in want.iter().enumerate() {
                let mut r = r.clone();
                let source = index.source(d as u32).unwrap();
                prop_assert_eq!(source.as_ref(), r.source.as_ref());
                r.source = Cow::Borrowed(&[]);
                prop_assert_eq!(&index.docs()[d], &r);
                prop_assert_eq!(&hashes[d], hs);
                for h in hs {
                    prop_assert!(index.postings(*h).unwrap().contains(&(d as u32)));
                }
            }
            // A few truncations and a flipped byte in the middle never parse.
            for cut in [1, bytes.len() / 3, bytes.len() / 2, bytes.len() - 1] {
                prop_assert!(Index::parse(&bytes[..cut]).is_err());
            }
            let mut bad = bytes.clone();
            let mid = bad.len() / 2;
            bad[mid] ^= 0x10;
            prop_assert!(Index::parse(&bad).is_err());
        }

        /// The incremental analysis gives what the full analysis restricted to pairs
        /// touching new documents gives: same pairs, passages and new-document figures.
        #[test]
        fn against_an_index_equals_the_touching_analysis(
            texts in corpus_strategy(),
            split in 0usize..8,
            max_df in proptest::option::of(2usize..5),
            lone in 1usize..4,
        ) {
            let cfg = Config::new().max_doc_freq(max_df).lone_doc_freq(lone);
            let split = split.min(texts.len());
            let (archive, new) = texts.split_at(split);
            let archive_refs: Vec<&str> = archive.iter().map(String::as_str).collect();
            let bytes = build(&archive_refs, &cfg);
            let index = Index::parse(&bytes).unwrap();
            let fp_of = |i: usize, t: &str| fingerprint(&DocInput::new(format!("d{i}"), t), &cfg);
            let new_fps: Vec<DocFingerprints> = new.iter().enumerate().map(|(i, t)| fp_of(split + i, t)).collect();
            let got = analyze_against(&index, new_fps, &cfg).unwrap();

            let all: Vec<DocFingerprints> = texts.iter().enumerate().map(|(i, t)| fp_of(i, t)).collect();
            let touched: Vec<bool> = (0..texts.len()).map(|d| d >= split).collect();
            let want = analyze_fingerprints_touching(&all, &cfg, &touched);
            prop_assert_eq!(&got.report.passages, &want.passages);
            prop_assert_eq!(&got.report.pairs, &want.pairs);
            prop_assert_eq!(&got.report.clusters, &want.clusters);
            prop_assert_eq!(&got.report.documents[split..], &want.documents[split..]);
            prop_assert_eq!(got.report.summary.candidate_pairs, want.summary.candidate_pairs);
            prop_assert_eq!(got.report.summary.max_doc_freq, want.summary.max_doc_freq);
            // And with the full analysis of everything, restricted to those pairs, except
            // when a cluster of the full analysis is widespread boilerplate (a property of
            // archive-only passages too; see the module docs). Directions, and the derived
            // shares that follow from them, may differ: the full analysis also has the
            // archive's own pairs as evidence (hubs, common sources).
            let full = analyze_fingerprints(&all, &cfg);
            let touching = |a: u32, b: u32| a as usize >= split || b as usize >= split;
            if full.clusters.iter().all(|c| !c.boilerplate) {
                let undirected = |p: &crate::PairReport| { let mut p = p.clone(); p.direction = crate::Direction::none(); p };
                let full_pairs: Vec<_> = full.pairs.iter().filter(|p| touching(p.a, p.b)).map(undirected).collect();
                let got_pairs: Vec<_> = got.report.pairs.iter().map(undirected).collect();
                prop_assert_eq!(got_pairs, full_pairs);
                let strip = |p: &crate::Passage| { let mut p = p.clone(); p.cluster = None; p };
                let full_passages: Vec<_> = full.passages.iter().filter(|p| touching(p.a.doc, p.b.doc)).map(strip).collect();
                let got_passages: Vec<_> = got.report.passages.iter().map(strip).collect();
                prop_assert_eq!(got_passages, full_passages);
                let underived = |d: &crate::DocStats| (d.index, d.words, d.reused_words, d.boilerplate_words);
                let full_docs: Vec<_> = full.documents[split..].iter().map(underived).collect();
                let got_docs: Vec<_> = got.report.documents[split..].iter().map(underived).collect();
                prop_assert_eq!(got_docs, full_docs);
            }
            // Only documents that can pair with a new one were rebuilt.
            for p in &got.report.pairs {
                if (p.a as usize) < split {
                    prop_assert!(got.loaded.contains(&p.a));
                }
            }
            // Restricting keeps the new documents and every document of a passage.
            let keep: Vec<bool> = (0..texts.len()).map(|d| d >= split).collect();
            let (small, old) = restrict_report(got.report.clone(), &keep);
            prop_assert_eq!(small.documents.len(), old.len());
            for p in &small.passages {
                let (a, b) = (old[p.a.doc as usize] as usize, old[p.b.doc as usize] as usize);
                prop_assert!(a >= split || b >= split);
                prop_assert_eq!(all[a].span_of_words(p.a.words), p.a.span);
                prop_assert_eq!(all[b].span_of_words(p.b.words), p.b.span);
            }
            for (i, s) in small.documents.iter().enumerate() {
                prop_assert_eq!(s.index as usize, i);
                prop_assert_eq!(&s.id, &all[old[i] as usize].id);
            }
        }
    }

    #[test]
    fn restricting_renumbers_consistently() {
        let cfg = Config::new();
        let texts = [
            "unrelated words about the weather and the sea and nothing else at all",
            TEXTS[0],
            "more unrelated words about gardens and flowers in the early spring sun",
            TEXTS[1],
        ];
        let fps: Vec<DocFingerprints> =
            texts.iter().enumerate().map(|(i, t)| fingerprint(&DocInput::new(format!("d{i}"), t), &cfg)).collect();
        let report = analyze_fingerprints(&fps, &cfg);
        assert_eq!(report.pairs.len(), 1);
        let (small, old) = restrict_report(report, &[false, false, false, true]);
        assert_eq!(old, vec![1, 3]);
        assert_eq!((small.pairs[0].a, small.pairs[0].b), (0, 1));
        assert_eq!(small.summary.documents, 2);
        assert!(small.passages.iter().all(|p| p.a.doc == 0 && p.b.doc == 1));
        assert_eq!(small.documents.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), vec!["d1", "d3"]);
    }

    #[test]
    fn stored_fingerprints_decode_exactly_and_damage_never_panics() {
        let cfg = Config::new();
        for text in TEXTS {
            let fp = fingerprint(&DocInput::new("x", text).with_date("2024-05-06"), &cfg);
            let enc = encode_fingerprints(&fp).unwrap();
            assert_eq!(decode_fingerprints(&enc, "x").unwrap(), fp);
            for len in 0..enc.len() {
                assert!(decode_fingerprints(&enc[..len], "x").is_err(), "prefix {len}");
            }
            for at in 0..enc.len() {
                let mut bad = enc.clone();
                bad[at] ^= 0xFF;
                // An error or some stage-1 output, never a panic.
                let _ = decode_fingerprints(&bad, "x");
            }
        }
    }

    // The literals below freeze the fingerprint scheme that stored indexes depend on. They
    // were computed once from the code and must NEVER be updated to make a test pass: if
    // one of these tests fails, the change would make every index built before it silently
    // miss matches (its fingerprints no longer meet the new ones). Either undo the change,
    // or make it on purpose as a new scheme: `fingerprint_scheme` then changes too, so an
    // old index is refused with a clear error instead of being searched wrongly; the hash
    // specification in `fingerprint.rs` says what changed; and only then are the literals
    // recomputed, in a commit that says why.

    /// The hash primitive itself: `xxh3_64` with seed 0, a fixed public specification. The
    /// empty input's value is the specification's own test vector.
    #[test]
    fn xxh3_is_the_specified_hash() {
        assert_eq!(xxhash_rust::xxh3::xxh3_64(b""), 0x2D06_8005_38D3_94C2);
        assert_eq!(xxhash_rust::xxh3::xxh3_64(b"copytrace"), 0x4F46_17CA_B42F_339E);
        // 128 bytes, past the short-input paths (an n-gram of sixteen word hashes).
        let long: Vec<u8> = (0u8..128).collect();
        assert_eq!(xxhash_rust::xxh3::xxh3_64(&long), 0x85C6_174C_7FF4_C46B);
    }

    /// The scheme identifier stored in every index, as a literal.
    #[test]
    fn the_scheme_is_pinned() {
        assert_eq!(fingerprint_scheme(), 0x3543_32D6_6A8A_7FDC);
    }

    /// Fingerprints of fixed sentences, as literals, with their typographic, case and
    /// Unicode variants giving the very same values.
    #[test]
    fn fingerprints_of_fixed_texts_are_pinned() {
        let cfg = Config::new();
        let fps = |text: &str| -> Vec<(u64, u32)> {
            fingerprint(&DocInput::new("pinned", text), &cfg).fingerprints.iter().map(|f| (f.hash, f.word)).collect()
        };
        let ids = |text: &str| -> Vec<u32> {
            fingerprint(&DocInput::new("pinned", text), &cfg).words.iter().map(|w| w.id).collect()
        };
        /// Texts that must fingerprint alike, and their fingerprints as `(hash, word)`.
        type Case<'a> = (&'a [&'a str], &'a [(u64, u32)]);
        let cases: [Case<'_>; 3] = [
            (
                &[
                    "The minister\u{2019}s \u{201C}final\u{201D} decision \u{2014} announced on 4 May \u{2014} was fiercely criticised by MPs.",
                    "The minister's \"final\" decision - announced on 4 May - was fiercely criticised by MPs.",
                    "THE MINISTER'S FINAL DECISION, ANNOUNCED ON 4 MAY, WAS FIERCELY CRITICISED BY MPS.",
                ],
                &[(0x0B3A_3CF6_2CDF_6090, 0), (0x2008_293C_48A9_DE25, 3), (0x5668_31D4_4EE6_7A68, 6)],
            ),
            (
                &[
                    "Die Stra\u{DF}e vor dem Caf\u{E9} war na\u{EF}ve \u{FB01}nal, \u{41F}\u{440}\u{438}\u{432}\u{435}\u{442} \u{4E2D}\u{6587}\u{6587}\u{672C} \u{FF26}\u{FF55}\u{FF4C}\u{FF4C} width.",
                    "DIE STRA\u{DF}E VOR DEM CAFE\u{301} WAR NAI\u{308}VE final, \u{41F}\u{440}\u{438}\u{432}\u{435}\u{442} \u{4E2D}\u{6587}\u{6587}\u{672C} Full width.",
                ],
                &[(0x7E29_BE2D_87CF_4210, 2), (0x2C43_61B7_CBD0_4DD5, 5), (0x4BCC_BA43_3BD8_FC7D, 9)],
            ),
            (&["one two three four five six seven eight nine ten eleven twelve"], &[(0x31E7_58B4_E93E_82ED, 0), (0xB0FC_BFE4_58B9_7567, 1), (0xB13C_D697_30D9_0728, 3), (0x3C45_983D_F983_CB0D, 6)]),
        ];
        for (texts, pinned) in cases {
            for text in texts {
                assert_eq!(fps(text), pinned, "{text:?}");
            }
        }
        // Word ids (the low 32 bits of word hashes): don't, panic, café, 中, 2019, 05, 04.
        assert_eq!(
            ids("Don\u{2019}t \u{201C}panic\u{201D}: caf\u{E9} \u{4E2D} 2019-05-04"),
            [0xE291_0FD2, 0x9EB1_C25E, 0xF29D_367F, 0x5BC2_0C62, 0xB0E4_0ED4, 0x0844_B7D6, 0x28E4_0F0C]
        );
    }
}
