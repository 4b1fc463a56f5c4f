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
use super::logistic::{LogisticParams, argmax};
use crate::corpus::Document;
use crate::error::ModelError;
use crate::features::{Coverage, FeatureConfig, FeaturePipeline, OutletRegistry};

const SPARSE_SOLVER: &str = "sparse multinomial logistic regression, argmin L-BFGS";
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

    /// Scores documents; `explain` is how many features to name per document.
    pub fn predict(&self, docs: &[Document], explain: usize) -> Vec<Prediction> {
        let (x, coverage) = self.pipeline.transform(docs);
        let proba = self.model.classifier.predict_proba(&x);
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
