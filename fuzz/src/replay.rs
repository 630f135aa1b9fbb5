//! Replaying saved fuzz inputs in the normal test suite: the helpers both
//! `crates/*/tests/fuzz_regressions.rs` include with `#[path]` (test-only; the fuzz targets
//! do not use it).
//!
//! It needs only `std`, so it compiles the same in each crate's tests.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// What an invariant check returns: `Err` with the broken invariant.
pub type Checked = Result<(), String>;

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs `check` on `data`, turning a panic into a failure message.
pub fn outcome(check: fn(&[u8]) -> Checked, data: &[u8]) -> Checked {
    match catch_unwind(AssertUnwindSafe(|| check(data))) {
        Ok(result) => result,
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("(non-string panic payload)");
            Err(format!("panicked: {message}"))
        }
    }
}

/// Every file of `fuzz/seeds/<target>/` and `fuzz/regressions/<target>/`, sorted.
pub fn saved_inputs(target: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["seeds", "regressions"] {
        let dir = root().join("fuzz").join(dir).join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        files.extend(entries.map(|e| e.expect("readable fuzz directory").path()).filter(|p| p.is_file()));
    }
    files.sort();
    files
}

/// The seed articles of `corpus/`, sorted by name.
pub fn corpus_articles() -> Vec<(String, Vec<u8>)> {
    let mut articles: Vec<(String, Vec<u8>)> = std::fs::read_dir(root().join("corpus"))
        .expect("corpus/ exists")
        .map(|e| e.expect("readable corpus entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| (p.display().to_string(), std::fs::read(&p).expect("readable article")))
        .collect();
    articles.sort();
    assert!(articles.len() >= 3, "the seed articles are missing from corpus/");
    articles
}

/// Runs `check` over the saved inputs of `target` and over `extra`, and fails listing every
/// input that breaks an invariant. Returns how many inputs were checked.
pub fn check_all(target: &str, check: fn(&[u8]) -> Checked, extra: &[(String, Vec<u8>)]) -> usize {
    let mut failures = Vec::new();
    let mut count = 0;
    for path in saved_inputs(target) {
        let data = std::fs::read(&path).expect("readable fuzz input");
        if let Err(e) = outcome(check, &data) {
            failures.push(format!("{}: {e}", path.display()));
        }
        count += 1;
    }
    for (name, data) in extra {
        if let Err(e) = outcome(check, data) {
            failures.push(format!("{name}: {e}"));
        }
        count += 1;
    }
    assert!(failures.is_empty(), "fuzz target `{target}` fails on:\n{}", failures.join("\n"));
    count
}
