"""The copytrace scan as a Spark job: the same report as ``copytrace scan --format json``.

The provenance engine's three stages, on a cluster:

1. **fingerprint** (executors, ``mapInArrow``): each document's stage-1 output from the
   Rust engine (``_native.fingerprint_batch``): its encoded fingerprints and its distinct
   fingerprint hashes (``int64``; the reworded tier's too), the postings of stage 2.
2. **candidates** (Spark SQL): postings grouped by hash; hashes in more documents than
   the common-text limit set aside as common text; every other posting list of two
   documents or more votes for each pair of its documents; a pair is a candidate with at
   least ``min_shared`` shared hashes, and when all of them are *frequent* (in more than
   ``lone_doc_freq`` documents) at least two: exactly ``copytrace_provenance::candidates``'
   rule. The reworded tier's hashes give its own candidates (its limit is the smaller of
   the common-text limit and ``lone_doc_freq``; its frequent hashes are not reported).
3. **align** (executors, ``mapInArrow``): the pairs are split into parts by their first
   document; each part receives the stage-1 output of every document its pairs name
   once, then its pairs, and the Rust engine aligns them (``_native.align_batch``: the
   verbatim and edited tiers, then the reworded tier), marking common text.

The driver reads the corpus (``copytrace-corpus``'s rules, as the command does: skipped
files and bad records are listed in the report, never fatal), and assembles the report
from the collected stage outputs with the command's own code (``_native.build_report``:
clusters, containment, direction, originality, boilerplate, then the wire report), so the
report is the command's byte for byte. The report's records are also written as Parquet
tables (``documents``, ``pairs``, ``passages``, ``clusters``) under ``out``.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from typing import Any, Iterator

import numpy as np
import pyarrow as pa

from copytrace import _native

# Options of `copytrace scan` the job takes, with the names of its flags (underscored).
ENGINE_OPTIONS = (
    "ngram",
    "window",
    "min_words",
    "max_gap",
    "min_similarity",
    "max_doc_freq",
    "lone_doc_freq",
    "wire_outlets",
    "tiers",
    "glob",
    "follow",
    "max_file_size",
)

# The report's records written as tables.
TABLES = ("documents", "pairs", "passages", "clusters")

# Spark's Arrow type of `array<bigint>`.
_HASHES = pa.list_(pa.field("element", pa.int64()))


@dataclass
class ScanResult:
    """What ``run_scan`` produced."""

    #: The JSON report, as ``copytrace scan --format json`` writes it.
    report: str
    #: Documents, candidate pairs and passages (of every kind) found.
    documents: int
    candidate_pairs: int
    passages: int
    #: Whether some files or records could not be read (listed in the report).
    partial: bool
    #: Whether any pair shares a reuse passage.
    found: bool
    #: Table name -> where it was written (absent when it has no rows or no ``out``).
    tables: dict[str, str] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        """The exit status ``copytrace scan`` gives the same result: 3 partial, 1 found, 0 none."""
        return 3 if self.partial else (1 if self.found else 0)


def engine_options(options: dict[str, Any] | None) -> str:
    """The settings JSON of the native module: only the engine's options, ``None`` left out."""
    options = options or {}
    unknown = set(options) - set(ENGINE_OPTIONS) - {"partitions"}
    if unknown:
        raise ValueError(f"unknown options: {', '.join(sorted(unknown))}")
    return json.dumps({k: v for k, v in options.items() if k in ENGINE_OPTIONS and v is not None})


def _single_thread() -> None:
    # One Spark task per core: the engine's own thread pool stays at one thread.
    os.environ.setdefault("RAYON_NUM_THREADS", "1")


def _fingerprint(settings: str):
    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        _single_thread()
        for batch in batches:
            c = batch.to_pydict()
            blobs, hashes, offsets, rhashes, roffsets = _native.fingerprint_batch(
                c["id"], c["text"], c["date"], c["outlet"], c["wire"], settings
            )
            n = batch.num_rows

            def lists(values: bytes, offs: bytes) -> pa.Array:
                v = pa.Array.from_buffers(pa.int64(), len(values) // 8, [None, pa.py_buffer(values)])
                o = pa.Array.from_buffers(pa.int32(), n + 1, [None, pa.py_buffer(offs)])
                return pa.ListArray.from_arrays(o, v, type=_HASHES)

            yield pa.RecordBatch.from_arrays(
                [batch.column("idx"), pa.array(blobs, pa.binary()), lists(hashes, offsets), lists(rhashes, roffsets)],
                names=["idx", "blob", "hashes", "rhashes"],
            )

    return run


def _align(settings: str, common: Any):
    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        _single_thread()
        common_bytes = common.value
        part, docs, blobs = None, [], []
        pairs: tuple[list, list, list, list, list] = ([], [], [], [], [])

        def flush() -> pa.RecordBatch | None:
            if not pairs[0]:
                return None
            a, b, rank, js, sim = _native.align_batch(docs, blobs, *pairs, common_bytes, settings)
            return pa.RecordBatch.from_arrays(
                [
                    pa.array(a, pa.int64()),
                    pa.array(b, pa.int64()),
                    pa.array(rank, pa.int32()),
                    pa.array(js, pa.string()),
                    # The bits of an f64, as a signed 64-bit integer.
                    pa.array(np.array(sim, dtype=np.uint64).view(np.int64)),
                ],
                names=["a", "b", "rank", "passage", "similarity"],
            )

        for batch in batches:
            c = batch.to_pydict()
            for i in range(batch.num_rows):
                if c["part"][i] != part:
                    out = flush()
                    if out is not None:
                        yield out
                    part, docs, blobs = c["part"][i], [], []
                    pairs = ([], [], [], [], [])
                if c["kind"][i] == 0:
                    docs.append(c["doc"][i])
                    blobs.append(c["blob"][i])
                else:
                    for col, name in zip(pairs, ("a", "b", "shared", "verbatim", "reword")):
                        col.append(c[name][i])
        out = flush()
        if out is not None:
            yield out

    return run


def _candidates(spark, postings, max_df: int, min_shared: int, lone_df: int):
    """Stage 2 on ``postings`` (``doc``, ``h``: distinct per document): the candidate pairs
    (``a``, ``b``, ``shared``) and the fingerprints set aside (``h``, ``df``)."""
    from pyspark.sql import functions as F

    freq = postings.groupBy("h").agg(F.count(F.lit(1)).alias("df"))
    common = freq.filter(F.col("df") > max_df)
    lists = freq.filter((F.col("df") >= 2) & (F.col("df") <= max_df))
    p = postings.join(lists, "h")
    x, y = p.alias("x"), p.alias("y")
    votes = x.join(y, (F.col("x.h") == F.col("y.h")) & (F.col("x.doc") < F.col("y.doc"))).select(
        F.col("x.doc").alias("a"), F.col("y.doc").alias("b"), F.col("x.df").alias("df")
    )
    pairs = (
        votes.groupBy("a", "b")
        .agg(F.count(F.lit(1)).alias("shared"), F.sum(F.when(F.col("df") <= lone_df, 1).otherwise(0)).alias("rare"))
        .filter((F.col("shared") >= min_shared) & ((F.col("rare") > 0) | (F.col("shared") >= 2)))
        .select("a", "b", "shared")
    )
    return pairs, common


def read_input(spark, input_path: str, settings: str):
    """The corpus at ``input_path`` as ``copytrace scan`` reads it: a directory, a ``.jsonl``
    file or one file; or a Parquet table (a path ending in ``.parquet``, on any file system
    Spark reads) whose rows are records with the fields of a ``.jsonl`` corpus (``id``,
    ``text`` or ``html``, optional ``date``, ``outlet`` ...), read as its lines would be
    (row ``N`` reported as ``PATH:N``, in Spark's reading order)."""
    if input_path.rstrip("/").endswith(".parquet"):
        lines = spark.read.parquet(input_path).toJSON().collect()
        return _native.read_records(input_path, "\n".join(lines).encode("utf-8"), settings)
    return _native.read_corpus(input_path, settings)


def run_scan(spark, input_path: str, options: dict[str, Any] | None = None, out: str | None = None) -> ScanResult:
    """Scans the corpus at ``input_path`` (a directory, a ``.jsonl`` file or one file, read
    by the rules of ``copytrace scan``, or a Parquet table of records: ``read_input``) on ``spark`` with ``options`` (``copytrace scan``'s
    option names, underscored; ``partitions``: the number of parts of each stage, by
    default twice the default parallelism), writes the tables under ``out`` when given, and
    returns the result with the JSON report.

    Raises ``ValueError`` when the corpus cannot be read or holds no document.
    """
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    options = dict(options or {})
    settings = engine_options(options)
    sc = spark.sparkContext
    parts = int(options.get("partitions") or 2 * sc.defaultParallelism)

    corpus = read_input(spark, input_path, settings)
    n = len(corpus)
    ids, texts, dates, outlets, wires = corpus.inputs()
    table = pa.table(
        {
            "idx": pa.array(range(n), pa.int64()),
            "id": pa.array(ids, pa.string()),
            "text": pa.array(texts, pa.string()),
            "date": pa.array(dates, pa.string()),
            "outlet": pa.array(outlets, pa.string()),
            "wire": pa.array(wires, pa.bool_()),
        }
    )
    del texts
    docs = spark.createDataFrame(table).repartition(parts)

    # Stage 1.
    fps = docs.mapInArrow(
        _fingerprint(settings), "idx bigint, blob binary, hashes array<bigint>, rhashes array<bigint>"
    ).persist(StorageLevel.MEMORY_AND_DISK)

    # Stage 2.
    s2 = _native.stage2_settings(n, settings)
    postings = fps.select(F.col("idx").alias("doc"), F.explode("hashes").alias("h"))
    pairs, common = _candidates(spark, postings, s2["max_doc_freq"], s2["min_shared"], s2["lone_doc_freq"])
    pairs = pairs.withColumn("verbatim", F.lit(True))
    if s2["reword"]:
        rpostings = fps.select(F.col("idx").alias("doc"), F.explode("rhashes").alias("h"))
        rpairs, _ = _candidates(spark, rpostings, s2["reword_max_doc_freq"], s2["reword_min_shared"], s2["lone_doc_freq"])
    else:
        rpairs = spark.createDataFrame([], "a bigint, b bigint, shared bigint")
    rpairs = rpairs.persist(StorageLevel.MEMORY_AND_DISK)
    pairs = pairs.persist(StorageLevel.MEMORY_AND_DISK)
    common_rows = common.collect()
    common_bytes = np.array([r["h"] for r in common_rows], dtype="<i8").tobytes()
    common_b = sc.broadcast(common_bytes)

    # Every pair to align once, with the tiers that align it (a verbatim candidate keeps
    # its own count of shared fingerprints).
    v, r = pairs.alias("v"), rpairs.alias("r")
    todo = v.join(r, ["a", "b"], "full_outer").select(
        "a",
        "b",
        F.coalesce(F.col("v.shared"), F.col("r.shared")).alias("shared"),
        F.col("v.shared").isNotNull().alias("verbatim"),
        F.col("r.shared").isNotNull().alias("reword"),
    )
    todo = todo.withColumn("part", F.pmod(F.xxhash64("a"), F.lit(parts)).cast("int"))

    # Stage 3: each part gets the stage-1 output of its documents once, then its pairs.
    needed = (
        todo.select("part", F.col("a").alias("doc"))
        .union(todo.select("part", F.col("b").alias("doc")))
        .distinct()
        .join(fps.select(F.col("idx").alias("doc"), "blob"), "doc")
        .withColumn("kind", F.lit(0))
    )
    work = (
        needed.unionByName(todo.withColumn("kind", F.lit(1)), allowMissingColumns=True)
        .repartition(parts, "part")
        .sortWithinPartitions("part", "kind")
    )
    found = work.mapInArrow(_align(settings, common_b), "a bigint, b bigint, rank int, passage string, similarity bigint")
    passages = found.toArrow()

    # The report, by the command's code.
    blobs = fps.select("idx", "blob").orderBy("idx").toArrow()
    vp = pairs.select("a", "b", "shared").toArrow()
    rp = rpairs.select("a", "b", "shared").toArrow()
    cols = lambda t, *names: tuple(t.column(x).to_pylist() for x in names)  # noqa: E731
    report = _native.build_report(
        corpus,
        input_path,
        blobs.column("blob").to_pylist(),
        cols(vp, "a", "b", "shared"),
        cols(rp, "a", "b", "shared"),
        common_bytes,
        [r["df"] for r in common_rows],
        s2["max_doc_freq"],
        cols(passages, "a", "b", "rank", "passage")
        + (np.array(passages.column("similarity").to_pylist(), dtype=np.int64).view(np.uint64).tolist(),),
        settings,
    )
    fps.unpersist()
    pairs.unpersist()
    rpairs.unpersist()
    common_b.destroy()

    wire = json.loads(report)
    result = ScanResult(
        report=report,
        documents=n,
        candidate_pairs=len(set(zip(*cols(vp, "a", "b"))) | set(zip(*cols(rp, "a", "b")))),
        passages=passages.num_rows,
        partial=bool(wire["partial"]),
        found=any(p.get("passages") for p in wire["pairs"]),
    )
    if out is not None:
        for name in TABLES:
            records = wire.get(name) or []
            if not records:
                continue
            path = f"{out.rstrip('/')}/{name}"
            spark.createDataFrame(pa.Table.from_pylist(records)).write.mode("overwrite").parquet(path)
            result.tables[name] = path
    return result


def write_report(report: str, path: str) -> None:
    """Writes ``report`` to ``path`` whole: a temporary file beside it, renamed into place
    (no partial report)."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".copytrace-", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(report)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
