//! Temperature scaling (Guo et al. 2017): one number T that divides the
//! logits, fitted on held-out predictions to minimise log-loss. It keeps
//! the predicted label and makes the probabilities honest.

/// Rescales probabilities as softmax(log p / T).
pub fn apply_temperature(probabilities: &[f64], temperature: f64) -> Vec<f64> {
    let logs: Vec<f64> = probabilities
        .iter()
        .map(|p| p.max(1e-300).ln() / temperature)
        .collect();
    let max = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let exps: Vec<f64> = logs.iter().map(|l| (l - max).exp()).collect();
    let total: f64 = exps.iter().sum();
    exps.into_iter().map(|e| e / total).collect()
}

fn log_loss(truth: &[usize], probabilities: &[Vec<f64>], temperature: f64) -> f64 {
    truth
        .iter()
        .zip(probabilities)
        .map(|(&t, p)| -apply_temperature(p, temperature)[t].clamp(1e-15, 1.0).ln())
        .sum::<f64>()
        / truth.len().max(1) as f64
}

/// The temperature in [0.05, 20] with the lowest log-loss, by golden-section
/// search on ln T (the loss is smooth and unimodal in T for these rows).
pub fn fit_temperature(truth: &[usize], probabilities: &[Vec<f64>]) -> f64 {
    if truth.is_empty() {
        return 1.0;
    }
    let loss = |log_t: f64| log_loss(truth, probabilities, log_t.exp());
    let (mut lo, mut hi) = (0.05f64.ln(), 20f64.ln());
    let golden = (5f64.sqrt() - 1.0) / 2.0;
    let mut a = hi - golden * (hi - lo);
    let mut b = lo + golden * (hi - lo);
    let (mut fa, mut fb) = (loss(a), loss(b));
    for _ in 0..80 {
        if fa < fb {
            hi = b;
            b = a;
            fb = fa;
            a = hi - golden * (hi - lo);
            fa = loss(a);
        } else {
            lo = a;
            a = b;
            fa = fb;
            b = lo + golden * (hi - lo);
            fb = loss(b);
        }
    }
    ((lo + hi) / 2.0).exp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overconfident_predictions_get_a_temperature_above_one() {
        // 70% right at 99% confidence: the best temperature softens them.
        let truth: Vec<usize> = (0..100).map(|i| usize::from(i % 10 >= 7)).collect();
        let probabilities = vec![vec![0.99, 0.01]; 100];
        let t = fit_temperature(&truth, &probabilities);
        assert!(t > 1.5, "{t}");
        let calibrated = apply_temperature(&probabilities[0], t);
        assert!((calibrated[0] - 0.7).abs() < 0.01, "{calibrated:?}");
        assert!((calibrated.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn temperature_one_changes_nothing() {
        let p = apply_temperature(&[0.2, 0.5, 0.3], 1.0);
        assert!((p[1] - 0.5).abs() < 1e-12 && (p[0] - 0.2).abs() < 1e-12);
    }
}
