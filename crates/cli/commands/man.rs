//! `copytrace man [COMMAND]`: the manual page (roff), generated from the clap definitions
//! of [`crate::args::Cli`] with `clap_mangen`.

use crate::args::{Cli, ManArgs};
use crate::exit::ExitCode;
use crate::term::Term;
use clap::CommandFactory as _;

/// Writes the manual page.
///
/// # Errors
/// An output error, or
/// An unknown COMMAND, naming the known ones.
pub fn run(args: &ManArgs, _term: &Term) -> anyhow::Result<ExitCode> {
    let mut cmd = Cli::command();
    // Building sets each subcommand's display name (`copytrace-scan`), the page's title.
    cmd.build();
    let page = match &args.command {
        None => cmd,
        Some(name) => match cmd.find_subcommand(name) {
            Some(sub) if name != "help" => sub.clone(),
            _ => {
                let known: Vec<&str> =
                    cmd.get_subcommands().map(clap::Command::get_name).filter(|n| *n != "help").collect();
                anyhow::bail!("no manual page for {name:?}: the commands are {}", known.join(", "));
            }
        },
    };
    let mut buf = Vec::new();
    clap_mangen::Man::new(page).render(&mut buf)?;
    args.out.destination().write(|out| out.write_all(&buf))?;
    Ok(ExitCode::Success)
}
