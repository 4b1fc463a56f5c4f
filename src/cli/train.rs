//! `slant train`: fit a classifier on labeled files and save it.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};

use super::{
    InputArgs, RegistryArgs, file_names, grouping_name, parse_prior, parse_range, spinner,
    warn_skipped,
};
use crate::corpus::{Document, read_all};
use crate::eval::tune::{TuneGrid, Tuning, tune};
use crate::eval::{Metrics, grouped_holdout};
use crate::features::{BagOfWordsConfig, FeatureConfig, OutletRegistry};
use crate::model::calibration::{apply_temperature, fit_temperature};
use crate::model::classifier::label_of;
use crate::model::{
    CalibrationFigures, ClassWeight, HeldOutFigures, LogisticParams, TextClassifier, TrainSpec,
};
use crate::text::{AnalyzerConfig, NGramConfig};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ClassWeightArg {
    None,
    Balanced,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Switch {
    Auto,
    On,
    Off,
}

#[derive(Debug, Clone, Args)]
#[command(after_help = "Examples:
  slant train --data training-data/genre.csv --label genre --out models/genre.json
  slant train --data fnc1-train.csv --label stance --out fnc.json --holdout-by group
  slant train --data liar.csv --label truthfulness --meta party,speaker --out liar.json")]
pub struct TrainArgs {
    /// Labeled CSV, TSV or JSONL files.
    #[arg(long, required = true, num_args = 1.., value_name = "FILE")]
    pub data: Vec<PathBuf>,
    /// The label column to learn (stance, genre, credibility or your own).
    #[arg(long)]
    pub label: String,
    /// Where to write the model (JSON); written atomically.
    #[arg(long, value_name = "MODEL")]
    pub out: PathBuf,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub registry: RegistryArgs,
    /// Share of rows held out (grouped) to measure the model before the final
    /// fit on all rows; 0 skips the measurement.
    #[arg(long, default_value_t = 0.2)]
    pub holdout_fraction: f64,
    /// Do not calibrate probabilities on the held-out part (temperature scaling).
    #[arg(long)]
    pub no_calibrate: bool,
    /// Column that keeps related rows together in the held-out split
    /// (default: `group` if present, else the outlet, else each row alone).
    #[arg(long, value_name = "COLUMN")]
    pub holdout_by: Option<String>,
    /// Label shares expected where the model will be used, e.g.
    /// `opinion=0.2` when most articles it will see are reports; stored in
    /// the model, which moves its probabilities to these shares (held-out
    /// figures are measured before, under the training shares).
    #[arg(long, value_name = "LABEL=SHARE,...")]
    pub prior: Option<String>,
    #[command(flatten)]
    pub tune: TuneArgs,
    #[command(flatten)]
    pub options: ModelOptions,
}

/// Hyperparameter search by grouped cross-validation on the training rows.
#[derive(Debug, Clone, Args)]
pub struct TuneArgs {
    /// Choose C, class weights and the word n-gram range by grouped
    /// cross-validation on the training rows (the held-out part, if any, is
    /// left out of the search), instead of taking --c, --class-weight and --ngrams.
    #[arg(long)]
    pub tune: bool,
    /// Values of C to try.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "0.25,1,4,16",
        value_name = "C,..."
    )]
    pub tune_c: Vec<f64>,
    /// Class weightings to try.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "balanced,none"
    )]
    pub tune_class_weight: Vec<ClassWeightArg>,
    /// Word n-gram ranges to try.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "1-1,1-2",
        value_name = "MIN-MAX,..."
    )]
    pub tune_ngrams: Vec<String>,
    /// Folds of the search.
    #[arg(long, default_value_t = 3)]
    pub tune_folds: usize,
}

impl TuneArgs {
    fn grid(&self) -> anyhow::Result<Option<TuneGrid>> {
        if !self.tune {
            return Ok(None);
        }
        if let Some(c) = self.tune_c.iter().find(|c| !(c.is_finite() && **c > 0.0)) {
            bail!("--tune-c {c}: every C must be a positive number, e.g. --tune-c 0.25,1,4,16");
        }
        for range in &self.tune_ngrams {
            let (lo, hi) = parse_range(range, "tune-ngrams")?;
            if !(1 <= lo && lo <= hi && hi <= 8) {
                bail!(
                    "--tune-ngrams {range}: each n-gram range needs 1 <= MIN <= MAX <= 8, e.g. 1-1,1-2"
                );
            }
        }
        Ok(Some(TuneGrid {
            c: self.tune_c.clone(),
            class_weight: self
                .tune_class_weight
                .iter()
                .map(|w| match w {
                    ClassWeightArg::None => ClassWeight::None,
                    ClassWeightArg::Balanced => ClassWeight::Balanced,
                })
                .collect(),
            ngrams: self
                .tune_ngrams
                .iter()
                .map(|r| parse_range(r, "tune-ngrams"))
                .collect::<anyhow::Result<_>>()?,
            folds: self.tune_folds,
        }))
    }
}

/// Runs the search and says what it found.
fn run_tuning(
    spec: &TrainSpec,
    docs: &[Document],
    by: Option<&str>,
    grid: &TuneGrid,
    registry: &OutletRegistry,
    what: &str,
) -> anyhow::Result<Tuning> {
    let group_by = grouping_name(docs, by);
    let groups: Vec<String> = docs.iter().map(|d| d.group_key(by)).collect();
    let bar = spinner("tuning");
    let tuning = tune(spec, docs, &groups, &group_by, grid, registry, &|step| {
        bar.set_message(step.to_string())
    })
    .with_context(|| format!("tuning on {what}"))?;
    bar.finish_and_clear();
    let best = tuning.best();
    eprintln!(
        "tuned on {what} ({} folds by {}, {} combinations): C {}, class weight {}, n-grams {}-{}; macro-F1 {:.3} ± {:.3}",
        tuning.folds,
        tuning.group_by,
        tuning.candidates.len(),
        best.c,
        match best.class_weight {
            ClassWeight::None => "none",
            ClassWeight::Balanced => "balanced",
        },
        best.ngrams.0,
        best.ngrams.1,
        best.macro_f1_mean,
        best.macro_f1_std
    );
    Ok(tuning)
}

/// Feature and regularisation options, shared by `train` and `cv`.
#[derive(Debug, Clone, Args)]
pub struct ModelOptions {
    /// Extra columns to use as features: numbers are standardised, text one-hot.
    #[arg(long, value_delimiter = ',', value_name = "COL,...")]
    pub meta: Vec<String>,
    /// Word n-gram lengths.
    #[arg(long, default_value = "1-2", value_name = "MIN-MAX")]
    pub ngrams: String,
    /// Character n-gram lengths inside words (off by default), e.g. 3-5.
    #[arg(long, value_name = "MIN-MAX")]
    pub char_ngrams: Option<String>,
    /// Keep terms found in at least this many distinct texts.
    #[arg(long, default_value_t = 2)]
    pub min_df: usize,
    /// Drop terms found in more than this share of texts.
    #[arg(long, default_value_t = 1.0)]
    pub max_df: f64,
    /// Keep at most this many terms, most frequent first.
    #[arg(long, default_value_t = 200_000)]
    pub max_features: usize,
    /// Drop English stop words (negations and pronouns are kept).
    #[arg(long)]
    pub stop_words: bool,
    /// Do not stem words.
    #[arg(long)]
    pub no_stem: bool,
    /// Snowball stemmer language.
    #[arg(long, default_value = "english")]
    pub language: String,
    /// Inverse regularisation strength, as scikit-learn's C.
    #[arg(long = "c", default_value_t = 4.0, value_name = "C")]
    pub c: f64,
    /// Class weights in the loss.
    #[arg(long, value_enum, default_value_t = ClassWeightArg::Balanced)]
    pub class_weight: ClassWeightArg,
    /// Maximum L-BFGS iterations.
    #[arg(long, default_value_t = 1000)]
    pub max_iter: u64,
    /// Seed for the held-out split.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Registry ratings as features: auto turns them off for `credibility`,
    /// whose labels come from the same ratings.
    #[arg(long, value_enum, default_value_t = Switch::Auto)]
    pub registry_features: Switch,
    /// Add one feature per outlet (memorises outlets; off by default).
    #[arg(long)]
    pub outlet_identity: bool,
    /// Leave out the bag of words: a metadata-only model (outlet, style, --meta
    /// columns), fitted densely with linfa-logistic.
    #[arg(long)]
    pub no_text: bool,
    /// Leave out the title.
    #[arg(long)]
    pub no_title: bool,
    /// Leave out target features.
    #[arg(long)]
    pub no_target: bool,
    /// Leave out the copy of the text terms weighted by text–target similarity.
    #[arg(long)]
    pub no_gated_text: bool,
    /// Leave out style cues.
    #[arg(long)]
    pub no_style: bool,
    /// Leave out URL features.
    #[arg(long)]
    pub no_url: bool,
    /// Leave out the words and ending of the URL host but keep its path
    /// sections: for training data whose outlets are invented.
    #[arg(long)]
    pub no_url_host: bool,
}

impl ModelOptions {
    /// Checks the options and builds what to train for a label column.
    pub fn spec(&self, label: &str) -> anyhow::Result<TrainSpec> {
        let task = label.trim().to_lowercase();
        let registry_features = match self.registry_features {
            Switch::On => true,
            Switch::Off => false,
            Switch::Auto => task != "credibility",
        };
        let features = FeatureConfig {
            text: !self.no_text,
            bag_of_words: BagOfWordsConfig {
                analyzer: AnalyzerConfig {
                    language: self.language.clone(),
                    stop_words: self.stop_words,
                    stem: !self.no_stem,
                    ..AnalyzerConfig::default()
                },
                ngrams: NGramConfig {
                    word: parse_range(&self.ngrams, "ngrams")?,
                    char: self
                        .char_ngrams
                        .as_deref()
                        .map(|s| parse_range(s, "char-ngrams"))
                        .transpose()?,
                },
                min_df: self.min_df,
                max_df: self.max_df,
                max_features: Some(self.max_features),
                sublinear_tf: true,
            },
            include_title: !self.no_title,
            target: !self.no_target,
            target_gated_text: !self.no_gated_text,
            outlet_registry: registry_features,
            outlet_identity: self.outlet_identity,
            url: !self.no_url,
            url_host: !self.no_url_host,
            style: !self.no_style,
            meta: self
                .meta
                .iter()
                .map(|m| m.trim().to_lowercase())
                .filter(|m| !m.is_empty())
                .collect(),
        };
        features.bag_of_words.validate()?;
        let params = LogisticParams::default()
            .c(self.c)
            .class_weight(match self.class_weight {
                ClassWeightArg::None => ClassWeight::None,
                ClassWeightArg::Balanced => ClassWeight::Balanced,
            })
            .max_iter(self.max_iter);
        linfa::param_guard::ParamGuard::check_ref(&params)?;
        Ok(TrainSpec {
            task,
            features,
            params,
            seed: self.seed,
        })
    }
}

pub fn run(args: &TrainArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let spec = args.options.spec(&args.label)?;
    if !(0.0..1.0).contains(&args.holdout_fraction) {
        bail!(
            "--holdout-fraction {}: must be at least 0 and below 1",
            args.holdout_fraction
        );
    }
    let prior = args.prior.as_deref().map(parse_prior).transpose()?;
    let grid = args.tune.grid()?;
    let registry = args.registry.load()?;
    let mut required = vec![spec.task.clone()];
    required.extend(spec.features.meta.iter().cloned());
    let options = args.input.options(required)?;
    let bar = spinner("reading data");
    let (docs, stats) = read_all(&args.data, &options)?;
    bar.finish_and_clear();
    warn_skipped(&stats);
    let labeled: Vec<Document> = docs
        .into_iter()
        .filter(|d| label_of(d, &spec.task).is_some())
        .collect();
    let files = file_names(&args.data);
    if let Some(prior) = &prior {
        // Checked before the fit, which can take minutes.
        let known: std::collections::BTreeSet<String> = labeled
            .iter()
            .filter_map(|d| label_of(d, &spec.task))
            .collect();
        if let Some(unknown) = prior.keys().find(|l| !known.contains(*l)) {
            bail!(
                "--prior: `{unknown}` is not a `{}` label in the data; the labels are {}",
                spec.task,
                known.into_iter().collect::<Vec<_>>().join(", ")
            );
        }
    }

    let by = args.holdout_by.as_deref().map(str::to_lowercase);
    let held_out = if args.holdout_fraction > 0.0 && !labeled.is_empty() {
        measure_held_out(&spec, &labeled, args, grid.as_ref(), &registry, &files)?
    } else {
        None
    };
    let tuning = match &grid {
        Some(grid) => Some(run_tuning(
            &spec,
            &labeled,
            by.as_deref(),
            grid,
            &registry,
            "all rows",
        )?),
        None => None,
    };
    let spec = tuning.as_ref().map_or(spec.clone(), |t| t.apply(&spec));
    let bar = spinner(&format!("fitting on {} rows", labeled.len()));
    let sources = args
        .data
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let mut classifier = TextClassifier::fit(&spec, &labeled, registry, files)
        .with_context(|| format!("training on {sources}"))?;
    bar.finish_and_clear();
    if let Some(calibration) = held_out.as_ref().and_then(|h| h.calibration.as_ref()) {
        classifier.model_mut().classifier.temperature = calibration.temperature;
    }
    classifier.model_mut().held_out = held_out;
    classifier.model_mut().tuning = tuning;
    classifier.set_label_prior(prior.as_ref())?;
    let model = classifier.model();
    model.save(&args.out)?;

    let iterations = match (model.classifier.iterations, model.classifier.converged) {
        (0, _) => String::new(),
        (n, true) => format!(", {n} iterations"),
        (n, false) => format!(", stopped at --max-iter {n} before converging"),
    };
    eprintln!(
        "trained `{}` on {} rows ({}) with {} features; {}{iterations}; {:.1}s",
        model.task,
        model.training.rows,
        counts(&model.training.label_counts),
        model.classifier.n_features,
        model.solver,
        started.elapsed().as_secs_f64()
    );
    if let Some(h) = &model.held_out {
        eprintln!(
            "held out {} rows by {}: accuracy {:.3}, macro-F1 {:.3}, log-loss {:.3}, calibration error {:.3}",
            h.test_rows,
            h.split_by,
            h.accuracy,
            h.macro_f1,
            h.log_loss,
            h.expected_calibration_error
        );
        if let Some(c) = &h.calibration {
            let interval = c
                .calibration_error_if_calibrated
                .map_or(String::new(), |[lo, hi]| {
                    format!("; perfectly calibrated probabilities would show {lo:.3}–{hi:.3} here")
                });
            eprintln!(
                "calibrated with temperature {:.2}: calibration error {:.3}, log-loss {:.3} (cross-fitted on the held-out rows){interval}",
                c.temperature, c.expected_calibration_error, c.log_loss
            );
        }
    }
    eprintln!("wrote {}", args.out.display());
    Ok(())
}

fn counts(map: &BTreeMap<String, usize>) -> String {
    map.iter()
        .map(|(l, n)| format!("{l} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Fits on a grouped part and measures on the rest, before the final fit.
fn measure_held_out(
    spec: &TrainSpec,
    docs: &[Document],
    args: &TrainArgs,
    grid: Option<&TuneGrid>,
    registry: &OutletRegistry,
    files: &[String],
) -> anyhow::Result<Option<HeldOutFigures>> {
    let by = args.holdout_by.as_deref().map(str::to_lowercase);
    let split_by = grouping_name(docs, by.as_deref());
    if let Some(column) = &by
        && !docs.iter().any(|d| d.field(column).is_some())
    {
        bail!("--holdout-by {column}: no row has a value in that column");
    }
    let groups: Vec<String> = docs.iter().map(|d| d.group_key(by.as_deref())).collect();
    let (train, test) = grouped_holdout(&groups, args.holdout_fraction, spec.seed);
    let train_docs: Vec<Document> = train.iter().map(|&i| docs[i].clone()).collect();
    let test_docs: Vec<Document> = test.iter().map(|&i| docs[i].clone()).collect();
    let distinct = |rows: &[Document]| {
        rows.iter()
            .filter_map(|d| label_of(d, &spec.task))
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    };
    if test_docs.is_empty() || distinct(&train_docs) < 2 {
        eprintln!(
            "warning: too few rows or groups for a held-out measurement; the model carries no held-out figures"
        );
        return Ok(None);
    }
    // The search sees only the training part, so the held-out figures
    // measure the whole procedure, tuning included.
    let tuned;
    let spec = match grid {
        Some(grid) => {
            let tuning = run_tuning(
                spec,
                &train_docs,
                by.as_deref(),
                grid,
                registry,
                "the training part of the held-out split",
            )?;
            tuned = tuning.apply(spec);
            &tuned
        }
        None => spec,
    };
    let bar = spinner(&format!(
        "measuring on a held-out part ({} rows)",
        test_docs.len()
    ));
    let classifier = TextClassifier::fit(spec, &train_docs, registry.clone(), files.to_vec())
        .context("fitting on the training part of the held-out split")?;
    let labels = classifier.labels().to_vec();
    // Held-out rows whose label the training part never saw count as errors.
    let mut truth = Vec::new();
    let mut probabilities = Vec::new();
    let mut eval_labels = labels.clone();
    for (doc, prediction) in test_docs.iter().zip(classifier.predict(&test_docs, 0)) {
        let label = label_of(doc, &spec.task).unwrap_or_default();
        let index = match eval_labels.iter().position(|l| *l == label) {
            Some(i) => i,
            None => {
                eval_labels.push(label);
                eval_labels.len() - 1
            }
        };
        let mut p = prediction.probabilities;
        p.resize(eval_labels.len(), 0.0);
        truth.push(index);
        probabilities.push(p);
    }
    for p in &mut probabilities {
        p.resize(eval_labels.len(), 0.0);
    }
    let metrics = Metrics::compute(&eval_labels, &truth, &probabilities);
    let calibration = if args.no_calibrate {
        None
    } else {
        // Only rows whose label the model knows can inform its temperature.
        let known: Vec<usize> = (0..truth.len())
            .filter(|&i| truth[i] < labels.len())
            .collect();
        let groups: Vec<String> = test.iter().map(|&i| groups[i].clone()).collect();
        calibrate(&known, &truth, &probabilities, &groups, spec.seed, &labels)
    };
    bar.finish_and_clear();
    Ok(Some(HeldOutFigures {
        split_by,
        fraction: args.holdout_fraction,
        train_rows: train_docs.len(),
        test_rows: test_docs.len(),
        accuracy: metrics.accuracy,
        macro_f1: metrics.macro_f1,
        log_loss: metrics.log_loss,
        per_class_f1: metrics
            .per_class
            .iter()
            .map(|c| (c.label.clone(), c.f1))
            .collect(),
        expected_calibration_error: metrics.expected_calibration_error,
        calibration,
    }))
}

/// Temperature scaling on the held-out rows. Its effect is measured by
/// cross-fitting over two halves of the held-out groups, so the reported
/// calibration error is not measured on the rows the temperature was fitted on.
fn calibrate(
    rows: &[usize],
    truth: &[usize],
    probabilities: &[Vec<f64>],
    groups: &[String],
    seed: u64,
    labels: &[String],
) -> Option<CalibrationFigures> {
    if rows.len() < 20 {
        eprintln!(
            "warning: fewer than 20 held-out rows; the model's probabilities are left uncalibrated"
        );
        return None;
    }
    // Columns past the model's labels belong to labels only the held-out part has.
    let k = labels.len();
    let fold_groups: Vec<String> = rows.iter().map(|&i| groups[i].clone()).collect();
    let (half_a, half_b) = grouped_holdout(&fold_groups, 0.5, seed ^ 0xca1b);
    let pick = |part: &[usize]| -> (Vec<usize>, Vec<Vec<f64>>) {
        part.iter()
            .map(|&j| (truth[rows[j]], probabilities[rows[j]][..k].to_vec()))
            .unzip()
    };
    let mut cross_truth = Vec::new();
    let mut cross_probabilities = Vec::new();
    for (fit_on, score_on) in [(&half_a, &half_b), (&half_b, &half_a)] {
        let (fit_truth, fit_probabilities) = pick(fit_on);
        let temperature = fit_temperature(&fit_truth, &fit_probabilities);
        let (score_truth, score_probabilities) = pick(score_on);
        cross_truth.extend(score_truth);
        cross_probabilities.extend(
            score_probabilities
                .iter()
                .map(|p| apply_temperature(p, temperature)),
        );
    }
    let (all_truth, all_probabilities) = pick(&(0..rows.len()).collect::<Vec<_>>());
    let temperature = fit_temperature(&all_truth, &all_probabilities);
    let crossed = Metrics::compute(labels, &cross_truth, &cross_probabilities);
    Some(CalibrationFigures {
        temperature,
        expected_calibration_error: crossed.expected_calibration_error,
        calibration_error_if_calibrated: Some(crossed.calibration_error_if_calibrated),
        log_loss: crossed.log_loss,
    })
}
