//! [`Work`], the count of work done that bounds the engine's effort (see *Cost bounds* in the
//! crate documentation): every step adds what it spent, so tests can check that work grows
//! near-linearly with the input, counting work rather than time.

/// A counter of work done, in rough units of token comparisons.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Work {
    pub(crate) units: u64,
}

impl Work {
    pub(crate) fn add(&mut self, n: usize) {
        self.units = self.units.saturating_add(n as u64);
    }
}
