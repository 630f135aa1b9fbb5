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

pub mod diff_human;
pub mod scan_human;
