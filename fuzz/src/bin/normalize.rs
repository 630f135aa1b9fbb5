//! Fuzz target `normalize`: see [`copytrace_fuzz::diff_invariants::normalize_target`].
fn main() {
    afl::fuzz!(|data: &[u8]| copytrace_fuzz::run(copytrace_fuzz::diff_invariants::normalize_target, data));
}
