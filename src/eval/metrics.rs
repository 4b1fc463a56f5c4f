//! Classification metrics. The JSON field names are part of the report
//! schema documented in README.md; do not rename them.

use serde::{Deserialize, Serialize};

use crate::model::argmax;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassMetrics {
    pub label: String,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub support: usize,
}

/// The FNC-1 competition score (see ../shared/benchmarks/fnc1/README.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FncScore {
    pub score: f64,
    pub max_score: f64,
    /// score / max_score, in percent.
    pub relative: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    pub rows: usize,
    pub labels: Vec<String>,
    pub accuracy: f64,
    pub macro_f1: f64,
    pub weighted_f1: f64,
    /// Mean negative log-likelihood of the true label (probabilities clipped at 1e-15).
    pub log_loss: f64,
    pub per_class: Vec<ClassMetrics>,
    /// Rows are true labels, columns predicted labels, both in `labels` order.
    pub confusion_matrix: Vec<Vec<usize>>,
    /// Present when the labels are FNC-1's agree/disagree/discuss/unrelated.
    pub fnc_score: Option<FncScore>,
}

impl Metrics {
    /// Metrics of probability rows against true class indices.
    pub fn compute(labels: &[String], truth: &[usize], probabilities: &[Vec<f64>]) -> Metrics {
        let predicted: Vec<usize> = probabilities.iter().map(|p| argmax(p)).collect();
        let k = labels.len();
        let mut confusion = vec![vec![0usize; k]; k];
        for (&t, &p) in truth.iter().zip(&predicted) {
            confusion[t][p] += 1;
        }
        let n = truth.len();
        let correct: usize = (0..k).map(|c| confusion[c][c]).sum();
        let per_class: Vec<ClassMetrics> = (0..k)
            .map(|c| {
                let tp = confusion[c][c] as f64;
                let support: usize = confusion[c].iter().sum();
                let predicted_c: usize = confusion.iter().map(|row| row[c]).sum();
                let precision = ratio(tp, predicted_c as f64);
                let recall = ratio(tp, support as f64);
                ClassMetrics {
                    label: labels[c].clone(),
                    precision,
                    recall,
                    f1: ratio(2.0 * precision * recall, precision + recall),
                    support,
                }
            })
            .collect();
        let macro_f1 = per_class.iter().map(|c| c.f1).sum::<f64>() / k.max(1) as f64;
        let weighted_f1 = ratio(
            per_class
                .iter()
                .map(|c| c.f1 * c.support as f64)
                .sum::<f64>(),
            n as f64,
        );
        let log_loss = ratio(
            truth
                .iter()
                .zip(probabilities)
                .map(|(&t, p)| -p[t].clamp(1e-15, 1.0).ln())
                .sum::<f64>(),
            n as f64,
        );
        Metrics {
            rows: n,
            labels: labels.to_vec(),
            accuracy: ratio(correct as f64, n as f64),
            macro_f1,
            weighted_f1,
            log_loss,
            per_class,
            fnc_score: fnc_score(labels, truth, &predicted),
            confusion_matrix: confusion,
        }
    }
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { 0.0 }
}

/// +0.25 for getting related vs unrelated right, +0.75 more for the exact
/// related label; as a share of the best possible score.
pub fn fnc_score(labels: &[String], truth: &[usize], predicted: &[usize]) -> Option<FncScore> {
    let names = ["agree", "disagree", "discuss", "unrelated"];
    if labels.len() != 4 || !names.iter().all(|n| labels.iter().any(|l| l == n)) {
        return None;
    }
    let related = |i: usize| labels[i] != "unrelated";
    let (mut score, mut max_score) = (0.0, 0.0);
    for (&t, &p) in truth.iter().zip(predicted) {
        max_score += if related(t) { 1.0 } else { 0.25 };
        if related(t) == related(p) {
            score += 0.25;
        }
        if related(t) && t == p {
            score += 0.75;
        }
    }
    Some(FncScore {
        score,
        max_score,
        relative: 100.0 * ratio(score, max_score),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_hot(k: usize, c: usize) -> Vec<f64> {
        (0..k)
            .map(|i| if i == c { 0.9 } else { 0.1 / (k - 1) as f64 })
            .collect()
    }

    #[test]
    fn matches_scikit_learn_on_a_small_case() {
        // y_true = [0,0,1,1,2,2], y_pred = [0,1,1,1,2,0], by hand with
        // scikit-learn's definitions: per-class P = [.5, .667, 1], R = [.5, 1, .5],
        // F1 = [0.5, 0.8, 0.6667]; accuracy 0.6667; macro F1 = 0.65556.
        let labels: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let truth = [0, 0, 1, 1, 2, 2];
        let predicted = [0, 1, 1, 1, 2, 0];
        let proba: Vec<Vec<f64>> = predicted.iter().map(|&p| one_hot(3, p)).collect();
        let m = Metrics::compute(&labels, &truth, &proba);
        assert!((m.accuracy - 4.0 / 6.0).abs() < 1e-9);
        assert!((m.macro_f1 - 0.655_555_6).abs() < 1e-6);
        assert!((m.per_class[1].f1 - 0.8).abs() < 1e-9);
        assert_eq!(
            m.confusion_matrix,
            vec![vec![1, 1, 0], vec![0, 2, 0], vec![1, 0, 1]]
        );
        // log_loss = mean(-ln p_true): 4 rows at 0.9, 2 rows at 0.05.
        let expected = (4.0 * -(0.9f64).ln() + 2.0 * -(0.05f64).ln()) / 6.0;
        assert!((m.log_loss - expected).abs() < 1e-9);
        assert!(m.fnc_score.is_none());
    }

    #[test]
    fn fnc_score_by_hand() {
        let labels: Vec<String> = ["agree", "disagree", "discuss", "unrelated"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        // agree→agree 1.0; discuss→agree 0.25; unrelated→unrelated 0.25; agree→unrelated 0.
        let s = fnc_score(&labels, &[0, 2, 3, 0], &[0, 0, 3, 3]).unwrap();
        assert_eq!(s.score, 1.5);
        assert_eq!(s.max_score, 3.25);
    }
}
