//! `cargo xtask ci`: the checks CI runs, in order, stopping at the first failure.
//!
//! 1. `cargo fmt --all --check`
//! 2. `cargo clippy --workspace --all-targets -- -D warnings`
//! 3. `cargo test --workspace` (unit, integration and doc tests)
//! 4. `cargo doc --workspace --no-deps` with `RUSTDOCFLAGS=-D warnings`
//!
//! `cargo xtask golden` reruns the tests with `INSTA_UPDATE=always` so that insta rewrites
//! the snapshot files in place (review the result with `git diff`).

use crate::util::{cargo, workspace_root};
use anyhow::{bail, Context, Result};
use std::process::Command;
use std::time::Instant;

/// One CI step: a title, the cargo arguments and extra environment.
struct Step {
    title: &'static str,
    args: &'static [&'static str],
    env: &'static [(&'static str, &'static str)],
}

const STEPS: &[Step] = &[
    Step { title: "format", args: &["fmt", "--all", "--check"], env: &[] },
    Step { title: "clippy", args: &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"], env: &[] },
    Step { title: "tests", args: &["test", "--workspace"], env: &[] },
    Step { title: "docs", args: &["doc", "--workspace", "--no-deps"], env: &[("RUSTDOCFLAGS", "-D warnings")] },
];

const USAGE: &str = "usage: cargo xtask ci

Runs, in order and stopping at the first failure: cargo fmt --all --check; cargo clippy
--workspace --all-targets -- -D warnings; cargo test --workspace; cargo doc --workspace
--no-deps with RUSTDOCFLAGS=-D warnings.";

/// Runs `cargo xtask ci`.
///
/// # Errors
/// Naming the first step that failed.
pub fn main(args: &[String]) -> Result<()> {
    if !args.is_empty() {
        if args.iter().any(|a| a == "-h" || a == "--help") {
            println!("{USAGE}");
            return Ok(());
        }
        bail!("cargo xtask ci takes no arguments\n\n{USAGE}");
    }
    let total = Instant::now();
    for (i, step) in STEPS.iter().enumerate() {
        run_step(i + 1, step)?;
    }
    println!("ci: all {} steps passed in {:.0} s", STEPS.len(), total.elapsed().as_secs_f64());
    Ok(())
}

fn run_step(n: usize, step: &Step) -> Result<()> {
    let shown = format!("cargo {}", step.args.join(" "));
    let env: Vec<String> = step.env.iter().map(|(k, v)| format!("{k}={v:?} ")).collect();
    println!("==> [{n}/{}] {}: {}{shown}", STEPS.len(), step.title, env.concat());
    let start = Instant::now();
    let mut cmd = Command::new(cargo());
    cmd.current_dir(workspace_root()).args(step.args);
    for (k, v) in step.env {
        cmd.env(k, v);
    }
    let status = cmd.status().with_context(|| format!("could not start `{shown}`"))?;
    if !status.success() {
        bail!("ci failed at step {n} ({}): `{shown}` exited with {status}", step.title);
    }
    println!("    {} passed in {:.0} s", step.title, start.elapsed().as_secs_f64());
    Ok(())
}

/// Runs `cargo xtask golden`: the tests with `INSTA_UPDATE=always`, which makes insta write
/// every changed snapshot straight into its `.snap` file; `INSTA_FORCE_PASS=1` lets the run
/// finish so that all snapshots are updated in one go.
///
/// # Errors
/// When the test run fails for another reason than a snapshot mismatch.
pub fn golden(args: &[String]) -> Result<()> {
    if !args.is_empty() {
        bail!("usage: cargo xtask golden (updates the insta snapshots of all tests; review them with git diff)");
    }
    println!("==> cargo test --workspace with INSTA_UPDATE=always INSTA_FORCE_PASS=1");
    let status = Command::new(cargo())
        .current_dir(workspace_root())
        .args(["test", "--workspace"])
        .env("INSTA_UPDATE", "always")
        .env("INSTA_FORCE_PASS", "1")
        .status()
        .context("could not start cargo test")?;
    if !status.success() {
        bail!("cargo test failed ({status}) even with snapshots forced to pass: see the output above");
    }
    println!("golden: snapshots updated; review them with `git diff -- '*.snap'`");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_the_documented_checks_in_order() {
        let lines: Vec<String> = STEPS.iter().map(|s| s.args.join(" ")).collect();
        assert_eq!(
            lines,
            [
                "fmt --all --check",
                "clippy --workspace --all-targets -- -D warnings",
                "test --workspace",
                "doc --workspace --no-deps"
            ]
        );
        assert_eq!(STEPS[3].env, &[("RUSTDOCFLAGS", "-D warnings")]);
        assert!(main(&["--bogus".to_owned()]).is_err());
        assert!(golden(&["extra".to_owned()]).is_err());
    }
}
