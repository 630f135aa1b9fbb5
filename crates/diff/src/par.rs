//! [`both`] and [`map_all`]: the engine's two ways of running work in parallel (on rayon's
//! pool) or not, the results the same either way.

use rayon::prelude::*;

/// `a()` and `b()`, at once if `parallel` (on rayon's pool), else one after the other.
pub(crate) fn both<A: Send, B: Send>(
    parallel: bool,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    if parallel {
        rayon::join(a, b)
    } else {
        (a(), b())
    }
}

/// `f` of every item, in order, computed on rayon's pool if `parallel`.
pub(crate) fn map_all<T: Sync, R: Send>(parallel: bool, items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    if parallel {
        items.par_iter().map(f).collect()
    } else {
        items.iter().map(f).collect()
    }
}
