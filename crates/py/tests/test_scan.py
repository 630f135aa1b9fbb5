"""The Spark job's report equals ``copytrace scan --format json``'s, in ``local[2]``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq

from conftest import ROOT, assert_same_report, cli_scan

CORPUS = str(ROOT / "corpus")
ARTICLE = (ROOT / "corpus" / "williamson-leak-first-report.txt").read_text(encoding="utf-8")
UPDATED = (ROOT / "corpus" / "williamson-leak-updated-report.txt").read_text(encoding="utf-8")


def test_the_bundled_corpus(spark):
    result = assert_same_report(spark, CORPUS)
    report = json.loads(result.report)
    # Not a vacuous equality: the corpus has reuse, and a README set aside.
    assert report["summary"]["pairs"] >= 1 and report["passages"]
    assert [s["path"] for s in report["skipped"]] == ["README.md"]
    assert result.exit_code == 1


def test_a_synthetic_corpus_with_reuse(spark, synth, tmp_path):
    result = assert_same_report(spark, synth, out=str(tmp_path / "tables"))
    report = json.loads(result.report)
    assert report["summary"]["documents"] >= 100
    assert len(report["pairs"]) >= 20 and report["clusters"], "the corpus exercises pairs and clusters"
    assert {p["tier"] for p in report["passages"]} >= {"verbatim", "edited"}
    # The tables hold the report's records.
    for name in ("documents", "pairs", "passages", "clusters"):
        table = pq.read_table(result.tables[name])
        assert table.num_rows == len(report[name]), name
    passages = pq.read_table(result.tables["passages"]).to_pylist()
    assert sorted(p["id"] for p in passages) == [p["id"] for p in report["passages"]]


def test_common_text_and_the_lone_fingerprint_rule(spark, synth):
    # A low common-text limit sets fingerprints aside and a low lone limit makes most
    # shared fingerprints frequent: stage 2's exceptions decide pairs here.
    options = {"max_doc_freq": 3, "lone_doc_freq": 2, "min_words": 10, "partitions": 3}
    result = assert_same_report(spark, synth, options)
    report = json.loads(result.report)
    assert any(b["kind"] == "common-text" for b in report["boilerplate"]), "common text is exercised"
    wide = assert_same_report(spark, synth, {"lone_doc_freq": 1000, "max_doc_freq": 1000})
    assert json.loads(wide.report)["summary"] != report["summary"]


def test_options_reach_the_engine(spark):
    options = {"ngram": 4, "window": 3, "min_words": 12, "tiers": ["verbatim", "edited"], "partitions": 1}
    result = assert_same_report(spark, CORPUS, options)
    settings = json.loads(result.report)["settings"]
    assert (settings["ngram"], settings["window"], settings["min_words"]) == (4, 3, 12)


def write_jsonl(path: Path, lines: list[bytes]) -> None:
    path.write_bytes(b"\n".join(lines) + b"\n")


def test_bad_records_are_listed_by_id_and_the_rest_is_scanned(spark, tmp_path):
    good = [
        json.dumps({"id": "first", "text": ARTICLE, "date": "2019-05-04"}).encode(),
        json.dumps({"id": "updated", "text": UPDATED, "outlet": "Example News"}).encode(),
    ]
    bad = [
        b"this line is not JSON",
        json.dumps({"id": "binary", "text": "\u0000\u0001\u0002\u0003\u0004\u0005\u0006" * 20}).encode(),
        json.dumps({"id": "empty", "text": "   "}).encode(),
        json.dumps({"text": "no id"}).encode(),
        b'{"id": "latin1", "text": "caf\xe9 au lait, cr\xe8me br\xfbl\xe9e"}',
    ]
    path = tmp_path / "records.jsonl"
    write_jsonl(path, good[:1] + bad + good[1:])
    result = assert_same_report(spark, str(path))
    report = json.loads(result.report)
    assert [d["id"] for d in report["documents"]] == ["first", "latin1", "updated"]
    listed = {s["path"] for s in report["skipped"]} | {e["path"] for e in report["errors"]}
    assert listed == {f"{path}:{n}" for n in (2, 3, 4, 5)}
    assert report["partial"] and result.exit_code == 3
    assert report["pairs"], "the good records are still compared"


def test_bad_files_in_a_directory(spark, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(UPDATED, encoding="utf-8")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (tmp_path / "blank.txt").write_bytes(b"\n\n  \n")
    (tmp_path / "cp1252.txt").write_bytes(b"Caf\xe9 society \x93quoted\x94 text.")
    (tmp_path / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")
    result = assert_same_report(spark, str(tmp_path))
    report = json.loads(result.report)
    assert {s["path"] for s in report["skipped"]} == {"image.txt", "blank.txt", ".hidden.txt"}
    assert [w["path"] for w in report["warnings"]] == ["cp1252.txt"]


def test_an_unreadable_input_is_an_error_naming_it(spark, tmp_path):
    from copytrace.spark import run_scan

    missing = str(tmp_path / "nowhere")
    try:
        run_scan(spark, missing)
    except ValueError as e:
        assert "nowhere" in str(e)
    else:
        raise AssertionError("a missing corpus must be an error")


def test_the_command_line(tmp_path):
    report = tmp_path / "report.json"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
    out = subprocess.run(
        [sys.executable, "-m", "copytrace.spark", "scan", CORPUS, "--master", "local[2]", "--report", str(report),
         "--min-words", "10", "--partitions", "2"],
        capture_output=True,
        env=env,
        check=False,
    )
    expected, status = cli_scan(CORPUS, {"min_words": 10})
    assert out.returncode == status, out.stderr.decode(errors="replace")
    assert report.read_text(encoding="utf-8") == expected
    bad = subprocess.run(
        [sys.executable, "-m", "copytrace.spark", "scan", str(tmp_path / "nowhere"), "--master", "local[1]"],
        capture_output=True,
        env=env,
        check=False,
    )
    assert bad.returncode == 2 and b"nowhere" in bad.stderr


def test_a_parquet_table_of_records(spark, tmp_path):
    import pyarrow as pa

    rows = [
        {"id": "first", "text": ARTICLE, "date": "2019-05-04", "outlet": None},
        {"id": "binary", "text": "\u0000\u0001\u0002\u0003\u0004\u0005\u0006" * 20, "date": None, "outlet": None},
        {"id": "updated", "text": UPDATED, "date": None, "outlet": "Example News"},
        {"id": "blank", "text": "  ", "date": None, "outlet": None},
    ]
    table = tmp_path / "records.parquet"
    pq.write_table(pa.Table.from_pylist(rows), table)
    # The same records as JSON Lines, for the binary (which reads no Parquet).
    lines = tmp_path / "records.jsonl"
    write_jsonl(lines, [json.dumps({k: v for k, v in r.items() if v is not None}).encode() for r in rows])
    from copytrace.spark import run_scan

    result = run_scan(spark, str(table))
    expected, status = cli_scan(str(lines))
    # The one difference: the name records are reported under.
    assert result.report.replace(str(table), str(lines)) == expected
    assert result.exit_code == status == 1
    report = json.loads(result.report)
    assert [d["id"] for d in report["documents"]] == ["first", "updated"]
    assert {s["path"] for s in report["skipped"]} == {f"{table}:2", f"{table}:4"}
