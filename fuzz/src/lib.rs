//! Coverage-guided fuzz targets for copytrace, and the invariants they check.
//!
//! Each binary in `src/bin/` is one AFL++ target (built with `cargo afl build`, run by
//! `cargo xtask fuzz`; see `README.md`). A target is a thin wrapper: it hands the fuzzer's
//! bytes to a check function of [`diff_invariants`] or [`provenance_invariants`] through
//! [`run`], which turns a broken invariant into a panic, so AFL records the input as a crash.
//! Built without the default `afl` feature, a target instead checks one input read from
//! standard input ([`run_stdin`]): that build needs no AFL++, and is how `cargo xtask ci`
//! lints this workspace.
//!
//! The check modules are plain source files shared with the normal test suite:
//! `crates/*/tests/fuzz_regressions.rs` include them with `#[path]` and run them over every
//! seed and every saved crash in `fuzz/seeds/<target>/` and `fuzz/regressions/<target>/`,
//! with the replay helpers of `src/replay.rs` (shared the same way; not part of this crate).

pub mod diff_invariants;
pub mod provenance_invariants;

/// Runs `check` on `data` and panics with its message if an invariant is broken.
///
/// # Panics
/// When `check` reports a broken invariant (or itself panics): that is how a fuzz target
/// reports a finding.
pub fn run(check: fn(&[u8]) -> Result<(), String>, data: &[u8]) {
    if let Err(violation) = check(data) {
        panic!("invariant broken: {violation}");
    }
}

/// Reads one input from standard input and runs `check` on it as [`run`] does: a target
/// built without the `afl` feature (`target < input`).
///
/// # Panics
/// When standard input cannot be read, or as [`run`].
pub fn run_stdin(check: fn(&[u8]) -> Result<(), String>) {
    let mut data = Vec::new();
    std::io::Read::read_to_end(&mut std::io::stdin(), &mut data).expect("reading standard input");
    run(check, &data);
}
