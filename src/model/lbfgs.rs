//! Limited-memory BFGS with a Wolfe line search, working in place on
//! preallocated buffers.
//!
//! argmin's L-BFGS allocates a fresh vector for every vector operation; over
//! a million parameters (a text model with three classes) that allocation
//! and copying cost more than the passes over the data. This solver keeps
//! its history and work vectors for the whole fit and evaluates the
//! objective once per trial point, writing the gradient into a buffer.

use rayon::prelude::*;

/// An objective that writes its gradient at `x` into `grad` and returns the cost.
pub trait Objective {
    fn evaluate(&self, x: &[f64], grad: &mut [f64]) -> f64;
}

/// When to stop.
#[derive(Debug, Clone, Copy)]
pub struct Stopping {
    pub max_iter: u64,
    /// Stop when the L2 norm of the gradient falls below this.
    pub gradient_norm: f64,
    /// Stop when an iteration lowers the cost by less than this.
    pub cost_change: f64,
}

/// What the fit ended with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    pub iterations: u64,
    pub converged: bool,
    pub cost: f64,
}

/// Correction pairs kept: 10, as argmin and scikit-learn's lbfgs use.
const HISTORY: usize = 10;
/// Sufficient decrease and curvature constants of the strong Wolfe conditions.
const ARMIJO: f64 = 1e-4;
const CURVATURE: f64 = 0.9;
/// Trial points per line search before giving up on the direction.
const MAX_TRIALS: usize = 30;

/// One correction pair: a step and the change of the gradient along it.
struct Pair {
    s: Vec<f64>,
    y: Vec<f64>,
    rho: f64,
}

/// Minimises `objective` starting from `x`, leaving the best point in `x`.
pub fn minimize(objective: &impl Objective, x: &mut [f64], stopping: Stopping) -> Outcome {
    let n = x.len();
    let mut grad = vec![0.0; n];
    let mut cost = objective.evaluate(x, &mut grad);
    let mut direction = vec![0.0; n];
    let mut trial_x = vec![0.0; n];
    let mut trial_grad = vec![0.0; n];
    let mut history = History::default();
    let mut iterations = 0;
    while iterations < stopping.max_iter {
        if norm(&grad) < stopping.gradient_norm {
            return Outcome {
                iterations,
                converged: true,
                cost,
            };
        }
        history.direction(&grad, &mut direction);
        let mut slope = dot(&grad, &direction);
        if slope >= 0.0 || !slope.is_finite() {
            // The curvature pairs no longer describe the function: restart
            // from steepest descent.
            history.clear();
            history.direction(&grad, &mut direction);
            slope = dot(&grad, &direction);
        }
        let first_step = if history.is_empty() {
            (1.0 / norm(&grad)).min(1.0)
        } else {
            1.0
        };
        let line = Line {
            x,
            cost,
            slope,
            direction: &direction,
        };
        let Some(trial_cost) = line.search(objective, first_step, &mut trial_x, &mut trial_grad)
        else {
            // No step along this direction lowers the cost: the point is as
            // good as floating point allows.
            return Outcome {
                iterations,
                converged: true,
                cost,
            };
        };
        iterations += 1;
        history.push(x, &trial_x, &grad, &trial_grad);
        x.copy_from_slice(&trial_x);
        std::mem::swap(&mut grad, &mut trial_grad);
        let improvement = cost - trial_cost;
        cost = trial_cost;
        if improvement.abs() < stopping.cost_change {
            return Outcome {
                iterations,
                converged: true,
                cost,
            };
        }
    }
    Outcome {
        iterations,
        converged: norm(&grad) < stopping.gradient_norm,
        cost,
    }
}

/// The last correction pairs, in buffers reused once all are allocated.
#[derive(Default)]
struct History {
    pairs: Vec<Pair>,
    /// Indices into `pairs`, oldest first.
    order: Vec<usize>,
    alpha: Vec<f64>,
}

impl History {
    fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    fn clear(&mut self) {
        self.order.clear();
    }

    /// Adds the step from `x` to `next`, unless it shows no positive
    /// curvature (which would make the estimate indefinite).
    fn push(&mut self, x: &[f64], next: &[f64], grad: &[f64], next_grad: &[f64]) {
        let slot = if self.order.len() == HISTORY {
            self.order.remove(0)
        } else if let Some(free) = (0..self.pairs.len()).find(|i| !self.order.contains(i)) {
            free
        } else {
            self.pairs.push(Pair {
                s: vec![0.0; x.len()],
                y: vec![0.0; x.len()],
                rho: 0.0,
            });
            self.pairs.len() - 1
        };
        let pair = &mut self.pairs[slot];
        difference(next, x, &mut pair.s);
        difference(next_grad, grad, &mut pair.y);
        let sy = dot(&pair.s, &pair.y);
        if sy > f64::EPSILON * dot(&pair.y, &pair.y) {
            pair.rho = 1.0 / sy;
            self.order.push(slot);
        }
    }

    /// direction = -H g, with H the inverse Hessian estimate of the pairs
    /// (the two-loop recursion).
    fn direction(&mut self, grad: &[f64], direction: &mut [f64]) {
        direction.iter_mut().zip(grad).for_each(|(d, g)| *d = -g);
        let Some(&latest) = self.order.last() else {
            return;
        };
        self.alpha.clear();
        for &slot in self.order.iter().rev() {
            let pair = &self.pairs[slot];
            let a = pair.rho * dot(&pair.s, direction);
            self.alpha.push(a);
            axpy(-a, &pair.y, direction);
        }
        let latest = &self.pairs[latest];
        let gamma = 1.0 / (latest.rho * dot(&latest.y, &latest.y));
        direction.iter_mut().for_each(|d| *d *= gamma);
        for (&slot, &a) in self.order.iter().zip(self.alpha.iter().rev()) {
            let pair = &self.pairs[slot];
            let b = pair.rho * dot(&pair.y, direction);
            axpy(a - b, &pair.s, direction);
        }
    }
}

/// A point, its cost, and a descent direction with its slope.
struct Line<'a> {
    x: &'a [f64],
    cost: f64,
    slope: f64,
    direction: &'a [f64],
}

/// A trial step with its cost and slope along the line.
#[derive(Clone, Copy)]
struct Trial {
    step: f64,
    cost: f64,
    slope: f64,
}

impl Line<'_> {
    fn evaluate(
        &self,
        objective: &impl Objective,
        step: f64,
        trial_x: &mut [f64],
        trial_grad: &mut [f64],
    ) -> Trial {
        trial_x
            .par_chunks_mut(BLOCK)
            .zip(self.x.par_chunks(BLOCK))
            .zip(self.direction.par_chunks(BLOCK))
            .for_each(|((t, x), d)| {
                for ((t, x), d) in t.iter_mut().zip(x).zip(d) {
                    *t = x + step * d;
                }
            });
        let cost = objective.evaluate(trial_x, trial_grad);
        let cost = if cost.is_finite() {
            cost
        } else {
            f64::INFINITY
        };
        Trial {
            step,
            cost,
            slope: dot(trial_grad, self.direction),
        }
    }

    fn sufficient_decrease(&self, trial: Trial) -> bool {
        trial.cost <= self.cost + ARMIJO * trial.step * self.slope
    }

    fn flat_enough(&self, trial: Trial) -> bool {
        trial.slope.abs() <= -CURVATURE * self.slope
    }

    /// Finds a step meeting the strong Wolfe conditions by bracketing and
    /// zooming with safeguarded cubic interpolation (Nocedal and Wright,
    /// algorithms 3.5 and 3.6). Leaves the accepted point and its gradient
    /// in `trial_x` and `trial_grad` and returns its cost; `None` when no
    /// trial lowered the cost.
    fn search(
        &self,
        objective: &impl Objective,
        first_step: f64,
        trial_x: &mut [f64],
        trial_grad: &mut [f64],
    ) -> Option<f64> {
        let start = Trial {
            step: 0.0,
            cost: self.cost,
            slope: self.slope,
        };
        let mut previous = start;
        let mut step = first_step;
        let mut trials = 0;
        let (mut low, mut high) = loop {
            let trial = self.evaluate(objective, step, trial_x, trial_grad);
            trials += 1;
            if !self.sufficient_decrease(trial) || (trials > 1 && trial.cost >= previous.cost) {
                break (previous, trial);
            }
            if self.flat_enough(trial) {
                return Some(trial.cost);
            }
            if trial.slope >= 0.0 {
                break (trial, previous);
            }
            if trials >= MAX_TRIALS {
                return Some(trial.cost);
            }
            previous = trial;
            step *= 2.0;
        };
        while trials < MAX_TRIALS {
            let step = interpolate(low, high);
            if (step - low.step).abs() <= f64::EPSILON * step.abs() {
                break;
            }
            let trial = self.evaluate(objective, step, trial_x, trial_grad);
            trials += 1;
            if !self.sufficient_decrease(trial) || trial.cost >= low.cost {
                high = trial;
            } else {
                if self.flat_enough(trial) {
                    return Some(trial.cost);
                }
                if trial.slope * (high.step - low.step) >= 0.0 {
                    high = low;
                }
                low = trial;
            }
        }
        // Out of trials: settle for the best point that met sufficient decrease.
        if low.step == 0.0 {
            return None;
        }
        Some(self.evaluate(objective, low.step, trial_x, trial_grad).cost)
    }
}

/// Minimiser of the cubic through two trials with their slopes, kept
/// safely inside the bracket; bisection when the cubic is unusable.
fn interpolate(a: Trial, b: Trial) -> f64 {
    let (lo, hi) = (a.step.min(b.step), a.step.max(b.step));
    let width = hi - lo;
    let midpoint = lo + width / 2.0;
    if !b.cost.is_finite() || !a.cost.is_finite() {
        return midpoint;
    }
    let d1 = a.slope + b.slope - 3.0 * (a.cost - b.cost) / (a.step - b.step);
    let radicand = d1 * d1 - a.slope * b.slope;
    if radicand < 0.0 {
        return midpoint;
    }
    let d2 = (b.step - a.step).signum() * radicand.sqrt();
    let t = b.step - (b.step - a.step) * (b.slope + d2 - d1) / (b.slope - a.slope + 2.0 * d2);
    if t.is_finite() && t > lo + 0.1 * width && t < hi - 0.1 * width {
        t
    } else {
        midpoint
    }
}

/// Elements per parallel work unit of the vector operations. Fixed, so the
/// partial sums add up in the same order on any number of threads and a fit
/// is reproducible to the bit.
const BLOCK: usize = 1 << 14;

fn dot(a: &[f64], b: &[f64]) -> f64 {
    let partial: Vec<f64> = a
        .par_chunks(BLOCK)
        .zip(b.par_chunks(BLOCK))
        .map(|(a, b)| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>())
        .collect();
    partial.iter().sum()
}

/// out = a - b
fn difference(a: &[f64], b: &[f64], out: &mut [f64]) {
    out.par_chunks_mut(BLOCK)
        .zip(a.par_chunks(BLOCK))
        .zip(b.par_chunks(BLOCK))
        .for_each(|((o, a), b)| {
            for ((o, a), b) in o.iter_mut().zip(a).zip(b) {
                *o = a - b;
            }
        });
}

fn norm(a: &[f64]) -> f64 {
    dot(a, a).sqrt()
}

fn axpy(a: f64, x: &[f64], y: &mut [f64]) {
    y.par_chunks_mut(BLOCK)
        .zip(x.par_chunks(BLOCK))
        .for_each(|(y, x)| y.iter_mut().zip(x).for_each(|(y, x)| *y += a * x));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// f(x) = sum_i (i + 1) (x_i - 1)^2 + (x_0 x_1 - 1)^2: minimum 0 at all ones.
    struct Bowl;

    impl Objective for Bowl {
        fn evaluate(&self, x: &[f64], grad: &mut [f64]) -> f64 {
            let mut cost = 0.0;
            for i in 0..x.len() {
                let w = (i + 1) as f64;
                cost += w * (x[i] - 1.0).powi(2);
                grad[i] = 2.0 * w * (x[i] - 1.0);
            }
            let coupling = x[0] * x[1] - 1.0;
            cost += coupling * coupling;
            grad[0] += 2.0 * coupling * x[1];
            grad[1] += 2.0 * coupling * x[0];
            cost
        }
    }

    /// The Rosenbrock function: a curved valley where a poor line search stalls.
    struct Rosenbrock;

    impl Objective for Rosenbrock {
        fn evaluate(&self, x: &[f64], grad: &mut [f64]) -> f64 {
            let (a, b) = (x[0], x[1]);
            grad[0] = -2.0 * (1.0 - a) - 400.0 * a * (b - a * a);
            grad[1] = 200.0 * (b - a * a);
            (1.0 - a).powi(2) + 100.0 * (b - a * a).powi(2)
        }
    }

    fn stopping() -> Stopping {
        Stopping {
            max_iter: 500,
            gradient_norm: 1e-8,
            cost_change: 0.0,
        }
    }

    #[test]
    fn finds_the_minimum_of_a_coupled_quadratic() {
        let mut x = vec![0.0; 30];
        let outcome = minimize(&Bowl, &mut x, stopping());
        assert!(outcome.converged);
        assert!(outcome.cost < 1e-12, "cost {}", outcome.cost);
        assert!(x.iter().all(|v| (v - 1.0).abs() < 1e-5), "{x:?}");
    }

    #[test]
    fn follows_the_rosenbrock_valley() {
        let mut x = vec![-1.2, 1.0];
        let outcome = minimize(&Rosenbrock, &mut x, stopping());
        assert!(outcome.converged, "{outcome:?}");
        assert!(
            (x[0] - 1.0).abs() < 1e-5 && (x[1] - 1.0).abs() < 1e-5,
            "{x:?}"
        );
        assert!(outcome.iterations < 100, "{outcome:?}");
    }

    #[test]
    fn stops_at_the_iteration_limit_and_says_so() {
        let mut x = vec![-1.2, 1.0];
        let limited = Stopping {
            max_iter: 3,
            ..stopping()
        };
        let outcome = minimize(&Rosenbrock, &mut x, limited);
        assert_eq!(outcome.iterations, 3);
        assert!(!outcome.converged);
    }
}
