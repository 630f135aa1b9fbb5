//! Fuzz target `fingerprint`: see [`copytrace_fuzz::provenance_invariants::fingerprint_target`].
fn main() {
    afl::fuzz!(|data: &[u8]| copytrace_fuzz::run(copytrace_fuzz::provenance_invariants::fingerprint_target, data));
}
