//! `slant score`: label new articles with one or more models, streaming
//! the input in batches so memory stays flat however long it is.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use serde_json::{Map, Value, json};

use super::extract::{apply_extraction, extract_page};
use super::{InputArgs, RegistryArgs, models_dir, parse_prior_override, warn_skipped};
use crate::corpus::{CorpusReader, Document, Format, ReadStats, normalize_outlet};
use crate::error::ModelError;
use crate::extract::Extracted;
use crate::features::{OutletRecord, OutletRegistry};
use crate::model::{Prediction, SavedModel, TextClassifier};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Jsonl,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StdinFormat {
    Txt,
    Csv,
    Tsv,
    Jsonl,
}

#[derive(Debug, Clone, Args)]
#[command(after_help = "Examples:
  slant score examples/article.txt
  slant score --target \"Iran's axis of resistance\" --outlet presstv.ir column.txt
  slant score --model genre=models/genre.json --format csv articles.csv > labels.csv
  cat article.txt | slant score -")]
pub struct ScoreArgs {
    /// Articles: .txt (one per file), .csv, .tsv or .jsonl; `-` reads stdin.
    #[arg(value_name = "FILE", default_value = "-")]
    pub inputs: Vec<PathBuf>,
    /// Models to apply, as PATH or TASK=PATH (checks the model's task).
    /// Default: the shipped stance, genre and credibility models.
    #[arg(long = "model", value_name = "[TASK=]MODEL")]
    pub models: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Jsonl)]
    pub format: OutputFormat,
    /// Write here instead of stdout (atomically, when done).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Stance target for inputs that carry none.
    #[arg(long)]
    pub target: Option<String>,
    /// Outlet (name or domain) for inputs that carry none.
    #[arg(long)]
    pub outlet: Option<String>,
    /// URL for inputs that carry none (its host gives the outlet).
    #[arg(long)]
    pub url: Option<String>,
    /// Label shares to move a model's probabilities to, e.g. `opinion=0.2`
    /// for a collection of mostly news reports; each entry goes to the model
    /// that has that label (overrides a prior stored in it; `none` removes
    /// all stored priors).
    #[arg(long, value_name = "LABEL=SHARE,...|none")]
    pub prior: Option<String>,
    /// How many features to name per prediction.
    #[arg(long, default_value_t = 5)]
    pub explain: usize,
    /// Score the file as it is: no article extraction from .html/.txt pages.
    #[arg(long)]
    pub raw: bool,
    /// Format of stdin.
    #[arg(long, value_enum, default_value_t = StdinFormat::Txt)]
    pub stdin_format: StdinFormat,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub registry: RegistryArgs,
}

/// Rows scored per batch; bounds memory for long inputs.
const BATCH: usize = 2_000;
/// Below this many known terms the model has little to go on.
const FEW_KNOWN_TERMS: usize = 5;

struct Scorer {
    classifiers: Vec<TextClassifier>,
    registry: OutletRegistry,
    explain: usize,
}

pub fn run(args: &ScoreArgs) -> anyhow::Result<()> {
    let registry = args.registry.load()?;
    let mut classifiers = load_models(&args.models, &registry)?;
    if let Some(spec) = &args.prior {
        apply_prior(&mut classifiers, spec)?;
    }
    let scorer = Scorer {
        classifiers,
        registry,
        explain: args.explain,
    };
    let options = args.input.options(Vec::new())?;
    let mut writer = RowWriter::new(args.format, &scorer);
    let mut totals = ReadStats::default();
    let mut output = Output::open(args.out.as_deref())?;
    for input in &args.inputs {
        let reader = if input.as_os_str() == "-" {
            let format = match args.stdin_format {
                StdinFormat::Txt => Format::Text,
                StdinFormat::Csv => Format::Csv,
                StdinFormat::Tsv => Format::Tsv,
                StdinFormat::Jsonl => Format::Jsonl,
            };
            CorpusReader::from_reader(
                Path::new("-"),
                Box::new(std::io::stdin()),
                format,
                options.clone(),
            )?
        } else {
            CorpusReader::open(input, options.clone())?
        };
        // One article per file for .txt/.html and text on stdin: those are pages to extract.
        let is_page = if input.as_os_str() == "-" {
            args.stdin_format == StdinFormat::Txt
        } else {
            Format::from_path(input) == Some(Format::Text)
        };
        let extract = is_page && !args.raw;
        let stats = score_stream(reader, args, extract, &scorer, &mut writer, output.writer())?;
        totals.merge(&stats);
    }
    warn_skipped(&totals);
    if totals.rows == 0 {
        bail!("no article with text was found in the input");
    }
    output.finish()?;
    Ok(())
}

/// Stdout, or a temp file renamed over --out once everything is written.
enum Output {
    Stdout(BufWriter<std::io::Stdout>),
    File {
        writer: BufWriter<std::fs::File>,
        temp: PathBuf,
        path: PathBuf,
    },
}

impl Output {
    fn open(path: Option<&Path>) -> anyhow::Result<Output> {
        let Some(path) = path else {
            return Ok(Output::Stdout(BufWriter::new(std::io::stdout())));
        };
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
        let file = std::fs::File::create(&temp)
            .with_context(|| format!("cannot create {}", temp.display()))?;
        Ok(Output::File {
            writer: BufWriter::new(file),
            temp,
            path: path.to_path_buf(),
        })
    }

    fn writer(&mut self) -> &mut dyn Write {
        match self {
            Output::Stdout(w) => w,
            Output::File { writer, .. } => writer,
        }
    }

    fn finish(&mut self) -> anyhow::Result<()> {
        match self {
            Output::Stdout(w) => Ok(w.flush()?),
            Output::File { writer, temp, path } => {
                writer.flush()?;
                writer.get_ref().sync_all()?;
                std::fs::rename(&*temp, &*path)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                Ok(())
            }
        }
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if let Output::File { temp, .. } = self {
            // Still there only when scoring failed before the rename.
            let _ = std::fs::remove_file(temp);
        }
    }
}

/// Gives each model the entries of `--prior` that name its labels.
fn apply_prior(classifiers: &mut [TextClassifier], spec: &str) -> anyhow::Result<()> {
    let Some(prior) = parse_prior_override(spec)? else {
        for classifier in classifiers.iter_mut() {
            classifier.set_label_prior(None)?;
        }
        return Ok(());
    };
    if let Some(unknown) = prior
        .keys()
        .find(|l| !classifiers.iter().any(|c| c.labels().contains(*l)))
    {
        bail!("--prior: no model has the label `{unknown}`");
    }
    for classifier in classifiers.iter_mut() {
        let own: std::collections::BTreeMap<String, f64> = prior
            .iter()
            .filter(|(l, _)| classifier.labels().contains(*l))
            .map(|(l, s)| (l.clone(), *s))
            .collect();
        if !own.is_empty() {
            let task = classifier.model().task.clone();
            classifier
                .set_label_prior(Some(&own))
                .with_context(|| format!("--prior for the `{task}` model"))?;
        }
    }
    Ok(())
}

fn load_models(specs: &[String], registry: &OutletRegistry) -> anyhow::Result<Vec<TextClassifier>> {
    let specs: Vec<(Option<String>, PathBuf)> = if specs.is_empty() {
        let dir = models_dir();
        let defaults: Vec<_> = ["stance", "genre", "credibility"]
            .iter()
            .map(|t| (Some(t.to_string()), dir.join(format!("{t}.json"))))
            .collect();
        if let Some((_, missing)) = defaults.iter().find(|(_, p)| !p.exists()) {
            bail!(
                "default model {} not found; run scripts/train-default-models, set SLANT_MODELS, or pass --model",
                missing.display()
            );
        }
        defaults
    } else {
        specs
            .iter()
            .map(|s| match s.split_once('=') {
                Some((task, path)) if !task.contains('/') && !task.is_empty() => {
                    (Some(task.trim().to_lowercase()), PathBuf::from(path))
                }
                _ => (None, PathBuf::from(s)),
            })
            .collect()
    };
    specs
        .into_iter()
        .map(|(task, path)| {
            let saved = SavedModel::load(&path)?;
            if let Some(expected) = task
                && saved.task != expected
            {
                return Err(ModelError::WrongTask {
                    path,
                    found: saved.task,
                    expected,
                }
                .into());
            }
            Ok(TextClassifier::from_saved(saved, registry.clone())?)
        })
        .collect()
}

fn score_stream(
    mut reader: CorpusReader,
    args: &ScoreArgs,
    extract: bool,
    scorer: &Scorer,
    writer: &mut RowWriter,
    sink: &mut dyn Write,
) -> anyhow::Result<ReadStats> {
    let name = reader.path().display().to_string();
    let path = reader.path().to_path_buf();
    let mut batch: Vec<Document> = Vec::with_capacity(BATCH);
    let mut extractions: Vec<Option<Extracted>> = Vec::with_capacity(BATCH);
    loop {
        batch.clear();
        extractions.clear();
        for doc in reader.by_ref() {
            let mut doc = doc?;
            apply_overrides(&mut doc, args);
            let extracted = extract.then(|| {
                let page = extract_page(&path, &doc.text, doc.url.as_deref());
                apply_extraction(&mut doc, &page);
                page
            });
            extractions.push(extracted);
            batch.push(doc);
            if batch.len() == BATCH {
                break;
            }
        }
        if batch.is_empty() {
            break;
        }
        let predictions: Vec<Vec<Prediction>> = scorer
            .classifiers
            .iter()
            .map(|c| c.predict(&batch, scorer.explain))
            .collect();
        for (i, doc) in batch.iter().enumerate() {
            let row: Vec<&Prediction> = predictions.iter().map(|p| &p[i]).collect();
            writer
                .write(sink, scorer, doc, extractions[i].as_ref(), &row)
                .with_context(|| format!("writing the result for {name}"))?;
        }
    }
    Ok(reader.stats().clone())
}

fn apply_overrides(doc: &mut Document, args: &ScoreArgs) {
    if doc.target.is_none() {
        doc.target = args.target.clone();
    }
    if doc.url.is_none() {
        doc.url = args.url.clone();
    }
    if doc.outlet.is_none() {
        doc.outlet = args.outlet.as_deref().map(normalize_outlet);
    }
    doc.resolve_outlet();
}

/// One task's result as JSON, with the registry taking precedence for
/// credibility when it knows the outlet.
fn task_result(
    scorer: &Scorer,
    classifier: &TextClassifier,
    doc: &Document,
    p: &Prediction,
) -> Value {
    let labels = classifier.labels();
    let probabilities: Map<String, Value> = labels
        .iter()
        .zip(&p.probabilities)
        .map(|(l, v)| (l.clone(), json!(round(*v))))
        .collect();
    let explanation: Vec<Value> = p
        .explanation
        .iter()
        .map(|(name, push)| json!({"feature": name, "weight": round(*push)}))
        .collect();
    let mut result = json!({
        "label": labels[p.label],
        "probabilities": probabilities,
        "explanation": explanation,
    });
    let known = p.coverage.known_terms;
    let mut reasons = Vec::new();
    if known < FEW_KNOWN_TERMS || known * 4 < p.coverage.words {
        reasons.push(format!(
            "only {known} of the text's {} words are in the model's vocabulary; the text is unlike the training data",
            p.coverage.words
        ));
    }
    if classifier.pipeline().fitted().target_block && doc.target.is_none() {
        reasons.push("no stance target given (a `target` column or --target); the model was trained with targets".into());
    }
    result["low_confidence"] = json!(!reasons.is_empty());
    if !reasons.is_empty() {
        result["low_confidence_reason"] = json!(reasons.join("; "));
    }
    if classifier.model().task == "credibility" {
        let record = doc
            .outlet
            .as_deref()
            .and_then(|o| scorer.registry.lookup(o));
        match record.filter(|r| !r.credibility.is_empty()) {
            Some(record) => {
                let estimate = result.clone();
                result = json!({
                    "label": record.credibility,
                    "source": "registry",
                    "registry": {
                        "outlet": record.domain,
                        "name": record.name,
                        "factual_reporting": record.factual_reporting,
                        "bias": record.bias,
                        "files": scorer.registry.sources.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
                    },
                    "probabilities": labels.iter().map(|l| (l.clone(), json!(if *l == record.credibility { 1.0 } else { 0.0 }))).collect::<Map<_, _>>(),
                    "explanation": [{"feature": registry_reason(record), "weight": 1.0}],
                    "text_estimate": estimate,
                });
            }
            None => result["source"] = json!("estimate"),
        }
    }
    result
}

fn registry_reason(record: &OutletRecord) -> String {
    if record.factual_reporting.is_empty() {
        format!(
            "outlet registry: {} rated {} credibility",
            record.domain, record.credibility
        )
    } else {
        format!(
            "outlet registry: {} rated {} for factual reporting",
            record.domain, record.factual_reporting
        )
    }
}

fn round(v: f64) -> f64 {
    (v * 10_000.0).round() / 10_000.0
}

struct RowWriter {
    format: OutputFormat,
    header_written: bool,
    tasks: Vec<(String, Vec<String>)>,
}

impl RowWriter {
    fn new(format: OutputFormat, scorer: &Scorer) -> Self {
        RowWriter {
            format,
            header_written: false,
            tasks: scorer
                .classifiers
                .iter()
                .map(|c| (c.model().task.clone(), c.labels().to_vec()))
                .collect(),
        }
    }

    fn write(
        &mut self,
        sink: &mut dyn Write,
        scorer: &Scorer,
        doc: &Document,
        extracted: Option<&Extracted>,
        predictions: &[&Prediction],
    ) -> anyhow::Result<()> {
        let results: Vec<Value> = scorer
            .classifiers
            .iter()
            .zip(predictions)
            .map(|(c, p)| task_result(scorer, c, doc, p))
            .collect();
        match self.format {
            OutputFormat::Jsonl => {
                let mut line = Map::new();
                line.insert("id".into(), json!(doc.id));
                line.insert("outlet".into(), json!(doc.outlet));
                line.insert("target".into(), json!(doc.target));
                for ((task, _), result) in self.tasks.iter().zip(results) {
                    line.insert(task.clone(), result);
                }
                if let Some(e) = extracted {
                    line.insert(
                        "extraction".into(),
                        json!({"meta": e.meta, "dropped_chars": e.dropped_chars, "kept_lines": e.kept_lines, "dropped_lines": e.dropped_lines}),
                    );
                }
                serde_json::to_writer(&mut *sink, &Value::Object(line))?;
                sink.write_all(b"\n")?;
            }
            OutputFormat::Csv => {
                let mut csv = csv::Writer::from_writer(Vec::new());
                if !self.header_written {
                    csv.write_record(self.header())?;
                    self.header_written = true;
                }
                let mut record = vec![doc.id.clone(), doc.outlet.clone().unwrap_or_default()];
                for ((task, labels), result) in self.tasks.iter().zip(&results) {
                    record.push(result["label"].as_str().unwrap_or("").to_string());
                    for label in labels {
                        record.push(
                            result["probabilities"][label]
                                .as_f64()
                                .map_or(String::new(), |p| p.to_string()),
                        );
                    }
                    record.push(
                        result["low_confidence"]
                            .as_bool()
                            .unwrap_or(false)
                            .to_string(),
                    );
                    let explanation: Vec<String> = result["explanation"]
                        .as_array()
                        .map(|a| {
                            a.iter()
                                .filter_map(|e| e["feature"].as_str().map(str::to_string))
                                .collect()
                        })
                        .unwrap_or_default();
                    record.push(explanation.join("; "));
                    if task == "credibility" {
                        record.push(result["source"].as_str().unwrap_or("").to_string());
                    }
                }
                csv.write_record(&record)?;
                sink.write_all(&csv.into_inner().map_err(|e| e.into_error())?)?;
            }
        }
        Ok(())
    }

    fn header(&self) -> Vec<String> {
        let mut header = vec!["id".to_string(), "outlet".to_string()];
        for (task, labels) in &self.tasks {
            header.push(task.clone());
            header.extend(labels.iter().map(|l| format!("{task}_p_{l}")));
            header.push(format!("{task}_low_confidence"));
            header.push(format!("{task}_explanation"));
            if task == "credibility" {
                header.push("credibility_source".into());
            }
        }
        header
    }
}
