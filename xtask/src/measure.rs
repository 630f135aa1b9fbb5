//! Measuring a command: wall time and peak memory of one run ([`measure`], [`wall_time`]),
//! and of repeated runs ([`bench()`], [`bench_turns`]).
//!
//! Timing: the median wall time of the timed runs, after one warm-up run. Peak memory: the
//! maximum resident set size, from `/usr/bin/time -f %M` when present, else by polling
//! `VmHWM` in `/proc/<pid>/status` every 2 ms.

use crate::metrics::median;
use anyhow::{bail, Context, Result};
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_a_command() {
        let s = measure(Command::new("true"), &|c| c == Some(0)).unwrap();
        assert!(s.wall > Duration::ZERO);
        assert!(measure(Command::new("false"), &|c| c == Some(0)).is_err());
        assert!(wall_time(Command::new("true"), &|c| c == Some(0)).unwrap() > Duration::ZERO);
        assert!(wall_time(Command::new("false"), &|c| c == Some(0)).is_err());
        let turns = bench_turns(&[&|| Command::new("true"), &|| Command::new("true")], &|c| c == Some(0), 2).unwrap();
        assert_eq!(turns.len(), 2);
        assert!(bench(&|| Command::new("false"), &|c| c == Some(0), 1).is_err());
    }
}
