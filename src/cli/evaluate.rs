//! `slant evaluate`: measure a model on labeled data and write a report.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::bail;
use clap::Args;

use super::{InputArgs, RegistryArgs, spinner, warn_skipped};
use crate::corpus::{Document, read_all};
use crate::error::CorpusError;
use crate::eval::Metrics;
use crate::eval::report::{REPORT_SCHEMA_VERSION, Report};
use crate::model::classifier::label_of;
use crate::model::{SavedModel, TextClassifier};

#[derive(Debug, Clone, Args)]
#[command(after_help = "Examples:
  slant evaluate --model models/genre.json --data held-out.csv --report reports/genre
  slant evaluate --model fnc.json --data fnc1-test.csv --report reports/fnc1")]
pub struct EvaluateArgs {
    /// The model to evaluate.
    #[arg(long, value_name = "MODEL")]
    pub model: PathBuf,
    /// Labeled CSV, TSV or JSONL files with the model's label column.
    #[arg(long, required = true, num_args = 1.., value_name = "FILE")]
    pub data: Vec<PathBuf>,
    /// Directory for report.json and report.md (created if missing).
    #[arg(long, value_name = "DIR")]
    pub report: PathBuf,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub registry: RegistryArgs,
}

pub fn run(args: &EvaluateArgs) -> anyhow::Result<()> {
    let saved = SavedModel::load(&args.model)?;
    let task = saved.task.clone();
    let classifier = TextClassifier::from_saved(saved, args.registry.load()?)?;
    let options = args.input.options(vec![task.clone()])?;
    let (docs, stats) = match read_all(&args.data, &options) {
        Err(CorpusError::MissingColumn {
            path,
            column,
            found,
        }) if column == task => {
            bail!(
                "{}: the model {} predicts `{task}`, but the file has no `{task}` column (columns: {found}); \
                 pass a model trained for one of these columns, or map one with --map {task}=COLUMN",
                path.display(),
                args.model.display()
            )
        }
        other => other?,
    };
    warn_skipped(&stats);
    let total = docs.len();
    let labeled: Vec<Document> = docs
        .into_iter()
        .filter(|d| label_of(d, &task).is_some())
        .collect();
    if labeled.is_empty() {
        bail!(
            "{}: no row has a `{task}` label; evaluation needs labeled rows (map a column with --map {task}=COLUMN)",
            args.data[0].display()
        );
    }
    let labels = classifier.labels().to_vec();
    let mut unknown: BTreeMap<String, (usize, u64)> = BTreeMap::new();
    let mut truth = Vec::with_capacity(labeled.len());
    for doc in &labeled {
        let label = label_of(doc, &task).unwrap_or_default();
        match labels.iter().position(|l| *l == label) {
            Some(i) => truth.push(i),
            None => {
                let entry = unknown.entry(label).or_insert((0, doc.record));
                entry.0 += 1;
            }
        }
    }
    if !unknown.is_empty() {
        let listed: Vec<String> = unknown
            .iter()
            .map(|(l, (n, first))| format!("`{l}` ({n} rows, first at record {first})"))
            .collect();
        bail!(
            "{}: labels the model never saw: {}; the model knows {}. Relabel those rows or train a model that has them",
            args.data
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
            listed.join(", "),
            labels.join(", ")
        );
    }
    let bar = spinner(&format!("scoring {} rows", labeled.len()));
    let probabilities: Vec<Vec<f64>> = classifier
        .predict(&labeled, 0)
        .into_iter()
        .map(|p| p.probabilities)
        .collect();
    bar.finish_and_clear();
    let metrics = Metrics::compute(&labels, &truth, &probabilities);
    let mut warnings = Vec::new();
    if !classifier.model().classifier.converged {
        warnings.push("the model stopped at its iteration limit before converging".to_string());
    }
    let report = Report {
        schema_version: REPORT_SCHEMA_VERSION,
        model: args.model.display().to_string(),
        task,
        data: args.data.iter().map(|p| p.display().to_string()).collect(),
        unlabeled_rows: total - labeled.len(),
        metrics,
        warnings,
    };
    report.write(&args.report)?;
    print!("{}", report.markdown());
    eprintln!("wrote {}/report.json and report.md", args.report.display());
    Ok(())
}
