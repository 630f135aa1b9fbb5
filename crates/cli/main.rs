//! The `copytrace` command: text diff and provenance for prose.
//!
//! # Layout
//!
//! Every command is a straight pipeline: arguments → source (a corpus, or a corpus plus an
//! index) → analysis (the library crates) → gates → writers.
//!
//! * `main.rs`: parses the command line ([`args::Cli`]), resolves colour and width once
//!   ([`term::Term`]), runs the command and turns errors into an exit code
//!   ([`exit::ExitCode`]).
//! * [`args`]: the command line as data: [`args::Cli`], [`args::Command`] and every
//!   command's arguments, their defaults taken from the library
//!   ([`copytrace_provenance::config::defaults`]).
//! * [`commands`]: one module per command (`diff`, `scan`, `trace`, `index`,
//!   `completions`, `man`, `schema`), each with `run(&Args, &Term) -> anyhow::Result<ExitCode>`.
//! * Shared steps: [`source`] (reading a corpus with progress and its warnings,
//!   fingerprinting), [`index_file`] (the index on disk: opened in place, documents rebuilt
//!   from it), [`gates`] (evaluating findings against thresholds and a baseline; CI lines),
//!   [`output`] (where a report goes: stdout, or a file written atomically with `-o`).
//! * Infrastructure: [`render`] (human renderers writing to any `io::Write`), [`style`]
//!   ([`style::Styles`], `--color`), [`term`], [`wrap`] (display-width word wrapping of styled
//!   text), [`exit`] (exit codes, error and warning lines, the panic guard).
//!
//! # Module graph
//!
//! The imports between the binary's modules form no cycle (an arrow: "imports"):
//!
//! ```text
//! main ──> args, commands, exit, term
//! commands::{diff, scan, trace, index, completions, man, schema}
//!      ──> args, source, index_file, gates, output, render, term, exit
//!          (no command module imports another)
//! args ──> exit, render, style      (help texts; never a command module)
//! gates ──> args, render            (render::count)
//! source ──> args, exit
//! index_file, output ──> (none)
//! render ──> style, wrap;  wrap ──> style;  term ──> style;  exit, style ──> (none)
//! ```

// The binary uses anyhow for errors and prints diagnostics through `exit::{print_error, warn}`.

mod args;
mod commands;
mod exit;
mod gates;
mod index_file;
mod output;
mod render;
mod source;
mod style;
mod term;
mod wrap;

use args::{Cli, Command};
use clap::Parser as _;
use exit::ExitCode;

/// The allocator: mimalloc (its v2 line), not the system's. A large diff builds tens of
/// megabytes of tables and vectors that live until it ends; the system allocator maps them
/// page by page, and each first touch of a 4 KiB page is a fault (on the 5 MB benchmark
/// pair, 11k faults, about a fifth of the CPU time). mimalloc takes its memory from one
/// arena marked for transparent huge pages where the kernel allows them (a fault per
/// 2 MiB), and is quicker with the many small vectors besides. On that pair the wall time
/// falls by about a fifth, for a higher peak resident size (BENCHMARKS.md). Its v3 line was
/// slower on both kinds of pair here. Its collection at exit is compiled out
/// (`.cargo/config.toml`): a process that exits needs no memory handed back. It decides
/// nothing about the output.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // A bug must not end the run with Rust's panic report and status 101: one line, exit 2.
    exit::install_panic_hook();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Usage errors exit 2 (as `ExitCode::Error`); --help and --version exit 0.
            let _ = e.print();
            return if e.use_stderr() { ExitCode::Error.into() } else { ExitCode::Success.into() };
        }
    };
    let to_stdout = output::Destination::of(cli.command.output()).is_stdout();
    let term = term::Term::resolve(cli.color, cli.width.map(usize::from), to_stdout);
    let result = exit::catch_panics(|| match &cli.command {
        Command::Diff(args) => commands::diff::run(args, &term),
        Command::Scan(args) => commands::scan::run(args, &term),
        Command::Trace(args) => commands::trace::run(args, &term),
        Command::Index(args) => commands::index::run(args, &term),
        Command::Completions(args) => commands::completions::run(args, &term),
        Command::Man(args) => commands::man::run(args, &term),
        Command::Schema(args) => commands::schema::run(args, &term),
    });
    match result {
        Ok(code) => code.into(),
        Err(e) if exit::is_broken_pipe(&e) => ExitCode::Error.into(),
        Err(e) => {
            exit::print_error(&e);
            ExitCode::Error.into()
        }
    }
}
