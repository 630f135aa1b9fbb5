//! Paragraph-aware prose diff.
//!
//! (Crate documentation is written with the engine; see the modules.)

pub mod decode;
pub mod model;
pub mod normalize;
pub mod span;
pub mod text;

pub use model::{Block, BlockKind, Diff, Op, OpTag, Stats};
pub use normalize::NormalizeOptions;
pub use span::Span;
