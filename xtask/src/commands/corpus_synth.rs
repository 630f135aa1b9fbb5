//! `cargo xtask corpus synth`: writes a synthetic reuse corpus and its ground truth (see
//! [`crate::synth`] for what it contains).

use crate::flags::CorpusSynth;
use crate::synth::{generate, truth_path, Options};
use crate::workspace::target_dir;
use anyhow::Result;

/// Runs `cargo xtask corpus synth`.
///
/// # Errors
/// On bad arguments, missing material or IO errors.
pub fn run(flags: CorpusSynth) -> Result<()> {
    let CorpusSynth { out, docs, seed } = flags;
    let out = out.unwrap_or_else(|| target_dir().join("synth"));
    let start = std::time::Instant::now();
    let truth = generate(&Options { out: out.clone(), docs, seed })?;
    println!(
        "wrote {} documents ({} wire) and {} pasted passages to {} in {:.1} s; ground truth in {}",
        truth.documents.len(),
        truth.documents.iter().filter(|d| d.role == "wire").count(),
        truth.passages.len(),
        out.display(),
        start.elapsed().as_secs_f64(),
        truth_path(&out).display()
    );
    Ok(())
}
