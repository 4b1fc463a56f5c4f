//! One-vs-rest ranking metrics per class: ROC-AUC (Mann–Whitney, ties
//! counted half), average precision (scikit-learn's PR-AUC) and the
//! precision–recall curve for plots.

/// Scores for one class and whether each row truly is that class, sorted by score, descending.
fn sorted(scores: &[f64], positive: &[bool]) -> Vec<(f64, bool)> {
    let mut pairs: Vec<(f64, bool)> = scores
        .iter()
        .copied()
        .zip(positive.iter().copied())
        .collect();
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
    pairs
}

/// ROC-AUC, or None when the class is absent or is every row.
pub fn roc_auc(scores: &[f64], positive: &[bool]) -> Option<f64> {
    let n_pos = positive.iter().filter(|&&p| p).count();
    let n_neg = positive.len() - n_pos;
    if n_pos == 0 || n_neg == 0 {
        return None;
    }
    let pairs = sorted(scores, positive);
    // Walk groups of tied scores from the top; each positive beats the
    // negatives below its group and ties half of those in it.
    let (mut negatives_below, mut wins) = (n_neg as f64, 0.0);
    let mut i = 0;
    while i < pairs.len() {
        let mut j = i;
        let (mut pos, mut neg) = (0.0, 0.0);
        while j < pairs.len() && pairs[j].0 == pairs[i].0 {
            if pairs[j].1 {
                pos += 1.0
            } else {
                neg += 1.0
            }
            j += 1;
        }
        negatives_below -= neg;
        wins += pos * (negatives_below + 0.5 * neg);
        i = j;
    }
    Some(wins / (n_pos as f64 * n_neg as f64))
}

/// Points (recall, precision) at every distinct score threshold, from high to low.
pub fn pr_curve(scores: &[f64], positive: &[bool]) -> Vec<(f64, f64)> {
    let n_pos = positive.iter().filter(|&&p| p).count();
    if n_pos == 0 {
        return Vec::new();
    }
    let pairs = sorted(scores, positive);
    let (mut tp, mut fp) = (0usize, 0usize);
    let mut points = Vec::new();
    for (i, (score, is_pos)) in pairs.iter().enumerate() {
        if *is_pos {
            tp += 1
        } else {
            fp += 1
        }
        let last_of_tie = pairs.get(i + 1).is_none_or(|next| next.0 != *score);
        if last_of_tie {
            points.push((tp as f64 / n_pos as f64, tp as f64 / (tp + fp) as f64));
        }
    }
    points
}

/// Average precision: sum over thresholds of (R_n - R_{n-1}) * P_n.
pub fn average_precision(scores: &[f64], positive: &[bool]) -> Option<f64> {
    let curve = pr_curve(scores, positive);
    if curve.is_empty() {
        return None;
    }
    let mut previous_recall = 0.0;
    let mut ap = 0.0;
    for (recall, precision) in curve {
        ap += (recall - previous_recall) * precision;
        previous_recall = recall;
    }
    Some(ap)
}

/// At most `max_points` points of a curve, evenly spaced, keeping both ends.
pub fn thin(points: &[(f64, f64)], max_points: usize) -> Vec<(f64, f64)> {
    if points.len() <= max_points || max_points < 2 {
        return points.to_vec();
    }
    let step = (points.len() - 1) as f64 / (max_points - 1) as f64;
    (0..max_points)
        .map(|i| points[(i as f64 * step).round() as usize])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_scikit_learn_example() {
        // scikit-learn 1.9.1 (its docs example): y = [0, 0, 1, 1], scores = [0.1, 0.4, 0.35, 0.8]
        // roc_auc_score = 0.75; average_precision_score = 0.8333.
        let scores = [0.1, 0.4, 0.35, 0.8];
        let positive = [false, false, true, true];
        assert!((roc_auc(&scores, &positive).unwrap() - 0.75).abs() < 1e-12);
        assert!((average_precision(&scores, &positive).unwrap() - 0.833_333_3).abs() < 1e-6);
    }

    #[test]
    fn ties_count_half_and_absent_class_is_none() {
        assert_eq!(roc_auc(&[0.5, 0.5], &[true, false]), Some(0.5));
        assert_eq!(roc_auc(&[0.5, 0.4], &[false, false]), None);
    }
}
