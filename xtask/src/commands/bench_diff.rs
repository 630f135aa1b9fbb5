//! `cargo xtask bench diff`: wall time and peak memory of `copytrace diff` against
//! `git diff --no-index --word-diff` and GNU `diff`, on the licence pairs and on a pair of
//! about 5 MB built by editing a long real text ([`crate::edits::big_pair`]). Results, as
//! ratios against git's word diff measured in the same run, go to BENCHMARKS.md.
//!
//! Timing: each tool runs `K` times per pair (default 5) after one warm-up run, the tools
//! taking turns run by run (so that a shared machine's drifting load meets them alike); the
//! median wall time is reported, the peak memory of the warm-up run
//! ([`crate::measure::bench_turns`]).

use crate::edits::big_pair;
use crate::flags::BenchDiff;
use crate::measure::bench_turns;
use crate::report::{fmt_sample, human_bytes, machine, mb, ratio, ratio_u, write_section};
use crate::workspace::{
    build_plain_release_copytrace, build_release_copytrace, git_word_diff_command, shared_data, target_dir,
    workspace_root,
};
use anyhow::{bail, Context, Result};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs `cargo xtask bench diff`.
///
/// # Errors
/// When the data is missing or a tool fails.
pub fn run(flags: BenchDiff) -> Result<()> {
    let BenchDiff { runs, size, no_write } = flags;
    let runs = runs.max(1);

    let bin = build_release_copytrace()?;
    // The plain `cargo build --release` binary too, when the shipped one is built otherwise
    // (statically linked): what a `cargo install` gives.
    let plain = Some(build_plain_release_copytrace()?).filter(|p| *p != bin);
    let licences = shared_data()?.join("license-pairs");
    let csv = fs::read_to_string(licences.join("pairs.csv")).context("reading license-pairs/pairs.csv")?;
    let mut pairs: Vec<(String, PathBuf, PathBuf)> = Vec::new();
    for line in csv.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let mut f = line.splitn(3, ',');
        let (Some(old), Some(new)) = (f.next(), f.next()) else { bail!("pairs.csv: bad line {line:?}") };
        pairs.push((format!("{old} → {new}"), licences.join(old), licences.join(new)));
    }
    let dir = target_dir().join("xtask-bench");
    fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let (old, new) = big_pair(size)?;
    let (old_path, new_path) = (dir.join("big-old.txt"), dir.join("big-new.txt"));
    fs::write(&old_path, &old)?;
    fs::write(&new_path, &new)?;
    pairs.push((format!("generated {:.1} MB pair", mb(old.len() as u64)), old_path, new_path));

    let diff_ok = |c: Option<i32>| matches!(c, Some(0 | 1));
    let mut table = String::new();
    table.push_str(&format!(
        "Measured by `cargo xtask bench diff --runs {runs}` on {} ({} cores): median wall time of {runs} runs after \
         one warm-up (the tools taking turns run by run, each started directly), peak resident memory of the warm-up run; ratios are against \
         `git diff --no-index --word-diff` on the same pair in the same run (below 1 is faster / smaller). Output goes to /dev/null; copytrace prints its human report \
         (`--color never`).\n\n",
        machine(),
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
    ));
    if plain.is_some() {
        table.push_str(
            "`copytrace diff` is the binary as shipped (`cargo xtask dist`: statically linked); \
             *dynamic build* is the same program from a plain `cargo build --release`, which pays the \
             dynamic loader's start-up on every run.\n\n",
        );
    }
    let (plain_head, plain_rule) =
        if plain.is_some() { (" dynamic build | ratio time |", "---:|---:|") } else { ("", "") };
    table.push_str(&format!(
        "| pair | size (old + new) | git word-diff | copytrace diff | ratio time | ratio memory |{plain_head} GNU diff \
         | ratio time | ratio memory |\n|---|---:|---:|---:|---:|---:|{plain_rule}---:|---:|---:|\n",
    ));
    for (name, o, n) in &pairs {
        println!("== {name}");
        let git = || git_word_diff_command(o, n, false);
        let copytrace = |binary: &Path| {
            let mut c = Command::new(binary);
            c.args(["diff", "--color", "never"]).arg(o).arg(n);
            c
        };
        let ct = || copytrace(&bin);
        let gnu = || {
            let mut c = Command::new("diff");
            c.arg(o).arg(n);
            c
        };
        let dynamic = || copytrace(plain.as_ref().unwrap_or(&bin));
        let mut tools: Vec<&dyn Fn() -> Command> = vec![&git, &ct, &gnu];
        if plain.is_some() {
            tools.push(&dynamic);
        }
        let samples = bench_turns(&tools, &diff_ok, runs)?;
        let (git, ct, gnu) = (&samples[0], &samples[1], &samples[2]);
        let plain_cells = samples.get(3).map_or_else(String::new, |d| {
            format!(" {} | {:.2} |", fmt_sample(d), ratio(d.wall.as_secs_f64(), git.wall.as_secs_f64()))
        });
        let bytes = fs::metadata(o)?.len() + fs::metadata(n)?.len();
        let row = format!(
            "| {name} | {} | {} | {} | {:.2} | {:.2} |{plain_cells} {} | {:.2} | {:.2} |\n",
            human_bytes(bytes),
            fmt_sample(git),
            fmt_sample(ct),
            ratio(ct.wall.as_secs_f64(), git.wall.as_secs_f64()),
            ratio_u(ct.max_rss_kib, git.max_rss_kib),
            fmt_sample(gnu),
            ratio(gnu.wall.as_secs_f64(), git.wall.as_secs_f64()),
            ratio_u(gnu.max_rss_kib, git.max_rss_kib),
        );
        print!("{row}");
        table.push_str(&row);
    }
    table.push_str(
        "\nCells are `median time / peak memory`. The generated pair is built by `cargo xtask bench diff` \
         (see BENCHMARKS.md) and kept in `target/xtask-bench/`.\n",
    );
    println!("\n{table}");
    if no_write {
        return Ok(());
    }
    write_section(&workspace_root().join("BENCHMARKS.md"), "bench-diff", "# Benchmarks\n", &table)
}
