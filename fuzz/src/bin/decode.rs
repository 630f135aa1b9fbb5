//! Fuzz target `decode`: see [`copytrace_fuzz::diff_invariants::decode_target`].
fn main() {
    afl::fuzz!(|data: &[u8]| copytrace_fuzz::run(copytrace_fuzz::diff_invariants::decode_target, data));
}
