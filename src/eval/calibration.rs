//! Are the probabilities usable as probabilities? Brier score, expected
//! calibration error and the bins of a reliability diagram.

use super::metrics::{SplitMix64, central_95};
use serde::{Deserialize, Serialize};

/// One bin of a reliability diagram: predictions whose top probability fell
/// in [lower, upper), how confident they were and how often they were right.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReliabilityBin {
    pub lower: f64,
    pub upper: f64,
    pub count: usize,
    pub mean_confidence: f64,
    pub accuracy: f64,
}

/// Number of equal-width confidence bins (15, as in Guo et al. 2017).
pub const BINS: usize = 15;

/// Multiclass Brier score: mean over rows of sum_k (p_k - [k = true])^2.
pub fn brier_score(truth: &[usize], probabilities: &[Vec<f64>]) -> f64 {
    if truth.is_empty() {
        return 0.0;
    }
    let total: f64 = truth
        .iter()
        .zip(probabilities)
        .map(|(&t, p)| {
            p.iter()
                .enumerate()
                .map(|(k, &pk)| (pk - if k == t { 1.0 } else { 0.0 }).powi(2))
                .sum::<f64>()
        })
        .sum();
    total / truth.len() as f64
}

/// The 2.5th and 97.5th percentiles of the calibration error that perfectly
/// calibrated probabilities would show on rows like these: rows are
/// resampled, and each one's top prediction comes out right with exactly its
/// stated probability (consistency resampling, Bröcker & Smith 2007). The
/// error is biased upward on few rows, so an observed error inside this range
/// is what sampling noise alone gives. Seeded, so reports are reproducible.
pub fn error_if_calibrated(probabilities: &[Vec<f64>], resamples: usize) -> [f64; 2] {
    let tops: Vec<f64> = probabilities
        .iter()
        .map(|p| p.get(crate::model::argmax(p)).copied().unwrap_or(0.0))
        .collect();
    if tops.is_empty() {
        return [0.0, 0.0];
    }
    let mut random = SplitMix64(0xca11_b4a7_e5ee_d001);
    let mut errors: Vec<f64> = (0..resamples)
        .map(|_| {
            let mut totals = BinTotals::default();
            for _ in 0..tops.len() {
                let top = tops[random.below(tops.len())];
                totals.add(bin_of(top), top, random.unit() < top);
            }
            totals.expected_calibration_error()
        })
        .collect();
    central_95(&mut errors)
}

/// The reliability bin of a top-class probability.
pub fn bin_of(top: f64) -> usize {
    ((top * BINS as f64) as usize).min(BINS - 1)
}

/// Per-bin sums of rows, confidence and correct predictions.
#[derive(Debug, Clone, Default)]
pub struct BinTotals {
    count: [usize; BINS],
    confidence: [f64; BINS],
    correct: [usize; BINS],
}

impl BinTotals {
    pub fn add(&mut self, bin: usize, top: f64, correct: bool) {
        self.count[bin] += 1;
        self.confidence[bin] += top;
        self.correct[bin] += usize::from(correct);
    }

    fn mean_confidence_and_accuracy(&self, bin: usize) -> (f64, f64) {
        match self.count[bin] {
            0 => (0.0, 0.0),
            c => (
                self.confidence[bin] / c as f64,
                self.correct[bin] as f64 / c as f64,
            ),
        }
    }

    /// The row-weighted mean gap between confidence and accuracy over the bins.
    pub fn expected_calibration_error(&self) -> f64 {
        let n = self.count.iter().sum::<usize>().max(1) as f64;
        (0..BINS)
            .map(|b| {
                let (confidence, accuracy) = self.mean_confidence_and_accuracy(b);
                self.count[b] as f64 / n * (confidence - accuracy).abs()
            })
            .sum()
    }
}

/// Reliability bins and the expected calibration error: the row-weighted
/// mean gap between confidence and accuracy over the bins.
pub fn reliability(truth: &[usize], probabilities: &[Vec<f64>]) -> (Vec<ReliabilityBin>, f64) {
    let mut totals = BinTotals::default();
    for (&t, p) in truth.iter().zip(probabilities) {
        let predicted = crate::model::argmax(p);
        let top = p.get(predicted).copied().unwrap_or(0.0);
        totals.add(bin_of(top), top, predicted == t);
    }
    let bins = (0..BINS)
        .map(|b| {
            let (mean_confidence, accuracy) = totals.mean_confidence_and_accuracy(b);
            ReliabilityBin {
                lower: b as f64 / BINS as f64,
                upper: (b + 1) as f64 / BINS as f64,
                count: totals.count[b],
                mean_confidence,
                accuracy,
            }
        })
        .collect();
    (bins, totals.expected_calibration_error())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brier_by_hand() {
        // Row 1: p = (0.8, 0.2), true 0 → 0.04 + 0.04; row 2: p = (0.5, 0.5), true 1 → 0.25 + 0.25.
        let b = brier_score(&[0, 1], &[vec![0.8, 0.2], vec![0.5, 0.5]]);
        assert!((b - 0.29).abs() < 1e-12);
    }

    #[test]
    fn ece_by_hand() {
        // Four rows at confidence 0.9 (bin 13), three right: gap |0.9 - 0.75| = 0.15.
        let p = vec![vec![0.9, 0.1]; 4];
        let (bins, ece) = reliability(&[0, 0, 0, 1], &p);
        assert!((ece - 0.15).abs() < 1e-12);
        assert_eq!(bins[13].count, 4);
        assert_eq!(bins.iter().map(|b| b.count).sum::<usize>(), 4);
    }

    #[test]
    fn noise_range_of_perfect_calibration_shrinks_with_rows() {
        let spread = |n: usize| -> Vec<Vec<f64>> {
            (0..n)
                .map(|i| {
                    let top = 0.55 + 0.4 * (i % 10) as f64 / 10.0;
                    vec![top, 1.0 - top]
                })
                .collect()
        };
        let [few_lo, few_hi] = error_if_calibrated(&spread(40), 1000);
        let [many_lo, many_hi] = error_if_calibrated(&spread(4000), 1000);
        assert!(few_lo > 0.0 && few_lo < few_hi);
        // On 40 rows a perfectly calibrated model still shows a sizeable
        // error; on 4,000 rows it shows almost none.
        assert!(few_hi > 0.1, "{few_hi}");
        assert!(many_hi < 0.03, "{many_hi}");
        assert!(many_lo < few_lo);
        assert_eq!(error_if_calibrated(&spread(40), 1000), [few_lo, few_hi]);
        assert_eq!(error_if_calibrated(&[], 1000), [0.0, 0.0]);
    }
}
