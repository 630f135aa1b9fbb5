//! Writing a report to stdout: buffered, and a reader that went away (`| head`) is not an
//! error.

use anyhow::Context as _;
use std::io::{self, Write};

/// Writes a report to stdout; a reader that went away (`| head`) is not an error.
pub fn to_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> anyhow::Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("writing the report to stdout"),
    }
}

/// Writes `bytes` to stdout (see [`to_stdout`]).
///
/// # Errors
/// When writing fails.
pub fn bytes_to_stdout(bytes: &[u8]) -> anyhow::Result<()> {
    to_stdout(|out| out.write_all(bytes))
}
