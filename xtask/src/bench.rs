//! `cargo xtask bench diff`: wall time and peak memory of `copytrace diff` against
//! `git diff --no-index --word-diff` and GNU `diff`, on the licence pairs and on a pair of
//! about 5 MB built by editing a long real text. Results, as ratios against git's word diff
//! measured in the same run, go to BENCHMARKS.md.
//!
//! Timing: each tool runs `K` times per pair (default 5) after one warm-up run, the three
//! tools taking turns run by run (so that a shared machine's drifting load meets them
//! alike); the median wall time is reported. Peak memory: the maximum resident set size, from `/usr/bin/time -f
//! %M` when present, else by polling `VmHWM` in `/proc/<pid>/status` every 2 ms.

use crate::material;
use crate::rng::Rng;
use crate::util::{
    build_plain_release_copytrace, build_release_copytrace, median, shared_data, target_dir, workspace_root,
    write_section, Args,
};
use anyhow::{bail, Context, Result};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const USAGE: &str = "usage: cargo xtask bench diff [--runs K] [--size BYTES] [--no-write]

Times copytrace diff, git diff --no-index --word-diff and GNU diff on the licence pairs of
../shared/data/license-pairs and on a generated ~5 MB pair (median of K runs, default 5; peak
memory), and writes the ratios against git to BENCHMARKS.md.";

/// One measured run: wall time and peak resident memory in KiB.
#[derive(Clone, Copy, Debug)]
pub struct Sample {
    /// Wall time.
    pub wall: Duration,
    /// Peak resident set size in KiB (0 when unknown).
    pub max_rss_kib: u64,
}

/// Runs a command with stdout and stderr discarded, measuring wall time and peak memory.
/// `ok` decides which exit codes are success.
///
/// # Errors
/// When the command cannot start or exits with a code `ok` refuses.
pub fn measure(cmd: Command, ok: &dyn Fn(Option<i32>) -> bool) -> Result<Sample> {
    let time_bin = Path::new("/usr/bin/time");
    let report = tempfile::NamedTempFile::new().context("creating a temporary file")?;
    let use_time = time_bin.is_file();
    let mut run = if use_time {
        let mut c = Command::new(time_bin);
        c.arg("-f").arg("%M").arg("-o").arg(report.path()).arg(cmd.get_program()).args(cmd.get_args());
        if let Some(d) = cmd.get_current_dir() {
            c.current_dir(d);
        }
        for (k, v) in cmd.get_envs() {
            match v {
                Some(v) => c.env(k, v),
                None => c.env_remove(k),
            };
        }
        c
    } else {
        cmd
    };
    run.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
    let start = Instant::now();
    let mut child = run.spawn().context("starting the benchmarked command")?;
    let mut hwm = 0u64;
    let status = if use_time {
        child.wait()?
    } else {
        let status_path = format!("/proc/{}/status", child.id());
        loop {
            if let Some(s) = child.try_wait()? {
                break s;
            }
            if let Ok(s) = fs::read_to_string(&status_path) {
                if let Some(kb) = s.lines().find_map(|l| l.strip_prefix("VmHWM:")) {
                    hwm = hwm.max(kb.trim().trim_end_matches("kB").trim().parse().unwrap_or(0));
                }
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    };
    let wall = start.elapsed();
    if use_time {
        let text = fs::read_to_string(report.path()).unwrap_or_default();
        // /usr/bin/time writes "Command exited with non-zero status N" before the value.
        hwm = text.lines().filter_map(|l| l.trim().parse().ok()).next_back().unwrap_or(0);
        let code = text
            .lines()
            .find_map(|l| l.strip_prefix("Command exited with non-zero status "))
            .and_then(|c| c.trim().parse().ok())
            .or(if status.success() { Some(0) } else { status.code() });
        if !ok(code) {
            bail!("the command exited with {code:?}");
        }
    } else if !ok(status.code()) {
        bail!("the command exited with {status}");
    }
    Ok(Sample { wall, max_rss_kib: hwm })
}

/// For each command maker, the median wall time of `runs` runs and the peak memory of one
/// warm-up run before them, the commands taking turns run by run: on a shared machine whose
/// load drifts, each round compares the tools under the same conditions.
pub fn bench_turns(
    makers: &[&dyn Fn() -> Command],
    ok: &dyn Fn(Option<i32>) -> bool,
    runs: usize,
) -> Result<Vec<Sample>> {
    // The warm-up runs measure the peak memory; the timed runs start each command directly,
    // so that the start-up of GNU time is not in the timing of runs of a few milliseconds.
    let rss: Vec<u64> = makers.iter().map(|make| measure(make(), ok).map(|s| s.max_rss_kib)).collect::<Result<_>>()?;
    let mut walls = vec![Vec::new(); makers.len()];
    for _ in 0..runs {
        for (k, make) in makers.iter().enumerate() {
            walls[k].push(wall_time(make(), ok)?.as_secs_f64());
        }
    }
    Ok(walls
        .iter()
        .zip(rss)
        .map(|(w, r)| Sample { wall: Duration::from_secs_f64(median(w)), max_rss_kib: r })
        .collect())
}

/// The wall time of one run of `cmd` (stdin, stdout and stderr discarded), started directly.
///
/// # Errors
/// When the command cannot start or exits with a code `ok` refuses.
pub fn wall_time(mut cmd: Command, ok: &dyn Fn(Option<i32>) -> bool) -> Result<Duration> {
    cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
    let start = Instant::now();
    let status = cmd.status().context("starting the benchmarked command")?;
    let wall = start.elapsed();
    if !ok(status.code()) {
        bail!("the command exited with {status}");
    }
    Ok(wall)
}

/// Median wall time and the largest peak memory of `runs` runs (after one warm-up).
pub fn bench(make: &dyn Fn() -> Command, ok: &dyn Fn(Option<i32>) -> bool, runs: usize) -> Result<Sample> {
    measure(make(), ok)?;
    let mut walls = Vec::new();
    let mut rss = 0;
    for _ in 0..runs {
        let s = measure(make(), ok)?;
        walls.push(s.wall.as_secs_f64());
        rss = rss.max(s.max_rss_kib);
    }
    Ok(Sample { wall: Duration::from_secs_f64(median(&walls)), max_rss_kib: rss })
}

/// Runs `cargo xtask bench diff`.
///
/// # Errors
/// When the data is missing or a tool fails.
pub fn diff_main(args: &[String]) -> Result<()> {
    let mut a = Args::new(args, USAGE);
    if a.wants_help() {
        println!("{USAGE}");
        return Ok(());
    }
    let runs: usize = a.parsed("--runs")?.unwrap_or(5).max(1);
    let size: usize = a.parsed("--size")?.unwrap_or(5_000_000);
    let no_write = a.flag("--no-write");
    a.finish()?;

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
    pairs.push((format!("generated {:.1} MB pair", mb(old.len())), old_path, new_path));

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
        let git = || crate::eval_diff::git_word_diff_command(o, n, false);
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

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        f64::NAN
    }
}

#[allow(clippy::cast_precision_loss, reason = "memory sizes are far below 2^52")]
fn ratio_u(a: u64, b: u64) -> f64 {
    ratio(a as f64, b as f64)
}

#[allow(clippy::cast_precision_loss, reason = "sizes are far below 2^52")]
fn mb(n: usize) -> f64 {
    n as f64 / 1e6
}

/// `1.23 s / 45.6 MiB`.
pub fn fmt_sample(s: &Sample) -> String {
    let t = s.wall.as_secs_f64();
    let time = if t < 1.0 { format!("{:.1} ms", t * 1000.0) } else { format!("{t:.2} s") };
    #[allow(clippy::cast_precision_loss, reason = "memory sizes are far below 2^52")]
    let mem = s.max_rss_kib as f64 / 1024.0;
    format!("{time} / {mem:.1} MiB")
}

/// `12.3 KB` / `4.9 MB`.
#[allow(clippy::cast_precision_loss, reason = "sizes are far below 2^52")]
pub fn human_bytes(n: u64) -> String {
    if n >= 1_000_000 {
        format!("{:.1} MB", n as f64 / 1e6)
    } else {
        format!("{:.1} KB", n as f64 / 1e3)
    }
}

/// The CPU model from /proc/cpuinfo (or "this machine").
pub fn machine() -> String {
    fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("model name").map(|v| v.trim_start_matches([' ', '\t', ':']).to_owned()))
        })
        .unwrap_or_else(|| "this machine".to_owned())
}

/// The generated pair: OLD is real sentences (see [`material::sentences`]) shuffled into
/// paragraphs of 2 to 6 sentences, pass after pass (each pass a new shuffle) until `size`
/// bytes; NEW is OLD with deterministic edits (see [`edit_document`]).
///
/// # Errors
/// When the material cannot be read.
pub fn big_pair(size: usize) -> Result<(String, String)> {
    let sentences = material::sentences()?;
    if sentences.is_empty() {
        bail!("no sentences found in the shared data");
    }
    let mut rng = Rng::new(0x5EED_D1FF);
    let mut paragraphs: Vec<String> = Vec::new();
    let mut total = 0;
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    'outer: loop {
        rng.shuffle(&mut order);
        let mut i = 0;
        while i < order.len() {
            let k = rng.range(2, 6).min(order.len() - i);
            let p: Vec<&str> = order[i..i + k].iter().map(|&j| sentences[j].as_str()).collect();
            let p = p.join(" ");
            total += p.len() + 2;
            paragraphs.push(p);
            i += k;
            if total >= size {
                break 'outer;
            }
        }
    }
    let old = paragraphs.join("\n\n") + "\n";
    let new = edit_document(&paragraphs, &mut rng).join("\n\n") + "\n";
    Ok((old, new))
}

/// Deterministic editorial changes to a list of paragraphs: per paragraph, with small
/// probabilities, word substitutions, a deleted run of words, quote-style changes, a merge
/// with the next paragraph, a split at a sentence, deletion, and a move to a later place.
pub fn edit_document(paragraphs: &[String], rng: &mut Rng) -> Vec<String> {
    let vocab: Vec<&str> = paragraphs.iter().take(200).flat_map(|p| p.split_whitespace()).collect();
    let mut out: Vec<String> = Vec::with_capacity(paragraphs.len());
    let mut moving: Vec<(usize, String)> = Vec::new();
    let mut i = 0;
    while i < paragraphs.len() {
        let mut p = paragraphs[i].clone();
        i += 1;
        if rng.chance(0.03) {
            continue; // deleted
        }
        if rng.chance(0.10) {
            let mut w: Vec<String> = p.split_whitespace().map(str::to_owned).collect();
            for _ in 0..rng.range(1, 3) {
                let k = rng.below(w.len());
                w[k] = (*rng.pick(&vocab)).to_owned();
            }
            p = w.join(" ");
        }
        if rng.chance(0.05) {
            let mut w: Vec<&str> = p.split_whitespace().collect();
            if w.len() > 8 {
                let k = rng.below(w.len() - 4);
                w.drain(k..k + rng.range(1, 4));
            }
            p = w.join(" ");
        }
        if rng.chance(0.05) {
            p = curl_quotes(&p);
        }
        if rng.chance(0.03) && i < paragraphs.len() {
            p = format!("{p} {}", paragraphs[i]);
            i += 1;
        }
        if rng.chance(0.02) {
            let at = rng.range(i, i + 200);
            moving.push((at, p));
            continue;
        }
        if rng.chance(0.03) {
            let s = material::split_sentences(&p);
            if s.len() > 1 {
                let k = rng.range(1, s.len() - 1);
                out.push(s[..k].join(" "));
                p = s[k..].join(" ");
            }
        }
        out.push(p);
        let mut k = 0;
        while k < moving.len() {
            if moving[k].0 <= i {
                out.push(moving.remove(k).1);
            } else {
                k += 1;
            }
        }
    }
    out.extend(moving.into_iter().map(|m| m.1));
    out
}

/// Straight quotes and apostrophes to typographic ones, ` - ` to an en dash.
pub fn curl_quotes(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut prev = ' ';
    for c in s.chars() {
        match c {
            '"' => out.push(if prev.is_whitespace() || prev == '(' { '\u{201c}' } else { '\u{201d}' }),
            '\'' => out.push(if prev.is_whitespace() { '\u{2018}' } else { '\u{2019}' }),
            _ => out.push(c),
        }
        prev = c;
    }
    out.replace(" - ", " \u{2013} ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_curled() {
        assert_eq!(
            curl_quotes("He said \"it's over\" - then left"),
            "He said \u{201c}it\u{2019}s over\u{201d} \u{2013} then left"
        );
    }

    #[test]
    fn edits_are_deterministic_and_keep_most_text() {
        let paras: Vec<String> =
            (0..300).map(|i| format!("Paragraph {i} says \"hello\" here. It has two sentences number {i}.")).collect();
        let a = edit_document(&paras, &mut Rng::new(3));
        let b = edit_document(&paras, &mut Rng::new(3));
        assert_eq!(a, b);
        assert_ne!(a, paras);
        let kept = paras.iter().filter(|p| a.contains(p)).count();
        assert!(kept > 150 && kept < 300, "{kept}");
    }

    #[test]
    fn measures_a_command() {
        let s = measure(Command::new("true"), &|c| c == Some(0)).unwrap();
        assert!(s.wall > Duration::ZERO);
        assert!(measure(Command::new("false"), &|c| c == Some(0)).is_err());
        assert!(wall_time(Command::new("true"), &|c| c == Some(0)).unwrap() > Duration::ZERO);
        assert!(wall_time(Command::new("false"), &|c| c == Some(0)).is_err());
    }
}
