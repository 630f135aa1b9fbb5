//! Fuzz target `fingerprint`: see [`copytrace_fuzz::provenance_invariants::fingerprint_target`].
use copytrace_fuzz::provenance_invariants::fingerprint_target as check;

fn main() {
    #[cfg(feature = "afl")]
    afl::fuzz!(|data: &[u8]| copytrace_fuzz::run(check, data));
    #[cfg(not(feature = "afl"))]
    copytrace_fuzz::run_stdin(check);
}
