//! `copytrace._native`: the provenance engine's stages as a Python extension, for the
//! Spark job of the `copytrace` wheel (`python/copytrace/spark`).
//!
//! The job runs the three stages of [`copytrace_provenance`] on a cluster: stage 1
//! (fingerprints) and stage 3 (alignment) call this module on the executors, stage 2
//! (candidate pairs) is Spark SQL over the postings this module returns, and the report is
//! assembled on the driver by the same code as `copytrace scan --format json`
//! ([`copytrace_report::build_scan`]), so the two reports are equal byte for byte.
//!
//! # Data across the boundary
//!
//! No Arrow in Rust (arrow-rs is a large compile): columns cross as Python lists (ids,
//! texts, small integers) and as flat little-endian buffers that pyarrow wraps without a
//! copy (`pyarrow.Array.from_buffers`): a batch's fingerprint hashes as `int64` values and
//! `int32` list offsets. A document's stage-1 output crosses as the index's encoding
//! ([`copytrace_provenance::index::encode_fingerprints`]), a passage as its JSON (serde)
//! beside the bits of its similarity (so the float comes back exactly).
//!
//! Settings are a JSON object with `copytrace scan`'s option names (`ngram`, `window`,
//! `min_words`, `max_gap`, `min_similarity`, `max_doc_freq`, `lone_doc_freq`,
//! `wire_outlets`, `tiers`, and for reading `glob`, `follow`, `max_file_size`); a key left
//! out takes the library's default ([`copytrace_provenance::config::defaults`]).
//!
//! # Example
//!
//! ```python
//! from copytrace import _native
//! corpus = _native.read_corpus("corpus/", "{}")
//! ids, texts, dates, outlets, wires = corpus.inputs()
//! blobs, hashes, offsets, rhashes, roffsets = _native.fingerprint_batch(ids, texts, dates, outlets, wires, "{}")
//! ```
//!
//! The Spark job (`copytrace.spark.job.run_scan`) strings these together; see the
//! repository's README for running it.

use copytrace_corpus::{ByteSize, CorpusOptions};
use copytrace_provenance::index::{decode_fingerprints, encode_fingerprints};
use copytrace_provenance::{
    align_candidates, analyze_passages, fingerprint, CandidatePair, Candidates, CommonFingerprint, Config,
    DocFingerprints, NoProgress, Passage, Tier,
};
use copytrace_report::{build_scan, doc_input};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

/// Why a call failed; raised in Python as `ValueError` with this message.
#[derive(Debug, thiserror::Error)]
enum Error {
    /// The settings are not a JSON object of known options.
    #[error("bad settings: {0}")]
    Settings(String),
    /// The corpus could not be read (the message names the path and the reason).
    #[error("{0}")]
    Corpus(#[from] copytrace_corpus::CorpusError),
    /// A document's stage-1 output could not be encoded or decoded.
    #[error("document {doc}: {source}")]
    Fingerprints {
        /// The document's index.
        doc: u32,
        /// Why.
        source: copytrace_provenance::index::IndexError,
    },
    /// A passage is not the JSON of a passage.
    #[error("bad passage: {0}")]
    Passage(serde_json::Error),
    /// Columns of one batch differ in length, or name a document not given.
    #[error("bad batch: {0}")]
    Batch(&'static str),
}

impl From<Error> for PyErr {
    fn from(e: Error) -> PyErr {
        PyValueError::new_err(e.to_string())
    }
}

/// The settings of `copytrace scan`, by option name; absent ones take the library's
/// defaults.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    ngram: Option<usize>,
    window: Option<usize>,
    min_words: Option<usize>,
    max_gap: Option<usize>,
    min_similarity: Option<f64>,
    max_doc_freq: Option<usize>,
    lone_doc_freq: Option<usize>,
    #[serde(default)]
    wire_outlets: Vec<String>,
    #[serde(default)]
    tiers: Vec<String>,
    #[serde(default)]
    glob: Vec<String>,
    #[serde(default)]
    follow: bool,
    max_file_size: Option<String>,
}

impl Options {
    fn parse(json: &str) -> Result<Options, Error> {
        serde_json::from_str(json).map_err(|e| Error::Settings(e.to_string()))
    }

    /// The engine's settings, as `copytrace scan` makes them from the same options.
    fn config(&self) -> Result<Config, Error> {
        let mut cfg = Config::new();
        if let Some(n) = self.ngram {
            cfg = cfg.ngram(n);
        }
        if let Some(w) = self.window {
            cfg = cfg.window(w);
        }
        if let Some(n) = self.min_words {
            cfg = cfg.min_words(n);
        }
        if let Some(n) = self.max_gap {
            cfg = cfg.max_gap(n);
        }
        if let Some(s) = self.min_similarity {
            cfg = cfg.min_similarity(s);
        }
        if let Some(n) = self.lone_doc_freq {
            cfg = cfg.lone_doc_freq(n);
        }
        cfg = cfg.max_doc_freq(self.max_doc_freq);
        cfg = cfg.wire_outlets(self.wire_outlets.iter().map(|o| o.trim().to_owned()).filter(|o| !o.is_empty()));
        let tiers = self
            .tiers
            .iter()
            .map(|t| Tier::from_name(t.trim()).ok_or_else(|| Error::Settings(format!("{t:?} is not a tier"))))
            .collect::<Result<Vec<Tier>, Error>>()?;
        Ok(cfg.tiers(tiers))
    }

    fn corpus_options(&self) -> Result<CorpusOptions, Error> {
        let mut opts = CorpusOptions::new().globs(self.glob.iter().cloned()).follow_links(self.follow);
        if let Some(size) = &self.max_file_size {
            let size: ByteSize = size.parse().map_err(|e| Error::Settings(format!("max_file_size: {e}")))?;
            opts = opts.max_file_size(size);
        }
        Ok(opts)
    }
}

/// A corpus read by `copytrace-corpus`'s rules (the walk, skipped files, encodings, HTML,
/// metadata, JSON Lines records), as `copytrace scan` reads it.
#[pyclass(module = "copytrace._native", frozen)]
struct Corpus {
    inner: copytrace_corpus::Corpus,
}

#[pymethods]
impl Corpus {
    /// Number of documents read.
    fn __len__(&self) -> usize {
        self.inner.documents.len()
    }

    /// The engine's input of every document, in corpus order, as five columns: ids, texts
    /// (the prose), dates (`None` or as the engine reads them), outlets, wire flags.
    #[allow(clippy::type_complexity, reason = "five parallel columns, as Python unpacks them")]
    fn inputs(&self) -> (Vec<String>, Vec<String>, Vec<Option<String>>, Vec<Option<String>>, Vec<bool>) {
        let docs = &self.inner.documents;
        let mut cols = (
            Vec::with_capacity(docs.len()),
            Vec::with_capacity(docs.len()),
            Vec::with_capacity(docs.len()),
            Vec::with_capacity(docs.len()),
            Vec::with_capacity(docs.len()),
        );
        for d in docs {
            let input = doc_input(d);
            cols.0.push(input.id);
            cols.1.push(input.text.to_owned());
            cols.2.push(input.date);
            cols.3.push(input.outlet);
            cols.4.push(input.wire);
        }
        cols
    }

    /// Files and records set aside: `(path, reason)`.
    fn skipped(&self) -> Vec<(String, String)> {
        self.inner.skipped.iter().map(|s| (s.path.clone(), s.reason.to_string())).collect()
    }

    /// Files and records that could not be read: `(path, reason)`.
    fn errors(&self) -> Vec<(String, String)> {
        self.inner.errors.iter().map(|e| (e.path.clone(), e.kind.to_string())).collect()
    }
}

/// Reads the corpus at `path` (a directory, a `.jsonl` file or one file) with the reading
/// options of `options` (JSON). Raises `ValueError` naming the path when it cannot be read
/// or holds no document.
#[pyfunction]
fn read_corpus(path: &str, options: &str) -> Result<Corpus, Error> {
    let opts = Options::parse(options)?;
    let p = Path::new(path);
    let inner = copytrace_corpus::read_corpus(p, &opts.corpus_options()?)?.require_documents(p)?;
    Ok(Corpus { inner })
}

/// Reads records given as JSON Lines (`lines`: one record a line, the fields of a `.jsonl`
/// corpus: `id`, `text` or `html`, optional `date`, `outlet` ...) exactly as a `.jsonl` file
/// named `name` is read (records reported as `name:LINE`), with the reading options of
/// `options`: for the rows of a table. Raises `ValueError` when no record is a document.
#[pyfunction]
fn read_records(name: &str, lines: &[u8], options: &str) -> Result<Corpus, Error> {
    let opts = Options::parse(options)?;
    let p = Path::new(name);
    let inner = copytrace_corpus::read_records(lines, p, &opts.corpus_options()?).require_documents(p)?;
    Ok(Corpus { inner })
}

/// Little-endian bytes of `values`.
fn le_bytes<T: Copy, const N: usize>(values: &[T], to: impl Fn(T) -> [u8; N]) -> Vec<u8> {
    let mut out = Vec::with_capacity(values.len() * N);
    for &v in values {
        out.extend_from_slice(&to(v));
    }
    out
}

/// The distinct hashes of a fingerprint list, sorted.
fn distinct(list: &[copytrace_provenance::Fingerprint]) -> Vec<u64> {
    let mut hs: Vec<u64> = list.iter().map(|f| f.hash).collect();
    hs.sort_unstable();
    hs.dedup();
    hs
}

/// Stage 1 of a batch of documents (parallel columns). Returns each document's stage-1
/// output (encoded), then its distinct verbatim fingerprints as a flat buffer of
/// little-endian `int64` and `int32` list offsets (one more than documents), then the same
/// for its reworded-tier fingerprints (none when the tier is off).
#[pyfunction]
#[allow(clippy::too_many_arguments, reason = "parallel columns of one batch, as Python passes them")]
#[allow(clippy::type_complexity, reason = "five columns, as Python unpacks them")]
fn fingerprint_batch<'py>(
    py: Python<'py>,
    ids: Vec<String>,
    texts: Vec<String>,
    dates: Vec<Option<String>>,
    outlets: Vec<Option<String>>,
    wires: Vec<bool>,
    options: &str,
) -> Result<
    (Vec<Bound<'py, PyBytes>>, Bound<'py, PyBytes>, Bound<'py, PyBytes>, Bound<'py, PyBytes>, Bound<'py, PyBytes>),
    Error,
> {
    let n = ids.len();
    if [texts.len(), dates.len(), outlets.len(), wires.len()].iter().any(|&l| l != n) {
        return Err(Error::Batch("columns of different lengths"));
    }
    let cfg = Options::parse(options)?.config()?;
    let mut blobs = Vec::with_capacity(n);
    let (mut hashes, mut offsets, mut rhashes, mut roffsets) = (Vec::new(), vec![0i32], Vec::new(), vec![0i32]);
    for (i, ((((id, text), date), outlet), wire)) in
        ids.into_iter().zip(&texts).zip(dates).zip(outlets).zip(wires).enumerate()
    {
        let mut input = copytrace_provenance::DocInput::new(id, text).with_wire(wire);
        input.date = date;
        input.outlet = outlet;
        let fp = fingerprint(&input, &cfg);
        let doc = u32::try_from(i).unwrap_or(u32::MAX);
        blobs.push(PyBytes::new(py, &encode_fingerprints(&fp).map_err(|source| Error::Fingerprints { doc, source })?));
        hashes.extend(distinct(&fp.fingerprints));
        rhashes.extend(distinct(&fp.reword));
        offsets.push(i32::try_from(hashes.len()).map_err(|_| Error::Batch("batch too large"))?);
        roffsets.push(i32::try_from(rhashes.len()).map_err(|_| Error::Batch("batch too large"))?);
    }
    Ok((
        blobs,
        PyBytes::new(py, &le_bytes(&hashes, u64::to_le_bytes)),
        PyBytes::new(py, &le_bytes(&offsets, i32::to_le_bytes)),
        PyBytes::new(py, &le_bytes(&rhashes, u64::to_le_bytes)),
        PyBytes::new(py, &le_bytes(&roffsets, i32::to_le_bytes)),
    ))
}

/// Stage 2's settings for a corpus of `docs` documents, as a dict: `max_doc_freq` (the
/// common-text limit), `reword_max_doc_freq` (the reworded tier's, which sets its frequent
/// fingerprints aside without reporting them), `min_shared`, `reword_min_shared`,
/// `lone_doc_freq` and `reword` (whether the reworded tier runs). See
/// `copytrace_provenance::candidates` for the rule they decide.
#[pyfunction]
fn stage2_settings(docs: usize, options: &str) -> Result<HashMap<&'static str, usize>, Error> {
    let cfg = Options::parse(options)?.config()?;
    let max_df = cfg.effective_max_doc_freq(docs);
    Ok(HashMap::from([
        ("max_doc_freq", max_df),
        ("reword_max_doc_freq", max_df.min(cfg.get_lone_doc_freq())),
        ("min_shared", cfg.get_min_shared()),
        ("reword_min_shared", cfg.get_reword_min_shared()),
        ("lone_doc_freq", cfg.get_lone_doc_freq()),
        ("reword", usize::from(cfg.get_reword())),
    ]))
}

/// Reads a flat buffer of little-endian `u64`.
fn u64s(bytes: &[u8]) -> Result<Vec<u64>, Error> {
    if bytes.len() % 8 != 0 {
        return Err(Error::Batch("a buffer of 64-bit values has a length not a multiple of 8"));
    }
    Ok(bytes.chunks_exact(8).map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]])).collect())
}

/// Decodes the stage-1 outputs of documents `docs`.
fn decode_all(docs: &[u32], blobs: &[Bound<'_, PyBytes>]) -> Result<Vec<DocFingerprints>, Error> {
    if docs.len() != blobs.len() {
        return Err(Error::Batch("documents and their fingerprints differ in number"));
    }
    docs.iter()
        .zip(blobs)
        .map(|(&doc, b)| decode_fingerprints(b.as_bytes(), "").map_err(|source| Error::Fingerprints { doc, source }))
        .collect()
}

/// Stage 3 of a batch of candidate pairs (parallel columns `a`, `b`, `shared`, `verbatim`,
/// `reword`: which tiers align it), given the stage-1 output of every document they name
/// (`docs`, `blobs`) and the common-text fingerprints (`common`: little-endian
/// `u64`). Returns five columns, one row per passage: `a`, `b`, its rank among the pair's
/// passages (the local engine's order), its JSON, and the bits of its similarity
/// (`f64::to_bits`: JSON's decimal form need not read back to the same float).
#[pyfunction]
#[allow(clippy::too_many_arguments, reason = "parallel columns of one batch, as Python passes them")]
#[allow(clippy::type_complexity, reason = "five columns, as Python unpacks them")]
fn align_batch(
    py: Python<'_>,
    docs: Vec<u32>,
    blobs: Vec<Bound<'_, PyBytes>>,
    a: Vec<u32>,
    b: Vec<u32>,
    shared: Vec<u32>,
    verbatim: Vec<bool>,
    reword: Vec<bool>,
    common: &[u8],
    options: &str,
) -> Result<(Vec<u32>, Vec<u32>, Vec<u32>, Vec<String>, Vec<u64>), Error> {
    let cfg = Options::parse(options)?.config()?;
    let fps = decode_all(&docs, &blobs)?;
    let at: HashMap<u32, usize> = docs.iter().enumerate().map(|(i, &d)| (d, i)).collect();
    let n = a.len();
    if [b.len(), shared.len(), verbatim.len(), reword.len()].iter().any(|&l| l != n) {
        return Err(Error::Batch("columns of different lengths"));
    }
    let mut all: Vec<(CandidatePair, bool, bool)> = Vec::with_capacity(n);
    for i in 0..n {
        if !at.contains_key(&a[i]) || !at.contains_key(&b[i]) {
            return Err(Error::Batch("a pair names a document not given"));
        }
        all.push((CandidatePair { a: a[i], b: b[i], shared: shared[i] }, verbatim[i], reword[i]));
    }
    all.sort_unstable_by_key(|p| (p.0.a, p.0.b));
    let mut common: Vec<CommonFingerprint> =
        u64s(common)?.into_iter().map(|hash| CommonFingerprint { hash, docs: 0 }).collect();
    common.sort_unstable_by_key(|c| c.hash);
    let cands = Candidates { common, ..Candidates::default() };
    let passages = py.detach(|| align_candidates(&all, |d| &fps[at[&d]], &cfg, &cands, &NoProgress));
    // Passages come pair after pair, in each pair in the local engine's order.
    let mut cols = (Vec::with_capacity(passages.len()), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut rank = 0u32;
    for (i, p) in passages.iter().enumerate() {
        let same = i > 0 && (passages[i - 1].a.doc, passages[i - 1].b.doc) == (p.a.doc, p.b.doc);
        rank = if same { rank + 1 } else { 0 };
        cols.0.push(p.a.doc);
        cols.1.push(p.b.doc);
        cols.2.push(rank);
        cols.3.push(serde_json::to_string(p).map_err(Error::Passage)?);
        cols.4.push(p.similarity.to_bits());
    }
    Ok(cols)
}

/// Candidate pairs from parallel columns, sorted by `(a, b)`.
fn pairs_of(a: &[u32], b: &[u32], shared: &[u32]) -> Result<Vec<CandidatePair>, Error> {
    if a.len() != b.len() || a.len() != shared.len() {
        return Err(Error::Batch("columns of different lengths"));
    }
    let mut out: Vec<CandidatePair> =
        a.iter().zip(b).zip(shared).map(|((&a, &b), &shared)| CandidatePair { a, b, shared }).collect();
    out.sort_unstable();
    Ok(out)
}

/// The JSON report of `copytrace scan --format json` on `corpus` (read with `root` as the
/// path given), from the distributed stages' results: every document's stage-1 output
/// (`blobs`, in corpus order), the candidate pairs (`pairs`: columns `a`, `b`, `shared`)
/// and the reworded tier's (`reword_pairs`), the common-text fingerprints (`common`:
/// little-endian `u64` hashes; `common_docs`: their document frequencies), the common-text limit,
/// and the passages (columns `a`, `b`, rank in the pair, JSON, similarity bits: as
/// `align_batch` returns them). Built by the same code as
/// the command's report.
#[pyfunction]
#[allow(clippy::too_many_arguments, reason = "the results of every stage, as Python holds them")]
#[allow(clippy::type_complexity, reason = "the passages' five columns, as align_batch returns them")]
fn build_report(
    py: Python<'_>,
    corpus: &Corpus,
    root: &str,
    blobs: Vec<Bound<'_, PyBytes>>,
    pairs: (Vec<u32>, Vec<u32>, Vec<u32>),
    reword_pairs: (Vec<u32>, Vec<u32>, Vec<u32>),
    common: &[u8],
    common_docs: Vec<u32>,
    max_doc_freq: u32,
    passages: (Vec<u32>, Vec<u32>, Vec<u32>, Vec<String>, Vec<u64>),
    options: &str,
) -> Result<String, Error> {
    let cfg = Options::parse(options)?.config()?;
    let docs = &corpus.inner.documents;
    let index: Vec<u32> = (0..u32::try_from(docs.len()).unwrap_or(u32::MAX)).collect();
    let mut fps = decode_all(&index, &blobs)?;
    if fps.len() != docs.len() {
        return Err(Error::Batch("not one stage-1 output per document"));
    }
    for (fp, d) in fps.iter_mut().zip(docs) {
        let input = doc_input(d);
        fp.id = input.id;
        fp.outlet = input.outlet;
        fp.wire = input.wire;
    }
    let hashes = u64s(common)?;
    if hashes.len() != common_docs.len() {
        return Err(Error::Batch("common hashes and frequencies differ in number"));
    }
    let mut common: Vec<CommonFingerprint> =
        hashes.into_iter().zip(common_docs).map(|(hash, docs)| CommonFingerprint { hash, docs }).collect();
    common.sort_unstable_by_key(|c| c.hash);
    let cands = Candidates {
        docs: index.len() as u32,
        max_doc_freq,
        pairs: pairs_of(&pairs.0, &pairs.1, &pairs.2)?,
        common,
        reword_pairs: if cfg.get_reword() {
            pairs_of(&reword_pairs.0, &reword_pairs.1, &reword_pairs.2)?
        } else {
            Vec::new()
        },
    };
    let (pa, pb, rank, json, similarity) = passages;
    if [pb.len(), rank.len(), json.len(), similarity.len()].iter().any(|&l| l != pa.len()) {
        return Err(Error::Batch("columns of different lengths"));
    }
    let mut order: Vec<usize> = (0..pa.len()).collect();
    order.sort_unstable_by_key(|&i| (pa[i], pb[i], rank[i]));
    let found = order
        .into_iter()
        .map(|i| {
            let mut p = serde_json::from_str::<Passage>(&json[i]).map_err(Error::Passage)?;
            p.similarity = f64::from_bits(similarity[i]);
            Ok(p)
        })
        .collect::<Result<Vec<Passage>, Error>>()?;
    let out = py.detach(|| {
        let report = analyze_passages(&fps, &cfg, &cands, found);
        let (wire, _) = build_scan(root, &corpus.inner, &report, &cfg, false);
        let mut out = Vec::new();
        copytrace_report::scan::write_json(&wire, &mut out).map(|()| out)
    });
    let out = out.map_err(|_| Error::Batch("the report could not be written"))?;
    String::from_utf8(out).map_err(|_| Error::Batch("the report is not UTF-8"))
}

/// The module `copytrace._native`.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Corpus>()?;
    m.add_function(wrap_pyfunction!(read_corpus, m)?)?;
    m.add_function(wrap_pyfunction!(read_records, m)?)?;
    m.add_function(wrap_pyfunction!(fingerprint_batch, m)?)?;
    m.add_function(wrap_pyfunction!(stage2_settings, m)?)?;
    m.add_function(wrap_pyfunction!(align_batch, m)?)?;
    m.add_function(wrap_pyfunction!(build_report, m)?)?;
    m.add("FINGERPRINT_SCHEME", copytrace_provenance::index::fingerprint_scheme())?;
    Ok(())
}
