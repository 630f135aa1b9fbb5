//! `cargo xtask golden`: reruns the tests with `INSTA_UPDATE=always` so that insta rewrites
//! the snapshot files in place (review the result with `git diff`).

use crate::flags::Golden;
use crate::workspace::{cargo, workspace_root};
use anyhow::{bail, Context, Result};
use std::process::Command;

/// Runs `cargo xtask golden`: the tests with `INSTA_UPDATE=always`, which makes insta write
/// every changed snapshot straight into its `.snap` file; `INSTA_FORCE_PASS=1` lets the run
/// finish so that all snapshots are updated in one go.
///
/// # Errors
/// When the test run fails for another reason than a snapshot mismatch.
pub fn run(_: Golden) -> Result<()> {
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
