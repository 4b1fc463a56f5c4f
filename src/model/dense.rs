//! Dense features (outlet metadata, style cues, user columns, without the
//! bag of words) are few, so linfa-logistic fits them on a dense matrix.
//! The fitted coefficients are stored in the same layout as the sparse
//! model, so scoring and explanations share one code path.
//!
//! linfa-logistic 0.8.1 traps handled here: it ignores sample weights, so
//! balanced class weights are applied as a prior shift of the intercepts
//! (ln w_k: reweighting class k by w_k scales its odds by w_k); its alpha
//! is 1/C of scikit-learn; its `Float` trait is private, so f64 is used; and
//! `MultiLogisticRegression` is used even for two classes, which avoids the
//! binary mode's majority-class-is-positive labelling.

use linfa::dataset::DatasetBase;
use linfa::traits::Fit;
use linfa_logistic::MultiLogisticRegression;
use ndarray::{Array1, Array2};

use super::logistic::{ClassWeight, SparseLogistic, ValidLogisticParams};
use crate::error::ModelError;
use crate::sparse::CsrMatrix;

/// Fits multinomial logistic regression with linfa-logistic on a dense copy of `x`.
pub fn fit_dense(
    params: &ValidLogisticParams,
    x: &CsrMatrix,
    y: &Array1<usize>,
) -> Result<SparseLogistic, ModelError> {
    let (n, d) = (x.n_rows(), x.n_cols());
    let mut dense = Array2::<f64>::zeros((n, d));
    for i in 0..n {
        let (cols, values) = x.row(i);
        for (&c, &v) in cols.iter().zip(values) {
            dense[[i, c as usize]] = v;
        }
    }
    let fitted = MultiLogisticRegression::default()
        .alpha(1.0 / params.c)
        .max_iterations(params.max_iter)
        .gradient_tolerance(params.tolerance)
        .fit(&DatasetBase::new(dense, y.clone()))
        .map_err(|e| ModelError::Solver(format!("linfa-logistic: {e}")))?;
    let n_classes = y.iter().max().map_or(0, |m| m + 1);
    let mut weights = vec![0.0; d * n_classes];
    let mut intercept = vec![0.0; n_classes];
    let mut counts = vec![0usize; n_classes];
    y.iter().for_each(|&c| counts[c] += 1);
    let present = counts.iter().filter(|&&c| c > 0).count() as f64;
    for (column, &class) in fitted.classes().iter().enumerate() {
        for j in 0..d {
            weights[j * n_classes + class] = fitted.params()[[j, column]];
        }
        let prior_shift = match params.class_weight {
            ClassWeight::None => 0.0,
            ClassWeight::Balanced => (n as f64 / (present * counts[class] as f64)).ln(),
        };
        intercept[class] = fitted.intercept()[column] + prior_shift;
    }
    Ok(SparseLogistic {
        n_features: d,
        n_classes,
        weights,
        intercept,
        // linfa-logistic reports neither its iteration count nor whether it
        // stopped at the limit: 0 iterations marks "not reported".
        iterations: 0,
        converged: true,
        temperature: 1.0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::logistic::LogisticParams;
    use linfa::param_guard::ParamGuard;

    #[test]
    fn dense_fit_separates_and_maps_classes_to_columns() {
        // Feature 0 high → class 2, feature 1 high → class 0, else class 1.
        let mut rows = Vec::new();
        let mut y = Vec::new();
        for i in 0..60 {
            let class = i % 3;
            let noise = (i as f64 * 0.7).sin() * 0.1;
            let row = match class {
                2 => vec![(0, 1.0 + noise)],
                0 => vec![(1, 1.0 + noise)],
                _ => vec![(2, 1.0 + noise)],
            };
            rows.push(row);
            y.push(class);
        }
        let x = CsrMatrix::from_rows(3, rows);
        let params = LogisticParams::default()
            .class_weight(ClassWeight::None)
            .check()
            .unwrap();
        let model = fit_dense(&params, &x, &Array1::from(y.clone())).unwrap();
        let proba = model.predict_proba(&x);
        for (row, &class) in proba.rows().into_iter().zip(&y) {
            assert_eq!(crate::model::argmax(row.as_slice().unwrap()), class);
        }
    }
}
