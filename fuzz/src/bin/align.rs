//! Fuzz target `align`: see [`copytrace_fuzz::provenance_invariants::align_target`].
use copytrace_fuzz::provenance_invariants::align_target as check;

fn main() {
    #[cfg(feature = "afl")]
    afl::fuzz!(|data: &[u8]| copytrace_fuzz::run(check, data));
    #[cfg(not(feature = "afl"))]
    copytrace_fuzz::run_stdin(check);
}
