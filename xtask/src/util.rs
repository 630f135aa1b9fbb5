//! Helpers shared by the xtask commands: locating the workspace and the shared data,
//! running commands, and small argument parsing.

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

/// A minimal command-line reader: `--name value` options, `--flag`s and positionals.
pub struct Args {
    items: Vec<String>,
    usage: &'static str,
}

impl Args {
    /// Wraps the arguments after the subcommand.
    pub fn new(items: &[String], usage: &'static str) -> Self {
        Self { items: items.to_vec(), usage }
    }

    /// Whether `-h`/`--help` was given.
    pub fn wants_help(&self) -> bool {
        self.items.iter().any(|a| a == "-h" || a == "--help")
    }

    /// Removes `--name VALUE` (also `--name=VALUE`) and returns the value.
    ///
    /// # Errors
    /// When the option is last with no value.
    pub fn value(&mut self, name: &str) -> Result<Option<String>> {
        let prefix = format!("{name}=");
        if let Some(i) = self.items.iter().position(|a| a == name) {
            if i + 1 >= self.items.len() {
                bail!("{name} needs a value\n\n{}", self.usage);
            }
            let v = self.items.remove(i + 1);
            self.items.remove(i);
            return Ok(Some(v));
        }
        if let Some(i) = self.items.iter().position(|a| a.starts_with(&prefix)) {
            let v = self.items.remove(i)[prefix.len()..].to_owned();
            return Ok(Some(v));
        }
        Ok(None)
    }

    /// Removes `--name VALUE` and parses the value.
    ///
    /// # Errors
    /// When the value does not parse.
    pub fn parsed<T: std::str::FromStr>(&mut self, name: &str) -> Result<Option<T>> {
        match self.value(name)? {
            None => Ok(None),
            Some(v) => match v.parse() {
                Ok(x) => Ok(Some(x)),
                Err(_) => bail!("{name}: cannot read {v:?}\n\n{}", self.usage),
            },
        }
    }

    /// Removes a `--flag` and says whether it was there.
    pub fn flag(&mut self, name: &str) -> bool {
        let before = self.items.len();
        self.items.retain(|a| a != name);
        before != self.items.len()
    }

    /// Ends parsing: fails on anything left over.
    ///
    /// # Errors
    /// When arguments remain.
    pub fn finish(self) -> Result<()> {
        if let Some(a) = self.items.first() {
            bail!("unexpected argument {a:?}\n\n{}", self.usage);
        }
        Ok(())
    }
}

/// Replaces the text between `<!-- BEGIN name -->` and `<!-- END name -->` in a Markdown
/// file by `body`; creates the file (with `preamble`) or appends the section when missing.
///
/// # Errors
/// On IO errors.
pub fn write_section(path: &Path, name: &str, preamble: &str, body: &str) -> Result<()> {
    let begin = format!("<!-- BEGIN {name} (written by cargo xtask; edits inside are overwritten) -->");
    let end = format!("<!-- END {name} -->");
    let current = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => preamble.to_owned(),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    let updated = replace_section(&current, &begin, &end, body);
    let tmp = path.with_extension("md.tmp");
    std::fs::write(&tmp, updated).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("replacing {}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(())
}

fn replace_section(current: &str, begin: &str, end: &str, body: &str) -> String {
    let block = format!("{begin}\n{}\n{end}", body.trim_end());
    match (current.find(begin), current.find(end)) {
        (Some(b), Some(e)) if e > b => format!("{}{}{}", &current[..b], block, &current[e + end.len()..]),
        _ => {
            let mut s = current.trim_end().to_owned();
            s.push_str("\n\n");
            s.push_str(&block);
            s.push('\n');
            s
        }
    }
}

/// Median of a non-empty list (mean of the middle two for even lengths).
pub fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_are_replaced_or_appended() {
        let b = "<!-- BEGIN x -->";
        let e = "<!-- END x -->";
        let first = replace_section("# Title\n\nText.\n", b, e, "one");
        assert_eq!(first, "# Title\n\nText.\n\n<!-- BEGIN x -->\none\n<!-- END x -->\n");
        let second = replace_section(&first, b, e, "two\n");
        assert_eq!(second, "# Title\n\nText.\n\n<!-- BEGIN x -->\ntwo\n<!-- END x -->\n");
    }

    #[test]
    fn args_are_read() {
        let items: Vec<String> = ["--docs", "5", "--out=o", "--fast", "x"].iter().map(|s| (*s).to_owned()).collect();
        let mut a = Args::new(&items, "usage");
        assert_eq!(a.parsed::<usize>("--docs").unwrap(), Some(5));
        assert_eq!(a.value("--out").unwrap().as_deref(), Some("o"));
        assert!(a.flag("--fast"));
        assert!(!a.flag("--fast"));
        assert!(a.finish().is_err());
        let mut b = Args::new(&["--docs".to_owned()], "usage");
        assert!(b.value("--docs").is_err());
        let mut c = Args::new(&["--docs".to_owned(), "x".to_owned()], "usage");
        assert!(c.parsed::<usize>("--docs").is_err());
    }

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

    #[test]
    fn median_of_odd_and_even() {
        assert!((median(&[3.0, 1.0, 2.0]) - 2.0).abs() < 1e-12);
        assert!((median(&[4.0, 1.0, 2.0, 3.0]) - 2.5).abs() < 1e-12);
    }
}
