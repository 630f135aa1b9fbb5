//! Project chores: `cargo xtask <command>`.
//!
//! | command | what it does |
//! |---|---|
//! | `ci` | fmt check, clippy (warnings denied), all tests, docs (warnings denied) |
//! | `golden` | reruns the tests with `INSTA_UPDATE=always` to rewrite snapshots |
//! | `fuzz` | runs the AFL++ fuzz targets of `fuzz/` |
//! | `eval diff` | copytrace diff vs git word-diff vs a plain word diff on IteraTeR (EVALUATION.md) |
//! | `bench diff` | timings and memory of copytrace diff, git word-diff and GNU diff (BENCHMARKS.md) |
//! | `corpus synth` | a synthetic reuse corpus with exact ground truth |
//! | `eval scan` | PAN measures on the synthetic corpus, Clough & Stevenson AUC (EVALUATION.md) |
//! | `bench scan` | scan time, memory and scaling on synthetic corpora (BENCHMARKS.md) |
//! | `bench index` | incremental scan against an index vs a full re-scan; index size (BENCHMARKS.md) |
//! | `dist` | builds the release binary as shipped (static on Linux with glibc) and prints its path |

#![allow(clippy::print_stdout, clippy::print_stderr, reason = "xtask reports progress and results on the terminal")]

mod bench;
mod bench_index;
mod bench_scan;
mod ci;
mod eval_diff;
mod eval_scan;
mod fuzz;
mod material;
mod metrics;
mod rng;
mod synth;
mod util;

const COMMANDS: &str =
    "ci, golden, fuzz, eval diff, bench diff, corpus synth, eval scan, bench scan, bench index, dist";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Err(e) = run(&args) {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}

fn run(args: &[String]) -> anyhow::Result<()> {
    let cmd: Vec<&str> = args.iter().take(2).map(String::as_str).collect();
    match cmd.as_slice() {
        ["ci", ..] => ci::main(&args[1..]),
        ["golden", ..] => ci::golden(&args[1..]),
        ["fuzz", ..] => fuzz::main(&args[1..]),
        ["eval", "diff"] => eval_diff::main(&args[2..]),
        ["bench", "diff"] => bench::diff_main(&args[2..]),
        ["corpus", "synth"] => synth::main(&args[2..]),
        ["eval", "scan"] => eval_scan::main(&args[2..]),
        ["bench", "scan"] => bench_scan::main(&args[2..]),
        ["bench", "index"] => bench_index::main(&args[2..]),
        ["dist"] => util::build_release_copytrace().map(|bin| println!("{}", bin.display())),
        _ => anyhow::bail!("unknown xtask command {:?}; the commands are: {COMMANDS}", args.join(" ")),
    }
}
