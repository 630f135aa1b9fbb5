//! Corpus-wide text-reuse detection (work in progress).

pub mod banded;
pub mod config;
pub mod fingerprint;
pub mod winnow;

pub use config::Config;
pub use fingerprint::{fingerprint, DocFingerprints, DocInput, Fingerprint, ParagraphInfo, Word, WordRange};
