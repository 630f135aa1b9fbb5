//! A long run of `copytrace` watched as it goes ([`watch`]): its resident memory polled every
//! 200 ms and the step it is in, read from its own progress bars, which it draws only on a
//! terminal, so the command runs under `script` (util-linux), which gives it one. Above a
//! memory limit the run is killed and the step it had reached is the answer to "where did
//! the memory run out": the ceiling measure of `cargo xtask bench spark`.

use anyhow::{bail, Context, Result};
use std::collections::HashMap;
use std::ffi::OsStr;
use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The labels of `copytrace scan`'s progress bars, in the order of its steps, with the step
/// they stand for.
const STEPS: &[(&str, &str)] =
    &[("reading", "reading"), ("fingerprints", "fingerprinting"), ("aligning", "candidates, alignment and analysis")];

/// What a watched run did.
#[derive(Debug, Clone, PartialEq)]
pub struct Watched {
    /// Wall time until it exited or was killed.
    pub wall: Duration,
    /// Peak resident memory, KiB.
    pub peak_kib: u64,
    /// The exit code; `None` when killed.
    pub code: Option<i32>,
    /// Whether it was killed for going over the memory limit.
    pub over_limit: bool,
    /// The step it was in at its peak memory.
    pub step_at_peak: String,
    /// Seconds spent in each step, in order (from the progress bars' appearance).
    pub steps: Vec<(String, f64)>,
}

/// Runs `program args… > stdout_to` under a terminal, polling its memory; kills it when its
/// resident memory exceeds `limit_kib`.
///
/// # Errors
/// When `script` or the program cannot be started.
pub fn watch(program: &Path, args: &[&OsStr], stdout_to: &Path, limit_kib: u64) -> Result<Watched> {
    let quote = |s: &OsStr| format!("'{}'", s.to_string_lossy().replace('\'', r"'\''"));
    let mut line = quote(program.as_os_str());
    for a in args {
        line.push(' ');
        line.push_str(&quote(a));
    }
    line.push_str(" > ");
    line.push_str(&quote(stdout_to.as_os_str()));
    let name = program.file_name().context("a program name")?.to_string_lossy().into_owned();
    let start = Instant::now();
    let mut child = Command::new("script")
        .args(["-qfec", &line, "/dev/null"])
        .env("COLUMNS", "120")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .context("starting `script` (util-linux), which gives the run a terminal")?;
    let log: Arc<Mutex<Vec<(String, f64)>>> = Arc::new(Mutex::new(Vec::new()));
    let mut out = child.stdout.take().context("script's output")?;
    let reader = {
        let log = Arc::clone(&log);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let text = String::from_utf8_lossy(&buf[..n]);
                if let Some(step) = last_step(&text) {
                    let mut log = log.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                    if log.last().is_none_or(|(s, _)| *s != step) {
                        log.push((step, start.elapsed().as_secs_f64()));
                    }
                }
            }
        })
    };
    let mut peak = 0u64;
    let mut step_at_peak = String::new();
    let mut over = false;
    let status = loop {
        if let Some(s) = child.try_wait()? {
            break s;
        }
        if let Some(pid) = descendant_named(child.id(), &name) {
            let rss = rss_kib(pid);
            if rss > peak {
                peak = rss;
                step_at_peak = log
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .last()
                    .map(|s| s.0.clone())
                    .unwrap_or_default();
            }
            if rss > limit_kib && !over {
                over = true;
                let _ = Command::new("kill").args(["-KILL", &pid.to_string()]).status();
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let wall = start.elapsed();
    let _ = reader.join();
    let log = log.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
    let end = wall.as_secs_f64();
    let steps =
        log.iter().enumerate().map(|(i, (s, t))| (s.clone(), log.get(i + 1).map_or(end, |n| n.1) - t)).collect();
    if !over && status.code().is_none() {
        bail!("{name} was killed from outside ({status})");
    }
    Ok(Watched {
        wall,
        peak_kib: peak,
        code: if over { None } else { status.code() },
        over_limit: over,
        step_at_peak,
        steps,
    })
}

/// The step the last progress line of `text` names; after a line cleared with no new bar,
/// the step after the last one named ("after …"). ANSI escapes are left out.
fn last_step(text: &str) -> Option<String> {
    let plain = strip_ansi(text);
    let mut found = None;
    for piece in plain.split(['\r', '\n']) {
        if let Some((_, step)) = STEPS.iter().find(|(label, _)| piece.contains(label)) {
            found = Some((*step).to_owned());
        }
    }
    if found.is_none() && text.contains("\x1b[2K") && !plain.trim().is_empty() {
        return None;
    }
    found
}

/// `text` without ANSI CSI escape sequences.
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' && chars.peek() == Some(&'[') {
            chars.next();
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The resident memory of `pid` (`VmRSS`), KiB; 0 when gone.
fn rss_kib(pid: u32) -> u64 {
    fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// A descendant of `root` whose command name is `name`.
fn descendant_named(root: u32, name: &str) -> Option<u32> {
    let mut parent: HashMap<u32, u32> = HashMap::new();
    let mut comm: HashMap<u32, String> = HashMap::new();
    for e in fs::read_dir("/proc").ok()?.flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else { continue };
        let Ok(stat) = fs::read_to_string(e.path().join("stat")) else { continue };
        // "pid (comm) state ppid …": comm may hold spaces and parentheses.
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else { continue };
        let ppid = stat[close + 2..].split_whitespace().nth(1).and_then(|p| p.parse().ok()).unwrap_or(0);
        parent.insert(pid, ppid);
        comm.insert(pid, stat[open + 1..close].to_owned());
    }
    let short: String = name.chars().take(15).collect();
    comm.iter().filter(|(_, c)| **c == short).map(|(p, _)| *p).find(|&p| {
        let mut q = p;
        while let Some(&pp) = parent.get(&q) {
            if pp == root {
                return true;
            }
            if pp == 0 || pp == q {
                break;
            }
            q = pp;
        }
        false
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_lines_name_the_step() {
        assert_eq!(last_step("\r\x1b[2K  fingerprints [====>   ] 10/20"), Some("fingerprinting".to_owned()));
        assert_eq!(
            last_step("\x1b[32m⠁ reading\x1b[0m\r\x1b[2K    aligning [=>  ]  3% 00:01"),
            Some("candidates, alignment and analysis".to_owned())
        );
        assert_eq!(last_step("\r\x1b[2K"), None);
        assert_eq!(strip_ansi("a\x1b[1;31mb\x1b[0mc"), "abc");
    }

    #[test]
    fn a_run_is_watched_and_its_memory_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        // `sh` stands for the program: its output goes to the file, its exit code comes back.
        let w =
            watch(Path::new("/bin/sh"), &[OsStr::new("-c"), OsStr::new("sleep 0.5; echo x; exit 3")], &out, u64::MAX)
                .unwrap();
        assert_eq!((w.code, w.over_limit), (Some(3), false));
        assert_eq!(fs::read_to_string(&out).unwrap().trim(), "x");
        assert!(w.wall >= Duration::from_millis(500) && w.peak_kib > 0, "{w:?}");
        // A limit of 1 KiB: killed at the first poll.
        let w = watch(Path::new("/bin/sh"), &[OsStr::new("-c"), OsStr::new("sleep 5")], &out, 1).unwrap();
        assert!(w.over_limit && w.code.is_none() && w.wall < Duration::from_secs(4), "{w:?}");
    }
}
