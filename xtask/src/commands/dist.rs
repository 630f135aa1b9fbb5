//! `cargo xtask dist`: builds the release binary as shipped ([`ReleaseBuild::for_host`]:
//! static on Linux with glibc) and prints its path.
//!
//! [`ReleaseBuild::for_host`]: crate::workspace::ReleaseBuild::for_host

use crate::flags::Dist;
use crate::workspace::build_release_copytrace;
use anyhow::Result;

/// Runs `cargo xtask dist`.
///
/// # Errors
/// When the build fails.
pub fn run(_: Dist) -> Result<()> {
    let bin = build_release_copytrace()?;
    println!("{}", bin.display());
    Ok(())
}
