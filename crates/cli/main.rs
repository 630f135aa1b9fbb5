//! The `copytrace` command.
fn main() {}
