//! `copytrace diff OLD NEW`: compare two texts paragraph by paragraph.

use crate::exit::{self, warn, ExitCode};
use crate::render::diff_human;
use crate::term::Term;
use anyhow::Context as _;
use copytrace_corpus::{read_input, ByteSize, Input, DEFAULT_MAX_FILE_SIZE};
use copytrace_diff::{DiffOptions, NormalizeOptions};
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

/// The report format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A report for people: aligned paragraphs, inline changes, colour on terminals.
    #[default]
    Human,
    /// The versioned JSON schema (documented in the rustdoc of `render::diff_json`):
    /// paragraph alignment and ops with byte spans into the original files.
    Json,
}

/// The long `--help` description of `copytrace diff`.
pub const LONG_ABOUT: &str = "Compare two texts paragraph by paragraph.\n\n\
    Paragraphs (separated by blank lines) of OLD and NEW are aligned: equal, edited, merged \
    (several paragraphs became one), split (one became several), moved, deleted, inserted. \
    Inside aligned paragraphs, word-level changes are shown inline: deletions in red (plain \
    output: [-like this-]), insertions in green (plain output: {+like this+}). Unchanged \
    paragraphs are folded (--context N shows N around each change). Curly and straight \
    quotes, dash variants, Unicode compatibility forms and white space do not count as \
    changes unless --strict-typography is given; words always do.\n\n\
    Files that are not valid UTF-8 are read as Windows-1252 with a warning; UTF-16 with a \
    byte-order mark is decoded; prose with rare stray control bytes (a lost quote as \\x19, \
    a stray NUL) is read with a warning; binary files are refused. Byte offsets in the JSON output \
    always refer to the files' bytes.";

/// Arguments of `copytrace diff`.
#[derive(Clone, Debug, clap::Args)]
#[command(after_help = exit::help(&exit::DIFF))]
pub struct DiffArgs {
    /// The earlier text (`-` for standard input; at most one of OLD and NEW).
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The later text (`-` for standard input).
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human, value_name = "FORMAT")]
    pub format: Format,
    /// Show N unchanged paragraphs around each change (the others are folded into one line).
    #[arg(short = 'U', long, default_value_t = 0, value_name = "N")]
    pub context: usize,
    /// Show OLD and NEW in two columns (human format only).
    #[arg(short = 'y', long)]
    pub side_by_side: bool,
    /// Treat upper and lower case as the same.
    #[arg(short = 'i', long)]
    pub ignore_case: bool,
    /// Ignore punctuation: it neither matches nor counts as a change.
    #[arg(long)]
    pub ignore_punctuation: bool,
    /// Count typographic differences as changes: curly vs straight quotes, dash variants,
    /// Unicode compatibility forms (ligatures, no-break spaces). White space is still folded.
    #[arg(long)]
    pub strict_typography: bool,
    /// Refuse files larger than this (bytes, or with a K, M, G suffix; binary multiples).
    #[arg(long, value_name = "SIZE", default_value_t = DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: ByteSize,
}

impl DiffArgs {
    /// The normalisation the options ask for.
    #[must_use]
    pub fn normalize_options(&self) -> NormalizeOptions {
        NormalizeOptions::new()
            .typography(!self.strict_typography)
            .case(self.ignore_case)
            .punctuation(self.ignore_punctuation)
    }
}

/// Runs `copytrace diff`: [`ExitCode::Success`] when the files are equal under the
/// normalisation, [`ExitCode::Findings`] when they differ.
///
/// # Errors
/// A file that cannot be read (the message names it and says why), or an output error.
pub fn run(args: &DiffArgs, term: &Term) -> anyhow::Result<ExitCode> {
    let (old, new) = read_both(args)?;
    for warning in old.warnings().into_iter().chain(new.warnings()) {
        warn(warning);
    }
    let norm = args.normalize_options();
    let diff = copytrace_diff::diff(old.text(), new.text(), &DiffOptions::new().normalize(norm));
    // Files that differ only in their metadata (front matter, a date prefix) differ.
    let same_meta = copytrace_corpus::Metadata::changes(&old.meta, &new.meta).is_empty();
    let code = if diff.is_equal() && same_meta { ExitCode::Success } else { ExitCode::Findings };
    let mut out = BufWriter::new(io::stdout().lock());
    let written = match args.format {
        Format::Human => {
            let opts =
                diff_human::HumanOptions { width: term.width, context: args.context, side_by_side: args.side_by_side };
            diff_human::render(&mut out, &diff, &old, &new, &opts, &term.styles)
        }
        Format::Json => copytrace_report::diff::write(&mut out, &diff, &old, &new, &norm),
    }
    .and_then(|()| out.flush());
    // The process ends next: freeing the diff (millions of small allocations for a large
    // pair) one by one would only delay the exit that frees it all at once.
    std::mem::forget(diff);
    match written {
        // The reader went away (`| head`): the result is still the result.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(code),
        other => other.context("writing the report to stdout").map(|()| code),
    }
}

fn is_stdin(path: &std::path::Path) -> bool {
    path.as_os_str() == "-"
}

/// Files from this size on are read (and checked as text) on two threads at once; below
/// it, starting a thread costs more than reading.
const PARALLEL_READ_BYTES: u64 = 1 << 20;

/// Reads OLD and NEW; when both fail, OLD's error is the one reported.
///
/// # Errors
/// Also when both are `-`: standard input can be read once, so the second side would be
/// empty and every paragraph of the first reported as deleted.
fn read_both(args: &DiffArgs) -> anyhow::Result<(Input, Input)> {
    if is_stdin(&args.old) && is_stdin(&args.new) {
        anyhow::bail!("both OLD and NEW are standard input (`-`); give at least one file");
    }
    let size = |p: &std::path::Path| std::fs::metadata(p).map_or(0, |m| m.len());
    let (old, new) = if size(&args.old).min(size(&args.new)) >= PARALLEL_READ_BYTES {
        std::thread::scope(|s| {
            let new = s.spawn(|| read_input(&args.new, args.max_file_size));
            let old = read_input(&args.old, args.max_file_size);
            (old, new.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
        })
    } else {
        (read_input(&args.old, args.max_file_size), read_input(&args.new, args.max_file_size))
    };
    Ok((old?, new?))
}
