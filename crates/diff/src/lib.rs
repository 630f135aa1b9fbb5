//! Paragraph-aware prose diff.
//!
//! (Crate documentation is written with the engine; see the modules.)

mod align;
pub mod decode;
mod engine;
pub mod model;
pub mod normalize;
mod options;
mod side;
pub mod span;
pub mod text;
mod words;

#[cfg(test)]
mod tests;

pub use model::{Block, BlockKind, Diff, Op, OpTag, Stats};
pub use normalize::NormalizeOptions;
pub use options::DiffOptions;
pub use span::Span;

/// Compares `old` with `new`: paragraphs aligned, word-level ops inside each block.
#[must_use]
pub fn diff(old: &str, new: &str, opts: &DiffOptions) -> Diff {
    engine::diff_counted(old, new, opts).0
}
