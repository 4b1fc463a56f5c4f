//! Are the probabilities usable as probabilities? Brier score, expected
//! calibration error and the bins of a reliability diagram.

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

/// Reliability bins and the expected calibration error: the row-weighted
/// mean gap between confidence and accuracy over the bins.
pub fn reliability(truth: &[usize], probabilities: &[Vec<f64>]) -> (Vec<ReliabilityBin>, f64) {
    let mut count = [0usize; BINS];
    let mut confidence = [0.0f64; BINS];
    let mut correct = [0usize; BINS];
    for (&t, p) in truth.iter().zip(probabilities) {
        let predicted = crate::model::argmax(p);
        let top = p.get(predicted).copied().unwrap_or(0.0);
        let bin = ((top * BINS as f64) as usize).min(BINS - 1);
        count[bin] += 1;
        confidence[bin] += top;
        correct[bin] += usize::from(predicted == t);
    }
    let n = truth.len().max(1) as f64;
    let mut ece = 0.0;
    let bins = (0..BINS)
        .map(|b| {
            let (mean_confidence, accuracy) = if count[b] > 0 {
                (
                    confidence[b] / count[b] as f64,
                    correct[b] as f64 / count[b] as f64,
                )
            } else {
                (0.0, 0.0)
            };
            ece += count[b] as f64 / n * (mean_confidence - accuracy).abs();
            ReliabilityBin {
                lower: b as f64 / BINS as f64,
                upper: (b + 1) as f64 / BINS as f64,
                count: count[b],
                mean_confidence,
                accuracy,
            }
        })
        .collect();
    (bins, ece)
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
}
