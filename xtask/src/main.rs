//! Project chores: `cargo xtask <command>`; `cargo xtask --help` lists the commands.
//!
//! - [`flags`]: the command tree (clap), the one list of commands and options;
//! - [`commands`]: one module per command;
//! - the measuring library the commands share: [`measure`] (wall time, peak memory),
//!   [`metrics`] (pure measures: P/R/F1, PAN, AUC, medians), [`marks`] (a diff's changed
//!   spans read from each tool's output and scored against human edits), [`report`] (figures and the
//!   generated Markdown sections), [`synth`], [`edits`], [`material`] and [`rng`] (synthetic
//!   corpora from real prose), [`workspace`] (paths, the release build, the tools measured),
//!   [`text_matcher`] (the peer tool, run and read);
//! - `tidy`: tests of the repository's own rules (the code map, no IO in the libraries, no
//!   lint allowance without a reason).

#![allow(clippy::print_stdout, clippy::print_stderr, reason = "xtask reports progress and results on the terminal")]

mod commands;
mod distractor;
mod edits;
mod flags;
mod marks;
mod material;
mod measure;
mod metrics;
mod report;
mod rewrite;
mod rng;
mod spark_api;
mod spark_model;
mod synonyms;
mod synth;
mod synth_direction;
mod text_matcher;
#[cfg(test)]
mod tidy;
mod watch;
mod workspace;

use clap::Parser;

fn main() {
    let flags = flags::Xtask::parse();
    if let Err(e) = commands::run(flags.command) {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}
