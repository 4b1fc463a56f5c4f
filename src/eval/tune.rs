//! Hyperparameter search by grouped cross-validation on training rows only:
//! every combination of regularisation strength, class weighting and word
//! n-gram range is scored by mean out-of-fold macro-F1, and the best wins.
//!
//! Features depend only on the n-gram range, so each fold is featurised once
//! per range and all (C, class weight) pairs are fitted on the same matrix.

use linfa::dataset::DatasetBase;
use linfa::param_guard::ParamGuard;
use linfa::traits::Fit;
use ndarray::Array1;
use serde::{Deserialize, Serialize};

use super::cv::{grouped_stratified_folds, mean_and_std};
use super::metrics::Metrics;
use crate::corpus::Document;
use crate::error::ModelError;
use crate::features::{FeaturePipeline, OutletRegistry};
use crate::model::classifier::label_of;
use crate::model::{ClassWeight, TrainSpec};

/// The values to try.
#[derive(Debug, Clone, PartialEq)]
pub struct TuneGrid {
    pub c: Vec<f64>,
    pub class_weight: Vec<ClassWeight>,
    pub ngrams: Vec<(usize, usize)>,
    pub folds: usize,
}

/// One combination and how it scored over the folds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub c: f64,
    pub class_weight: ClassWeight,
    pub ngrams: (usize, usize),
    pub macro_f1_mean: f64,
    pub macro_f1_std: f64,
    pub log_loss_mean: f64,
}

/// What the search tried and chose; stored in the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tuning {
    pub folds: usize,
    /// The column that kept related rows in one fold.
    pub group_by: String,
    pub candidates: Vec<Candidate>,
    /// Index into `candidates`.
    pub chosen: usize,
}

impl Tuning {
    pub fn best(&self) -> &Candidate {
        &self.candidates[self.chosen]
    }

    /// `spec` with the chosen values.
    pub fn apply(&self, spec: &TrainSpec) -> TrainSpec {
        let best = self.best();
        let mut tuned = spec.clone();
        tuned.params = tuned.params.c(best.c).class_weight(best.class_weight);
        tuned.features.bag_of_words.ngrams.word = best.ngrams;
        tuned
    }
}

impl TuneGrid {
    fn validate(&self, spec: &TrainSpec) -> Result<(), ModelError> {
        let invalid = |name, value: String, reason| ModelError::InvalidParam {
            name,
            value,
            reason,
        };
        if self.c.is_empty() || self.class_weight.is_empty() || self.ngrams.is_empty() {
            return Err(invalid(
                "tune grid",
                String::new(),
                "needs at least one value of C, class weight and n-gram range",
            ));
        }
        if self.folds < 2 {
            return Err(invalid(
                "tune folds",
                self.folds.to_string(),
                "must be at least 2",
            ));
        }
        if !spec.features.text {
            return Err(invalid(
                "tune",
                "--no-text".into(),
                "tuning searches text features; a metadata-only model has none",
            ));
        }
        for &c in &self.c {
            spec.params.clone().c(c).check_ref()?;
        }
        for &ngrams in &self.ngrams {
            let mut bag = spec.features.bag_of_words.clone();
            bag.ngrams.word = ngrams;
            bag.validate()?;
        }
        Ok(())
    }
}

/// Runs the search on `docs` (all labeled for `spec.task`), keeping rows
/// with the same `groups` entry in one fold. `progress` hears each step.
pub fn tune(
    spec: &TrainSpec,
    docs: &[Document],
    groups: &[String],
    group_by: &str,
    grid: &TuneGrid,
    registry: &OutletRegistry,
    progress: &dyn Fn(&str),
) -> Result<Tuning, ModelError> {
    grid.validate(spec)?;
    let mut labels: Vec<String> = docs
        .iter()
        .filter_map(|d| label_of(d, &spec.task))
        .collect();
    labels.sort();
    labels.dedup();
    let truth: Vec<usize> = docs
        .iter()
        .map(|d| {
            let label = label_of(d, &spec.task).unwrap_or_default();
            labels.binary_search(&label).unwrap_or(0)
        })
        .collect();
    let distinct_groups = groups
        .iter()
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    if distinct_groups < grid.folds {
        return Err(ModelError::InvalidParam {
            name: "tune folds",
            value: grid.folds.to_string(),
            reason: "more folds than distinct groups; use fewer folds",
        });
    }
    let fold_of = grouped_stratified_folds(groups, &truth, grid.folds, spec.seed);
    let pairs: Vec<(f64, ClassWeight)> = grid
        .c
        .iter()
        .flat_map(|&c| grid.class_weight.iter().map(move |&w| (c, w)))
        .collect();
    let mut candidates = Vec::new();
    for &ngrams in &grid.ngrams {
        let mut features = spec.features.clone();
        features.bag_of_words.ngrams.word = ngrams;
        // scores[pair][fold] = (macro-F1, log-loss)
        let mut scores = vec![Vec::new(); pairs.len()];
        for fold in 0..grid.folds {
            let (train, test): (Vec<usize>, Vec<usize>) =
                (0..docs.len()).partition(|&i| fold_of[i] != fold);
            let train_docs: Vec<Document> = train.iter().map(|&i| docs[i].clone()).collect();
            let test_docs: Vec<Document> = test.iter().map(|&i| docs[i].clone()).collect();
            progress(&format!(
                "tuning: n-grams {}-{}, fold {}/{}",
                ngrams.0,
                ngrams.1,
                fold + 1,
                grid.folds
            ));
            let pipeline = FeaturePipeline::fit(&features, &train_docs, registry.clone())?;
            let x_train = pipeline.transform_factored(&train_docs);
            let (x_test, _) = pipeline.transform(&test_docs);
            let y_train: Array1<usize> = train.iter().map(|&i| truth[i]).collect();
            let dataset = DatasetBase::new(x_train, y_train);
            let y_test: Vec<usize> = test.iter().map(|&i| truth[i]).collect();
            for (slot, &(c, class_weight)) in pairs.iter().enumerate() {
                let params = spec
                    .params
                    .clone()
                    .c(c)
                    .class_weight(class_weight)
                    .check()?;
                let model = params.fit(&dataset)?;
                let proba = model.predict_proba(&x_test);
                // A fold may lack the last labels: pad to the full label set.
                let probabilities: Vec<Vec<f64>> = proba
                    .rows()
                    .into_iter()
                    .map(|row| {
                        let mut p = row.to_vec();
                        p.resize(labels.len(), 0.0);
                        p
                    })
                    .collect();
                let metrics = Metrics::compute(&labels, &y_test, &probabilities);
                scores[slot].push((metrics.macro_f1, metrics.log_loss));
            }
        }
        for (&(c, class_weight), folds) in pairs.iter().zip(&scores) {
            let f1: Vec<f64> = folds.iter().map(|s| s.0).collect();
            let (mean, std) = mean_and_std(&f1);
            let log_loss = folds.iter().map(|s| s.1).sum::<f64>() / folds.len() as f64;
            candidates.push(Candidate {
                c,
                class_weight,
                ngrams,
                macro_f1_mean: mean,
                macro_f1_std: std,
                log_loss_mean: log_loss,
            });
        }
    }
    // Highest mean macro-F1; ties go to the lower log-loss, then to grid order.
    let chosen = (0..candidates.len())
        .min_by(|&a, &b| {
            let (a, b) = (&candidates[a], &candidates[b]);
            b.macro_f1_mean
                .total_cmp(&a.macro_f1_mean)
                .then(a.log_loss_mean.total_cmp(&b.log_loss_mean))
        })
        .unwrap_or(0);
    Ok(Tuning {
        folds: grid.folds,
        group_by: group_by.to_string(),
        candidates,
        chosen,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::FeatureConfig;
    use crate::model::LogisticParams;

    fn doc(i: usize, text: &str, label: &str) -> Document {
        let mut d = Document::from_text(i.to_string(), text);
        d.fields.insert("genre".into(), label.into());
        d
    }

    /// Bigrams carry the label ("not good" vs "very good"), single words do
    /// not: the search must find that 1-2 beats 1-1.
    #[test]
    fn finds_the_ngram_range_that_carries_the_signal() {
        let mut docs = Vec::new();
        let fillers = [
            "film", "meal", "show", "book", "game", "trip", "song", "talk",
        ];
        for i in 0..80 {
            let filler = fillers[i % fillers.len()];
            let (text, label) = if i % 2 == 0 {
                (
                    format!("the {filler} was not good but very plain"),
                    "opinion",
                )
            } else {
                (
                    format!("the {filler} was very good but not plain"),
                    "reporting",
                )
            };
            docs.push(doc(i, &text, label));
        }
        let groups: Vec<String> = (0..docs.len()).map(|i| (i / 2).to_string()).collect();
        let spec = TrainSpec {
            task: "genre".into(),
            features: FeatureConfig {
                style: false,
                url: false,
                outlet_registry: false,
                ..FeatureConfig::default()
            },
            params: LogisticParams::default(),
            seed: 7,
        };
        let grid = TuneGrid {
            c: vec![1.0, 16.0],
            class_weight: vec![ClassWeight::Balanced],
            ngrams: vec![(1, 1), (1, 2)],
            folds: 3,
        };
        let tuning = tune(
            &spec,
            &docs,
            &groups,
            "pair",
            &grid,
            &OutletRegistry::empty(),
            &|_| {},
        )
        .unwrap();
        assert_eq!(tuning.candidates.len(), 4);
        assert_eq!(tuning.best().ngrams, (1, 2));
        assert!(tuning.best().macro_f1_mean > 0.9, "{:?}", tuning.best());
        let unigram_best = tuning
            .candidates
            .iter()
            .filter(|c| c.ngrams == (1, 1))
            .map(|c| c.macro_f1_mean)
            .fold(0.0, f64::max);
        assert!(unigram_best < 0.7, "unigrams cannot tell: {unigram_best}");
        assert_eq!(
            tuning.apply(&spec).features.bag_of_words.ngrams.word,
            (1, 2)
        );
    }

    #[test]
    fn an_empty_grid_or_too_many_folds_is_refused_before_fitting() {
        let spec = TrainSpec {
            task: "genre".into(),
            features: FeatureConfig::default(),
            params: LogisticParams::default(),
            seed: 1,
        };
        let docs = vec![doc(0, "a b", "opinion"), doc(1, "c d", "reporting")];
        let groups = vec!["a".to_string(), "b".to_string()];
        let mut grid = TuneGrid {
            c: vec![],
            class_weight: vec![ClassWeight::Balanced],
            ngrams: vec![(1, 1)],
            folds: 2,
        };
        let run = |grid: &TuneGrid| {
            tune(
                &spec,
                &docs,
                &groups,
                "g",
                grid,
                &OutletRegistry::empty(),
                &|_| {},
            )
        };
        assert!(run(&grid).is_err());
        grid.c = vec![-1.0];
        assert!(run(&grid).unwrap_err().to_string().contains("C"));
        grid.c = vec![1.0];
        grid.folds = 3;
        assert!(run(&grid).unwrap_err().to_string().contains("folds"));
    }
}
