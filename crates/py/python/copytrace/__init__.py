"""copytrace on Apache Spark: the provenance engine's stages as a Python extension
(``copytrace._native``, built from Rust) and the Spark job (``copytrace.spark``) that
runs them on a cluster and writes the same report as ``copytrace scan --format json``.
"""

from copytrace import _native

FINGERPRINT_SCHEME = _native.FINGERPRINT_SCHEME

__all__ = ["FINGERPRINT_SCHEME"]
