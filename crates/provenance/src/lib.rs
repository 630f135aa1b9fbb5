//! Corpus-wide text-reuse detection (work in progress).
