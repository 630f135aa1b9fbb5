//! Project chores: `cargo xtask <command>`.

mod fuzz;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("fuzz") => fuzz::main(&args[1..]),
        other => anyhow::bail!("unknown xtask command {other:?}; the commands are: fuzz"),
    }
}
