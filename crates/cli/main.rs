//! The `copytrace` command.
#[allow(dead_code, reason = "corpus reading lands before the scan command")]
mod corpus;
fn main() {}
