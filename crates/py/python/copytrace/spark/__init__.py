"""The Spark job: ``run_scan(spark, input_path, options)`` (see ``copytrace.spark.job``)
and its command line, ``spark-submit .../copytrace/spark/__main__.py scan INPUT ...``."""

from copytrace.spark.job import ScanResult, run_scan

__all__ = ["ScanResult", "run_scan"]
