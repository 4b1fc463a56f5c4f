//! Evaluation: metrics, grouped splits and reports.

pub mod calibration;
pub mod cv;
pub mod html;
pub mod metrics;
pub mod ranking;
pub mod report;
pub mod split;
pub mod tune;

pub use metrics::{ClassMetrics, FncScore, Metrics};
pub use split::grouped_holdout;
