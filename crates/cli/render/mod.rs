//! Renderers: turn a result into bytes on any [`std::io::Write`].
//!
//! Every renderer takes its result, the inputs it describes, and a [`crate::style::Styles`];
//! none looks at the terminal or the environment, so tests compare their plain output
//! byte for byte.
//!
//! * [`diff_human`]: the report of `copytrace diff` for people (unified or side by side).
//! * [`scan_human`]: the report of `copytrace scan` and `copytrace trace` for people.
//!
//! The JSON reports are written by [`copytrace_report`].
//! * [`count`]: a number and its noun, singular or plural, for every message.

pub mod diff_human;
pub mod scan_human;

/// `n` and the noun agreeing with it: `count(1, "finding", "findings")` is `1 finding`,
/// `count(0, ...)` and `count(2, ...)` the plural. Every count in a message goes through it.
#[must_use]
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
