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
//! * [`count`]: a number and its noun, singular or plural, for every message.

pub mod diff_human;
pub mod diff_json;
pub mod json;
pub mod scan_human;
pub mod scan_json;

/// `n` and the noun agreeing with it: `count(1, "finding", "findings")` is `1 finding`,
/// `count(0, ...)` and `count(2, ...)` the plural. Every count in a message goes through it.
#[must_use]
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
