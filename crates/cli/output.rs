//! Where a report goes: standard output, or a file given with `-o/--output`.
//!
//! A file is written whole into a temporary file beside it and then renamed over the
//! destination, so a run that fails (or is interrupted) leaves no partial report, and a
//! reader never sees half of one. On standard output, a reader that went away (`| head`)
//! is not an error.

use anyhow::Context as _;
use copytrace_corpus::display_path;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Where a command writes its report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    /// Standard output (no `-o`, or `-o -`).
    Stdout,
    /// This file, replaced atomically.
    File(PathBuf),
}

impl Destination {
    /// The destination `-o/--output` asks for: `None` and `-` are standard output.
    #[must_use]
    pub fn of(output: Option<&Path>) -> Self {
        match output {
            Some(path) if path.as_os_str() != "-" => Destination::File(path.to_owned()),
            _ => Destination::Stdout,
        }
    }

    /// Whether the report goes to standard output (so colour and width follow the terminal).
    #[must_use]
    pub fn is_stdout(&self) -> bool {
        matches!(self, Destination::Stdout)
    }

    /// Writes a report here (see the [module docs](self)).
    ///
    /// # Errors
    /// When the temporary file cannot be created beside the destination, writing fails, or
    /// the rename fails; the message names the destination. A broken pipe on standard
    /// output is not an error.
    pub fn write(&self, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> anyhow::Result<()> {
        match self {
            Destination::Stdout => to_stdout(write),
            Destination::File(path) => to_file(path, write),
        }
    }
}

/// Writes a report to stdout; a reader that went away (`| head`) is not an error.
fn to_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> anyhow::Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("writing the report to stdout"),
    }
}

/// Writes a report to a temporary file beside `path`, then renames it to `path`. On any
/// error the temporary file is removed and `path` is left as it was.
fn to_file(path: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> anyhow::Result<()> {
    let shown = display_path(path);
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    if path.is_dir() {
        anyhow::bail!("{shown}: is a directory; -o/--output takes a file name");
    }
    let tmp = tempfile::Builder::new()
        .prefix(".copytrace-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("{shown}: cannot create the report beside it"))?;
    // Set after creation, so the umask does not apply to a mode kept from the file replaced.
    #[cfg(unix)]
    tmp.as_file()
        .set_permissions(report_permissions(path))
        .with_context(|| format!("{shown}: cannot set the report's permissions"))?;
    let mut out = io::BufWriter::new(tmp);
    write(&mut out).and_then(|()| out.flush()).with_context(|| format!("{shown}: writing the report"))?;
    let tmp = out.into_inner().map_err(|e| e.into_error()).with_context(|| format!("{shown}: writing the report"))?;
    tmp.as_file().sync_all().with_context(|| format!("{shown}: writing the report"))?;
    tmp.persist(path).map_err(|e| e.error).with_context(|| format!("{shown}: cannot replace it with the report"))?;
    Ok(())
}

/// The permissions of a new report: those of the file it replaces, else read and write for
/// everyone the umask allows (as a file created by the shell's `>` gets), not the private
/// mode of a temporary file. (A symbolic link at the destination is replaced by the report,
/// as `mv` would; the file it pointed to is left alone.)
#[cfg(unix)]
fn report_permissions(path: &Path) -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt as _;
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() => meta.permissions(),
        _ => std::fs::Permissions::from_mode(0o666 & !umask()),
    }
}

/// The process's umask, from `/proc/self/status` (Linux; it is read without being changed),
/// else the usual `022`.
#[cfg(unix)]
fn umask() -> u32 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find_map(|l| l.strip_prefix("Umask:").map(|v| v.trim().to_owned())))
        .and_then(|v| u32::from_str_radix(&v, 8).ok())
        .unwrap_or(0o022)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dash_and_nothing_are_stdout() {
        assert_eq!(Destination::of(None), Destination::Stdout);
        assert_eq!(Destination::of(Some(Path::new("-"))), Destination::Stdout);
        assert_eq!(Destination::of(Some(Path::new("r.json"))), Destination::File("r.json".into()));
    }

    #[test]
    fn a_failed_write_leaves_no_file_and_keeps_the_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.txt");
        let dest = Destination::of(Some(&path));
        dest.write(|out| out.write_all(b"first")).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        let err = dest
            .write(|out| {
                out.write_all(b"half of a report")?;
                Err(io::Error::other("the renderer failed"))
            })
            .unwrap_err();
        assert!(format!("{err:#}").contains("report.txt"), "{err:#}");
        assert_eq!(std::fs::read(&path).unwrap(), b"first", "the old report is untouched");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("report.txt")], "no temporary file is left");
    }

    #[cfg(unix)]
    #[test]
    fn a_new_report_is_not_private_and_a_replaced_one_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.html");
        Destination::of(Some(&path)).write(|out| out.write_all(b"x")).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o666 & !umask(), "a new report gets what a shell redirect would");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o664)).unwrap();
        Destination::of(Some(&path)).write(|out| out.write_all(b"y")).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o664, "kept, umask or not");
    }
}
