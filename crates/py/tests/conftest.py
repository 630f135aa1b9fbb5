"""Helpers of the Spark job's tests: a Spark session, the job and the ``copytrace`` binary
run on the same corpus with the same options, and their reports compared.

``cargo xtask spark test`` sets ``COPYTRACE_BIN`` (the binary to compare with) and
``COPYTRACE_SYNTH`` (a synthetic corpus with reuse from ``cargo xtask corpus synth``).
Other test modules (the standalone cluster, the fault test) reuse ``scan_both`` and
``assert_same_report`` with their own session.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def binary() -> str:
    path = os.environ.get("COPYTRACE_BIN") or str(ROOT / "target" / "debug" / "copytrace")
    if not Path(path).is_file():
        raise RuntimeError(f"{path}: the copytrace binary is missing (run `cargo xtask spark test`)")
    return path


def cli_flags(options: dict) -> list[str]:
    """``copytrace scan``'s flags for the job's ``options``."""
    flags: list[str] = []
    for key, value in options.items():
        if key == "partitions" or value is None:
            continue
        flag = "--" + key.replace("_", "-")
        if key == "follow":
            flags += [flag] if value else []
        elif key == "glob":
            for g in value:
                flags += [flag, g]
        elif isinstance(value, list):
            flags += [flag, ",".join(value)]
        else:
            flags += [flag, str(value)]
    return flags


def cli_scan(path: str, options: dict | None = None) -> tuple[str, int]:
    """``copytrace scan PATH --format json`` with ``options``: (report, exit status)."""
    out = subprocess.run(
        [binary(), "scan", path, "--format", "json", *cli_flags(options or {})],
        capture_output=True,
        check=False,
    )
    if out.returncode not in (0, 1, 3):
        raise AssertionError(f"copytrace scan failed ({out.returncode}): {out.stderr.decode(errors='replace')}")
    return out.stdout.decode("utf-8"), out.returncode


def scan_both(spark, path: str, options: dict | None = None, out: str | None = None):
    """The job's result and the binary's (report, status) on ``path`` with ``options``."""
    from copytrace.spark import run_scan

    return run_scan(spark, path, options, out=out), cli_scan(path, options)


def assert_same_report(spark, path: str, options: dict | None = None, out: str | None = None):
    """Runs both and checks the reports are equal byte for byte (nothing is normalised: the
    report holds no timing), and the exit statuses too. Returns the job's result."""
    result, (report, status) = scan_both(spark, path, options, out)
    if result.report != report:
        ours, theirs = json.loads(result.report), json.loads(report)
        for key in theirs:
            assert ours.get(key) == theirs[key], f"the reports differ in {key!r}"
        assert result.report == report, "the reports differ in layout"
    assert result.exit_code == status
    return result


@pytest.fixture(scope="session")
def spark():
    """A ``local[2]`` session for the whole test run."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("copytrace tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    yield session
    session.stop()


@pytest.fixture(scope="session")
def synth() -> str:
    """The synthetic corpus with reuse."""
    path = os.environ.get("COPYTRACE_SYNTH")
    if not path or not Path(path).is_dir():
        raise RuntimeError("COPYTRACE_SYNTH names no corpus (run `cargo xtask spark test`)")
    return path
