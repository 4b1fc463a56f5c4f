//! Classification metrics. The JSON field names are part of the report
//! schema documented in README.md; do not rename them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::calibration::{self, ReliabilityBin};
use super::ranking;
use crate::model::argmax;

/// Bootstrap resamples for confidence intervals.
const RESAMPLES: usize = 1000;
/// Points kept per precision–recall curve.
const CURVE_POINTS: usize = 101;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassMetrics {
    pub label: String,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub support: usize,
    /// One-vs-rest ROC-AUC; null when the class is absent from the data.
    pub roc_auc: Option<f64>,
    /// One-vs-rest average precision (area under the precision–recall curve).
    pub average_precision: Option<f64>,
}

/// 95% percentile-bootstrap intervals over rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConfidenceIntervals {
    pub level: f64,
    pub resamples: usize,
    pub accuracy: [f64; 2],
    pub macro_f1: [f64; 2],
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BaselineScores {
    pub accuracy: f64,
    pub macro_f1: f64,
}

/// What trivial predictors score on the same rows (label shares of these rows).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Baselines {
    pub majority_label: String,
    /// Always predicting the most frequent label.
    pub majority: BaselineScores,
    /// Predicting labels at random with the rows' label shares (expected values).
    pub stratified_random: BaselineScores,
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
    /// Confusion matrix with each row divided by its support.
    pub confusion_matrix_normalized: Vec<Vec<f64>>,
    /// Mean over rows of sum_k (p_k - [k = true])^2.
    pub brier_score: f64,
    /// Row-weighted mean |confidence - accuracy| over 15 confidence bins.
    pub expected_calibration_error: f64,
    /// The 95% range of the calibration error that perfectly calibrated
    /// probabilities would show on rows like these (see
    /// [`calibration::error_if_calibrated`]): an error inside it is sampling
    /// noise. Absent from reports written before it existed.
    #[serde(default)]
    pub calibration_error_if_calibrated: [f64; 2],
    pub reliability: Vec<ReliabilityBin>,
    pub confidence_intervals: ConfidenceIntervals,
    pub baselines: Baselines,
    /// SemEval-2016 stance F_avg: mean F1 of `favor` and `against`, when both labels exist.
    pub semeval_f_avg: Option<f64>,
    /// Precision–recall curve per class, as [recall, precision] points.
    pub pr_curves: BTreeMap<String, Vec<[f64; 2]>>,
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
                let scores: Vec<f64> = probabilities.iter().map(|p| p[c]).collect();
                let positive: Vec<bool> = truth.iter().map(|&t| t == c).collect();
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
                    roc_auc: ranking::roc_auc(&scores, &positive),
                    average_precision: ranking::average_precision(&scores, &positive),
                }
            })
            .collect();
        let (_, macro_f1) = accuracy_and_macro_f1(&confusion);
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
        let (reliability, expected_calibration_error) =
            calibration::reliability(truth, probabilities);
        let pr_curves = (0..k)
            .map(|c| {
                let scores: Vec<f64> = probabilities.iter().map(|p| p[c]).collect();
                let positive: Vec<bool> = truth.iter().map(|&t| t == c).collect();
                let curve = ranking::thin(&ranking::pr_curve(&scores, &positive), CURVE_POINTS);
                (
                    labels[c].clone(),
                    curve.into_iter().map(|(r, p)| [r, p]).collect(),
                )
            })
            .collect();
        let f1_of = |name: &str| per_class.iter().find(|c| c.label == name).map(|c| c.f1);
        let semeval_f_avg = match (f1_of("favor"), f1_of("against")) {
            (Some(f), Some(a)) => Some((f + a) / 2.0),
            _ => None,
        };
        Metrics {
            rows: n,
            labels: labels.to_vec(),
            accuracy: ratio(correct as f64, n as f64),
            macro_f1,
            weighted_f1,
            log_loss,
            fnc_score: fnc_score(labels, truth, &predicted),
            confusion_matrix_normalized: confusion
                .iter()
                .map(|row| {
                    let support: usize = row.iter().sum();
                    row.iter()
                        .map(|&c| ratio(c as f64, support as f64))
                        .collect()
                })
                .collect(),
            brier_score: calibration::brier_score(truth, probabilities),
            expected_calibration_error,
            calibration_error_if_calibrated: calibration::error_if_calibrated(
                probabilities,
                RESAMPLES,
            ),
            reliability,
            confidence_intervals: bootstrap(k, truth, &predicted),
            baselines: baselines(labels, &per_class, n),
            semeval_f_avg,
            pr_curves,
            per_class,
            confusion_matrix: confusion,
        }
    }
}

/// Accuracy and macro-F1 of a confusion matrix. As scikit-learn's default,
/// macro-F1 averages over the labels that occur in the truth or the predictions.
pub fn accuracy_and_macro_f1(confusion: &[Vec<usize>]) -> (f64, f64) {
    let k = confusion.len();
    let n: usize = confusion.iter().flatten().sum();
    let correct: usize = (0..k).map(|c| confusion[c][c]).sum();
    let mut present = 0usize;
    let f1_sum: f64 = (0..k)
        .map(|c| {
            let tp = confusion[c][c] as f64;
            let support: usize = confusion[c].iter().sum();
            let predicted: usize = confusion.iter().map(|row| row[c]).sum();
            if support + predicted > 0 {
                present += 1;
            }
            let (p, r) = (ratio(tp, predicted as f64), ratio(tp, support as f64));
            ratio(2.0 * p * r, p + r)
        })
        .sum();
    (
        ratio(correct as f64, n as f64),
        ratio(f1_sum, present as f64),
    )
}

/// Percentile bootstrap over rows, with a fixed seed so reports are reproducible.
fn bootstrap(k: usize, truth: &[usize], predicted: &[usize]) -> ConfidenceIntervals {
    let n = truth.len();
    let mut random = SplitMix64(0x005e_ed0f_b007);
    let mut accuracies = Vec::with_capacity(RESAMPLES);
    let mut f1s = Vec::with_capacity(RESAMPLES);
    if n > 0 {
        for _ in 0..RESAMPLES {
            let mut confusion = vec![vec![0usize; k]; k];
            for _ in 0..n {
                let i = random.below(n);
                confusion[truth[i]][predicted[i]] += 1;
            }
            let (a, f) = accuracy_and_macro_f1(&confusion);
            accuracies.push(a);
            f1s.push(f);
        }
    }
    ConfidenceIntervals {
        level: 0.95,
        resamples: RESAMPLES,
        accuracy: central_95(&mut accuracies),
        macro_f1: central_95(&mut f1s),
    }
}

/// The 2.5th and 97.5th percentiles; zeros when there are no values.
pub(crate) fn central_95(values: &mut [f64]) -> [f64; 2] {
    if values.is_empty() {
        return [0.0, 0.0];
    }
    values.sort_by(f64::total_cmp);
    let at =
        |q: f64| values[((q * (values.len() - 1) as f64).round() as usize).min(values.len() - 1)];
    [at(0.025), at(0.975)]
}

/// splitmix64: a small, seeded generator for reproducible resampling.
pub(crate) struct SplitMix64(pub u64);

impl SplitMix64 {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// An index in 0..n (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Majority and stratified-random baselines from the rows' label shares.
/// Stratified random has expected precision = recall = share for each
/// class, so its per-class F1 is the share (ratio of expectations).
fn baselines(labels: &[String], per_class: &[ClassMetrics], n: usize) -> Baselines {
    let k = labels.len().max(1) as f64;
    let shares: Vec<f64> = per_class
        .iter()
        .map(|c| ratio(c.support as f64, n as f64))
        .collect();
    let (majority_index, majority_share) = shares.iter().copied().enumerate().fold(
        (0, -1.0),
        |best, (i, s)| if s > best.1 { (i, s) } else { best },
    );
    let majority_share = majority_share.max(0.0);
    Baselines {
        majority_label: labels.get(majority_index).cloned().unwrap_or_default(),
        majority: BaselineScores {
            accuracy: majority_share,
            macro_f1: ratio(2.0 * majority_share, 1.0 + majority_share) / k,
        },
        stratified_random: BaselineScores {
            accuracy: shares.iter().map(|s| s * s).sum(),
            macro_f1: shares.iter().sum::<f64>() / k,
        },
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
        // scikit-learn 1.9.1 on y_true = [0,0,1,1,2,2], y_pred = [0,1,1,1,2,0]:
        // accuracy_score = 0.6667; f1_score(average=None) = [0.5, 0.8, 0.6667];
        // f1_score(average="macro") = 0.65556 (checked in the bench-quality venv).
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
        // Majority baseline: every class has share 1/3 → the first wins ties.
        assert_eq!(m.baselines.majority_label, "a");
        assert!((m.baselines.stratified_random.accuracy - 1.0 / 3.0).abs() < 1e-12);
        let ci = &m.confidence_intervals;
        assert!(ci.accuracy[0] <= m.accuracy && m.accuracy <= ci.accuracy[1]);
        // Every row's top probability is 0.9: one bin, error |0.9 - 4/6|.
        assert!((m.expected_calibration_error - (0.9 - 4.0 / 6.0)).abs() < 1e-9);
        assert_eq!(m.confusion_matrix_normalized[1], vec![0.0, 1.0, 0.0]);
    }

    #[test]
    fn semeval_f_avg_is_mean_of_favor_and_against() {
        let labels: Vec<String> = ["against", "favor", "none"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let truth = [0, 1, 2, 0];
        let proba: Vec<Vec<f64>> = [0, 1, 2, 1].iter().map(|&p| one_hot(3, p)).collect();
        let m = Metrics::compute(&labels, &truth, &proba);
        // scikit-learn 1.9.1 f1_score(average=None) on these rows: [0.6667, 0.6667, 1.0].
        assert!((m.semeval_f_avg.unwrap() - 2.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn macro_f1_averages_labels_that_occur() {
        // One outlet's rows, all `a`, all right: scikit-learn's f1_score(average="macro")
        // averages over labels in y_true ∪ y_pred, giving 1.0, not 0.5.
        assert_eq!(accuracy_and_macro_f1(&[vec![2, 0], vec![0, 0]]), (1.0, 1.0));
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
