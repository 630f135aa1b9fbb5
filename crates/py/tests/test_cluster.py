"""The job on a standalone cluster (``cargo xtask spark cluster up``: a master and two
workers of one core on 127.0.0.1): the same report as ``copytrace scan --format json``,
and bad input reported as on one machine.

The cluster is started once for this module in a directory of its own and stopped at its
end.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, cli_scan

CORPUS = str(ROOT / "corpus")
ARTICLE = (ROOT / "corpus" / "williamson-leak-first-report.txt").read_text(encoding="utf-8")
UPDATED = (ROOT / "corpus" / "williamson-leak-updated-report.txt").read_text(encoding="utf-8")
HERE = Path(__file__).resolve().parent


def xtask(*args: str) -> str:
    """``cargo xtask ARGS`` in the workspace: its standard output, or an error with its stderr."""
    out = subprocess.run(["cargo", "xtask", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"cargo xtask {' '.join(args)} failed ({out.returncode}):\n{out.stderr}")
    return out.stdout


class Cluster:
    def __init__(self, directory: Path):
        self.dir = directory
        self.url = xtask("spark", "cluster", "up", "--dir", str(directory)).strip().splitlines()[-1]
        assert self.url.startswith("spark://127.0.0.1:"), self.url

    def state(self) -> dict:
        return json.loads((self.dir / "cluster.json").read_text(encoding="utf-8"))

    def master_status(self) -> dict:
        return get_json(self.state()["master_ui"] + "/json/")

    def down(self) -> None:
        xtask("spark", "cluster", "down", "--dir", str(self.dir))


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    c = Cluster(tmp_path_factory.mktemp("cluster"))
    try:
        yield c
    finally:
        c.down()
    assert not (c.dir / "cluster.json").exists()


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.load(r)


def env() -> dict:
    return dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable, SPARK_LOCAL_IP="127.0.0.1")


def test_the_cluster_is_up_with_two_workers(cluster):
    status = cluster.master_status()
    assert status["url"] == cluster.url
    assert sum(w["state"] == "ALIVE" for w in status["workers"]) == 2
    assert all(w["cores"] == 1 for w in status["workers"])
    # `up` again leaves the running cluster as it is.
    before = cluster.state()
    assert xtask("spark", "cluster", "up", "--dir", str(cluster.dir)).strip() == cluster.url
    assert cluster.state() == before
    assert [name for name, _ in before["pids"]] == ["master", "worker-1", "worker-2"]
    for name, pid in before["pids"]:
        assert (cluster.dir / f"{name}.pid").read_text().strip() == str(pid)
        assert b"org.apache.spark.deploy" in Path(f"/proc/{pid}/cmdline").read_bytes()


def test_the_same_reports_on_the_cluster_and_bad_input_reported(cluster, synth, tmp_path):
    good = [
        json.dumps({"id": "first", "text": ARTICLE, "date": "2019-05-04"}).encode(),
        json.dumps({"id": "updated", "text": UPDATED, "outlet": "Example News"}).encode(),
    ]
    bad = [
        b"this line is not JSON",
        json.dumps({"id": "binary", "text": "\u0000\u0001\u0002\u0003\u0004\u0005\u0006" * 20}).encode(),
        b'{"id": "latin1", "text": "caf\xe9 au lait, cr\xe8me br\xfbl\xe9e"}',
    ]
    records = tmp_path / "records.jsonl"
    records.write_bytes(b"\n".join(good[:1] + bad + good[1:]) + b"\n")
    inputs = [CORPUS, synth, str(records)]
    reports = [tmp_path / f"report-{i}.json" for i in range(len(inputs))]
    args = [a for pair in zip(inputs, map(str, reports)) for a in pair]
    out = subprocess.run(
        [sys.executable, str(HERE / "cluster_driver.py"), cluster.url, *args],
        capture_output=True,
        env=env(),
        timeout=900,
        check=False,
    )
    assert out.returncode == 0, out.stderr.decode(errors="replace")[-4000:]
    for path, report in zip(inputs, reports):
        expected, status = cli_scan(path)
        assert report.read_text(encoding="utf-8") == expected, f"the cluster's report differs on {path}"
        assert int(Path(str(report) + ".status").read_text()) == status, path
    # Not vacuous: the corpora have reuse, and the bad records are listed by line, the rest scanned.
    synth_report = json.loads(reports[1].read_text(encoding="utf-8"))
    assert len(synth_report["pairs"]) >= 20 and synth_report["clusters"]
    bad_report = json.loads(reports[2].read_text(encoding="utf-8"))
    listed = {s["path"] for s in bad_report["skipped"]} | {e["path"] for e in bad_report["errors"]}
    assert listed == {f"{records}:2", f"{records}:3"}
    assert [d["id"] for d in bad_report["documents"]] == ["first", "latin1", "updated"]
    assert bad_report["partial"] and bad_report["pairs"]
    # Each worker ran executors for the job: the work was spread.
    for worker in sorted(cluster.dir.glob("worker-*/")):
        assert any(worker.glob("app-*/*/stderr")), f"{worker} ran no executor"
