//! `cargo xtask corpus synth`: writes a synthetic reuse corpus and its ground truth (see
//! [`crate::synth`] for what it contains).

use crate::flags::CorpusSynth;
use crate::synth::{generate_kind, truth_path, Options};
use crate::workspace::target_dir;
use anyhow::Result;

/// Runs `cargo xtask corpus synth`.
///
/// # Errors
/// On bad arguments, missing material or IO errors.
pub fn run(flags: CorpusSynth) -> Result<()> {
    let CorpusSynth { out, docs, seed, kind } = flags;
    let out = out.unwrap_or_else(|| target_dir().join("synth"));
    let start = std::time::Instant::now();
    let truth = generate_kind(&Options { out: out.clone(), docs, seed }, kind)?;
    println!(
        "wrote the {} corpus: {} documents ({} wire), {} pasted passages and {} distractor pairs to {} in {:.1} s; \
         ground truth in {}",
        kind.name(),
        truth.documents.len(),
        truth.documents.iter().filter(|d| d.role == "wire").count(),
        truth.passages.len(),
        truth.distractors.len(),
        out.display(),
        start.elapsed().as_secs_f64(),
        truth_path(&out).display()
    );
    Ok(())
}
