//! Exit codes and the messages printed on the way out.
//!
//! Every `copytrace` command ends with one [`ExitCode`]. The codes follow `diff(1)` and
//! `grep(1)`: 0 means "nothing to report", 1 means "something found", 2 means "could not
//! do the job". A usage error (an unknown option, a missing argument) is also 2; `--help`
//! and `--version` exit 0.
//!
//! Errors are printed on stderr as one line, `copytrace: error: <path>: <reason>`, and
//! warnings as `copytrace: warning: <path>: <reason>`; stdout carries only the report.

use std::fmt;

/// How a `copytrace` run ended, as the process exit status.
///
/// | code | `copytrace diff` | `copytrace scan` / `trace` |
/// |------|------------------|----------------------------|
/// | 0 ([`ExitCode::Success`]) | the files are equal under the chosen normalisation | clean: no gate tripped |
/// | 1 ([`ExitCode::Findings`]) | the files differ | a gate tripped (reuse was found that no baseline accepts) |
/// | 2 ([`ExitCode::Error`]) | an error: bad input, bad usage, an output error | the same |
/// | 3 ([`ExitCode::Partial`]) | — | some files could not be read; the report covers the rest |
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum ExitCode {
    /// 0: nothing to report (`diff`: equal; `scan`: clean).
    Success = 0,
    /// 1: something to report (`diff`: the files differ; `scan`: a gate tripped).
    Findings = 1,
    /// 2: the job could not be done (bad input, bad usage, an IO error).
    Error = 2,
    /// 3: the result is partial (`scan`/`trace`: some corpus files could not be read).
    /// Wins over 0 and 1, so a CI job cannot pass on a scan that missed files.
    Partial = 3,
}

impl ExitCode {
    /// The numeric status.
    #[must_use]
    pub fn code(self) -> u8 {
        self as u8
    }
}

impl From<ExitCode> for std::process::ExitCode {
    fn from(code: ExitCode) -> Self {
        std::process::ExitCode::from(code.code())
    }
}

/// The exit-code table of `copytrace diff`, for its `--help` text.
pub const DIFF_EXIT_CODES_HELP: &str = "\
Exit status:
  0  equal: the files are the same under the chosen normalisation
  1  different: the files differ (in their prose, or only in their metadata: front matter, a date prefix)
  2  error: a file could not be read (missing, a directory, binary, too large, ...) or bad usage";

/// Prints `copytrace: error: <message>` on stderr, the message being the error and its
/// causes joined with `: ` (so an error with a file's path as context reads
/// `copytrace: error: <path>: <reason>`).
pub fn print_error(err: &anyhow::Error) {
    emit("error", format_args!("{err:#}"));
}

/// Prints `copytrace: warning: <message>` on stderr.
pub fn warn(message: impl fmt::Display) {
    emit("warning", format_args!("{message}"));
}

#[allow(clippy::print_stderr, reason = "the CLI's diagnostics go to stderr; this is the one place that prints them")]
fn emit(level: &str, message: fmt::Arguments<'_>) {
    eprintln!("copytrace: {level}: {message}");
}

/// Runs `f`; a panic inside it (a bug, in copytrace or a library) ends the run with
/// [`ExitCode::Error`] like any other error, after [`install_panic_hook`]'s one-line message,
/// instead of Rust's default report and exit status 101.
///
/// # Errors
/// Whatever `f` returns.
pub fn catch_panics(f: impl FnOnce() -> anyhow::Result<ExitCode>) -> anyhow::Result<ExitCode> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or(Ok(ExitCode::Error))
}

/// Replaces Rust's panic message by one line on stderr:
/// `copytrace: error: internal error: <message> at <file:line> (a bug in copytrace; please report it)`.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("a panic");
        let place = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        emit("error", format_args!("internal error: {message}{place} (a bug in copytrace; please report it)"));
    }));
}

/// Whether `err` (or any of its causes) is a broken pipe: the reader of stdout went away
/// (`copytrace diff a b | head`). That is not an error worth reporting.
#[must_use]
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .any(|e| e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_as_documented() {
        assert_eq!(ExitCode::Success.code(), 0);
        assert_eq!(ExitCode::Findings.code(), 1);
        assert_eq!(ExitCode::Error.code(), 2);
    }

    #[test]
    fn a_panic_becomes_exit_status_2() {
        // (The default hook prints the panic in the test output; that is expected.)
        assert_eq!(catch_panics(|| panic!("boom")).unwrap(), ExitCode::Error);
        assert_eq!(catch_panics(|| Ok(ExitCode::Findings)).unwrap(), ExitCode::Findings);
        assert!(catch_panics(|| Err(anyhow::anyhow!("bad"))).is_err());
    }

    #[test]
    fn broken_pipe_is_recognised_through_context() {
        let e = anyhow::Error::from(std::io::Error::from(std::io::ErrorKind::BrokenPipe)).context("writing");
        assert!(is_broken_pipe(&e));
        let e = anyhow::Error::from(std::io::Error::from(std::io::ErrorKind::NotFound)).context("reading");
        assert!(!is_broken_pipe(&e));
    }
}
