//! The projection of `cargo xtask bench spark`: from the per-stage costs measured on two
//! corpus sizes, the time and shuffle size of the Spark pipeline on corpora far larger, run
//! on `E` executors of one core.
//!
//! The model, stage by stage (a *stage* here is a step of the pipeline, the Spark stages of
//! one step added up):
//!
//! - the work (the tasks' run time added up, `task_seconds`) and the bytes shuffled grow as a
//!   power of the number of documents, `c · n^b`, with `b` the slope between the two measured
//!   sizes; the slope is taken at least 1 (no step does less work per document on a larger
//!   corpus: a smaller slope comes from fixed costs that weigh more at the small size), which
//!   makes the projection err on the side of more time;
//! - a step's work spreads evenly over the executors (`task_seconds / E`: enough partitions,
//!   no skew), plus its fixed cost measured as the stage's wall time at the small size minus
//!   its share of the work there (scheduling, start-up), which does not grow;
//! - the driver's part (what ran outside every stage: start-up, planning, the report built
//!   from the collected results) grows linearly and does not spread.

/// The cost of one pipeline step at one corpus size.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StepCost {
    /// The tasks' run time added up, in seconds.
    pub task_seconds: f64,
    /// Wall time of the step, in seconds.
    pub wall_seconds: f64,
    /// Bytes written to the shuffle.
    pub shuffle_bytes: f64,
}

/// One step measured at two sizes `n1 < n2`, on `cores` cores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measured {
    /// The smaller size, in documents.
    pub n1: f64,
    /// The cost at `n1`.
    pub at_n1: StepCost,
    /// The larger size, in documents.
    pub n2: f64,
    /// The cost at `n2`.
    pub at_n2: StepCost,
    /// The cores the measurement ran on.
    pub cores: f64,
}

/// A projected step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projected {
    /// The growth exponent of the work used (at least 1).
    pub work_exponent: f64,
    /// The growth exponent of the shuffle used (at least 1; 1 when nothing was shuffled).
    pub shuffle_exponent: f64,
    /// Wall time on the executors, in seconds.
    pub seconds: f64,
    /// Bytes shuffled.
    pub shuffle_bytes: f64,
}

/// The exponent `b` of `y = c · n^b` through `(n1, y1)` and `(n2, y2)`, at least 1; 1 when a
/// value is not positive.
#[must_use]
pub fn exponent(n1: f64, y1: f64, n2: f64, y2: f64) -> f64 {
    if n1 <= 0.0 || n2 <= n1 || y1 <= 0.0 || y2 <= 0.0 {
        return 1.0;
    }
    ((y2 / y1).ln() / (n2 / n1).ln()).max(1.0)
}

/// Projects a step measured as `m` to `n` documents on `executors` executors of one core.
#[must_use]
pub fn project(m: &Measured, n: f64, executors: f64) -> Projected {
    let work_exponent = exponent(m.n1, m.at_n1.task_seconds, m.n2, m.at_n2.task_seconds);
    let shuffle_exponent = exponent(m.n1, m.at_n1.shuffle_bytes, m.n2, m.at_n2.shuffle_bytes);
    let work = m.at_n2.task_seconds * (n / m.n2).powf(work_exponent);
    let fixed = (m.at_n1.wall_seconds - m.at_n1.task_seconds / m.cores.max(1.0)).max(0.0);
    let shuffle_bytes = m.at_n2.shuffle_bytes * (n / m.n2).powf(shuffle_exponent);
    Projected { work_exponent, shuffle_exponent, seconds: fixed + work / executors.max(1.0), shuffle_bytes }
}

/// The driver's part (outside every stage), `d2` seconds at `n2` documents, at `n`: linear.
#[must_use]
pub fn project_driver(d2: f64, n2: f64, n: f64) -> f64 {
    d2 * n / n2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
    }

    #[test]
    fn exponents_are_recovered_and_floored_at_one() {
        assert!(close(exponent(1e4, 2.0, 1e5, 2.0 * 10f64.powf(1.3)), 1.3));
        // Fixed costs flatten the small size: the slope is taken as 1.
        assert!(close(exponent(1e4, 5.0, 1e5, 20.0), 1.0));
        assert!(close(exponent(1e4, 0.0, 1e5, 20.0), 1.0));
        assert!(close(exponent(1e5, 1.0, 1e4, 2.0), 1.0));
    }

    #[test]
    fn a_linear_step_spreads_over_the_executors() {
        let m = Measured {
            n1: 1e4,
            at_n1: StepCost { task_seconds: 10.0, wall_seconds: 7.0, shuffle_bytes: 1e6 },
            n2: 1e5,
            at_n2: StepCost { task_seconds: 100.0, wall_seconds: 52.0, shuffle_bytes: 1e7 },
            cores: 2.0,
        };
        let p = project(&m, 1e7, 100.0);
        assert!(close(p.work_exponent, 1.0) && close(p.shuffle_exponent, 1.0), "{p:?}");
        // 10,000 s of work on 100 executors, plus the 2 s fixed cost (7 s minus 10 s on 2 cores).
        assert!(close(p.seconds, 102.0), "{p:?}");
        assert!(close(p.shuffle_bytes, 1e9), "{p:?}");
        // Twice the executors, about half the time.
        assert!(close(project(&m, 1e7, 200.0).seconds, 52.0));
        assert!(close(project_driver(3.0, 1e5, 1e7), 300.0));
    }

    #[test]
    fn a_superlinear_step_grows_faster() {
        let m = Measured {
            n1: 1e4,
            at_n1: StepCost { task_seconds: 1.0, wall_seconds: 0.5, shuffle_bytes: 0.0 },
            n2: 1e5,
            at_n2: StepCost { task_seconds: 100.0, wall_seconds: 50.0, shuffle_bytes: 0.0 },
            cores: 2.0,
        };
        let p = project(&m, 1e6, 1.0);
        assert!(close(p.work_exponent, 2.0), "{p:?}");
        assert!(close(p.seconds, 10_000.0), "{p:?}");
        assert!(close(p.shuffle_bytes, 0.0) && close(p.shuffle_exponent, 1.0), "{p:?}");
    }
}
