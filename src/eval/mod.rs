//! Evaluation: metrics, grouped splits and reports.

pub mod metrics;
pub mod report;
pub mod split;

pub use metrics::{ClassMetrics, FncScore, Metrics};
pub use split::grouped_holdout;
