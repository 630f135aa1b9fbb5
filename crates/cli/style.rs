//! [`Styles`]: the look of every report, plain or coloured.
//!
//! Colour is decided once, in `main` ([`ColorChoice::resolve`]), and handed to the
//! renderers as a [`Styles`] value. Renderers never look at the terminal or the
//! environment themselves, so the same renderer writes plain bytes into a test's buffer
//! and coloured text to a terminal.

use owo_colors::Style;

/// The `--color` option.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal, unless `NO_COLOR` is set (non-empty); also colour
    /// when `CLICOLOR_FORCE` is set (non-empty and not `0`), terminal or not.
    #[default]
    Auto,
    /// Always colour, whatever the environment says.
    Always,
    /// Never colour, whatever the environment says.
    Never,
}

impl ColorChoice {
    /// Whether to colour, given the environment and whether stdout is a terminal.
    ///
    /// `always` and `never` override the environment. Under `auto`: a non-empty `NO_COLOR`
    /// disables colour (it wins over `CLICOLOR_FORCE`); otherwise `CLICOLOR_FORCE` set to
    /// anything but the empty string or `0` forces it; otherwise colour iff stdout is a
    /// terminal.
    #[must_use]
    pub fn decide(self, no_color: Option<&str>, clicolor_force: Option<&str>, stdout_is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                if no_color.is_some_and(|v| !v.is_empty()) {
                    false
                } else if clicolor_force.is_some_and(|v| !v.is_empty() && v != "0") {
                    true
                } else {
                    stdout_is_terminal
                }
            }
        }
    }

    /// [`ColorChoice::decide`] for this process: reads `NO_COLOR` and `CLICOLOR_FORCE`;
    /// `to_terminal` says whether the report goes to a terminal (stdout is one and no
    /// `-o FILE` was given).
    #[must_use]
    pub fn resolve(self, to_terminal: bool) -> bool {
        let var = |name: &str| std::env::var_os(name).map(|v| v.to_string_lossy().into_owned());
        self.decide(var("NO_COLOR").as_deref(), var("CLICOLOR_FORCE").as_deref(), to_terminal)
    }
}

/// The styles of every report element. [`Styles::default`] is plain (no escape codes, and
/// changes marked with text markers so plain output stays readable); [`Styles::colored`]
/// uses ANSI colours instead of markers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Styles {
    /// Text of OLD that is not in NEW.
    pub delete: Style,
    /// Text of NEW that is not in OLD.
    pub insert: Style,
    /// Paragraph labels (`NEW ¶3-5 = OLD ¶2`).
    pub label: Style,
    /// The "moved from" part of a label.
    pub moved: Style,
    /// Fold markers and other secondary text.
    pub dim: Style,
    /// Header lines (file names, scores).
    pub header: Style,
    /// Whether changes are also marked in text: deletions as `[-…-]`, insertions as
    /// `{+…+}` (the markers of `git diff --word-diff=plain` and wdiff). On in plain mode.
    pub markers: bool,
}

impl Default for Styles {
    fn default() -> Self {
        Styles::plain()
    }
}

impl Styles {
    /// No colour; changes marked with `[-…-]` and `{+…+}`.
    #[must_use]
    pub fn plain() -> Self {
        Styles {
            delete: Style::new(),
            insert: Style::new(),
            label: Style::new(),
            moved: Style::new(),
            dim: Style::new(),
            header: Style::new(),
            markers: true,
        }
    }

    /// ANSI colours: deletions red and struck through, insertions green, labels bold,
    /// moves cyan, secondary text dimmed. No text markers.
    #[must_use]
    pub fn colored() -> Self {
        Styles {
            delete: Style::new().red().strikethrough(),
            insert: Style::new().green(),
            label: Style::new().bold(),
            moved: Style::new().cyan().bold(),
            dim: Style::new().dimmed(),
            header: Style::new().bold(),
            markers: false,
        }
    }

    /// [`Styles::colored`] if `color`, else [`Styles::plain`].
    #[must_use]
    pub fn new(color: bool) -> Self {
        if color {
            Styles::colored()
        } else {
            Styles::plain()
        }
    }

    /// The markers around a deletion (`("[-", "-]")`), empty strings when
    /// [`Styles::markers`] is off.
    #[must_use]
    pub fn delete_markers(&self) -> (&'static str, &'static str) {
        if self.markers {
            ("[-", "-]")
        } else {
            ("", "")
        }
    }

    /// The markers around an insertion (`("{+", "+}")`), empty strings when
    /// [`Styles::markers`] is off.
    #[must_use]
    pub fn insert_markers(&self) -> (&'static str, &'static str) {
        if self.markers {
            ("{+", "+}")
        } else {
            ("", "")
        }
    }
}

/// Writes `text` in `style` (escape codes only when the style is not plain).
///
/// # Errors
/// Whatever the writer returns.
pub fn write_styled(w: &mut dyn std::io::Write, text: &str, style: Style) -> std::io::Result<()> {
    if style.is_plain() {
        w.write_all(text.as_bytes())
    } else {
        write!(w, "{}{}{}", style.prefix_formatter(), text, style.suffix_formatter())
    }
}

/// Writes the concatenation of `texts` in `style`, as [`write_styled`] would write it joined
/// (one prefix and suffix around the whole run), without joining them first.
///
/// # Errors
/// Whatever the writer returns.
pub fn write_styled_run<'t, W: std::io::Write + ?Sized>(
    w: &mut W,
    texts: impl IntoIterator<Item = &'t str>,
    style: Style,
) -> std::io::Result<()> {
    let plain = style.is_plain();
    if !plain {
        write!(w, "{}", style.prefix_formatter())?;
    }
    for text in texts {
        w.write_all(text.as_bytes())?;
    }
    if !plain {
        write!(w, "{}", style.suffix_formatter())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_choices_override_the_environment() {
        assert!(ColorChoice::Always.decide(Some("1"), None, false));
        assert!(!ColorChoice::Never.decide(None, Some("1"), true));
    }

    #[test]
    fn auto_follows_no_color_then_clicolor_force_then_the_terminal() {
        let auto = ColorChoice::Auto;
        assert!(auto.decide(None, None, true));
        assert!(!auto.decide(None, None, false));
        assert!(!auto.decide(Some("1"), None, true));
        assert!(auto.decide(Some(""), None, true), "an empty NO_COLOR is ignored");
        assert!(auto.decide(None, Some("1"), false));
        assert!(!auto.decide(None, Some("0"), false));
        assert!(!auto.decide(None, Some(""), false));
        assert!(!auto.decide(Some("1"), Some("1"), true), "NO_COLOR wins");
    }

    #[test]
    fn plain_styles_write_no_escapes() {
        let mut out = Vec::new();
        write_styled(&mut out, "x", Styles::plain().delete).unwrap();
        assert_eq!(out, b"x");
        let mut out = Vec::new();
        write_styled(&mut out, "x", Styles::colored().delete).unwrap();
        assert!(out.starts_with(b"\x1b[") && out.ends_with(b"\x1b[0m"), "{out:?}");
    }
}
