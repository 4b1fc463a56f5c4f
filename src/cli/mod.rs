//! One module per command, each with an argument struct and a `run` entry.
//! Arguments are checked first (what the user said), then turned into
//! ready objects (readers, models, registries).

pub mod cv;
pub mod evaluate;
pub mod extract;
pub mod import;
pub mod score;
pub mod train;

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;

use crate::corpus::{ColumnMap, ReadOptions, ReadStats};
use crate::features::OutletRegistry;

/// How input files are read; shared by train, evaluate and score.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Map foreign column names to ours, e.g. `text=articleBody,target=Headline`.
    #[arg(long, value_name = "NAME=COLUMN,...")]
    pub map: Option<String>,
    /// Replace invalid UTF-8 with U+FFFD instead of stopping with an error.
    #[arg(long)]
    pub lossy: bool,
    /// Skip rows that cannot be read (ragged, bad UTF-8, bad JSON), count them and go on.
    #[arg(long)]
    pub keep_going: bool,
}

impl InputArgs {
    pub fn options(&self, required: Vec<String>) -> anyhow::Result<ReadOptions> {
        let columns = match &self.map {
            Some(spec) => ColumnMap::parse(spec)?,
            None => ColumnMap::default(),
        };
        Ok(ReadOptions {
            columns,
            required,
            lossy: self.lossy,
            keep_going: self.keep_going,
        })
    }
}

/// Which outlet registry to use; shared by train, evaluate and score.
#[derive(Debug, Clone, Args)]
pub struct RegistryArgs {
    /// Your own outlet registry CSV (columns `domain` and `credibility` or
    /// `factual_reporting`); its entries take precedence over the shipped one.
    #[arg(long, value_name = "FILE")]
    pub outlets: Option<PathBuf>,
    /// Use no outlet registry at all (e.g. to measure what the text alone shows).
    #[arg(long)]
    pub no_registry: bool,
}

impl RegistryArgs {
    pub fn load(&self) -> anyhow::Result<OutletRegistry> {
        let mut registry = OutletRegistry::empty();
        if self.no_registry {
            return Ok(registry);
        }
        let shipped = models_dir().join("outlets.csv");
        if shipped.exists() {
            registry.add_file(&shipped)?;
        }
        if let Some(path) = &self.outlets {
            registry.add_file(path)?;
        }
        Ok(registry)
    }
}

/// Where the shipped models live: `$SLANT_MODELS`, else `./models`, else
/// the `models/` folder of the source tree this binary was built from.
pub fn models_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("SLANT_MODELS") {
        return PathBuf::from(dir);
    }
    let local = Path::new("models");
    if local.join("outlets.csv").exists() || local.join("genre.json").exists() {
        return local.to_path_buf();
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("models")
}

/// Tells the user what reading skipped.
pub fn warn_skipped(stats: &ReadStats) {
    if stats.skipped_empty > 0 {
        eprintln!(
            "warning: skipped {} rows with empty text",
            stats.skipped_empty
        );
    }
    if stats.skipped_bad > 0 {
        eprintln!(
            "warning: --keep-going skipped {} unreadable rows; first: {}",
            stats.skipped_bad,
            stats.bad_examples.join(" | ")
        );
    }
}

/// A spinner on stderr for long stages; hidden when stderr is not a terminal.
pub fn spinner(message: &str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar.set_message(message.to_string());
    bar
}

fn file_names(paths: &[PathBuf]) -> Vec<String> {
    paths
        .iter()
        .map(|p| {
            p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
        })
        .collect()
}

fn parse_range(spec: &str, what: &str) -> anyhow::Result<(usize, usize)> {
    let (lo, hi) = spec.split_once('-').unwrap_or((spec, spec));
    let lo = lo
        .trim()
        .parse()
        .with_context(|| format!("--{what} {spec}: expected N or MIN-MAX, e.g. 1-2"))?;
    let hi = hi
        .trim()
        .parse()
        .with_context(|| format!("--{what} {spec}: expected N or MIN-MAX, e.g. 1-2"))?;
    Ok((lo, hi))
}

/// `--prior opinion=0.2,reporting=0.8` into label shares.
fn parse_prior(spec: &str) -> anyhow::Result<std::collections::BTreeMap<String, f64>> {
    let mut prior = std::collections::BTreeMap::new();
    for entry in spec.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let parsed = entry
            .split_once('=')
            .and_then(|(label, share)| Some((label.trim(), share.trim().parse::<f64>().ok()?)));
        let Some((label, share)) = parsed.filter(|(label, _)| !label.is_empty()) else {
            anyhow::bail!(
                "--prior {spec}: `{entry}` is not LABEL=SHARE; write e.g. --prior opinion=0.2"
            );
        };
        prior.insert(label.to_lowercase(), share);
    }
    if prior.is_empty() {
        anyhow::bail!("--prior {spec}: no LABEL=SHARE given; write e.g. --prior opinion=0.2");
    }
    Ok(prior)
}

/// `--prior` of `evaluate` and `score`: shares, or `none` to remove a stored prior.
fn parse_prior_override(
    spec: &str,
) -> anyhow::Result<Option<std::collections::BTreeMap<String, f64>>> {
    if spec.trim() == "none" {
        return Ok(None);
    }
    parse_prior(spec).map(Some)
}

/// What keeps related rows together in a split, as named in reports: the
/// column the user gave, else `group` if any row has one, else `outlet`, else `row`.
fn grouping_name(docs: &[crate::corpus::Document], by: Option<&str>) -> String {
    match by {
        Some(column) => column.to_string(),
        None if docs.iter().any(|d| d.field("group").is_some()) => "group".into(),
        None if docs.iter().any(|d| d.outlet.is_some()) => "outlet".into(),
        None => "row".into(),
    }
}

/// Writes a report's three files and shows its Markdown.
fn publish(report: &crate::eval::report::Report, dir: &Path) -> anyhow::Result<()> {
    report.write(dir)?;
    print!("{}", report.markdown());
    eprintln!(
        "wrote report.json, report.md and report.html in {}",
        dir.display()
    );
    Ok(())
}

#[cfg(test)]
mod prior_tests {
    use super::parse_prior;

    #[test]
    fn prior_entries_parse_and_bad_ones_are_named() {
        let prior = parse_prior("Opinion=0.2, reporting=0.8").unwrap();
        assert_eq!(prior.get("opinion"), Some(&0.2));
        assert_eq!(prior.get("reporting"), Some(&0.8));
        let err = parse_prior("opinion=0.2,reporting")
            .unwrap_err()
            .to_string();
        assert!(err.contains("`reporting` is not LABEL=SHARE"), "{err}");
        assert!(parse_prior("opinion=lots").is_err());
        assert!(parse_prior(",").is_err());
    }
}
