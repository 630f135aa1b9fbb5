//! Fuzz target `diff`: see [`copytrace_fuzz::diff_invariants::diff_target`].
fn main() {
    afl::fuzz!(|data: &[u8]| copytrace_fuzz::run(copytrace_fuzz::diff_invariants::diff_target, data));
}
