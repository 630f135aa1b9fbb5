//! `cargo xtask setup browser`: makes sure Chromium is installed for the browser tests of the
//! HTML reports (`tests/it/browser.rs`), installing Debian's `chromium` package with apt-get
//! where it is missing. `cargo xtask ci` runs it before the tests, so a fresh machine needs
//! nothing installed by hand.

use crate::flags::SetupBrowser;
use anyhow::{bail, Context, Result};
use std::path::PathBuf;
use std::process::Command;

/// Chromium as the browser tests find it: `$CHROME`, else `chromium` on the PATH.
#[must_use]
pub fn find_chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROME") {
        return Some(PathBuf::from(path));
    }
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths).map(|d| d.join("chromium")).find(|p| p.is_file())
}

/// Runs `cargo xtask setup browser`.
///
/// # Errors
/// When Chromium is missing and cannot be installed.
pub fn run(_: SetupBrowser) -> Result<()> {
    ensure_chromium().map(|path| println!("chromium: {}", path.display()))
}

/// Chromium's path, installed first with apt-get if it is missing.
///
/// # Errors
/// When it is missing and apt-get (as root, or through `sudo -n`) cannot install it.
pub fn ensure_chromium() -> Result<PathBuf> {
    if let Some(path) = find_chromium() {
        return Ok(path);
    }
    println!("==> chromium is missing: installing Debian's chromium package for the browser tests");
    let why = "install Chromium (Debian's `chromium`) or set CHROME";
    apt_get(&["update", "-qq"], why)?;
    apt_get(&["install", "-y", "-qq", "--no-install-recommends", "chromium", "fonts-dejavu-core"], why)?;
    find_chromium().context("apt-get installed chromium but it is not on the PATH")
}

/// Runs `apt-get ARGS` (as root, or through `sudo -n`) non-interactively; on failure the
/// error says what to do by hand (`instead`).
///
/// # Errors
/// When apt-get cannot be run or fails.
pub fn apt_get(args: &[&str], instead: &str) -> Result<()> {
    let root = Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let mut cmd = if root {
        Command::new("apt-get")
    } else {
        let mut c = Command::new("sudo");
        c.args(["-n", "apt-get"]);
        c
    };
    cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
    let status = cmd.status().context("could not run apt-get")?;
    if !status.success() {
        bail!("`apt-get {}` failed ({status}); {instead}", args.join(" "));
    }
    Ok(())
}
