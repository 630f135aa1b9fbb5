//! Fuzz target `segment`: see [`copytrace_fuzz::diff_invariants::segment`].
fn main() {
    afl::fuzz!(|data: &[u8]| copytrace_fuzz::run(copytrace_fuzz::diff_invariants::segment, data));
}
