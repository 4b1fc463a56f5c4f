//! `slant cv`: grouped, stratified K-fold cross-validation. Every fold's
//! model is trained on the other folds only; the report pools the
//! out-of-fold predictions and gives the mean and spread of each figure.

use std::collections::BTreeSet;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;

use super::train::ModelOptions;
use super::{InputArgs, RegistryArgs, file_names, grouping_name, publish, spinner, warn_skipped};
use crate::corpus::{Document, read_all};
use crate::eval::Metrics;
use crate::eval::cv::{grouped_stratified_folds, mean_and_std};
use crate::eval::report::{
    CrossValidation, FoldScores, REPORT_SCHEMA_VERSION, Report, ReportInput,
};
use crate::model::classifier::label_of;
use crate::model::{Prediction, TextClassifier};

#[derive(Debug, Clone, Args)]
#[command(after_help = "Examples:
  slant cv --data training-data/genre.csv --label genre --folds 5 --report reports/genre-cv
  slant cv --data allsides.csv --label bias --group-by outlet --folds 5 --report reports/allsides-cv")]
pub struct CvArgs {
    /// Labeled CSV, TSV or JSONL files.
    #[arg(long, required = true, num_args = 1.., value_name = "FILE")]
    pub data: Vec<PathBuf>,
    /// The label column.
    #[arg(long)]
    pub label: String,
    /// Number of folds.
    #[arg(long, default_value_t = 5)]
    pub folds: usize,
    /// Column whose values never span two folds (default: `group` if present,
    /// else the outlet, else each row alone). `outlet` uses the outlet or URL host.
    #[arg(long, value_name = "COLUMN")]
    pub group_by: Option<String>,
    /// Directory for report.json, report.md and report.html.
    #[arg(long, value_name = "DIR")]
    pub report: PathBuf,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub registry: RegistryArgs,
    #[command(flatten)]
    pub options: ModelOptions,
}

pub fn run(args: &CvArgs) -> anyhow::Result<()> {
    let spec = args.options.spec(&args.label)?;
    if args.folds < 2 {
        bail!("--folds {}: needs at least 2", args.folds);
    }
    let registry = args.registry.load()?;
    let options = args.input.options(vec![spec.task.clone()])?;
    let (docs, stats) = read_all(&args.data, &options)?;
    warn_skipped(&stats);
    let total = docs.len();
    let docs: Vec<Document> = docs
        .into_iter()
        .filter(|d| label_of(d, &spec.task).is_some())
        .collect();
    let labels: Vec<String> = docs
        .iter()
        .filter_map(|d| label_of(d, &spec.task))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if labels.len() < 2 {
        bail!(
            "{}: the `{}` column needs at least two labels for cross-validation",
            args.data[0].display(),
            spec.task
        );
    }
    let truth: Vec<usize> = docs
        .iter()
        .map(|d| {
            labels
                .binary_search(&label_of(d, &spec.task).unwrap_or_default())
                .unwrap_or(0)
        })
        .collect();
    let by = args.group_by.as_deref().map(str::to_lowercase);
    let group_by = grouping_name(&docs, by.as_deref());
    let groups: Vec<String> = docs.iter().map(|d| d.group_key(by.as_deref())).collect();
    let distinct_groups = groups.iter().collect::<BTreeSet<_>>().len();
    if distinct_groups < args.folds {
        bail!(
            "only {distinct_groups} distinct `{group_by}` groups for {} folds; use fewer folds or another --group-by",
            args.folds
        );
    }
    let fold_of = grouped_stratified_folds(&groups, &truth, args.folds, spec.seed);

    let mut predictions: Vec<Option<Prediction>> = vec![None; docs.len()];
    let mut per_fold = Vec::new();
    for fold in 0..args.folds {
        let bar = spinner(&format!("fold {}/{}", fold + 1, args.folds));
        let (train_rows, test_rows): (Vec<usize>, Vec<usize>) =
            (0..docs.len()).partition(|&i| fold_of[i] != fold);
        let train: Vec<Document> = train_rows.iter().map(|&i| docs[i].clone()).collect();
        let test: Vec<Document> = test_rows.iter().map(|&i| docs[i].clone()).collect();
        let classifier =
            TextClassifier::fit(&spec, &train, registry.clone(), file_names(&args.data))
                .with_context(|| format!("fitting fold {}", fold + 1))?;
        // A fold's model knows only its training labels: map them into the full label order.
        let fold_labels = classifier.labels().to_vec();
        let mut fold_truth = Vec::new();
        let mut fold_probabilities = Vec::new();
        for (row, mut p) in test_rows.iter().zip(classifier.predict(&test, 5)) {
            let mut full = vec![0.0; labels.len()];
            for (l, prob) in fold_labels.iter().zip(&p.probabilities) {
                full[labels.binary_search(l).unwrap_or(0)] = *prob;
            }
            p.label = labels.binary_search(&fold_labels[p.label]).unwrap_or(0);
            p.probabilities = full;
            fold_truth.push(truth[*row]);
            fold_probabilities.push(p.probabilities.clone());
            predictions[*row] = Some(p);
        }
        per_fold.push(FoldScores::of(&Metrics::compute(
            &labels,
            &fold_truth,
            &fold_probabilities,
        )));
        bar.finish_and_clear();
        eprintln!(
            "fold {}: {} train / {} test rows, macro-F1 {:.3}",
            fold + 1,
            train_rows.len(),
            test_rows.len(),
            per_fold.last().map_or(0.0, |f| f.macro_f1)
        );
    }
    let predictions: Vec<Prediction> = predictions
        .into_iter()
        .map(|p| p.expect("every row is in one test fold"))
        .collect();
    let (mean, std) = summarise(&per_fold);
    let mut report = Report::build(ReportInput {
        model: format!("{}-fold cross-validation", args.folds),
        task: spec.task.clone(),
        data: args.data.iter().map(|p| p.display().to_string()).collect(),
        unlabeled_rows: total - docs.len(),
        labels: &labels,
        docs: &docs,
        truth: &truth,
        predictions: &predictions,
        top_features: Default::default(),
        warnings: if group_by == "row" {
            vec!["rows were split one by one (no group or outlet column): near-duplicate rows may sit on both sides".into()]
        } else {
            Vec::new()
        },
    });
    report.schema_version = REPORT_SCHEMA_VERSION;
    report.cross_validation = Some(CrossValidation {
        folds: args.folds,
        group_by,
        per_fold,
        mean,
        std,
    });
    publish(&report, &args.report)?;
    Ok(())
}

/// Mean and sample standard deviation of each figure over folds.
fn summarise(folds: &[FoldScores]) -> (FoldScores, FoldScores) {
    let stat =
        |get: &dyn Fn(&FoldScores) -> f64| mean_and_std(&folds.iter().map(get).collect::<Vec<_>>());
    let (rows, rows_sd) = stat(&|f| f.rows as f64);
    let (accuracy, accuracy_sd) = stat(&|f| f.accuracy);
    let (macro_f1, macro_f1_sd) = stat(&|f| f.macro_f1);
    let (weighted_f1, weighted_f1_sd) = stat(&|f| f.weighted_f1);
    let (log_loss, log_loss_sd) = stat(&|f| f.log_loss);
    let (brier, brier_sd) = stat(&|f| f.brier_score);
    let (ece, ece_sd) = stat(&|f| f.expected_calibration_error);
    (
        FoldScores {
            rows: rows.round() as usize,
            accuracy,
            macro_f1,
            weighted_f1,
            log_loss,
            brier_score: brier,
            expected_calibration_error: ece,
        },
        FoldScores {
            rows: rows_sd.round() as usize,
            accuracy: accuracy_sd,
            macro_f1: macro_f1_sd,
            weighted_f1: weighted_f1_sd,
            log_loss: log_loss_sd,
            brier_score: brier_sd,
            expected_calibration_error: ece_sd,
        },
    )
}
