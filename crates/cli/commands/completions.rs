//! `copytrace completions SHELL`: a shell completion script, generated from the clap
//! definitions of [`crate::args::Cli`] (so it always lists the commands and options that
//! exist) with `clap_complete`.

use crate::args::{Cli, CompletionsArgs};
use crate::exit::ExitCode;
use crate::term::Term;
use clap::CommandFactory as _;

/// Writes the completion script.
///
/// # Errors
/// An output error.
pub fn run(args: &CompletionsArgs, _term: &Term) -> anyhow::Result<ExitCode> {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(clap_complete::Shell::from(args.shell), &mut cmd, "copytrace", &mut buf);
    args.out.destination().write(|out| out.write_all(&buf))?;
    Ok(ExitCode::Success)
}
