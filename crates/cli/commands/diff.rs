//! `copytrace diff OLD NEW`: compare two texts paragraph by paragraph.
//!
//! The pipeline: the **source** is the two texts ([`copytrace_corpus::read_input`]), the
//! **analysis** [`copytrace_diff::diff`], the **writers** the human report
//! ([`crate::render::diff_human`]) or the JSON one ([`copytrace_report::diff`]).

use crate::args::{DiffArgs, DiffFormat};
use crate::exit::{warn, ExitCode};
use crate::render::diff_human;
use crate::term::Term;
use copytrace_corpus::{read_input, Input};
use copytrace_diff::DiffOptions;

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
    let written = args.out.destination().write(|out| match args.format {
        DiffFormat::Human => {
            let opts =
                diff_human::HumanOptions { width: term.width, context: args.context, side_by_side: args.side_by_side };
            diff_human::render(out, &diff, &old, &new, &opts, &term.styles)
        }
        DiffFormat::Json => copytrace_report::diff::write(out, &diff, &old, &new, &norm),
        DiffFormat::Html => copytrace_html::write_diff(out, &diff, &old, &new, &norm),
    });
    // The process ends next: freeing the diff (millions of small allocations for a large
    // pair) one by one would only delay the exit that frees it all at once.
    std::mem::forget(diff);
    written.map(|()| code)
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
