"""A driver for the standalone-cluster tests (``test_cluster.py``): runs the job on the
cluster at ``MASTER`` for each ``INPUT REPORT`` pair of its arguments, writing each report
and its exit status (``REPORT.status``). One driver for all the inputs: a Spark driver
starts in seconds, not milliseconds.

    python cluster_driver.py MASTER INPUT REPORT [INPUT REPORT ...]
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    master, rest = argv[0], argv[1:]
    from pyspark.sql import SparkSession

    from copytrace.spark.job import run_scan, write_report

    spark = (
        SparkSession.builder.master(master)
        .appName("copytrace cluster tests")
        .config("spark.ui.enabled", "false")
        .config("spark.executor.memory", "1g")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    try:
        for input_path, report in zip(rest[::2], rest[1::2]):
            result = run_scan(spark, input_path, {"partitions": 4})
            write_report(result.report, report)
            Path(report + ".status").write_text(str(result.exit_code), encoding="utf-8")
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
