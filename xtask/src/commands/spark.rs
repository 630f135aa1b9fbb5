//! `cargo xtask spark setup|scan|test`: the Spark job of `crates/py` (the `copytrace`
//! wheel) and its Python environment.
//!
//! `setup` makes sure of, in order:
//! 1. Java 17 or newer (`java -version`), else Debian's `openjdk-17-jre-headless` with
//!    apt-get;
//! 2. a venv at `target/spark/venv` (Python 3.11 or newer) holding [`PINS`] from PyPI,
//!    installed again only when the pins change (a stamp in the venv);
//! 3. the wheel: `maturin build` with the `spark` profile into `target/spark/wheels/`
//!    (cargo rebuilds only what changed), installed into the venv when its bytes differ
//!    from the installed one's (a stamp of its hash).
//!
//! A second run with nothing changed takes seconds. `scan` and `test` run `setup` first;
//! `test` also builds the `copytrace` binary (the tests compare the job's report with
//! its) and a synthetic corpus with reuse, and runs pytest on `crates/py/tests`.

use crate::flags::{SparkScan, SparkSetup, SparkTest};
use crate::workspace::{cargo, target_dir, workspace_root};
use anyhow::{bail, Context, Result};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The Python packages of the environment, pinned (PyPI). pyspark 4.0 needs pandas and
/// numpy for its Arrow paths; maturin builds the wheel; pytest runs the tests.
pub const PINS: &[&str] =
    &["pyspark==4.0.5", "pyarrow==20.0.0", "pandas==2.2.3", "numpy==2.2.6", "maturin==1.9.6", "pytest==8.4.2"];

/// The oldest Java that Spark 4 runs on.
const JAVA_MIN: u32 = 17;

/// Documents of the synthetic corpus the tests scan.
const SYNTH_DOCS: usize = 120;

/// `target/spark`: the venv, the wheels, the test corpora.
#[must_use]
pub fn spark_dir() -> PathBuf {
    target_dir().join("spark")
}

/// The venv's Python.
#[must_use]
pub fn python() -> PathBuf {
    spark_dir().join("venv").join("bin").join("python")
}

/// Runs `cargo xtask spark setup`.
///
/// # Errors
/// When Java, the venv or the wheel cannot be made.
pub fn setup(_: SparkSetup) -> Result<()> {
    let python = ensure()?;
    println!("spark: ready ({})", python.display());
    Ok(())
}

/// Java, the venv and the installed wheel, made where missing or out of date; returns the
/// venv's Python.
///
/// # Errors
/// When one of them cannot be made.
pub fn ensure() -> Result<PathBuf> {
    ensure_java()?;
    let python = ensure_venv()?;
    ensure_wheel(&python)?;
    Ok(python)
}

/// Java's major version, from `java -version` (`"17.0.15"`, `"1.8.0_392"`).
fn java_major() -> Option<u32> {
    let out = Command::new("java").arg("-version").output().ok()?;
    let text = String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    let quoted = text.split('"').nth(1)?;
    let mut parts = quoted.split(['.', '_', '-', '+']);
    let first: u32 = parts.next()?.parse().ok()?;
    if first == 1 {
        parts.next()?.parse().ok()
    } else {
        Some(first)
    }
}

fn ensure_java() -> Result<()> {
    match java_major() {
        Some(v) if v >= JAVA_MIN => return Ok(()),
        Some(v) => println!("==> java {v} is older than {JAVA_MIN}: installing openjdk-17-jre-headless"),
        None => println!("==> java is missing: installing openjdk-17-jre-headless"),
    }
    crate::commands::setup_browser::apt_get(&["update", "-qq"], "install Java 17")?;
    crate::commands::setup_browser::apt_get(
        &["install", "-y", "-qq", "--no-install-recommends", "openjdk-17-jre-headless"],
        "install Java 17",
    )?;
    match java_major() {
        Some(v) if v >= JAVA_MIN => Ok(()),
        _ => bail!("apt-get installed openjdk-17-jre-headless but `java -version` does not report 17 or newer"),
    }
}

fn run(cmd: &mut Command, what: &str) -> Result<()> {
    let status = cmd.status().with_context(|| format!("could not start {what}"))?;
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    Ok(())
}

fn ensure_venv() -> Result<PathBuf> {
    let venv = spark_dir().join("venv");
    let python = python();
    if !python.is_file() {
        println!("==> creating the Python environment {}", venv.display());
        let ok = Command::new("python3")
            .args(["-c", "import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))"])
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            println!("==> python3 (3.11 or newer) with venv is missing: installing python3-venv");
            crate::commands::setup_browser::apt_get(&["update", "-qq"], "install python3-venv")?;
            crate::commands::setup_browser::apt_get(
                &["install", "-y", "-qq", "--no-install-recommends", "python3", "python3-venv"],
                "install python3-venv",
            )?;
        }
        std::fs::create_dir_all(spark_dir())?;
        run(Command::new("python3").args(["-m", "venv"]).arg(&venv), "python3 -m venv")?;
    }
    let stamp = venv.join("copytrace-pins.txt");
    let want = PINS.join("\n");
    if std::fs::read_to_string(&stamp).ok().as_deref() != Some(want.as_str()) {
        println!("==> installing {}", PINS.join(" "));
        run(
            Command::new(&python).args(["-m", "pip", "install", "--disable-pip-version-check", "-q"]).args(PINS),
            "pip install",
        )?;
        std::fs::write(&stamp, want)?;
    }
    Ok(python)
}

fn ensure_wheel(python: &Path) -> Result<()> {
    let wheels = spark_dir().join("wheels");
    if wheels.is_dir() {
        std::fs::remove_dir_all(&wheels)?;
    }
    let maturin = python.with_file_name("maturin");
    println!("==> building the copytrace wheel (maturin, profile spark)");
    run(
        Command::new(&maturin)
            .current_dir(workspace_root())
            .args(["build", "--quiet", "--profile", "spark", "-m", "crates/py/Cargo.toml", "-o"])
            .arg(&wheels)
            .env("CARGO", cargo())
            // Reproducible wheels (fixed times in the zip), so an unchanged build is not
            // installed again.
            .env("SOURCE_DATE_EPOCH", "315532800"),
        "maturin build",
    )?;
    let wheel = std::fs::read_dir(&wheels)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "whl"))
        .context("maturin built no wheel")?;
    let bytes = std::fs::read(&wheel)?;
    let mut h = std::hash::DefaultHasher::new();
    bytes.hash(&mut h);
    let sum = format!("{:016x}", h.finish());
    let stamp = spark_dir().join("venv").join("copytrace-wheel.txt");
    if std::fs::read_to_string(&stamp).ok().as_deref() != Some(sum.as_str()) {
        println!("==> installing {}", wheel.display());
        run(
            Command::new(python)
                .args(["-m", "pip", "install", "--disable-pip-version-check", "-q", "--no-deps", "--force-reinstall"])
                .arg(&wheel),
            "pip install of the wheel",
        )?;
        std::fs::write(&stamp, sum)?;
    }
    Ok(())
}

/// Runs `cargo xtask spark scan`.
///
/// # Errors
/// When the environment cannot be made or the job fails (exit status 2).
pub fn scan(flags: SparkScan) -> Result<()> {
    let python = ensure()?;
    let status = Command::new(&python)
        .args(["-m", "copytrace.spark", "scan"])
        .arg(&flags.input)
        .args(["--master", &flags.master, "--report"])
        .arg(&flags.out)
        .args(&flags.options)
        .status()
        .context("could not start the Spark job")?;
    // The job's exit status is copytrace scan's: 0 nothing found, 1 found, 3 partial.
    match status.code() {
        Some(0 | 1 | 3) => {
            println!("spark scan: report written to {}", flags.out.display());
            Ok(())
        }
        _ => bail!("the Spark job failed ({status})"),
    }
}

/// Runs `cargo xtask spark test`.
///
/// # Errors
/// When the environment, the binary or the corpus cannot be made, or a test fails.
pub fn test(flags: SparkTest) -> Result<()> {
    let python = ensure()?;
    println!("==> building copytrace (the tests compare the job's report with its)");
    run(
        Command::new(cargo()).current_dir(workspace_root()).args(["build", "--quiet", "--bin", "copytrace"]),
        "cargo build --bin copytrace",
    )?;
    let synth = spark_dir().join("synth");
    if !crate::synth::truth_path(&synth).is_file() {
        if synth.exists() {
            std::fs::remove_dir_all(&synth)?;
        }
        crate::commands::corpus_synth::run(crate::flags::CorpusSynth {
            out: Some(synth.clone()),
            docs: SYNTH_DOCS,
            seed: 7,
            kind: crate::synth::Kind::Classic,
        })?;
    }
    let mut cmd = Command::new(&python);
    cmd.current_dir(workspace_root())
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider", "crates/py/tests"])
        .env("COPYTRACE_BIN", target_dir().join("debug").join("copytrace"))
        .env("COPYTRACE_SYNTH", &synth);
    if let Some(k) = &flags.filter {
        cmd.args(["-k", k]);
    }
    run(&mut cmd, "pytest crates/py/tests")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_name_every_package_once_with_an_exact_version() {
        let names: Vec<&str> = PINS.iter().map(|p| p.split("==").next().unwrap_or("")).collect();
        for required in ["pyspark", "pyarrow", "maturin", "pytest"] {
            assert!(names.contains(&required), "{required} is not pinned");
        }
        assert!(PINS.iter().all(|p| p.split("==").nth(1).is_some_and(|v| !v.is_empty())));
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len());
        let spark: Vec<u32> =
            PINS[0].trim_start_matches("pyspark==").split('.').filter_map(|x| x.parse().ok()).collect();
        assert!(spark[0] >= 4, "pyspark 4.0 or newer");
    }
}
