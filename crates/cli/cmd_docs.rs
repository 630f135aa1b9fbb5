//! `copytrace completions SHELL` and `copytrace man`: shell completions and the manual
//! page, generated from the clap definitions of [`crate::Cli`] (so they always list the
//! commands and options that exist) with `clap_complete` and `clap_mangen`.

use crate::exit::ExitCode;
use clap::CommandFactory as _;

/// Arguments of `copytrace man` (none).
#[derive(Clone, Debug, clap::Args)]
#[command(after_help = crate::exit::help(&crate::exit::MAN))]
pub struct ManArgs {
    /// The page of this command (`copytrace-COMMAND(1)`, which the main page refers to)
    /// instead of the main page.
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}
use std::io::{self, Write};

/// A shell to complete in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    /// Bash.
    Bash,
    /// Zsh.
    Zsh,
    /// Fish.
    Fish,
    /// PowerShell.
    Powershell,
    /// Elvish.
    Elvish,
}

impl From<Shell> for clap_complete::Shell {
    fn from(shell: Shell) -> Self {
        match shell {
            Shell::Bash => clap_complete::Shell::Bash,
            Shell::Zsh => clap_complete::Shell::Zsh,
            Shell::Fish => clap_complete::Shell::Fish,
            Shell::Powershell => clap_complete::Shell::PowerShell,
            Shell::Elvish => clap_complete::Shell::Elvish,
        }
    }
}

/// The long `--help` of `copytrace completions`.
pub const COMPLETIONS_ABOUT: &str = "Print the completion script for SHELL on stdout.\n\n\
    Install it where your shell looks for completions, for example:\n  \
    bash:  copytrace completions bash > ~/.local/share/bash-completion/completions/copytrace\n  \
    zsh:   copytrace completions zsh > ~/.zfunc/_copytrace  (with fpath+=~/.zfunc)\n  \
    fish:  copytrace completions fish > ~/.config/fish/completions/copytrace.fish\n  \
    PowerShell:  copytrace completions powershell >> $PROFILE\n  \
    elvish:  copytrace completions elvish >> ~/.config/elvish/rc.elv";

/// The long `--help` of `copytrace man`.
pub const MAN_ABOUT: &str = "Print the manual page (roff) on stdout: copytrace(1), or with \
    COMMAND the page copytrace-COMMAND(1).\n\n\
    For example: `copytrace man > ~/.local/share/man/man1/copytrace.1` and \
    `copytrace man scan > ~/.local/share/man/man1/copytrace-scan.1`, then `man copytrace`; \
    or read a page at once with `copytrace man | man -l -`.";

/// Arguments of `copytrace completions`.
#[derive(Clone, Debug, clap::Args)]
#[command(after_help = crate::exit::help(&crate::exit::COMPLETIONS))]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: Shell,
}

/// Writes the completion script.
///
/// # Errors
/// An output error.
pub fn run_completions(args: &CompletionsArgs) -> anyhow::Result<ExitCode> {
    let mut cmd = crate::Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(clap_complete::Shell::from(args.shell), &mut cmd, "copytrace", &mut buf);
    write_out(&buf)
}

/// Writes the manual page.
///
/// # Errors
/// An output error, or
/// An unknown COMMAND, naming the known ones.
pub fn run_man(args: &ManArgs) -> anyhow::Result<ExitCode> {
    let mut cmd = crate::Cli::command();
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
    write_out(&buf)
}

fn write_out(bytes: &[u8]) -> anyhow::Result<ExitCode> {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(ExitCode::Success),
        other => {
            anyhow::Context::context(other, "writing to stdout")?;
            Ok(ExitCode::Success)
        }
    }
}
