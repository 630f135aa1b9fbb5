//! Fuzz target `decode`: see [`copytrace_fuzz::diff_invariants::decode_target`].
use copytrace_fuzz::diff_invariants::decode_target as check;

fn main() {
    #[cfg(feature = "afl")]
    afl::fuzz!(|data: &[u8]| copytrace_fuzz::run(check, data));
    #[cfg(not(feature = "afl"))]
    copytrace_fuzz::run_stdin(check);
}
