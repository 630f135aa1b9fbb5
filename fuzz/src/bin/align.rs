//! Fuzz target `align`: see [`copytrace_fuzz::provenance_invariants::align_target`].
fn main() {
    afl::fuzz!(|data: &[u8]| copytrace_fuzz::run(copytrace_fuzz::provenance_invariants::align_target, data));
}
