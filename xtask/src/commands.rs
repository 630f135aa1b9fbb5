//! The commands of `cargo xtask`, one module each, all with the same signature:
//! `run(flags) -> anyhow::Result<()>`, where `flags` is the command's options from
//! [`crate::flags`]. The measuring code they share lives outside this module
//! ([`crate::measure`], [`crate::metrics`], [`crate::report`], [`crate::synth`], …).

pub mod bench_diff;
pub mod bench_html;
pub mod bench_index;
pub mod bench_scan;
pub mod bench_spark;
pub mod ci;
pub mod corpus_synth;
pub mod dist;
pub mod eval_diff;
pub mod eval_direction;
pub mod eval_scan;
pub mod fuzz;
pub mod golden;
pub mod setup_browser;
pub mod spark;
pub mod spark_cluster;

use crate::flags::{Bench, Command, Corpus, Eval, Setup, Spark};
use anyhow::Result;

/// Runs one command of the tree.
///
/// # Errors
/// Whatever the command fails with.
pub fn run(command: Command) -> Result<()> {
    match command {
        Command::Ci(f) => ci::run(f),
        Command::Golden(f) => golden::run(f),
        Command::Dist(f) => dist::run(f),
        Command::Fuzz(f) => fuzz::run(f),
        Command::Eval(Eval::Diff(f)) => eval_diff::run(f),
        Command::Eval(Eval::Scan(f)) => eval_scan::run(f),
        Command::Eval(Eval::Direction(f)) => eval_direction::run(f),
        Command::Bench(Bench::Diff(f)) => bench_diff::run(f),
        Command::Bench(Bench::Scan(f)) => bench_scan::run(f),
        Command::Bench(Bench::Index(f)) => bench_index::run(f),
        Command::Bench(Bench::Html(f)) => bench_html::run(f),
        Command::Bench(Bench::Spark(f)) => bench_spark::run(f),
        Command::Corpus(Corpus::Synth(f)) => corpus_synth::run(f),
        Command::Setup(Setup::Browser(f)) => setup_browser::run(f),
        Command::Spark(Spark::Setup(f)) => spark::setup(f),
        Command::Spark(Spark::Scan(f)) => spark::scan(f),
        Command::Spark(Spark::Test(f)) => spark::test(f),
        Command::Spark(Spark::Cluster(f)) => spark_cluster::run(f),
    }
}
