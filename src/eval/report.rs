//! Evaluation reports: `report.json` (schema in `docs/report.schema.json`,
//! summarised in README.md), a short `report.md` and a self-contained
//! `report.html` with inline SVG plots ([`super::html`]).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::metrics::{Metrics, accuracy_and_macro_f1};
use crate::corpus::Document;
use crate::model::Prediction;
use crate::model::format::write_atomically;

/// Schema version of report.json; bumped only when a key changes meaning or goes away.
pub const REPORT_SCHEMA_VERSION: u32 = 1;
/// Breakdown rows kept per table, largest groups first.
const MAX_GROUPS: usize = 100;
/// Confident mistakes listed.
const MAX_MISTAKES: usize = 10;

/// Accuracy and macro-F1 of one outlet's or one target's rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupScores {
    pub key: String,
    pub rows: usize,
    pub accuracy: f64,
    pub macro_f1: f64,
}

/// A wrong prediction the model was sure of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mistake {
    pub id: String,
    pub record: u64,
    pub true_label: String,
    pub predicted_label: String,
    pub confidence: f64,
    pub excerpt: String,
    pub features: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeightedFeature {
    pub feature: String,
    pub weight: f64,
}

/// How one figure moved against an older report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub old: f64,
    pub new: f64,
    pub change: f64,
    /// The old report's 95% interval, when it had one.
    pub old_interval: Option<[f64; 2]>,
    /// True when the new value lies outside the old interval.
    pub outside_interval: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub against: String,
    pub accuracy: Change,
    pub macro_f1: Change,
    pub log_loss: Change,
}

/// Cross-validation summary: per-fold figures and their mean and spread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CrossValidation {
    pub folds: usize,
    pub group_by: String,
    pub per_fold: Vec<FoldScores>,
    /// Mean and sample standard deviation of each per-fold figure.
    pub mean: FoldScores,
    pub std: FoldScores,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FoldScores {
    pub rows: usize,
    pub accuracy: f64,
    pub macro_f1: f64,
    pub weighted_f1: f64,
    pub log_loss: f64,
    pub brier_score: f64,
    pub expected_calibration_error: f64,
}

impl FoldScores {
    pub fn of(m: &Metrics) -> Self {
        FoldScores {
            rows: m.rows,
            accuracy: m.accuracy,
            macro_f1: m.macro_f1,
            weighted_f1: m.weighted_f1,
            log_loss: m.log_loss,
            brier_score: m.brier_score,
            expected_calibration_error: m.expected_calibration_error,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema_version: u32,
    pub model: String,
    pub task: String,
    pub data: Vec<String>,
    /// Rows without a label for the task, not scored.
    pub unlabeled_rows: usize,
    pub metrics: Metrics,
    /// Things a reader must know before trusting the figures.
    pub warnings: Vec<String>,
    pub per_outlet: Vec<GroupScores>,
    pub per_target: Vec<GroupScores>,
    pub confident_mistakes: Vec<Mistake>,
    /// The heaviest features of each class (weight relative to the other classes).
    pub top_features: BTreeMap<String, Vec<WeightedFeature>>,
    pub cross_validation: Option<CrossValidation>,
    pub comparison: Option<Comparison>,
}

/// What a report is built from.
pub struct ReportInput<'a> {
    pub model: String,
    pub task: String,
    pub data: Vec<String>,
    pub unlabeled_rows: usize,
    pub labels: &'a [String],
    pub docs: &'a [Document],
    pub truth: &'a [usize],
    pub predictions: &'a [Prediction],
    pub top_features: BTreeMap<String, Vec<(String, f64)>>,
    pub warnings: Vec<String>,
}

impl Report {
    pub fn build(input: ReportInput<'_>) -> Report {
        let probabilities: Vec<Vec<f64>> = input
            .predictions
            .iter()
            .map(|p| p.probabilities.clone())
            .collect();
        let metrics = Metrics::compute(input.labels, input.truth, &probabilities);
        let predicted: Vec<usize> = input.predictions.iter().map(|p| p.label).collect();
        let k = input.labels.len();
        let breakdown = |key: &dyn Fn(&Document) -> Option<String>| {
            let mut groups: BTreeMap<String, Vec<Vec<usize>>> = BTreeMap::new();
            for (i, doc) in input.docs.iter().enumerate() {
                if let Some(g) = key(doc) {
                    let confusion = groups.entry(g).or_insert_with(|| vec![vec![0; k]; k]);
                    confusion[input.truth[i]][predicted[i]] += 1;
                }
            }
            let mut scores: Vec<GroupScores> = groups
                .into_iter()
                .map(|(key, confusion)| {
                    let (accuracy, macro_f1) = accuracy_and_macro_f1(&confusion);
                    GroupScores {
                        key,
                        rows: confusion.iter().flatten().sum(),
                        accuracy,
                        macro_f1,
                    }
                })
                .collect();
            scores.sort_by(|a, b| b.rows.cmp(&a.rows).then_with(|| a.key.cmp(&b.key)));
            scores.truncate(MAX_GROUPS);
            scores
        };
        let per_outlet = breakdown(&|d: &Document| d.outlet.clone());
        let per_target = breakdown(&|d: &Document| d.target.clone());
        let mut mistakes: Vec<Mistake> = input
            .docs
            .iter()
            .zip(input.predictions)
            .zip(input.truth)
            .filter(|((_, p), t)| p.label != **t)
            .map(|((doc, p), &t)| Mistake {
                id: doc.id.clone(),
                record: doc.record,
                true_label: input.labels[t].clone(),
                predicted_label: input.labels[p.label].clone(),
                confidence: p.probabilities[p.label],
                excerpt: excerpt(&doc.text, 240),
                features: p.explanation.iter().map(|(name, _)| name.clone()).collect(),
            })
            .collect();
        mistakes.sort_by(|a, b| {
            b.confidence
                .total_cmp(&a.confidence)
                .then_with(|| a.record.cmp(&b.record))
        });
        mistakes.truncate(MAX_MISTAKES);
        Report {
            schema_version: REPORT_SCHEMA_VERSION,
            model: input.model,
            task: input.task,
            data: input.data,
            unlabeled_rows: input.unlabeled_rows,
            metrics,
            warnings: input.warnings,
            per_outlet,
            per_target,
            confident_mistakes: mistakes,
            top_features: input
                .top_features
                .into_iter()
                .map(|(label, features)| {
                    let weighted = features
                        .into_iter()
                        .map(|(feature, weight)| WeightedFeature { feature, weight })
                        .collect();
                    (label, weighted)
                })
                .collect(),
            cross_validation: None,
            comparison: None,
        }
    }

    /// Compares with an older report.json.
    pub fn compare_with(&mut self, old: &Report, path: &str) {
        let m = &self.metrics;
        let o = &old.metrics;
        let change = |old: f64, new: f64, interval: Option<[f64; 2]>| Change {
            old,
            new,
            change: new - old,
            old_interval: interval,
            outside_interval: interval.is_some_and(|[lo, hi]| new < lo || new > hi),
        };
        self.comparison = Some(Comparison {
            against: path.to_string(),
            accuracy: change(
                o.accuracy,
                m.accuracy,
                Some(o.confidence_intervals.accuracy),
            ),
            macro_f1: change(
                o.macro_f1,
                m.macro_f1,
                Some(o.confidence_intervals.macro_f1),
            ),
            log_loss: change(o.log_loss, m.log_loss, None),
        });
    }

    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        write_atomically(&dir.join("report.json"), &json)?;
        write_atomically(&dir.join("report.md"), self.markdown().as_bytes())?;
        write_atomically(
            &dir.join("report.html"),
            super::html::render(self).as_bytes(),
        )
    }

    pub fn markdown(&self) -> String {
        let m = &self.metrics;
        let mut out = String::new();
        let _ = writeln!(out, "# slant evaluation: `{}`\n", self.task);
        let _ = writeln!(
            out,
            "Model `{}` on {} ({} rows).\n",
            self.model,
            self.data.join(", "),
            m.rows
        );
        for w in &self.warnings {
            let _ = writeln!(out, "> **Warning:** {w}\n");
        }
        let ci = &m.confidence_intervals;
        let b = &m.baselines;
        let _ = writeln!(
            out,
            "| metric | value | 95% CI | majority baseline | random baseline |"
        );
        let _ = writeln!(out, "|---|---:|---:|---:|---:|");
        let _ = writeln!(
            out,
            "| accuracy | {:.4} | {:.4}–{:.4} | {:.4} | {:.4} |",
            m.accuracy,
            ci.accuracy[0],
            ci.accuracy[1],
            b.majority.accuracy,
            b.stratified_random.accuracy
        );
        let _ = writeln!(
            out,
            "| macro-F1 | {:.4} | {:.4}–{:.4} | {:.4} | {:.4} |",
            m.macro_f1,
            ci.macro_f1[0],
            ci.macro_f1[1],
            b.majority.macro_f1,
            b.stratified_random.macro_f1
        );
        let _ = writeln!(out, "| weighted F1 | {:.4} | | | |", m.weighted_f1);
        let _ = writeln!(out, "| log-loss | {:.4} | | | |", m.log_loss);
        let _ = writeln!(out, "| Brier score | {:.4} | | | |", m.brier_score);
        let _ = writeln!(
            out,
            "| expected calibration error | {:.4} | if perfectly calibrated: {:.4}–{:.4} | | |",
            m.expected_calibration_error,
            m.calibration_error_if_calibrated[0],
            m.calibration_error_if_calibrated[1]
        );
        if let Some(f) = &m.fnc_score {
            let _ = writeln!(
                out,
                "| FNC-1 score | {:.2}% ({:.2} / {:.2}) | | | |",
                f.relative, f.score, f.max_score
            );
        }
        if let Some(f) = m.semeval_f_avg {
            let _ = writeln!(out, "| SemEval F_avg (favor, against) | {f:.4} | | | |");
        }
        if let Some(cv) = &self.cross_validation {
            let _ = writeln!(
                out,
                "\n{}-fold cross-validation grouped by `{}`: macro-F1 {:.4} ± {:.4}, accuracy {:.4} ± {:.4} (mean ± sd over folds; the table above pools all out-of-fold predictions).",
                cv.folds,
                cv.group_by,
                cv.mean.macro_f1,
                cv.std.macro_f1,
                cv.mean.accuracy,
                cv.std.accuracy
            );
        }
        if let Some(c) = &self.comparison {
            let _ = writeln!(out, "\nCompared with `{}`:\n", c.against);
            let _ = writeln!(
                out,
                "| metric | old | new | change | outside old 95% CI |\n|---|---:|---:|---:|---|"
            );
            for (name, ch) in [
                ("accuracy", &c.accuracy),
                ("macro-F1", &c.macro_f1),
                ("log-loss", &c.log_loss),
            ] {
                let outside = match ch.old_interval {
                    Some(_) if ch.outside_interval => "yes",
                    Some(_) => "no",
                    None => "n/a",
                };
                let _ = writeln!(
                    out,
                    "| {name} | {:.4} | {:.4} | {:+.4} | {outside} |",
                    ch.old, ch.new, ch.change
                );
            }
        }
        let _ = writeln!(
            out,
            "\n| class | precision | recall | F1 | ROC-AUC | PR-AUC | support |\n|---|---:|---:|---:|---:|---:|---:|"
        );
        let opt = |v: Option<f64>| v.map_or("–".to_string(), |v| format!("{v:.4}"));
        for c in &m.per_class {
            let _ = writeln!(
                out,
                "| {} | {:.4} | {:.4} | {:.4} | {} | {} | {} |",
                c.label,
                c.precision,
                c.recall,
                c.f1,
                opt(c.roc_auc),
                opt(c.average_precision),
                c.support
            );
        }
        let _ = writeln!(out, "\nConfusion matrix (rows: true, columns: predicted)\n");
        let _ = writeln!(out, "| true \\ predicted | {} |", m.labels.join(" | "));
        let _ = writeln!(out, "|---|{}", "---:|".repeat(m.labels.len()));
        for (label, row) in m.labels.iter().zip(&m.confusion_matrix) {
            let cells: Vec<String> = row.iter().map(usize::to_string).collect();
            let _ = writeln!(out, "| {label} | {} |", cells.join(" | "));
        }
        if !self.confident_mistakes.is_empty() {
            let _ = writeln!(out, "\nMost confident mistakes:\n");
            for mistake in self.confident_mistakes.iter().take(5) {
                let _ = writeln!(
                    out,
                    "- `{}`: {} predicted as {} ({:.0}%): \"{}\"",
                    mistake.id,
                    mistake.true_label,
                    mistake.predicted_label,
                    100.0 * mistake.confidence,
                    mistake.excerpt
                );
            }
        }
        let _ = writeln!(out, "\nFull report: report.html (plots) and report.json.");
        out
    }
}

/// The first `max` characters of a text on one line.
pub fn excerpt(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}
