"""``copytrace.spark``'s command line, for ``spark-submit``:

    spark-submit [--master URL] path/to/copytrace/spark/__main__.py scan INPUT \\
        --report REPORT.json [--out DIR] [--ngram N] [--min-words N] [--max-doc-freq N] ...

or ``python -m copytrace.spark scan INPUT --master local[2] ...``. The options are named
as ``copytrace scan``'s; the exit status is the command's: 0 nothing found, 1 reuse
found, 2 error (the input cannot be read, bad usage), 3 partial (some files or records
could not be read; listed in the report).
"""

from __future__ import annotations

import argparse
import sys


def _csv(value: str) -> list[str]:
    return [v for v in (x.strip() for x in value.split(",")) if v]


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="copytrace.spark", description="copytrace on Apache Spark.")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("scan", help="every passage shared by two documents, on Spark")
    s.add_argument("input", metavar="INPUT", help="a directory of articles, a .jsonl file of records, or one file")
    s.add_argument("--report", metavar="REPORT.json", help="write the JSON report here (as copytrace scan --format json)")
    s.add_argument("--out", metavar="DIR", help="write the documents, pairs, passages and clusters tables (Parquet) here")
    s.add_argument("--master", metavar="URL", help="Spark master (default: spark-submit's, or local[*])")
    s.add_argument("--partitions", type=int, metavar="N", help="parts of each stage (default: 2 x default parallelism)")
    for name, kind, meta in (
        ("--ngram", int, "N"),
        ("--window", int, "N"),
        ("--min-words", int, "N"),
        ("--max-gap", int, "N"),
        ("--min-similarity", float, "X"),
        ("--max-doc-freq", int, "N"),
        ("--lone-doc-freq", int, "N"),
        ("--max-file-size", str, "SIZE"),
    ):
        s.add_argument(name, type=kind, metavar=meta, help="as copytrace scan's")
    s.add_argument("--wire-outlets", type=_csv, metavar="LIST", help="as copytrace scan's")
    s.add_argument("--tiers", type=_csv, metavar="LIST", help="as copytrace scan's")
    s.add_argument("--glob", action="append", metavar="PATTERN", help="as copytrace scan's (repeatable)")
    s.add_argument("--follow", action="store_true", help="as copytrace scan's")
    return p


def options_of(args: argparse.Namespace) -> dict:
    """The job's options from the parsed command line (unset ones left out)."""
    from copytrace.spark.job import ENGINE_OPTIONS

    # The job's options (one list, in job.py), `follow` a flag here; and Spark's partitions.
    keys = tuple(k for k in ENGINE_OPTIONS if k != "follow") + ("partitions",)
    opts = {k: getattr(args, k) for k in keys if getattr(args, k) is not None}
    if args.follow:
        opts["follow"] = True
    return opts


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    from pyspark.sql import SparkSession

    from copytrace.spark.job import run_scan, write_report

    builder = SparkSession.builder.appName("copytrace scan")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        result = run_scan(spark, args.input, options_of(args), out=args.out)
    except ValueError as e:
        print(f"copytrace.spark: {e}", file=sys.stderr)
        spark.stop()
        return 2
    if args.report:
        write_report(result.report, args.report)
    else:
        sys.stdout.write(result.report)
    print(
        f"copytrace.spark: {result.documents} documents, {result.candidate_pairs} candidate pairs, "
        f"{result.passages} passages",
        file=sys.stderr,
    )
    spark.stop()
    return result.exit_code


if __name__ == "__main__":
    sys.exit(main())
