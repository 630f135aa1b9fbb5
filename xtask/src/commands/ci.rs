//! `cargo xtask ci`: the checks CI runs, in order, stopping at the first failure.
//!
//! 1. `cargo fmt --all --check`
//! 2. `cargo clippy --workspace --all-targets -- -D warnings`
//! 3. `cargo test --workspace` (unit, integration and doc tests)
//! 4. `cargo doc --workspace --no-deps` with `RUSTDOCFLAGS=-D warnings`

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

const STEPS: &[Step] = &[
    Step { title: "format", args: &["fmt", "--all", "--check"], env: &[] },
    Step { title: "clippy", args: &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"], env: &[] },
    Step { title: "tests", args: &["test", "--workspace"], env: &[] },
    Step { title: "docs", args: &["doc", "--workspace", "--no-deps"], env: &[("RUSTDOCFLAGS", "-D warnings")] },
];

/// Runs `cargo xtask ci`.
///
/// # Errors
/// Naming the first step that failed.
pub fn run(_: Ci) -> Result<()> {
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
        assert!(STEPS[..3].iter().all(|s| s.env.is_empty()));
    }
}
