//! The `copytrace` command: text diff and provenance for prose.
//!
//! # Layout
//!
//! * `main.rs`: the command line ([`Cli`], one variant of [`Command`] per subcommand),
//!   colour and width resolved once ([`term::Term`]), errors printed and turned into an
//!   exit code ([`exit::ExitCode`]).
//! * One module per command, each with its clap `Args` and a
//!   `run(&Args, &Term) -> anyhow::Result<ExitCode>`: [`cmd_diff`], [`scan`] (`scan` and
//!   `trace`), [`index_cmd`], [`cmd_docs`] (`completions`, `man`); they read files with
//!   `copytrace_corpus` and [`gate`] applies CI thresholds and baselines.
//! * Shared infrastructure: [`style`] ([`style::Styles`], `--color`), [`term`] (colour and width
//!   resolved once), [`wrap`] (display-width word wrapping of styled text), [`render`]
//!   (renderers writing to any `io::Write`; the JSON layout), [`exit`] (exit codes, error
//!   and warning lines, the panic guard).

// The binary uses anyhow for errors and prints diagnostics through `exit::{print_error, warn}`.

mod cmd_diff;
mod cmd_docs;
mod cmd_schema;
mod exit;
mod gate;
mod index_cmd;
mod render;
mod scan;
mod style;
mod term;
mod wrap;

use clap::{Parser, Subcommand};
use exit::ExitCode;
use style::ColorChoice;

/// Text diff and provenance for prose.
#[derive(Debug, Parser)]
#[command(
    name = "copytrace",
    version,
    about = "Text diff and provenance for prose: how do two texts differ, and who copied whom",
    long_about = "Text diff and provenance for prose: how do two texts differ, and who copied whom.\n\n\
        `copytrace diff OLD NEW` aligns the paragraphs of two texts (surviving merged, split and \
        moved paragraphs and typographic noise) and shows word-level changes.",
    after_help = exit::overview(),
    propagate_version = true,
    args_override_self = true
)]
pub struct Cli {
    /// When to colour the output: `auto` colours when stdout is a terminal and `NO_COLOR` is
    /// not set (`CLICOLOR_FORCE=1` forces colour); `always` and `never` override both.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Wrap text to this many columns (default: the terminal's width, or 80 when stdout is not
    /// a terminal).
    #[arg(long, global = true, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(20..))]
    pub width: Option<u16>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compare two texts paragraph by paragraph.
    #[command(long_about = cmd_diff::LONG_ABOUT)]
    Diff(cmd_diff::DiffArgs),
    /// Find every passage shared by two documents of a corpus: pairs, clusters, direction, originality.
    Scan(scan::ScanArgs),
    /// Trace one article against a corpus, paragraph by paragraph: where each passage also appears.
    Trace(scan::TraceArgs),
    /// Index a corpus (fingerprints, metadata, text) for `scan --against`; `--update` refreshes an index.
    Index(index_cmd::IndexArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    #[command(long_about = cmd_docs::COMPLETIONS_ABOUT)]
    Completions(cmd_docs::CompletionsArgs),
    /// Print the manual page (roff).
    #[command(long_about = cmd_docs::MAN_ABOUT)]
    Man(cmd_docs::ManArgs),
    /// Print the JSON Schema of a report format (scan, scan-jsonl, trace, trace-jsonl, diff).
    Schema(cmd_schema::SchemaArgs),
}

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
    let term = term::Term::resolve(cli.color, cli.width.map(usize::from));
    let result = exit::catch_panics(|| match &cli.command {
        Command::Diff(args) => cmd_diff::run(args, &term),
        Command::Scan(args) => scan::run_scan(args, &term),
        Command::Trace(args) => scan::run_trace(args, &term),
        Command::Index(args) => index_cmd::run_index(args),
        Command::Completions(args) => cmd_docs::run_completions(args),
        Command::Man(args) => cmd_docs::run_man(args),
        Command::Schema(args) => cmd_schema::run(args),
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn global_options_go_before_or_after_the_subcommand() {
        let cli = Cli::try_parse_from(["copytrace", "--color", "never", "diff", "a", "b", "--width", "40"]).unwrap();
        assert_eq!(cli.color, ColorChoice::Never);
        assert_eq!(cli.width, Some(40));
        assert!(Cli::try_parse_from(["copytrace", "diff", "a", "b", "--width", "5"]).is_err());
        assert!(Cli::try_parse_from(["copytrace", "diff", "a"]).is_err());
    }

    #[test]
    fn engine_options_default_to_the_library_defaults() {
        // Without options, the engine settings of scan and trace are the library's.
        let cli = Cli::try_parse_from(["copytrace", "scan", "dir"]).unwrap();
        let Command::Scan(scan) = &cli.command else { panic!("not a scan: {cli:?}") };
        assert_eq!(scan.corpus.config(), copytrace_provenance::Config::default());
        let cli = Cli::try_parse_from(["copytrace", "trace", "a.txt", "--corpus", "dir"]).unwrap();
        let Command::Trace(trace) = &cli.command else { panic!("not a trace: {cli:?}") };
        assert_eq!(trace.options.config(), copytrace_provenance::Config::default());
    }
}
