//! What the output looks like: colour and width, decided once in `main`.

use crate::style::{ColorChoice, Styles};
use std::io::IsTerminal;

/// The width used when stdout is not a terminal and `--width` is not given.
pub const DEFAULT_WIDTH: usize = 80;

/// How to render for this run's stdout.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Term {
    /// The styles (plain unless colour was chosen).
    pub styles: Styles,
    /// Whether colour is on.
    pub color: bool,
    /// Width in display columns for wrapped text.
    pub width: usize,
    /// Whether stdout is a terminal (progress bars and the like go to stderr only when
    /// stderr is one; this says whether the report is read by a person).
    pub stdout_is_terminal: bool,
}

impl Term {
    /// Resolves `--color` and `--width` against the environment: colour by
    /// [`ColorChoice::resolve`]; width from `--width`, else the terminal's width when the
    /// report goes to a terminal, else [`DEFAULT_WIDTH`]. `to_stdout` is false when the
    /// report goes to a file (`-o FILE`): then it is not read on this terminal.
    #[must_use]
    pub fn resolve(color: ColorChoice, width: Option<usize>, to_stdout: bool) -> Self {
        let stdout_is_terminal = to_stdout && std::io::stdout().is_terminal();
        // A file is not read on this terminal: coloured only when asked for outright.
        let color = if to_stdout { color.resolve(stdout_is_terminal) } else { color == ColorChoice::Always };
        let width = width.unwrap_or_else(|| {
            if stdout_is_terminal {
                terminal_size::terminal_size_of(std::io::stdout()).map_or(DEFAULT_WIDTH, |(w, _)| usize::from(w.0))
            } else {
                DEFAULT_WIDTH
            }
        });
        Term { styles: Styles::new(color), color, width, stdout_is_terminal }
    }
}
