//! Where things are and how the measured tools are started: the workspace, its target
//! directory and the shared data beside it; cargo; the release build of `copytrace` as
//! shipped ([`ReleaseBuild`]); git's word diff; the text-matcher wrapper.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root (the parent of `xtask/`).
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map_or_else(|| manifest.to_owned(), Path::to_owned)
}

/// The shared data directory `../shared/data` beside the workspace root.
///
/// # Errors
/// When it does not exist (the message says where it was looked for).
pub fn shared_data() -> Result<PathBuf> {
    let root = workspace_root();
    let dir = root.parent().map(|p| p.join("shared").join("data")).unwrap_or_else(|| PathBuf::from("../shared/data"));
    if !dir.is_dir() {
        bail!(
            "the shared data directory {} is missing: the evaluation data lives in ../shared/data beside the \
             repository checkout ({})",
            dir.display(),
            root.display()
        );
    }
    Ok(dir)
}

/// The text-matcher wrapper `../shared/peers/text-matcher.sh`.
///
/// # Errors
/// When it does not exist.
pub fn text_matcher_script() -> Result<PathBuf> {
    let data = shared_data()?;
    let script = data.parent().context("shared data has a parent")?.join("peers").join("text-matcher.sh");
    if !script.is_file() {
        bail!("the text-matcher wrapper {} is missing", script.display());
    }
    Ok(script)
}

/// How the shipped `copytrace` binary is built: `cargo build --release`, and on Linux with
/// glibc for the host's own target (`--target <host>`) with `-C target-feature=+crt-static`,
/// a static-pie executable. A static binary has no dynamic loader run, no shared libraries
/// to map and no symbols to bind when it starts: about half a millisecond a run here, a
/// sixth of a small diff. The flag goes through `CARGO_TARGET_<TRIPLE>_RUSTFLAGS`, which
/// with `--target` reaches only the target's crates (build scripts and proc-macros, built
/// for the host, stay dynamic, as they must). Elsewhere it is the plain release build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseBuild {
    /// The arguments after `cargo`.
    pub args: Vec<String>,
    /// Environment variables to set, as `(name, value)`.
    pub env: Vec<(String, String)>,
    /// Where the binary lands, relative to the target directory.
    pub bin: PathBuf,
}

impl ReleaseBuild {
    /// A plain `cargo build --release` (dynamically linked).
    #[must_use]
    pub fn plain() -> ReleaseBuild {
        let args = ["build", "--release", "--quiet", "--bin", "copytrace"].map(str::to_owned).into();
        let bin = Path::new("release").join(format!("copytrace{}", std::env::consts::EXE_SUFFIX));
        ReleaseBuild { args, env: Vec::new(), bin }
    }

    /// The build for a host whose target triple is `host` (`rustc -vV`'s `host:` line).
    #[must_use]
    pub fn for_host(host: &str) -> ReleaseBuild {
        let mut build = ReleaseBuild::plain();
        if host.ends_with("-linux-gnu") {
            build.args.extend(["--target".to_owned(), host.to_owned()]);
            let var = format!("CARGO_TARGET_{}_RUSTFLAGS", host.to_uppercase().replace(['-', '.'], "_"));
            // Flags already asked for this target are kept.
            let mut flags = std::env::var(&var).unwrap_or_default();
            if !flags.is_empty() {
                flags.push(' ');
            }
            flags.push_str("-C target-feature=+crt-static");
            build.env.push((var, flags));
            build.bin = Path::new(host).join(&build.bin);
        }
        build
    }

    /// Runs the build and returns the binary's path. With `XTASK_NO_BUILD=1` in the
    /// environment the existing binary is used as is (for measuring while the source is
    /// mid-change; the binary must exist).
    ///
    /// # Errors
    /// When the build fails or leaves no binary.
    pub fn run(&self) -> Result<PathBuf> {
        let bin = target_dir().join(&self.bin);
        if std::env::var_os("XTASK_NO_BUILD").is_some_and(|v| v == "1") {
            if !bin.is_file() {
                bail!("XTASK_NO_BUILD=1 but {} does not exist", bin.display());
            }
            println!("using the existing {} (XTASK_NO_BUILD=1)", bin.display());
            return Ok(bin);
        }
        println!("building copytrace (cargo {})", self.args.join(" "));
        let status = Command::new(cargo())
            .current_dir(workspace_root())
            .args(&self.args)
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .status()
            .context("running cargo build --release")?;
        if !status.success() {
            bail!("cargo build --release failed ({status})");
        }
        if !bin.is_file() {
            bail!("the release build did not produce {}", bin.display());
        }
        Ok(bin)
    }
}

/// A plain `cargo build --release` of the `copytrace` binary ([`ReleaseBuild::plain`]).
///
/// # Errors
/// When the build fails.
pub fn build_plain_release_copytrace() -> Result<PathBuf> {
    ReleaseBuild::plain().run()
}

/// The host's target triple, from `rustc -vV`.
///
/// # Errors
/// When rustc cannot be run or does not say.
pub fn host_triple() -> Result<String> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let out = Command::new(&rustc).arg("-vV").output().context("running rustc -vV")?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("host: "))
        .map(|h| h.trim().to_owned())
        .context("rustc -vV printed no host line")
}

/// Builds the shipped `copytrace` binary ([`ReleaseBuild::for_host`]) and returns its path.
///
/// # Errors
/// When the build fails.
pub fn build_release_copytrace() -> Result<PathBuf> {
    ReleaseBuild::for_host(&host_triple()?).run()
}

/// The cargo target directory (`CARGO_TARGET_DIR` or `<root>/target`).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| workspace_root().join("target"), PathBuf::from)
}

/// The cargo executable that runs this xtask (`CARGO`, else `cargo`).
pub fn cargo() -> std::ffi::OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// `git diff --no-index --word-diff[=porcelain]` with user and system configuration ignored.
/// Returns standard output; exit codes 0 and 1 (no difference / difference) are success.
///
/// # Errors
/// When git cannot be run or fails.
pub fn git_word_diff(old: &Path, new: &Path, porcelain: bool) -> Result<Vec<u8>> {
    let out = git_word_diff_command(old, new, porcelain).output().context("running git")?;
    match out.status.code() {
        Some(0 | 1) => Ok(out.stdout),
        _ => bail!("git diff exited with {}: {}", out.status, String::from_utf8_lossy(&out.stderr).trim()),
    }
}

/// The git word-diff command line (configuration-independent).
pub fn git_word_diff_command(old: &Path, new: &Path, porcelain: bool) -> Command {
    let mut cmd = Command::new("git");
    cmd.env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .args(["diff", "--no-index", "--no-color", "--no-ext-diff"])
        .arg(if porcelain { "--word-diff=porcelain" } else { "--word-diff" })
        .arg(old)
        .arg(new);
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_builds_are_static_on_linux_gnu_only() {
        let gnu = ReleaseBuild::for_host("x86_64-unknown-linux-gnu");
        assert!(gnu.args.windows(2).any(|w| w == ["--target", "x86_64-unknown-linux-gnu"]));
        assert_eq!(gnu.env.len(), 1);
        assert_eq!(gnu.env[0].0, "CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUSTFLAGS");
        assert!(gnu.env[0].1.ends_with("-C target-feature=+crt-static"));
        assert!(gnu.bin.starts_with("x86_64-unknown-linux-gnu/release"));
        let mac = ReleaseBuild::for_host("aarch64-apple-darwin");
        assert!(!mac.args.iter().any(|a| a == "--target"));
        assert!(mac.env.is_empty());
        assert!(mac.bin.starts_with("release"));
    }
}
