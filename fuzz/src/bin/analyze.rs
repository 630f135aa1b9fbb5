//! Fuzz target `analyze`: see [`copytrace_fuzz::provenance_invariants::analyze_target`].
fn main() {
    afl::fuzz!(|data: &[u8]| copytrace_fuzz::run(copytrace_fuzz::provenance_invariants::analyze_target, data));
}
