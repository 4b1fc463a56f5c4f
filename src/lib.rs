//! slant reads news and tells three things about an article: its stance
//! toward a target, whether it is opinion or reporting, and how credible its
//! source is.
//!
//! Data flows one way: [`corpus`] (records in) → [`text`] (analyzer) →
//! [`features`] (one sparse space) → [`model`] (logistic regression, model
//! files) → [`eval`] (metrics and reports). [`cli`] composes them.

pub mod cli;
pub mod corpus;
pub mod error;
pub mod eval;
pub mod extract;
pub mod features;
pub mod model;
pub mod sparse;
pub mod text;
