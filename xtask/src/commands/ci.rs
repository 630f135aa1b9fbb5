//! `cargo xtask ci`: the checks CI runs, in order, stopping at the first failure.
//!
//! 1. `cargo fmt --all --check`
//! 2. `cargo fmt --check` of the fuzz workspace (`fuzz/Cargo.toml`, excluded from the main one)
//! 3. `cargo clippy --workspace --all-targets -- -D warnings`
//! 4. `cargo clippy --all-targets --no-default-features -- -D warnings` of the fuzz
//!    workspace: without its `afl` feature each target replays one input from standard input
//!    instead of linking AFL++, so the targets and their invariants are linted on any machine
//! 5. `cargo test --workspace` (unit, integration and doc tests; the tidy tests among them)
//! 6. `cargo doc --workspace --no-deps` with `RUSTDOCFLAGS=-D warnings`
//! 7. `cargo xtask spark test`: the Spark job's tests (its Python environment made first,
//!    see [`crate::commands::spark`])
//!
//! Before the steps it makes sure Chromium is installed for the browser tests
//! (`cargo xtask setup browser`), so that they run, and pass or fail, on a fresh machine.

use crate::flags::Ci;
use crate::workspace::{cargo, workspace_root};
use anyhow::{bail, Context, Result};
use std::process::Command;
use std::time::Instant;

/// One CI step: a title, the cargo arguments (run in the workspace root) and extra
/// environment.
struct Step {
    title: &'static str,
    args: &'static [&'static str],
    env: &'static [(&'static str, &'static str)],
}

/// The fuzz workspace's manifest, relative to the workspace root.
const FUZZ: &str = "fuzz/Cargo.toml";

const STEPS: &[Step] = &[
    Step { title: "format", args: &["fmt", "--all", "--check"], env: &[] },
    Step { title: "format (fuzz)", args: &["fmt", "--manifest-path", FUZZ, "--all", "--check"], env: &[] },
    Step { title: "clippy", args: &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"], env: &[] },
    Step {
        title: "clippy (fuzz)",
        args: &["clippy", "--manifest-path", FUZZ, "--all-targets", "--no-default-features", "--", "-D", "warnings"],
        env: &[],
    },
    Step { title: "tests", args: &["test", "--workspace"], env: &[] },
    Step { title: "docs", args: &["doc", "--workspace", "--no-deps"], env: &[("RUSTDOCFLAGS", "-D warnings")] },
];

/// Runs `cargo xtask ci`.
///
/// # Errors
/// Naming the first step that failed.
pub fn run(_: Ci) -> Result<()> {
    let total = Instant::now();
    let chromium = crate::commands::setup_browser::ensure_chromium()?;
    println!("==> browser for the HTML report tests: {}", chromium.display());
    let steps = STEPS.len() + 1;
    for (i, step) in STEPS.iter().enumerate() {
        run_step(i + 1, step, steps)?;
    }
    println!("==> [{steps}/{steps}] spark: cargo xtask spark test");
    let start = Instant::now();
    crate::commands::spark::test(crate::flags::SparkTest { filter: None })
        .with_context(|| format!("ci failed at step {steps} (spark)"))?;
    println!("    spark passed in {:.0} s", start.elapsed().as_secs_f64());
    println!("ci: all {steps} steps passed in {:.0} s", total.elapsed().as_secs_f64());
    Ok(())
}

fn run_step(n: usize, step: &Step, steps: usize) -> Result<()> {
    let shown = format!("cargo {}", step.args.join(" "));
    let env: Vec<String> = step.env.iter().map(|(k, v)| format!("{k}={v:?} ")).collect();
    println!("==> [{n}/{steps}] {}: {}{shown}", step.title, env.concat());
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
                "fmt --manifest-path fuzz/Cargo.toml --all --check",
                "clippy --workspace --all-targets -- -D warnings",
                "clippy --manifest-path fuzz/Cargo.toml --all-targets --no-default-features -- -D warnings",
                "test --workspace",
                "doc --workspace --no-deps"
            ]
        );
        assert_eq!(STEPS[5].env, &[("RUSTDOCFLAGS", "-D warnings")]);
        assert!(STEPS[..5].iter().all(|s| s.env.is_empty()));
        assert!(workspace_root().join(FUZZ).is_file());
    }

    /// The fuzz workspace's lint step builds without the AFL harness: `afl` is an optional
    /// dependency behind the default feature `afl`, so `--no-default-features` leaves it out.
    #[test]
    fn the_fuzz_lint_needs_no_afl() {
        let manifest = std::fs::read_to_string(workspace_root().join(FUZZ)).unwrap();
        let lines: Vec<&str> = manifest.lines().map(str::trim).collect();
        assert!(lines.contains(&"default = [\"afl\"]"), "{manifest}");
        assert!(lines.contains(&"afl = [\"dep:afl\"]"), "{manifest}");
        let dep = lines.iter().find(|l| l.starts_with("afl = {")).expect("the afl dependency");
        assert!(dep.contains("optional = true"), "{dep}");
    }
}
