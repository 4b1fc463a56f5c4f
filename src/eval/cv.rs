//! Grouped, stratified K-fold assignment: no group in two folds, and each
//! fold's label mix as close as the groups allow to the whole data's.

use std::collections::BTreeMap;

/// Fold number (0..k) for every row. Groups are placed largest first
/// (ties broken by a seeded hash), each into the fold whose label counts
/// fall furthest below their target share.
pub fn grouped_stratified_folds(
    groups: &[String],
    labels: &[usize],
    k: usize,
    seed: u64,
) -> Vec<usize> {
    let n_labels = labels.iter().max().map_or(0, |m| m + 1);
    let mut members: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, g) in groups.iter().enumerate() {
        members.entry(g.as_str()).or_default().push(i);
    }
    let mut ordered: Vec<(&str, Vec<usize>)> = members.into_iter().collect();
    ordered.sort_by_key(|(g, rows)| (std::cmp::Reverse(rows.len()), super::split::mix(seed, g)));
    let mut totals = vec![0.0; n_labels];
    labels.iter().for_each(|&l| totals[l] += 1.0);
    let target: Vec<f64> = totals.iter().map(|t| t / k as f64).collect();
    let mut counts = vec![vec![0.0; n_labels]; k];
    let mut sizes = vec![0usize; k];
    let mut fold_of = vec![0usize; groups.len()];
    for (_, rows) in ordered {
        let mut group_counts = vec![0.0; n_labels];
        rows.iter().for_each(|&r| group_counts[labels[r]] += 1.0);
        // Cost of adding the group to a fold: squared overshoot of each label's target.
        let cost = |f: usize| -> f64 {
            (0..n_labels)
                .map(|l| {
                    let after = counts[f][l] + group_counts[l];
                    ((after - target[l]) / target[l].max(1.0)).powi(2)
                        - ((counts[f][l] - target[l]) / target[l].max(1.0)).powi(2)
                })
                .sum()
        };
        let best = (0..k)
            .min_by(|&a, &b| cost(a).total_cmp(&cost(b)).then(sizes[a].cmp(&sizes[b])))
            .unwrap_or(0);
        for &r in &rows {
            fold_of[r] = best;
        }
        sizes[best] += rows.len();
        for l in 0..n_labels {
            counts[best][l] += group_counts[l];
        }
    }
    fold_of
}

/// Mean and sample standard deviation (0 for a single value) of per-fold figures.
pub fn mean_and_std(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
    (mean, var.sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_never_span_folds_and_labels_are_spread() {
        let groups: Vec<String> = (0..300).map(|i| format!("g{}", i / 3)).collect();
        let labels: Vec<usize> = (0..300).map(|i| usize::from((i / 3) % 4 == 0)).collect();
        let folds = grouped_stratified_folds(&groups, &labels, 5, 1);
        for i in 0..300 {
            for j in 0..300 {
                if groups[i] == groups[j] {
                    assert_eq!(folds[i], folds[j]);
                }
            }
        }
        for f in 0..5 {
            let rows: Vec<usize> = (0..300).filter(|&i| folds[i] == f).collect();
            let positives = rows.iter().filter(|&&i| labels[i] == 1).count() as f64;
            assert!(
                (50..=70).contains(&rows.len()),
                "fold {f}: {} rows",
                rows.len()
            );
            let share = positives / rows.len() as f64;
            assert!((share - 0.25).abs() < 0.06, "fold {f}: share {share}");
        }
    }
}
