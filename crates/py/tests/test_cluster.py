"""The job on a standalone cluster (``cargo xtask spark cluster up``: a master and two
workers of one core on 127.0.0.1): the same report as ``copytrace scan --format json``,
bad input reported as on one machine, and a worker killed in the middle of the align
stage survived through Spark's task retry with the same report.

The cluster is started once for this module in a directory of its own and stopped at its
end; the fault test runs last, as it leaves one worker.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, cli_scan

CORPUS = str(ROOT / "corpus")
ARTICLE = (ROOT / "corpus" / "williamson-leak-first-report.txt").read_text(encoding="utf-8")
UPDATED = (ROOT / "corpus" / "williamson-leak-updated-report.txt").read_text(encoding="utf-8")
HERE = Path(__file__).resolve().parent
# Parts of each stage in the fault test: the align stage has as many tasks.
PARTS = 12


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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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


def align_call_site() -> str:
    """``job.py:LINE`` of the action that runs the align stage (``found.toArrow()``): the
    name Spark gives its jobs (the Python call site)."""
    from copytrace.spark import job

    source = Path(job.__file__).read_text(encoding="utf-8").splitlines()
    lines = [i + 1 for i, line in enumerate(source) if "found.toArrow()" in line]
    assert len(lines) == 1, "the align stage's action is found.toArrow() in job.py"
    return f"job.py:{lines[0]}"


def test_a_worker_killed_during_the_align_stage(cluster, tmp_path):
    """The fault test: a worker (with its executor and Python workers) killed by SIGKILL
    while tasks of the align stage run; the job completes through task retry on the other
    worker, and the report is the command's."""
    corpus = tmp_path / "synth"
    xtask("corpus", "synth", "--docs", "1000", "--seed", "5", "--out", str(corpus))
    expected, status = cli_scan(str(corpus))
    events = tmp_path / "events"
    events.mkdir()
    ui = free_port()
    report = tmp_path / "report.json"
    import pyspark
    from copytrace import spark as job_package

    submit = Path(pyspark.__file__).parent / "bin" / "spark-submit"
    entry = Path(job_package.__file__).parent / "__main__.py"
    run = subprocess.Popen(
        [
            str(submit), "--master", cluster.url, "--executor-memory", "1g",
            "--conf", f"spark.ui.port={ui}", "--conf", "spark.ui.showConsoleProgress=false",
            # Without adaptive execution and broadcast joins an action is one job whose last
            # stage is its result stage: the align stage is then max(stageIds) of the job at
            # found.toArrow() (adaptive execution runs each shuffle, and a broadcast join
            # its build side, as a job of its own, named alike).
            "--conf", "spark.sql.adaptive.enabled=false",
            "--conf", "spark.sql.autoBroadcastJoinThreshold=-1",
            # Spark SQL's 200 shuffle partitions are 200 tasks per join on two cores.
            "--conf", "spark.sql.shuffle.partitions=8",
            "--conf", "spark.eventLog.enabled=true", "--conf", f"spark.eventLog.dir=file://{events}",
            "--conf", "spark.eventLog.rolling.enabled=false", "--conf", "spark.eventLog.compress=false",
            str(entry), "scan", str(corpus), "--report", str(report), "--partitions", str(PARTS),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env(),
    )
    site = align_call_site()
    api = f"http://127.0.0.1:{ui}/api/v1/applications"
    victim = dict(cluster.state()["pids"])["worker-1"]
    killed_in = None
    deadline = time.monotonic() + 1200
    try:
        while run.poll() is None and killed_in is None and time.monotonic() < deadline:
            time.sleep(0.05)
            try:
                apps = get_json(api)
                jobs = get_json(f"{api}/{apps[0]['id']}/jobs?status=running")
            except (OSError, ValueError, IndexError):
                continue
            for j in jobs:
                if site not in j["name"]:
                    continue
                # The align stage: the job's result stage, its last, one task per part.
                stage = max(j["stageIds"])
                try:
                    attempts = get_json(f"{api}/{apps[0]['id']}/stages/{stage}")
                except (OSError, ValueError):
                    continue
                if any(
                    a["status"] == "ACTIVE" and a["numTasks"] == PARTS and a["numActiveTasks"] > 0
                    and a["numCompleteTasks"] < a["numTasks"] - 2
                    for a in attempts
                ):
                    os.killpg(victim, signal.SIGKILL)
                    killed_in = stage
                    break
        stdout, stderr = run.communicate(timeout=1200)
    finally:
        if run.poll() is None:
            run.kill()
    assert killed_in is not None, "the align stage was never seen running: the worker was not killed"
    assert run.returncode == status, stderr.decode(errors="replace")[-4000:]
    assert report.read_text(encoding="utf-8") == expected, "the report after the fault differs"
    assert json.loads(expected)["pairs"], "the corpus has reuse"
    # The fault happened where it should: the event log shows the executor lost and tasks of
    # the align stage failed by it, then the stage completed.
    log = next(p for p in events.iterdir() if p.is_file())
    lines = [json.loads(x) for x in log.read_text(encoding="utf-8").splitlines() if x.strip()]
    assert any(e["Event"] == "SparkListenerExecutorRemoved" for e in lines)
    lost = [
        e for e in lines
        if e["Event"] == "SparkListenerTaskEnd" and e["Stage ID"] == killed_in
        and e["Task End Reason"]["Reason"] != "Success"
    ]
    assert lost, "no task of the align stage failed: the kill did not land in it"
    completed = {e["Stage Info"]["Stage ID"] for e in lines if e["Event"] == "SparkListenerStageCompleted"
                 and "Failure Reason" not in e["Stage Info"]}
    assert killed_in in completed or any(
        e["Event"] == "SparkListenerJobEnd" and e["Job Result"]["Result"] == "JobSucceeded" for e in lines
    )
