//! Byte spans into an original text.

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// A half-open byte range `start..end` into a text.
///
/// Spans produced by this crate always lie on `char` boundaries of the text they were
/// computed from. When that text was decoded from a non-UTF-8 file, map them back to the
/// file's bytes with [`crate::decode::Decoded::original_span`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte of the span.
    pub start: usize,
    /// One past the last byte of the span (end exclusive).
    pub end: usize,
}

impl Span {
    /// Creates the span `start..end`.
    ///
    /// # Panics
    /// Panics in debug builds if `start > end`.
    #[must_use]
    pub const fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }

    /// The empty span at `at`.
    #[must_use]
    pub const fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }

    /// Length in bytes.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no byte.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The span as a `Range<usize>`, for slicing.
    #[must_use]
    pub const fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The smallest span covering both `self` and `other`.
    #[must_use]
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_measure_and_cover() {
        let s = Span::new(2, 5);
        assert_eq!((s.len(), s.is_empty(), s.range()), (3, false, 2..5));
        assert!(Span::empty(4).is_empty());
        assert_eq!(s.cover(Span::new(7, 9)), Span::new(2, 9));
        assert_eq!(Span::new(7, 9).cover(s), Span::new(2, 9));
        assert_eq!(Span::from(1..4), Span::new(1, 4));
        assert!(Span::new(1, 2) < Span::new(1, 3) && Span::new(1, 3) < Span::new(2, 2));
    }
}
