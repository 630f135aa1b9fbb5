//! One module per command, each a straight pipeline with the same entry point,
//! `run(&Args, &Term) -> anyhow::Result<ExitCode>`: arguments ([`crate::args`]) → source
//! (a corpus, or a corpus plus an index) → analysis (the library crates) → gates
//! ([`crate::gates`], `scan` only) → writers ([`crate::render`], [`crate::output`]).
//!
//! No command module imports another; shared steps live beside them: [`crate::source`]
//! (reading a corpus with progress, fingerprinting), [`crate::index_file`] (the index on
//! disk), [`crate::gates`] and [`crate::output`].

pub mod completions;
pub mod diff;
pub mod index;
pub mod man;
pub mod scan;
pub mod schema;
pub mod trace;
