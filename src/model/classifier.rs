//! A text classifier: the fitted feature pipeline and a sparse logistic
//! model, trained on one label column and saved as one file.

use std::collections::{BTreeMap, BTreeSet};

use linfa::dataset::DatasetBase;
use linfa::param_guard::ParamGuard;
use linfa::traits::Fit;
use ndarray::Array1;
use sha2::{Digest, Sha256};

use super::dense;
use super::format::{SavedModel, TrainingInfo};
use super::logistic::{ClassWeight, LogisticParams, argmax};
use crate::corpus::Document;
use crate::error::ModelError;
use crate::features::{Coverage, FeatureConfig, FeaturePipeline, OutletRegistry};

const SPARSE_SOLVER: &str = "sparse multinomial logistic regression, in-place L-BFGS";
const DENSE_SOLVER: &str = "linfa-logistic multinomial (dense features)";

/// What to train.
#[derive(Debug, Clone)]
pub struct TrainSpec {
    /// The label column, e.g. `stance`.
    pub task: String,
    pub features: FeatureConfig,
    pub params: LogisticParams,
    pub seed: u64,
}

/// One scored document.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    pub label: usize,
    pub probabilities: Vec<f64>,
    /// Readable feature names with their weight × value push toward `label`.
    pub explanation: Vec<(String, f64)>,
    pub coverage: Coverage,
}

pub struct TextClassifier {
    model: SavedModel,
    pipeline: FeaturePipeline,
}

/// The label of a row for a task, normalised (trimmed, lowercase).
pub fn label_of(doc: &Document, task: &str) -> Option<String> {
    doc.field(task).map(|l| l.trim().to_lowercase())
}

impl TextClassifier {
    /// Fits features and model on the rows that carry the task's label.
    pub fn fit(
        spec: &TrainSpec,
        docs: &[Document],
        registry: OutletRegistry,
        files: Vec<String>,
    ) -> Result<Self, ModelError> {
        let params = spec.params.clone().check()?;
        let labeled: Vec<(&Document, String)> = docs
            .iter()
            .filter_map(|d| label_of(d, &spec.task).map(|l| (d, l)))
            .collect();
        if labeled.is_empty() {
            return Err(ModelError::NoLabeledRows {
                column: spec.task.clone(),
            });
        }
        let labels: Vec<String> = labeled
            .iter()
            .map(|(_, l)| l.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if labels.len() < 2 {
            return Err(ModelError::SingleClass {
                column: spec.task.clone(),
                label: labels[0].clone(),
            });
        }
        // Copies rows only when some lack the label.
        let rows: std::borrow::Cow<'_, [Document]> = if labeled.len() == docs.len() {
            std::borrow::Cow::Borrowed(docs)
        } else {
            std::borrow::Cow::Owned(labeled.iter().map(|(d, _)| (*d).clone()).collect())
        };
        let targets: Array1<usize> = labeled
            .iter()
            .map(|(_, l)| labels.binary_search(l).expect("label collected above"))
            .collect();
        let pipeline = FeaturePipeline::fit(&spec.features, &rows, registry)?;
        let x = pipeline.transform_factored(&rows);
        let (classifier, solver) = if spec.features.text {
            let fitted = params.fit(&DatasetBase::new(x, targets))?;
            (fitted, SPARSE_SOLVER.to_string())
        } else {
            let x = x.to_csr();
            match dense::fit_dense(&params, &x, &targets) {
                Ok(fitted) => (fitted, DENSE_SOLVER.to_string()),
                // linfa-logistic can stop with "Search direction must be a
                // descent direction"; the sparse solver minimises the same objective.
                Err(e) => (
                    params.fit(&DatasetBase::new(x, targets))?,
                    format!("{SPARSE_SOLVER}, after {DENSE_SOLVER} failed: {e}"),
                ),
            }
        };
        let mut label_counts = BTreeMap::new();
        for (_, l) in &labeled {
            *label_counts.entry(l.clone()).or_insert(0) += 1;
        }
        let training = TrainingInfo {
            files,
            rows: labeled.len(),
            label_counts,
            data_digest: digest(&labeled),
            seed: spec.seed,
            outlets: labeled
                .iter()
                .filter_map(|(d, _)| d.outlet.clone())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect(),
            text_digests: labeled
                .iter()
                .map(|(d, _)| text_digest(&d.text))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect(),
        };
        let mut model = SavedModel::new(
            spec.task.clone(),
            labels,
            pipeline.fitted().clone(),
            params,
            classifier,
            training,
        );
        model.solver = solver;
        Ok(TextClassifier { model, pipeline })
    }

    /// Rebuilds a classifier from a saved model; `registry` rates outlets at scoring time.
    pub fn from_saved(model: SavedModel, registry: OutletRegistry) -> Result<Self, ModelError> {
        let pipeline = FeaturePipeline::from_fitted(model.features.clone(), registry)?;
        Ok(TextClassifier { model, pipeline })
    }

    pub fn model(&self) -> &SavedModel {
        &self.model
    }

    pub fn model_mut(&mut self) -> &mut SavedModel {
        &mut self.model
    }

    pub fn into_model(self) -> SavedModel {
        self.model
    }

    pub fn pipeline(&self) -> &FeaturePipeline {
        &self.pipeline
    }

    pub fn labels(&self) -> &[String] {
        &self.model.labels
    }

    /// Sets (or with `None`, clears) the label shares expected where the
    /// model is used. Labels left out share what the named ones leave.
    pub fn set_label_prior(
        &mut self,
        prior: Option<&BTreeMap<String, f64>>,
    ) -> Result<(), ModelError> {
        let Some(prior) = prior else {
            self.model.label_prior = None;
            return Ok(());
        };
        let labels = &self.model.labels;
        let invalid = |entry: &str, reason: String| ModelError::InvalidPrior {
            entry: entry.to_string(),
            reason,
        };
        for (label, &share) in prior {
            if !labels.contains(label) {
                return Err(invalid(
                    label,
                    format!("the model's labels are {}", labels.join(", ")),
                ));
            }
            if !(share > 0.0 && share < 1.0) {
                return Err(invalid(
                    &format!("{label}={share}"),
                    "a share must be above 0 and below 1".into(),
                ));
            }
        }
        let named: f64 = prior.values().sum();
        let unnamed = labels.len() - prior.len();
        let rest = 1.0 - named;
        let complete = if unnamed == 0 {
            (named - 1.0).abs() < 1e-6
        } else {
            rest > 0.0
        };
        if !complete {
            return Err(invalid(
                &format_prior(prior),
                if unnamed == 0 {
                    format!("the shares of all labels must add up to 1, not {named}")
                } else {
                    format!("the shares add up to {named}, leaving nothing for the other labels")
                },
            ));
        }
        let shares = labels
            .iter()
            .map(|l| {
                let share = prior.get(l).copied();
                let share = share.unwrap_or(rest / unnamed.max(1) as f64);
                (l.clone(), share / if unnamed == 0 { named } else { 1.0 })
            })
            .collect();
        self.model.label_prior = Some(shares);
        Ok(())
    }

    /// Per-class factors that move probabilities from the shares the model
    /// was fitted under to the stored prior; `None` without a prior.
    fn prior_factors(&self) -> Option<Vec<f64>> {
        let prior = self.model.label_prior.as_ref()?;
        let labels = &self.model.labels;
        let counts = &self.model.training.label_counts;
        let total: usize = counts.values().sum();
        let fitted_share = |label: &String| match self.model.params.class_weight {
            // Balanced weights make every class weigh the same in the loss.
            ClassWeight::Balanced => 1.0 / labels.len() as f64,
            ClassWeight::None => {
                counts.get(label).copied().unwrap_or(0) as f64 / total.max(1) as f64
            }
        };
        Some(
            labels
                .iter()
                .map(|l| {
                    let fitted = fitted_share(l);
                    if fitted > 0.0 {
                        prior.get(l).copied().unwrap_or(0.0) / fitted
                    } else {
                        0.0
                    }
                })
                .collect(),
        )
    }

    /// Scores documents; `explain` is how many features to name per document.
    pub fn predict(&self, docs: &[Document], explain: usize) -> Vec<Prediction> {
        let (x, coverage) = self.pipeline.transform(docs);
        let mut proba = self.model.classifier.predict_proba(&x);
        if let Some(factors) = self.prior_factors() {
            for mut row in proba.rows_mut() {
                row.iter_mut().zip(&factors).for_each(|(p, f)| *p *= f);
                let sum = row.sum();
                if sum > 0.0 {
                    row.iter_mut().for_each(|p| *p /= sum);
                }
            }
        }
        proba
            .rows()
            .into_iter()
            .zip(coverage)
            .enumerate()
            .map(|(i, (row, coverage))| {
                let probabilities = row.to_vec();
                let label = argmax(&probabilities);
                let explanation = self
                    .model
                    .classifier
                    .contributions(&x, i, label, explain)
                    .into_iter()
                    .map(|(col, push)| (self.pipeline.describe(col), push))
                    .collect();
                Prediction {
                    label,
                    probabilities,
                    explanation,
                    coverage,
                }
            })
            .collect()
    }

    /// The heaviest features of each class, named.
    pub fn top_features(&self, top: usize) -> BTreeMap<String, Vec<(String, f64)>> {
        self.model
            .labels
            .iter()
            .enumerate()
            .map(|(k, label)| {
                let named = self
                    .model
                    .classifier
                    .top_weights(k, top)
                    .into_iter()
                    .map(|(col, w)| (self.pipeline.describe(col), w))
                    .collect();
                (label.clone(), named)
            })
            .collect()
    }
}

/// `label=share,...` as written on the command line.
pub fn format_prior(prior: &BTreeMap<String, f64>) -> String {
    prior
        .iter()
        .map(|(l, s)| format!("{l}={s}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// A short digest of a text that ignores case and whitespace differences,
/// to find the same article in training and evaluation data.
pub fn text_digest(text: &str) -> String {
    let normalized: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    Sha256::digest(normalized.as_bytes())
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn digest(rows: &[(&Document, String)]) -> String {
    let mut hasher = Sha256::new();
    for (doc, label) in rows {
        for part in [
            label.as_str(),
            doc.target.as_deref().unwrap_or(""),
            doc.outlet.as_deref().unwrap_or(""),
            doc.title.as_deref().unwrap_or(""),
            doc.text.as_str(),
        ] {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
