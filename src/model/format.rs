//! The model file: JSON with a format version, the full pipeline config,
//! the labels, a digest of the training data and the held-out figures.
//! Written atomically: a temp file in the same directory, then a rename.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::logistic::{SparseLogistic, ValidLogisticParams};
use crate::error::ModelError;
use crate::features::FittedFeatures;

/// Bumped whenever the layout of [`SavedModel`] changes.
pub const FORMAT_VERSION: u32 = 1;
const FORMAT_NAME: &str = "slant-model";

/// Where the training data came from, so a model can be traced and checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingInfo {
    /// File names (without directories, so the file does not depend on where it was built).
    pub files: Vec<String>,
    pub rows: usize,
    pub label_counts: BTreeMap<String, usize>,
    /// SHA-256 over label, target, outlet and text of every training row, in order.
    pub data_digest: String,
    pub seed: u64,
    /// Distinct outlets of the training rows, so evaluation can warn about shared outlets.
    pub outlets: Vec<String>,
    /// First 16 hex digits of the SHA-256 of each distinct training text
    /// (whitespace-normalised, lowercase), so evaluation can warn about shared texts.
    pub text_digests: Vec<String>,
}

/// Figures measured on a held-out part before the final fit on all rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeldOutFigures {
    /// What kept related rows together: "group", "outlet", a column name, or "row".
    pub split_by: String,
    pub fraction: f64,
    pub train_rows: usize,
    pub test_rows: usize,
    pub accuracy: f64,
    pub macro_f1: f64,
    pub log_loss: f64,
    pub per_class_f1: BTreeMap<String, f64>,
    /// Expected calibration error of the raw probabilities.
    pub expected_calibration_error: f64,
    /// Temperature scaling fitted on these rows, when calibration was on.
    pub calibration: Option<CalibrationFigures>,
}

/// Temperature scaling and what it did, measured by cross-fitting: the
/// temperature fitted on half of the held-out groups is scored on the other half.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibrationFigures {
    /// Fitted on all held-out rows; stored in the classifier.
    pub temperature: f64,
    pub expected_calibration_error: f64,
    /// The range of calibration error that perfectly calibrated probabilities
    /// would show on these rows (absent from models saved before it existed):
    /// on a few hundred rows the error is a noisy, upward-biased figure.
    #[serde(default)]
    pub calibration_error_if_calibrated: Option<[f64; 2]>,
    pub log_loss: f64,
}

/// Everything needed to score with a model, exactly as trained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedModel {
    pub format: String,
    pub format_version: u32,
    pub slant_version: String,
    /// The label column this model predicts (`stance`, `genre`, `credibility` or a user column).
    pub task: String,
    pub labels: Vec<String>,
    pub features: FittedFeatures,
    pub params: ValidLogisticParams,
    /// Which solver fitted `classifier`.
    pub solver: String,
    pub classifier: SparseLogistic,
    pub training: TrainingInfo,
    pub held_out: Option<HeldOutFigures>,
    /// Label shares expected where the model is used, when they differ from
    /// the shares it was fitted under (uniform with balanced class weights).
    /// Probabilities are moved to these shares by Bayes' rule; held-out
    /// figures are measured before, under the training shares.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_prior: Option<BTreeMap<String, f64>>,
    /// The hyperparameter search that chose `params`, when `--tune` ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tuning: Option<crate::eval::tune::Tuning>,
}

#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    format_version: Option<u32>,
}

impl SavedModel {
    pub fn new(
        task: String,
        labels: Vec<String>,
        features: FittedFeatures,
        params: ValidLogisticParams,
        classifier: SparseLogistic,
        training: TrainingInfo,
    ) -> Self {
        SavedModel {
            format: FORMAT_NAME.into(),
            format_version: FORMAT_VERSION,
            slant_version: env!("CARGO_PKG_VERSION").into(),
            task,
            labels,
            features,
            params,
            solver: String::new(),
            classifier,
            training,
            held_out: None,
            label_prior: None,
            tuning: None,
        }
    }

    /// Reads a model, checking format and version before the body.
    pub fn load(path: &Path) -> Result<Self, ModelError> {
        let bytes = std::fs::read(path).map_err(|source| ModelError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let corrupt = |message: String| ModelError::Corrupt {
            path: path.to_path_buf(),
            message,
        };
        let header: Header = serde_json::from_slice(&bytes).map_err(|e| corrupt(e.to_string()))?;
        if header.format.as_deref() != Some(FORMAT_NAME) {
            return Err(corrupt(format!("no \"format\": \"{FORMAT_NAME}\" field")));
        }
        match header.format_version {
            Some(FORMAT_VERSION) => {}
            Some(found) => {
                return Err(ModelError::WrongVersion {
                    path: path.to_path_buf(),
                    found,
                    expected: FORMAT_VERSION,
                });
            }
            None => return Err(corrupt("no format_version field".into())),
        }
        let model: SavedModel =
            serde_json::from_slice(&bytes).map_err(|e| corrupt(e.to_string()))?;
        model.check_shapes().map_err(corrupt)?;
        Ok(model)
    }

    fn check_shapes(&self) -> Result<(), String> {
        let c = &self.classifier;
        if c.n_classes != self.labels.len() || c.intercept.len() != c.n_classes {
            return Err(format!(
                "{} labels but {} classes",
                self.labels.len(),
                c.n_classes
            ));
        }
        if c.weights.len() != c.n_features * c.n_classes {
            return Err("weight matrix does not match its shape".into());
        }
        if self.features.vocabulary.terms.len() != self.features.vocabulary.idf.len() {
            return Err("vocabulary and IDF lengths differ".into());
        }
        Ok(())
    }

    /// Writes the model atomically: a crash mid-write leaves any old file intact.
    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        let write_error = |source| ModelError::Write {
            path: path.to_path_buf(),
            source,
        };
        let json = serde_json::to_vec(self).map_err(|e| write_error(std::io::Error::other(e)))?;
        write_atomically(path, &json).map_err(write_error)
    }
}

/// Writes `bytes` to a temp file beside `path`, syncs it, then renames it over `path`.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::other("the path has no file name"))?
        .to_string_lossy();
    let temp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}
