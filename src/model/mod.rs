//! Models: sparse multinomial logistic regression ([`logistic`]), the text
//! classifier that pairs it with the feature pipeline ([`classifier`]), and
//! the versioned model file ([`format`]).

pub mod calibration;
pub mod classifier;
pub mod dense;
pub mod format;
pub mod lbfgs;
pub mod logistic;

pub use classifier::{Prediction, TextClassifier, TrainSpec};
pub use format::{CalibrationFigures, FORMAT_VERSION, HeldOutFigures, SavedModel, TrainingInfo};
pub use logistic::{ClassWeight, LogisticParams, SparseLogistic, ValidLogisticParams, argmax};
