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
/// What each code means for each command is written once, in [`RULES`]: each command's `--help` ([`help`]), the top-level `--help`
/// ([`overview`]) and the README's "Exit codes" section show that text (a test checks the
/// README against `--help`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum ExitCode {
    /// 0: nothing to report (`diff`: equal; `scan`: clean; `trace`: nothing found).
    Success = 0,
    /// 1: something to report (`diff`: the files differ; `scan`: reuse found, or with
    /// `--fail-*` thresholds a gate tripped; `trace`: a paragraph found elsewhere).
    Findings = 1,
    /// 2: the job could not be done (bad input, bad usage, an IO error).
    Error = 2,
    /// 3: the result is partial (`scan`/`trace`/`index`: some corpus files could not be read).
    /// Wins over 0 and 1, so a CI job cannot pass on a scan that missed files.
    Partial = 3,
}

impl ExitCode {
    /// The numeric status.
    #[must_use]
    pub fn code(self) -> u8 {
        self as u8
    }

    /// The status of a `scan` or `trace` result: partial beats findings beats clean.
    #[must_use]
    pub fn of(partial: bool, found: bool) -> Self {
        if partial {
            ExitCode::Partial
        } else if found {
            ExitCode::Findings
        } else {
            ExitCode::Success
        }
    }
}

impl From<ExitCode> for std::process::ExitCode {
    fn from(code: ExitCode) -> Self {
        std::process::ExitCode::from(code.code())
    }
}

/// The exit rule of one command: its name and, for each code it can end with, what the
/// code means.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// The subcommand (`diff`, `scan`, ...).
    pub command: &'static str,
    /// `(code, meaning)`, by code.
    pub codes: &'static [(ExitCode, &'static str)],
}

/// `copytrace diff`.
pub const DIFF: Rule = Rule {
    command: "diff",
    codes: &[
        (ExitCode::Success, "equal: the files are the same under the chosen normalisation"),
        (
            ExitCode::Findings,
            "different: the files differ (in their prose, or only in their metadata: front matter, a date prefix)",
        ),
        (
            ExitCode::Error,
            "error: a file could not be read (missing, a directory, binary, too large, ...), both \
             OLD and NEW are `-`, or bad usage",
        ),
    ],
};

/// `copytrace scan`: the rule `commands::scan::run` applies.
pub const SCAN: Rule = Rule {
    command: "scan",
    codes: &[
        (ExitCode::Success, "clean: every file was read and nothing was found"),
        (
            ExitCode::Findings,
            "found: without --fail-* options, any reuse (a passage shared by two documents) not \
             accepted by --baseline; with --fail-containment, --fail-passage-words or \
             --fail-originality, only reuse beyond one of those thresholds (a gate tripped)",
        ),
        (
            ExitCode::Error,
            "error: the corpus, the index or the baseline could not be read, bad usage, or an \
             output error",
        ),
        (
            ExitCode::Partial,
            "partial: some files could not be read (listed on stderr and in the report); the \
             rest was scanned. 3 wins over 0 and 1, so a CI job cannot pass on a scan that \
             missed files",
        ),
    ],
};

/// `copytrace trace` (it has no gates).
pub const TRACE: Rule = Rule {
    command: "trace",
    codes: &[
        (ExitCode::Success, "nothing found: no paragraph of FILE shares a passage with the corpus"),
        (ExitCode::Findings, "found: at least one paragraph of FILE shares a passage with a corpus document"),
        (ExitCode::Error, "error: FILE or the corpus could not be read, bad usage, or an output error"),
        (ExitCode::Partial, "partial: some corpus files could not be read (listed on stderr); the rest was traced"),
    ],
};

/// `copytrace index`.
pub const INDEX: Rule = Rule {
    command: "index",
    codes: &[
        (ExitCode::Success, "the index was written and covers every file"),
        (ExitCode::Error, "error: DIR or the index could not be read or written (nothing is written)"),
        (ExitCode::Partial, "partial: some files could not be read (listed on stderr); the index holds the rest"),
    ],
};

/// `copytrace completions`.
pub const COMPLETIONS: Rule = Rule {
    command: "completions",
    codes: &[(ExitCode::Success, "the script was written"), (ExitCode::Error, "error: bad usage or an output error")],
};

/// `copytrace man`.
pub const MAN: Rule = Rule {
    command: "man",
    codes: &[(ExitCode::Success, "the page was written"), (ExitCode::Error, "error: bad usage or an output error")],
};

/// `copytrace schema`.
pub const SCHEMA: Rule = Rule {
    command: "schema",
    codes: &[(ExitCode::Success, "the schema was written"), (ExitCode::Error, "error: bad usage or an output error")],
};

/// Every command's rule, in the order of the top-level help.
pub const RULES: [Rule; 7] = [DIFF, SCAN, TRACE, INDEX, COMPLETIONS, MAN, SCHEMA];

/// Width of the exit-status text (shorter than any terminal clap wraps help for).
const HELP_WIDTH: usize = 78;

/// The rows of a rule, `  CODE  MEANING`, the meaning wrapped to [`HELP_WIDTH`] under itself.
fn rows(rule: &Rule, out: &mut String) {
    for (code, meaning) in rule.codes {
        let mut line = format!("  {}  ", code.code());
        let indent = line.len();
        for word in meaning.split_whitespace() {
            if line.len() > indent && line.len() + 1 + word.len() > HELP_WIDTH {
                out.push_str(&line);
                out.push('\n');
                line = " ".repeat(indent);
            } else if line.len() > indent {
                line.push(' ');
            }
            line.push_str(word);
        }
        out.push_str(&line);
        out.push('\n');
    }
}

/// The `Exit status:` text of one command's `--help`.
#[must_use]
pub fn help(rule: &Rule) -> String {
    let mut out = String::from("Exit status:\n");
    rows(rule, &mut out);
    out.pop();
    out
}

/// The `Exit status` text of the top-level `--help`: every command's rule.
#[must_use]
pub fn overview() -> String {
    let mut out = String::from("Exit status, by command (also in each command's --help):\n");
    for rule in &RULES {
        out.push_str(&format!("copytrace {}\n", rule.command));
        rows(rule, &mut out);
    }
    out.pop();
    out
}

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
    fn exit_help_lines_fit_and_name_every_code() {
        for rule in &RULES {
            let text = help(rule);
            assert!(text.lines().all(|l| l.len() <= HELP_WIDTH), "{text}");
            for (code, _) in rule.codes {
                assert!(text.contains(&format!("\n  {}  ", code.code())), "{text}");
            }
            assert!(overview().contains(&text["Exit status:\n".len()..]));
        }
        // trace has no gates, so its help must not describe them.
        assert!(!help(&TRACE).contains("--fail"));
    }

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
