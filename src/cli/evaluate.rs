//! `slant evaluate`: measure a model on labeled data and write a report.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;

use super::{InputArgs, RegistryArgs, parse_prior_override, publish, spinner, warn_skipped};
use crate::corpus::{Document, read_all};
use crate::error::CorpusError;
use crate::eval::report::{REPORT_SCHEMA_VERSION, Report, ReportInput};
use crate::model::classifier::{label_of, text_digest};
use crate::model::{Prediction, SavedModel, TextClassifier};

#[derive(Debug, Clone, Args)]
#[command(after_help = "Examples:
  slant evaluate --model models/genre.json --data held-out.csv --report reports/genre
  slant evaluate --model fnc.json --data fnc1-test.csv --report reports/fnc1")]
pub struct EvaluateArgs {
    /// The model to evaluate.
    #[arg(long, value_name = "MODEL", required_unless_present = "predictions")]
    pub model: Option<PathBuf>,
    /// Evaluate a file of predicted labels instead of a model (e.g. another
    /// system's FNC-1 submission): rows in the same order as --data, label
    /// in the column named by --label.
    #[arg(
        long,
        value_name = "FILE.csv",
        conflicts_with = "model",
        requires = "label"
    )]
    pub predictions: Option<PathBuf>,
    /// The label column, with --predictions.
    #[arg(long)]
    pub label: Option<String>,
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
    /// An older report.json to compare with: shows what changed and whether
    /// the change is outside the old 95% confidence interval.
    #[arg(long, value_name = "OLD/report.json")]
    pub compare: Option<PathBuf>,
    /// Label shares to move the model's probabilities to, e.g. `opinion=0.2`
    /// (overrides the prior stored in the model; `none` removes it).
    #[arg(long, value_name = "LABEL=SHARE,...|none")]
    pub prior: Option<String>,
}

pub fn run(args: &EvaluateArgs) -> anyhow::Result<()> {
    let (Some(model), None) = (&args.model, &args.predictions) else {
        return run_predictions(args);
    };
    let saved = SavedModel::load(model)?;
    let task = saved.task.clone();
    let mut classifier = TextClassifier::from_saved(saved, args.registry.load()?)?;
    if let Some(spec) = &args.prior {
        classifier.set_label_prior(parse_prior_override(spec)?.as_ref())?;
    }
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
                model.display()
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
    let predictions = classifier.predict(&labeled, EXPLAIN);
    bar.finish_and_clear();
    let mut warnings = overlap_warnings(classifier.model(), &labeled);
    if !classifier.model().classifier.converged {
        warnings.push("the model stopped at its iteration limit before converging".to_string());
    }
    let mut report = Report::build(ReportInput {
        model: model.display().to_string(),
        task,
        data: args.data.iter().map(|p| p.display().to_string()).collect(),
        unlabeled_rows: total - labeled.len(),
        labels: &labels,
        docs: &labeled,
        truth: &truth,
        predictions: &predictions,
        top_features: classifier.top_features(TOP_FEATURES),
        warnings,
    });
    if let Some(old) = &args.compare {
        let bytes = std::fs::read(old).with_context(|| format!("cannot read {}", old.display()))?;
        let old_report: Report = serde_json::from_slice(&bytes).with_context(|| {
            format!(
                "{}: not a slant report.json of schema version {REPORT_SCHEMA_VERSION}",
                old.display()
            )
        })?;
        report.compare_with(&old_report, &old.display().to_string());
    }
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    publish(&report, &args.report)?;
    Ok(())
}

/// Scores a predictions file against the gold labels of --data, row by row.
fn run_predictions(args: &EvaluateArgs) -> anyhow::Result<()> {
    let (Some(path), Some(task)) = (&args.predictions, &args.label) else {
        bail!("--predictions needs --label COLUMN");
    };
    let task = task.trim().to_lowercase();
    let options = args.input.options(vec![task.clone()])?;
    let (docs, stats) = read_all(&args.data, &options)?;
    warn_skipped(&stats);
    let gold: Vec<Document> = docs
        .into_iter()
        .filter(|d| label_of(d, &task).is_some())
        .collect();
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("cannot read {}", path.display()))?;
    let headers = reader
        .headers()
        .with_context(|| format!("{}: no header row", path.display()))?
        .clone();
    let column = headers
        .iter()
        .position(|h| {
            h.trim()
                .trim_start_matches('\u{feff}')
                .eq_ignore_ascii_case(&task)
        })
        .with_context(|| {
            format!(
                "{}: no `{task}` column (columns: {})",
                path.display(),
                headers.iter().collect::<Vec<_>>().join(", ")
            )
        })?;
    let mut predicted = Vec::with_capacity(gold.len());
    for (i, row) in reader.records().enumerate() {
        let row = row.with_context(|| format!("{}: record {}", path.display(), i + 1))?;
        predicted.push(row.get(column).unwrap_or("").trim().to_lowercase());
    }
    if predicted.len() != gold.len() {
        bail!(
            "{}: {} predictions for {} labeled rows in {}; the files must list the same rows in the same order",
            path.display(),
            predicted.len(),
            gold.len(),
            args.data[0].display()
        );
    }
    let labels: Vec<String> = gold
        .iter()
        .filter_map(|d| label_of(d, &task))
        .chain(predicted.iter().cloned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let index = |l: &str| labels.binary_search_by(|x| x.as_str().cmp(l)).unwrap_or(0);
    let truth: Vec<usize> = gold
        .iter()
        .map(|d| index(&label_of(d, &task).unwrap_or_default()))
        .collect();
    let predictions: Vec<Prediction> = predicted
        .iter()
        .map(|l| {
            let label = index(l);
            let mut probabilities = vec![0.0; labels.len()];
            probabilities[label] = 1.0;
            Prediction {
                label,
                probabilities,
                explanation: Vec::new(),
                coverage: Default::default(),
            }
        })
        .collect();
    let report = Report::build(ReportInput {
        model: format!("predictions {}", path.display()),
        task,
        data: args.data.iter().map(|p| p.display().to_string()).collect(),
        unlabeled_rows: 0,
        labels: &labels,
        docs: &gold,
        truth: &truth,
        predictions: &predictions,
        top_features: Default::default(),
        warnings: vec![
            "a predictions file carries labels, not probabilities: log-loss, Brier score, calibration and ROC/PR figures treat every prediction as certain".into(),
        ],
    });
    publish(&report, &args.report)?;
    Ok(())
}

/// Features named per prediction in the error analysis.
const EXPLAIN: usize = 5;
/// Features listed per class.
pub(crate) const TOP_FEATURES: usize = 20;

/// Warns when evaluation rows share outlets or texts with the training rows:
/// such figures measure memory of the outlet or the article, not the task.
pub(crate) fn overlap_warnings(model: &SavedModel, docs: &[Document]) -> Vec<String> {
    let training = &model.training;
    let outlets: std::collections::HashSet<&str> =
        training.outlets.iter().map(String::as_str).collect();
    let digests: std::collections::HashSet<&str> =
        training.text_digests.iter().map(String::as_str).collect();
    let mut shared_outlets: BTreeMap<&str, usize> = BTreeMap::new();
    let mut shared_texts = 0;
    for doc in docs {
        if let Some(o) = doc.outlet.as_deref().filter(|o| outlets.contains(o)) {
            *shared_outlets.entry(o).or_insert(0) += 1;
        }
        if digests.contains(text_digest(&doc.text).as_str()) {
            shared_texts += 1;
        }
    }
    let mut warnings = Vec::new();
    // Text (bylines, boilerplate), the outlet's own feature or its URL host
    // can identify an outlet; metadata columns and ratings alone cannot.
    let config = &model.features.config;
    let can_memorise_outlets =
        config.text || config.outlet_identity || (config.url && config.url_host);
    if can_memorise_outlets && !shared_outlets.is_empty() {
        let rows: usize = shared_outlets.values().sum();
        let mut top: Vec<(&str, usize)> = shared_outlets.iter().map(|(o, n)| (*o, *n)).collect();
        top.sort_by_key(|t| std::cmp::Reverse(t.1));
        let named: Vec<String> = top
            .iter()
            .take(5)
            .map(|(o, n)| format!("{o} ({n})"))
            .collect();
        warnings.push(format!(
            "{rows} of {} rows come from {} outlets the model was trained on ({}); these figures partly measure memory of the outlet: evaluate on outlets held out from training",
            docs.len(),
            shared_outlets.len(),
            named.join(", ")
        ));
    }
    if shared_texts > 0 {
        warnings.push(format!(
            "{shared_texts} of {} rows have a text identical to a training text; the model has seen them",
            docs.len()
        ));
    }
    warnings
}
