//! Integration tests: drive the built `copytrace` binary as a user would.
//!
//! [`TestCommand`] runs `copytrace` with arguments in a fresh temporary directory (or in
//! the repository root, for tests on the bundled corpus and shared data, so paths in
//! golden output are relative and the same on every machine) with a clean colour
//! environment, and returns its exit code, stdout and stderr.
//!
//! Golden files live in `tests/it/snapshots/` (insta). A mismatch always fails the test;
//! outside CI insta also writes a `.snap.new` file for review (`cargo insta review`), and in
//! CI (`CI` set) it writes nothing.

mod browser;
mod cdp;
mod ci_docs;
mod corpus;
mod dates;
mod diff;
mod direction;
mod docs;
mod hostile;
mod html;
mod html_report;
mod index;
mod json_schema;
mod output;
mod readme;
mod repeats;
mod scan;
mod schema;
mod text;

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The repository root (the root package's manifest directory).
pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// A `copytrace` invocation being built.
pub struct TestCommand {
    cmd: Command,
    dir: tempfile::TempDir,
    stdin: Option<Vec<u8>>,
}

/// What a run produced.
#[derive(Debug)]
pub struct Output {
    /// The exit code (`-1` if killed by a signal).
    pub code: i32,
    /// Stdout, as bytes.
    pub stdout: Vec<u8>,
    /// Stderr, as text.
    pub stderr: String,
}

impl Default for TestCommand {
    fn default() -> Self {
        Self::new()
    }
}

impl TestCommand {
    /// `copytrace` in a fresh temporary directory, with `NO_COLOR`, `CLICOLOR_FORCE`,
    /// `COLUMNS` and `CI`-independent settings cleared.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_copytrace"));
        cmd.current_dir(dir.path());
        for var in ["NO_COLOR", "CLICOLOR_FORCE", "CLICOLOR", "COLUMNS", "TERM"] {
            cmd.env_remove(var);
        }
        TestCommand { cmd, dir, stdin: None }
    }

    /// `copytrace` run from the repository root (paths like `corpus/...` and
    /// `../shared/data/...` resolve, and print the same on every machine).
    pub fn in_repo() -> Self {
        let mut t = TestCommand::new();
        t.cmd.current_dir(ROOT);
        t
    }

    /// Adds arguments.
    pub fn args<I, S>(&mut self, args: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.cmd.args(args);
        self
    }

    /// Adds one path argument.
    pub fn arg_path(&mut self, path: &Path) -> &mut Self {
        self.cmd.arg(path);
        self
    }

    /// Sets an environment variable.
    pub fn env(&mut self, key: &str, value: &str) -> &mut Self {
        self.cmd.env(key, value);
        self
    }

    /// Feeds `bytes` to stdin.
    pub fn stdin(&mut self, bytes: &[u8]) -> &mut Self {
        self.stdin = Some(bytes.to_vec());
        self
    }

    /// The temporary directory.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file into the temporary directory; returns its path.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create parent");
        }
        std::fs::write(&path, bytes).expect("write test file");
        path
    }

    /// Runs the command to completion.
    pub fn run(&mut self) -> Output {
        self.cmd.stdin(if self.stdin.is_some() { Stdio::piped() } else { Stdio::null() });
        self.cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = self.cmd.spawn().expect("spawn copytrace");
        if let Some(bytes) = self.stdin.take() {
            let mut stdin = child.stdin.take().expect("stdin");
            stdin.write_all(&bytes).expect("write stdin");
        }
        let out = child.wait_with_output().expect("wait for copytrace");
        Output {
            code: out.status.code().unwrap_or(-1),
            stdout: out.stdout,
            stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        }
    }
}

impl Output {
    /// Stdout as text (panics if it is not UTF-8).
    pub fn stdout(&self) -> &str {
        std::str::from_utf8(&self.stdout).expect("stdout is UTF-8")
    }

    /// Stdout parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout()))
    }

    /// Asserts the exit code, showing stderr on failure.
    #[track_caller]
    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code,
            code,
            "exit code; stderr:\n{}\nstdout:\n{}",
            self.stderr,
            String::from_utf8_lossy(&self.stdout)
        );
        self
    }
}
