//! Corpus-wide text-reuse detection (work in progress).

pub mod align;
pub mod banded;
pub mod candidates;
pub mod config;
pub mod fingerprint;
pub mod winnow;

pub use align::{align_pair, BoilerplateReason, ParagraphRange, Passage, PassageKind, PassageSide};
pub use candidates::{candidates, candidates_where, CandidatePair, Candidates, CommonFingerprint};
pub use config::Config;
pub use fingerprint::{fingerprint, DocFingerprints, DocInput, Fingerprint, ParagraphInfo, Word, WordRange};
