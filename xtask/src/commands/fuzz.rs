//! `cargo xtask fuzz`: runs the AFL++ fuzz targets of `fuzz/` one after the other.
//!
//! ```text
//! cargo xtask fuzz [--seconds N] [--target NAME]... [--timeout-ms MS]
//! ```
//!
//! For each target (every `fuzz/src/bin/*.rs`, in name order, or only those named):
//!
//! 1. the input corpus is rebuilt from scratch in `fuzz/out/<target>/in`, deterministically:
//!    the committed seeds `fuzz/seeds/<target>/`, the saved regressions
//!    `fuzz/regressions/<target>/`, and inputs made from the articles in `corpus/` (the same
//!    ones `crates/*/tests/fuzz_regressions.rs` check);
//! 2. every input is first replayed once through the target outside AFL, so a seed that
//!    already fails is reported too (AFL would only skip it);
//! 3. `cargo afl fuzz` runs for `--seconds` (default 60) on one core (rayon limited to one
//!    thread too), with a fixed random seed
//!    and the dictionary `fuzz/prose.dict`; its log goes to `fuzz/out/<target>.log`;
//! 4. crashes and hangs are copied to `fuzz/artifacts/<target>/` (`crash-N`, `hang-N`;
//!    an input already saved there is not saved twice) and replayed to show their panic.
//!
//! The command fails, listing every failing input with its message, if any target crashed
//! or hung. It needs `cargo-afl` (`cargo install cargo-afl`); see `fuzz/README.md`.

use crate::flags::Fuzz;
use crate::workspace::workspace_root;
use anyhow::{bail, Context, Result};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs `cargo xtask fuzz`.
///
/// # Errors
/// When cargo-afl is missing, a build or a fuzzer fails to run, or any target crashed or hung
/// (the message lists the inputs).
pub fn run(opts: Fuzz) -> Result<()> {
    let root = workspace_root();
    let fuzz = root.join("fuzz");
    let available = list_targets(&fuzz)?;
    let targets = if opts.targets.is_empty() {
        available
    } else {
        for t in &opts.targets {
            if !available.contains(t) {
                bail!("unknown fuzz target {t:?}; the targets are: {}", available.join(", "));
            }
        }
        opts.targets.clone()
    };

    check_cargo_afl()?;
    println!("building fuzz targets (cargo afl build --release)");
    let status = Command::new("cargo")
        .args(["afl", "build", "--release", "--manifest-path"])
        .arg(fuzz.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(fuzz.join("target"))
        .status()
        .context("running cargo afl build")?;
    if !status.success() {
        bail!("cargo afl build failed ({status})");
    }

    let mut failures = Vec::new();
    for target in &targets {
        failures.extend(fuzz_one(&root, target, &opts)?);
    }
    if failures.is_empty() {
        println!("fuzz: no crash or hang in {} target(s), {} s each", targets.len(), opts.seconds);
        return Ok(());
    }
    let list: Vec<String> = failures.iter().map(|f| format!("  {}: {}", f.path.display(), f.message)).collect();
    bail!(
        "{} failing input(s):\n{}\nAdd each to fuzz/regressions/<target>/ so the test suite keeps checking it.",
        failures.len(),
        list.join("\n")
    )
}

/// An input that made a target fail.
struct Failure {
    path: PathBuf,
    message: String,
}

/// The targets: the binaries in `fuzz/src/bin/`, sorted.
fn list_targets(fuzz: &Path) -> Result<Vec<String>> {
    let dir = fuzz.join("src/bin");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .filter_map(|p| p.file_stem().and_then(|s| s.to_str()).map(str::to_owned))
        .collect();
    names.sort();
    Ok(names)
}

fn check_cargo_afl() -> Result<()> {
    let ok = Command::new("cargo")
        .args(["afl", "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        bail!(
            "cargo-afl is not installed. Install it with `cargo install cargo-afl` (stable Rust is \
             enough; it builds AFL++ itself, or run `cargo afl config --build` afterwards). See fuzz/README.md."
        );
    }
    Ok(())
}

/// Fuzzes one target; returns its failing inputs.
fn fuzz_one(root: &Path, target: &str, opts: &Fuzz) -> Result<Vec<Failure>> {
    let fuzz = root.join("fuzz");
    let out = fuzz.join("out").join(target);
    if out.exists() {
        fs::remove_dir_all(&out).with_context(|| format!("removing {}", out.display()))?;
    }
    let input = out.join("in");
    fs::create_dir_all(&input).with_context(|| format!("creating {}", input.display()))?;
    let count = write_inputs(root, target, &input)?;
    let binary = fuzz.join("target/release").join(target);
    let artifacts = fuzz.join("artifacts").join(target);
    let replay_limit = Duration::from_millis(opts.timeout_ms.saturating_mul(5).max(10_000));

    println!("== {target}: {count} seed input(s), fuzzing for {} s", opts.seconds);
    let mut failures = Vec::new();
    for path in sorted_files(&input)? {
        let data = fs::read(&path)?;
        if let Some(message) = replay(&binary, &data, replay_limit)? {
            let saved = save_artifact(&artifacts, "crash", &data)?;
            failures.push(Failure { path: saved, message: format!("(seed {}) {message}", file_name(&path)) });
        }
    }

    let log_path = fuzz.join("out").join(format!("{target}.log"));
    let log = fs::File::create(&log_path).with_context(|| format!("creating {}", log_path.display()))?;
    let status = Command::new("cargo")
        .args(["afl", "fuzz", "-i"])
        .arg(&input)
        .arg("-o")
        .arg(out.join("afl"))
        .args(["-V", &opts.seconds.to_string(), "-s", "1", "-t", &opts.timeout_ms.to_string(), "-x"])
        .arg(fuzz.join("prose.dict"))
        .arg("--")
        .arg(&binary)
        // One core, and coverage that does not depend on thread scheduling.
        .env("RAYON_NUM_THREADS", "1")
        .env("AFL_NO_UI", "1")
        .env("AFL_NO_AFFINITY", "1")
        .env("AFL_SKIP_CPUFREQ", "1")
        .env("AFL_FAST_CAL", "1")
        .env("AFL_IGNORE_SEED_PROBLEMS", "1")
        .env("AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES", "1")
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log)
        .status()
        .context("running cargo afl fuzz")?;
    if !status.success() {
        bail!("cargo afl fuzz failed for {target} ({status}); see {}", log_path.display());
    }
    let findings = out.join("afl/default");
    print_stats(&findings.join("fuzzer_stats"));

    for (kind, dir) in [("crash", "crashes"), ("hang", "hangs")] {
        let dir = findings.join(dir);
        if !dir.exists() {
            continue;
        }
        for path in sorted_files(&dir)? {
            if !file_name(&path).starts_with("id:") {
                continue;
            }
            let data = fs::read(&path)?;
            let saved = save_artifact(&artifacts, kind, &data)?;
            let message = if kind == "hang" {
                format!("ran longer than {} ms", opts.timeout_ms)
            } else {
                replay(&binary, &data, replay_limit)?
                    .unwrap_or_else(|| "crashed under AFL but not when replayed".to_owned())
            };
            failures.push(Failure { path: saved, message });
        }
    }
    Ok(failures)
}

/// Writes the input corpus of `target` into `dir`; returns how many files it wrote.
fn write_inputs(root: &Path, target: &str, dir: &Path) -> Result<usize> {
    let mut n = 0;
    let mut put = |name: &str, data: &[u8]| -> Result<()> {
        n += 1;
        let path = dir.join(format!("{n:04}-{name}"));
        fs::write(&path, data).with_context(|| format!("writing {}", path.display()))
    };
    for sub in ["seeds", "regressions"] {
        let from = root.join("fuzz").join(sub).join(target);
        if from.is_dir() {
            for path in sorted_files(&from)? {
                put(&file_name(&path), &fs::read(&path)?)?;
            }
        }
    }
    let corpus = root.join("corpus");
    let articles: Vec<(String, Vec<u8>)> = sorted_files(&corpus)?
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| Ok((file_name(&p), fs::read(&p)?)))
        .collect::<Result<_>>()?;
    match target {
        "decode" | "segment" | "fingerprint" => {
            for (name, data) in &articles {
                put(name, data)?;
            }
        }
        // Two texts separated by a NUL byte, the input format of the `diff` target.
        "diff" => {
            for (a, old) in &articles {
                for (b, new) in &articles {
                    let mut data = old.clone();
                    data.push(0);
                    data.extend_from_slice(new);
                    put(&format!("{a}-vs-{b}"), &data)?;
                }
            }
        }
        _ => {}
    }
    if n == 0 {
        bail!("fuzz target {target} has no seed input in fuzz/seeds/{target}/");
    }
    Ok(n)
}

/// Runs `binary` on `data` outside AFL (the targets read one input from standard input).
/// Returns the panic message if it failed; a run past `limit` is killed and reported.
fn replay(binary: &Path, data: &[u8], limit: Duration) -> Result<Option<String>> {
    let mut child = Command::new(binary)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .env("RUST_BACKTRACE", "0")
        .env("RAYON_NUM_THREADS", "1")
        .spawn()
        .with_context(|| format!("running {}", binary.display()))?;
    let mut stdin = child.stdin.take().context("child stdin")?;
    let data = data.to_vec();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        // A target that fails early closes its end of the pipe: that error is expected.
        let _ = stdin.write_all(&data);
    });
    let mut stderr = child.stderr.take().context("child stderr")?;
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if start.elapsed() > limit {
            child.kill()?;
            child.wait()?;
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let _ = writer.join();
    let stderr = reader.join().unwrap_or_default();
    Ok(match status {
        None => Some(format!("still running after {} s when replayed", limit.as_secs())),
        Some(s) if s.success() => None,
        Some(s) => Some(panic_message(&stderr).unwrap_or_else(|| format!("exited with {s}"))),
    })
}

/// The message of the first panic in a target's standard error: a broken invariant as it
/// is, any other panic (one inside a library) with the place it happened.
fn panic_message(stderr: &str) -> Option<String> {
    let mut lines = stderr.lines();
    let header = lines.by_ref().find(|l| l.contains("panicked at"))?;
    let place = header.split_once("panicked at ").map_or("", |(_, p)| p.trim_end_matches(':'));
    let message: Vec<&str> =
        lines.take_while(|l| !l.starts_with("note:") && !l.starts_with("stack backtrace")).collect();
    let message = message.join(" / ");
    Some(if message.starts_with(INVARIANT_PREFIX) { message } else { format!("panic at {place}: {message}") })
}

/// How `copytrace_fuzz::run` starts the panic message of a broken invariant.
const INVARIANT_PREFIX: &str = "invariant broken: ";

/// Copies `data` into `dir` as `<kind>-N` unless a file there already holds it; returns the path.
fn save_artifact(dir: &Path, kind: &str, data: &[u8]) -> Result<PathBuf> {
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let existing = sorted_files(dir)?;
    for path in &existing {
        if fs::read(path).is_ok_and(|d| d == data) {
            return Ok(path.clone());
        }
    }
    let mut n = existing.len();
    loop {
        let path = dir.join(format!("{kind}-{n}"));
        if !path.exists() {
            fs::write(&path, data).with_context(|| format!("writing {}", path.display()))?;
            return Ok(path);
        }
        n += 1;
    }
}

/// Prints the key numbers of an AFL `fuzzer_stats` file.
fn print_stats(path: &Path) {
    let Ok(stats) = fs::read_to_string(path) else {
        println!("   (no fuzzer_stats written)");
        return;
    };
    let get = |key: &str| {
        stats
            .lines()
            .find_map(|l| l.split_once(':').filter(|(k, _)| k.trim() == key).map(|(_, v)| v.trim().to_owned()))
            .unwrap_or_else(|| "?".to_owned())
    };
    println!(
        "   {} execs ({}/s), {} paths in corpus, coverage {}, {} crash(es), {} hang(s)",
        get("execs_done"),
        get("execs_per_sec"),
        get("corpus_count"),
        get("bitmap_cvg"),
        get("saved_crashes"),
        get("saved_hangs")
    );
}

fn sorted_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    Ok(files)
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_the_panic_message() {
        let stderr =
            "\nthread 'main' (12) panicked at src/lib.rs:21:9:\ninvariant broken: op 3 out of bounds\nnote: x\n";
        assert_eq!(panic_message(stderr).unwrap(), "invariant broken: op 3 out of bounds");
        let stderr =
            "thread 'main' (7) panicked at crates/diff/src/words.rs:88:17:\nindex out of bounds\nstack backtrace:\n";
        assert_eq!(panic_message(stderr).unwrap(), "panic at crates/diff/src/words.rs:88:17: index out of bounds");
        assert_eq!(panic_message("all fine"), None);
    }

    #[test]
    fn artifacts_are_saved_once() {
        let dir = std::env::temp_dir().join(format!("xtask-fuzz-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let a = save_artifact(&dir, "crash", b"one").unwrap();
        let b = save_artifact(&dir, "crash", b"two").unwrap();
        assert_ne!(a, b);
        assert_eq!(save_artifact(&dir, "crash", b"one").unwrap(), a);
        assert_eq!(sorted_files(&dir).unwrap().len(), 2);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn every_target_has_seeds() {
        let root = &workspace_root();
        let targets = list_targets(&root.join("fuzz")).unwrap();
        assert!(targets.iter().any(|t| t == "segment"), "{targets:?}");
        for t in targets {
            let dir = std::env::temp_dir().join(format!("xtask-fuzz-seeds-{}-{t}", std::process::id()));
            fs::create_dir_all(&dir).unwrap();
            assert!(write_inputs(root, &t, &dir).unwrap() > 0);
            fs::remove_dir_all(&dir).unwrap();
        }
    }
}
