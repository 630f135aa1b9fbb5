//! Renderers: turn a result into bytes on any [`std::io::Write`].
//!
//! Every renderer takes its result, the inputs it describes, and a [`crate::style::Styles`];
//! none looks at the terminal or the environment, so tests compare their plain output
//! byte for byte.
//!
//! * [`diff_human`]: the report of `copytrace diff` for people (unified or side by side).
//! * [`diff_json`]: the JSON wire format of `copytrace diff --format json` (versioned,
//!   documented there).
//! * [`json`]: the JSON layout shared by every JSON report (deterministic, diff-friendly).

pub mod diff_human;
pub mod diff_json;
pub mod json;
pub mod scan_human;
pub mod scan_json;
