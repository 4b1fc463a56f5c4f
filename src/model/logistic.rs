//! Multinomial logistic regression on sparse rows, with L2 and class
//! weights, fitted by our in-place L-BFGS ([`super::lbfgs`]), behind
//! linfa's `Fit` and `PredictInplace` traits.
//!
//! Objective, as scikit-learn's `LogisticRegression(C)`:
//! `sum_i w_i * CE(y_i, softmax(x_i W + b)) + ||W||^2 / (2C)`, divided by
//! the total weight to keep its scale independent of the data size.

use linfa::dataset::{AsSingleTargets, DatasetBase};
use linfa::param_guard::ParamGuard;
use linfa::traits::{Fit, PredictInplace};
use ndarray::{Array1, Array2};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::lbfgs::{self, Stopping};
use crate::error::ModelError;
use crate::sparse::{CsrMatrix, FactoredMatrix};

/// How classes are weighted in the loss.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClassWeight {
    /// Every row counts once.
    None,
    /// Rows weighted by n / (k * n_class), as scikit-learn's "balanced".
    Balanced,
}

/// Hyperparameters as fitted and saved in a model file. Build them with
/// [`LogisticParams`], which validates before fit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValidLogisticParams {
    pub c: f64,
    pub class_weight: ClassWeight,
    pub max_iter: u64,
    pub tolerance: f64,
}

/// Builder of hyperparameters; [`ParamGuard::check`] validates them.
#[derive(Debug, Clone, PartialEq)]
pub struct LogisticParams(ValidLogisticParams);

impl Default for LogisticParams {
    fn default() -> Self {
        LogisticParams(ValidLogisticParams {
            c: 4.0,
            class_weight: ClassWeight::Balanced,
            max_iter: 1000,
            tolerance: 1e-4,
        })
    }
}

impl LogisticParams {
    /// Inverse L2 strength, as scikit-learn's C (default 4.0: TF-IDF rows
    /// are unit length, so weaker regularisation than C = 1 fits text better).
    pub fn c(mut self, c: f64) -> Self {
        self.0.c = c;
        self
    }

    /// Class weighting (default `Balanced`, so rare labels are not ignored).
    pub fn class_weight(mut self, class_weight: ClassWeight) -> Self {
        self.0.class_weight = class_weight;
        self
    }

    /// L-BFGS iterations at most (default 1000).
    pub fn max_iter(mut self, max_iter: u64) -> Self {
        self.0.max_iter = max_iter;
        self
    }

    /// Stop when the L2 norm of the gradient of the mean objective falls
    /// below this (default 1e-4, scikit-learn's lbfgs tolerance, which it
    /// applies to the largest gradient entry: ours is at least as strict).
    pub fn tolerance(mut self, tolerance: f64) -> Self {
        self.0.tolerance = tolerance;
        self
    }
}

impl ParamGuard for LogisticParams {
    type Checked = ValidLogisticParams;
    type Error = ModelError;

    fn check_ref(&self) -> Result<&ValidLogisticParams, ModelError> {
        let params = &self.0;
        if !(params.c.is_finite() && params.c > 0.0) {
            return Err(ModelError::InvalidParam {
                name: "C",
                value: params.c.to_string(),
                reason: "must be a positive number",
            });
        }
        if params.max_iter == 0 {
            return Err(ModelError::InvalidParam {
                name: "max_iter",
                value: "0".into(),
                reason: "must be at least 1",
            });
        }
        if !(params.tolerance.is_finite() && params.tolerance > 0.0) {
            return Err(ModelError::InvalidParam {
                name: "tolerance",
                value: params.tolerance.to_string(),
                reason: "must be a positive number",
            });
        }
        Ok(params)
    }

    fn check(self) -> Result<ValidLogisticParams, ModelError> {
        self.check_ref()?;
        Ok(self.0)
    }
}

/// A fitted model: weights (features × classes, row-major) and intercepts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SparseLogistic {
    pub n_features: usize,
    pub n_classes: usize,
    pub weights: Vec<f64>,
    pub intercept: Vec<f64>,
    pub iterations: u64,
    pub converged: bool,
    /// Divides the logits before the softmax; fitted on held-out rows by
    /// temperature scaling (1.0: uncalibrated).
    pub temperature: f64,
}

/// Rows per parallel work unit. Fixed, so sums are taken in the same order
/// whatever the thread count and the model file is byte-identical.
const CHUNK: usize = 256;

/// Stop when an iteration lowers the mean objective by less than this: far
/// below any difference a metric can show (log-loss is reported to 1e-4).
const COST_TOLERANCE: f64 = 1e-9;

struct Objective<'a> {
    x: &'a FactoredMatrix,
    own_t: CsrMatrix,
    shared_t: CsrMatrix,
    y: &'a [usize],
    row_weight: Vec<f64>,
    n_classes: usize,
    l2: f64,
    total_weight: f64,
}

impl<'a> Objective<'a> {
    fn new(
        x: &'a FactoredMatrix,
        y: &'a [usize],
        row_weight: Vec<f64>,
        n_classes: usize,
        l2: f64,
    ) -> Self {
        let total_weight = row_weight.iter().sum::<f64>().max(f64::MIN_POSITIVE);
        Objective {
            x,
            own_t: x.own.transpose(),
            shared_t: x.shared.transpose(),
            y,
            row_weight,
            n_classes,
            l2,
            total_weight,
        }
    }

    /// Products of each shared text row with the text block and, when
    /// present, the gated block of the weights: (n_shared × k) each.
    fn shared_products(&self, weights: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let k = self.n_classes;
        let shared = &self.x.shared;
        let gated = self.x.gated_offset;
        let rows: Vec<usize> = (0..shared.n_rows()).collect();
        let parts: Vec<(Vec<f64>, Vec<f64>)> = rows
            .par_chunks(CHUNK)
            .map(|chunk| {
                let mut text = vec![0.0; chunk.len() * k];
                let mut gate = vec![0.0; if gated.is_some() { chunk.len() * k } else { 0 }];
                for (r, &s) in chunk.iter().enumerate() {
                    let (cols, values) = shared.row(s);
                    for (&j, &v) in cols.iter().zip(values) {
                        let w = &weights[j as usize * k..(j as usize + 1) * k];
                        for c in 0..k {
                            text[r * k + c] += v * w[c];
                        }
                        if let Some(offset) = gated {
                            let j = (j + offset) as usize;
                            let w = &weights[j * k..(j + 1) * k];
                            for c in 0..k {
                                gate[r * k + c] += v * w[c];
                            }
                        }
                    }
                }
                (text, gate)
            })
            .collect();
        let mut text = Vec::with_capacity(shared.n_rows() * k);
        let mut gate = Vec::new();
        for (t, g) in parts {
            text.extend(t);
            gate.extend(g);
        }
        (text, gate)
    }
}

impl lbfgs::Objective for Objective<'_> {
    fn evaluate(&self, params: &[f64], grad: &mut [f64]) -> f64 {
        let k = self.n_classes;
        let d = self.x.n_cols();
        let (weights, intercept) = params.split_at(d * k);
        let n = self.x.n_rows();
        let (shared_text, shared_gate) = self.shared_products(weights);
        let rows: Vec<usize> = (0..n).collect();
        let parts: Vec<(f64, Vec<f64>)> = rows
            .par_chunks(CHUNK)
            .map(|chunk| {
                let mut loss = 0.0;
                let mut residual = vec![0.0; chunk.len() * k];
                let mut z = vec![0.0; k];
                for (r, &i) in chunk.iter().enumerate() {
                    logits(&self.x.own, i, weights, intercept, &mut z);
                    let s = self.x.shared_of[i] as usize;
                    for c in 0..k {
                        z[c] += shared_text[s * k + c];
                    }
                    if !shared_gate.is_empty() && self.x.gate[i] != 0.0 {
                        for c in 0..k {
                            z[c] += self.x.gate[i] * shared_gate[s * k + c];
                        }
                    }
                    let lse = log_sum_exp(&z);
                    let w = self.row_weight[i];
                    loss += w * (lse - z[self.y[i]]);
                    for c in 0..k {
                        let p = (z[c] - lse).exp();
                        residual[r * k + c] = w * (p - if c == self.y[i] { 1.0 } else { 0.0 });
                    }
                }
                (loss, residual)
            })
            .collect();
        let mut loss = 0.0;
        let mut residual = Vec::with_capacity(n * k);
        for (l, r) in parts {
            loss += l;
            residual.extend(r);
        }
        // Residuals summed per shared text, plain and gated, in row order.
        let n_shared = self.x.shared.n_rows();
        let mut summed = vec![0.0; n_shared * k];
        let mut summed_gated = vec![
            0.0;
            if shared_gate.is_empty() {
                0
            } else {
                n_shared * k
            }
        ];
        for i in 0..n {
            let s = self.x.shared_of[i] as usize;
            for c in 0..k {
                summed[s * k + c] += residual[i * k + c];
            }
            if !summed_gated.is_empty() {
                for c in 0..k {
                    summed_gated[s * k + c] += self.x.gate[i] * residual[i * k + c];
                }
            }
        }
        let text_width = self.x.shared.n_cols();
        let gated = self.x.gated_offset.map(|o| o as usize);
        let add = |g: &mut [f64], docs: &[u32], values: &[f64], by: &[f64]| {
            for (&i, &v) in docs.iter().zip(values) {
                let r = &by[i as usize * k..(i as usize + 1) * k];
                for c in 0..k {
                    g[c] += v * r[c];
                }
            }
        };
        let (grad_w, grad_b) = grad.split_at_mut(d * k);
        grad_b.fill(0.0);
        grad_w
            .par_chunks_mut(k * CHUNK)
            .enumerate()
            .for_each(|(block, out)| {
                for (offset, g) in out.chunks_mut(k).enumerate() {
                    let j = block * CHUNK + offset;
                    g.fill(0.0);
                    let (docs, values) = self.own_t.row(j);
                    add(g, docs, values, &residual);
                    if j < text_width {
                        let (texts, values) = self.shared_t.row(j);
                        add(g, texts, values, &summed);
                    }
                    if let Some(start) = gated
                        && (start..start + text_width).contains(&j)
                    {
                        let (texts, values) = self.shared_t.row(j - start);
                        add(g, texts, values, &summed_gated);
                    }
                    for c in 0..k {
                        g[c] += self.l2 * weights[j * k + c];
                    }
                }
            });
        for row in residual.chunks(k) {
            for c in 0..k {
                grad_b[c] += row[c];
            }
        }
        let penalty: f64 = weights.iter().map(|w| w * w).sum::<f64>() * 0.5 * self.l2;
        let scale = 1.0 / self.total_weight;
        let cost = (loss + penalty) * scale;
        grad.iter_mut().for_each(|g| *g *= scale);
        cost
    }
}

fn logits(x: &CsrMatrix, row: usize, weights: &[f64], intercept: &[f64], z: &mut [f64]) {
    let k = intercept.len();
    z.copy_from_slice(intercept);
    let (cols, values) = x.row(row);
    for (&j, &v) in cols.iter().zip(values) {
        let w = &weights[j as usize * k..(j as usize + 1) * k];
        for c in 0..k {
            z[c] += v * w[c];
        }
    }
}

fn log_sum_exp(z: &[f64]) -> f64 {
    let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    max + z.iter().map(|v| (v - max).exp()).sum::<f64>().ln()
}

impl<T> Fit<CsrMatrix, T, ModelError> for ValidLogisticParams
where
    T: AsSingleTargets<Elem = usize>,
{
    type Object = SparseLogistic;

    /// Fits a plain sparse matrix (nothing shared between rows).
    fn fit(&self, dataset: &DatasetBase<CsrMatrix, T>) -> Result<SparseLogistic, ModelError> {
        let factored = FactoredMatrix::from_csr(dataset.records.clone());
        let targets: Array1<usize> = dataset.as_single_targets().iter().copied().collect();
        let mut with_weights = DatasetBase::new(factored, targets);
        if let Some(w) = dataset.weights() {
            with_weights = with_weights.with_weights(Array1::from(w.to_vec()));
        }
        self.fit(&with_weights)
    }
}

impl<T> Fit<FactoredMatrix, T, ModelError> for ValidLogisticParams
where
    T: AsSingleTargets<Elem = usize>,
{
    type Object = SparseLogistic;

    /// Fits on class indices 0..k; row weights come from the dataset's
    /// weights (empty means 1 each) times the class weights.
    fn fit(&self, dataset: &DatasetBase<FactoredMatrix, T>) -> Result<SparseLogistic, ModelError> {
        let x = &dataset.records;
        let targets = dataset.as_single_targets();
        let y: Vec<usize> = targets.iter().copied().collect();
        if y.len() != x.n_rows() || y.is_empty() {
            return Err(ModelError::Solver(format!(
                "{} rows but {} targets",
                x.n_rows(),
                y.len()
            )));
        }
        let n_classes = y.iter().max().map_or(0, |m| m + 1);
        let mut counts = vec![0usize; n_classes];
        y.iter().for_each(|&c| counts[c] += 1);
        if counts.iter().filter(|&&c| c > 0).count() < 2 {
            return Err(ModelError::SingleClass {
                column: "target".into(),
                label: format!("class {}", y[0]),
            });
        }
        let present = counts.iter().filter(|&&c| c > 0).count() as f64;
        let class_weight: Vec<f64> = counts
            .iter()
            .map(|&c| match self.class_weight {
                ClassWeight::None => 1.0,
                ClassWeight::Balanced if c > 0 => y.len() as f64 / (present * c as f64),
                ClassWeight::Balanced => 0.0,
            })
            .collect();
        let sample_weights = dataset.weights();
        let row_weight: Vec<f64> = y
            .iter()
            .enumerate()
            .map(|(i, &c)| class_weight[c] * sample_weights.map_or(1.0, |w| f64::from(w[i])))
            .collect();
        let d = x.n_cols();
        let problem = Objective::new(x, &y, row_weight, n_classes, 1.0 / self.c);
        let mut params = vec![0.0; d * n_classes + n_classes];
        let stopping = Stopping {
            max_iter: self.max_iter,
            gradient_norm: self.tolerance,
            cost_change: COST_TOLERANCE,
        };
        let outcome = lbfgs::minimize(&problem, &mut params, stopping);
        if !outcome.cost.is_finite() {
            return Err(ModelError::Solver(format!(
                "the objective is not finite ({}) after {} iterations",
                outcome.cost, outcome.iterations
            )));
        }
        let intercept = params.split_off(d * n_classes);
        Ok(SparseLogistic {
            n_features: d,
            n_classes,
            weights: params,
            intercept,
            iterations: outcome.iterations,
            converged: outcome.converged,
            temperature: 1.0,
        })
    }
}

impl SparseLogistic {
    /// Class probabilities, one row per document.
    pub fn predict_proba(&self, x: &CsrMatrix) -> Array2<f64> {
        let k = self.n_classes;
        let rows: Vec<f64> = (0..x.n_rows())
            .into_par_iter()
            .flat_map_iter(|i| {
                let mut z = vec![0.0; k];
                logits(x, i, &self.weights, &self.intercept, &mut z);
                z.iter_mut().for_each(|v| *v /= self.temperature);
                let lse = log_sum_exp(&z);
                z.into_iter().map(move |v| (v - lse).exp())
            })
            .collect();
        Array2::from_shape_vec((x.n_rows(), k), rows).expect("n_rows * k probabilities")
    }

    /// The features that pushed row `i` toward `class` most: column and
    /// weight × value relative to the mean over classes, largest first.
    pub fn contributions(
        &self,
        x: &CsrMatrix,
        i: usize,
        class: usize,
        top: usize,
    ) -> Vec<(usize, f64)> {
        let k = self.n_classes;
        let (cols, values) = x.row(i);
        let mut terms: Vec<(usize, f64)> = cols
            .iter()
            .zip(values)
            .map(|(&j, &v)| {
                let w = &self.weights[j as usize * k..(j as usize + 1) * k];
                let mean = w.iter().sum::<f64>() / k as f64;
                (j as usize, v * (w[class] - mean))
            })
            .filter(|(_, c)| *c > 0.0)
            .collect();
        terms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        terms.truncate(top);
        terms
    }

    /// The largest weights of a class relative to the others.
    pub fn top_weights(&self, class: usize, top: usize) -> Vec<(usize, f64)> {
        let k = self.n_classes;
        let mut terms: Vec<(usize, f64)> = self
            .weights
            .chunks(k)
            .enumerate()
            .map(|(j, w)| (j, w[class] - w.iter().sum::<f64>() / k as f64))
            .collect();
        terms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        terms.truncate(top);
        terms
    }
}

impl PredictInplace<CsrMatrix, Array1<usize>> for SparseLogistic {
    fn predict_inplace(&self, x: &CsrMatrix, y: &mut Array1<usize>) {
        let proba = self.predict_proba(x);
        for (slot, row) in y.iter_mut().zip(proba.rows()) {
            *slot = argmax(row.as_slice().unwrap_or(&[]));
        }
    }

    fn default_target(&self, x: &CsrMatrix) -> Array1<usize> {
        Array1::zeros(x.n_rows())
    }
}

/// Index of the largest value; the first on ties.
pub fn argmax(values: &[f64]) -> usize {
    values
        .iter()
        .enumerate()
        .fold((0, f64::NEG_INFINITY), |best, (i, &v)| {
            if v > best.1 { (i, v) } else { best }
        })
        .0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::lbfgs::Objective as _;
    use linfa::traits::Predict;

    fn toy() -> (CsrMatrix, Array1<usize>) {
        // Feature 0 marks class 0, feature 1 class 1, feature 2 class 2.
        let mut rows = Vec::new();
        let mut y = Vec::new();
        for i in 0..30 {
            let c = i % 3;
            rows.push(vec![(c as u32, 1.0), (3, 0.5)]);
            y.push(c);
        }
        (CsrMatrix::from_rows(4, rows), Array1::from(y))
    }

    #[test]
    fn separable_classes_are_learned_with_calibrated_probabilities() {
        let (x, y) = toy();
        let dataset = DatasetBase::new(x.clone(), y.clone());
        let model = LogisticParams::default()
            .check()
            .unwrap()
            .fit(&dataset)
            .unwrap();
        let predicted: Array1<usize> = model.predict(&dataset);
        assert_eq!(predicted, y);
        let proba = model.predict_proba(&x);
        for row in proba.rows() {
            assert!((row.sum() - 1.0).abs() < 1e-9);
        }
        assert!(model.converged);
    }

    #[test]
    fn gradient_matches_finite_differences_with_shared_and_gated_rows() {
        // Two shared texts over columns 0..2, gated copy at columns 2..4, own column 4.
        let mut shared = CsrMatrix::new(2);
        shared.push_row(vec![(0, 0.6), (1, 0.8)]);
        shared.push_row(vec![(1, 1.0)]);
        let mut own = CsrMatrix::new(5);
        let mut shared_of = Vec::new();
        let mut gate = Vec::new();
        let mut y = Vec::new();
        for i in 0..30 {
            own.push_row(if i % 4 == 0 { vec![(4, 0.5)] } else { vec![] });
            shared_of.push((i % 2) as u32);
            gate.push([0.0, 0.3, 1.0][i % 3]);
            y.push(i % 3);
        }
        let x = FactoredMatrix {
            own,
            shared,
            shared_of,
            gate,
            gated_offset: Some(2),
        };
        let problem = Objective::new(
            &x,
            &y,
            (0..30).map(|i| 1.0 + (i % 2) as f64).collect(),
            3,
            0.3,
        );
        let params: Vec<f64> = (0..18).map(|i| (i as f64 * 0.37).sin()).collect();
        let cost_at = |p: &[f64]| problem.evaluate(p, &mut vec![0.0; p.len()]);
        let mut grad = vec![0.0; params.len()];
        problem.evaluate(&params, &mut grad);
        for i in 0..params.len() {
            let (mut up, mut down) = (params.clone(), params.clone());
            up[i] += 1e-6;
            down[i] -= 1e-6;
            let numeric = (cost_at(&up) - cost_at(&down)) / 2e-6;
            assert!(
                (numeric - grad[i]).abs() < 1e-6,
                "param {i}: {numeric} vs {}",
                grad[i]
            );
        }
        // The factored fit and the fit of the same rows written out agree.
        let params = LogisticParams::default().check().unwrap();
        let factored = params
            .fit(&DatasetBase::new(x.clone(), Array1::from(y.clone())))
            .unwrap();
        let plain = params
            .fit(&DatasetBase::new(x.to_csr(), Array1::from(y)))
            .unwrap();
        let (a, b) = (
            factored.predict_proba(&x.to_csr()),
            plain.predict_proba(&x.to_csr()),
        );
        for (p, q) in a.iter().zip(b.iter()) {
            assert!((p - q).abs() < 1e-6, "{p} vs {q}");
        }
    }

    #[test]
    fn invalid_c_is_rejected_before_fit() {
        let params = LogisticParams::default().c(0.0);
        assert!(matches!(
            params.check(),
            Err(ModelError::InvalidParam { name: "C", .. })
        ));
    }
}
