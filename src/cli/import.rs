//! `slant import`: convert public benchmark formats to our CSV schema.
//! Each converter follows the dataset's README in ../shared/benchmarks.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};

use crate::model::format::write_atomically;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Dataset {
    /// FNC-1: a stances CSV and a bodies CSV, joined on Body ID (target = headline, group = body).
    Fnc1,
    /// LIAR: train/valid/test TSV; credit-history columns left out unless --with-credit-history.
    Liar,
    /// NewsSD-ENG: sentences labeled SUBJ/OBJ, as genre opinion/reporting.
    Newssd,
    /// AllSides articles (jsonl.gz): bias, genre from section, credibility from MBFC factual.
    Allsides,
    /// Baly et al. media reliability: a folder with corpus.tsv, splits.json and features/.
    MediaReliability,
}

#[derive(Debug, Clone, Args)]
#[command(after_help = "Examples:
  slant import fnc1 ../shared/benchmarks/fnc1/train_stances.csv ../shared/benchmarks/fnc1/train_bodies.csv --out fnc1-train.csv
  slant import liar ../shared/benchmarks/liar/test.tsv --out liar-test.csv
  slant import allsides ../shared/benchmarks/allsides/allsides_media_trainvalid.jsonl.gz --split valid --out allsides-valid.csv")]
pub struct ImportArgs {
    /// Which dataset format to read.
    #[arg(value_enum)]
    pub dataset: Dataset,
    /// The dataset's files (or folder, for media-reliability).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The CSV to write (atomically).
    #[arg(long, value_name = "FILE.csv")]
    pub out: PathBuf,
    /// LIAR: keep the speaker credit-history counts (they include the row's own label: leakage).
    #[arg(long)]
    pub with_credit_history: bool,
    /// AllSides: keep only rows of this split (train or valid).
    #[arg(long)]
    pub split: Option<String>,
}

/// Rows of one output table, columns in a fixed order.
struct Table {
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn new(columns: &[&str]) -> Self {
        Table {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    fn write(&self, path: &Path) -> anyhow::Result<()> {
        let mut csv = csv::Writer::from_writer(Vec::new());
        csv.write_record(&self.columns)?;
        for row in &self.rows {
            csv.write_record(row)?;
        }
        let bytes = csv.into_inner().map_err(|e| e.into_error())?;
        write_atomically(path, &bytes).with_context(|| format!("cannot write {}", path.display()))
    }
}

pub fn run(args: &ImportArgs) -> anyhow::Result<()> {
    let table = match args.dataset {
        Dataset::Fnc1 => fnc1(&args.paths)?,
        Dataset::Liar => liar(&args.paths, args.with_credit_history)?,
        Dataset::Newssd => newssd(&args.paths)?,
        Dataset::Allsides => allsides(&args.paths, args.split.as_deref())?,
        Dataset::MediaReliability => media_reliability(&args.paths)?,
    };
    table.write(&args.out)?;
    eprintln!("wrote {} rows to {}", table.rows.len(), args.out.display());
    Ok(())
}

fn csv_reader(path: &Path) -> anyhow::Result<csv::Reader<std::fs::File>> {
    csv::Reader::from_path(path).with_context(|| format!("cannot read {}", path.display()))
}

fn column(headers: &csv::StringRecord, name: &str, path: &Path) -> anyhow::Result<usize> {
    headers
        .iter()
        .position(|h| h.trim().eq_ignore_ascii_case(name))
        .with_context(|| format!("{}: no `{name}` column", path.display()))
}

fn fnc1(paths: &[PathBuf]) -> anyhow::Result<Table> {
    let mut bodies: HashMap<String, String> = HashMap::new();
    let mut stances: Vec<(String, String, String)> = Vec::new();
    for path in paths {
        let mut reader = csv_reader(path)?;
        let headers = reader.headers()?.clone();
        let body_id = column(&headers, "Body ID", path)?;
        if let Ok(body) = column(&headers, "articleBody", path) {
            for (i, row) in reader.records().enumerate() {
                let row = row.with_context(|| format!("{}: record {}", path.display(), i + 1))?;
                bodies.insert(row[body_id].to_string(), row[body].to_string());
            }
        } else {
            let headline = column(&headers, "Headline", path)?;
            let stance = headers
                .iter()
                .position(|h| h.eq_ignore_ascii_case("Stance"));
            for (i, row) in reader.records().enumerate() {
                let row = row.with_context(|| format!("{}: record {}", path.display(), i + 1))?;
                let label = stance.map_or(String::new(), |s| row[s].trim().to_lowercase());
                stances.push((row[headline].to_string(), row[body_id].to_string(), label));
            }
        }
    }
    if stances.is_empty() || bodies.is_empty() {
        bail!(
            "fnc1 needs a stances CSV (Headline, Body ID, Stance) and a bodies CSV (Body ID, articleBody)"
        );
    }
    let mut table = Table::new(&["id", "group", "target", "text", "stance"]);
    for (i, (headline, body_id, label)) in stances.into_iter().enumerate() {
        let text = bodies.get(&body_id).with_context(|| {
            format!(
                "stance row {} refers to Body ID {body_id}, which no bodies file has",
                i + 1
            )
        })?;
        table.rows.push(vec![
            (i + 1).to_string(),
            format!("body-{body_id}"),
            headline,
            text.clone(),
            label,
        ]);
    }
    Ok(table)
}

fn liar(paths: &[PathBuf], credit_history: bool) -> anyhow::Result<Table> {
    let mut columns = vec![
        "id",
        "text",
        "truthfulness",
        "subject",
        "speaker",
        "job",
        "state",
        "party",
        "context",
    ];
    let credit = [
        "barely_true_count",
        "false_count",
        "half_true_count",
        "mostly_true_count",
        "pants_fire_count",
    ];
    if credit_history {
        columns.extend(credit);
    }
    let mut table = Table::new(&columns);
    for path in paths {
        let file =
            std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
        // LIAR quotes are not CSV-escaped: split on tabs, no quoting.
        for (n, line) in BufReader::new(file).lines().enumerate() {
            let line = line.with_context(|| format!("{}: line {}", path.display(), n + 1))?;
            if line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 14 {
                bail!(
                    "{}: line {}: expected 14 tab-separated fields, found {}",
                    path.display(),
                    n + 1,
                    f.len()
                );
            }
            let mut row: Vec<String> = [f[0], f[2], f[1], f[3], f[4], f[5], f[6], f[7], f[13]]
                .iter()
                .map(|s| s.trim().to_string())
                .collect();
            if credit_history {
                row.extend(f[8..13].iter().map(|s| s.trim().to_string()));
            }
            table.rows.push(row);
        }
    }
    Ok(table)
}

fn newssd(paths: &[PathBuf]) -> anyhow::Result<Table> {
    let mut table = Table::new(&["id", "text", "genre", "solved_conflict"]);
    for path in paths {
        let mut reader = csv_reader(path)?;
        let headers = reader.headers()?.clone();
        let (sentence, label) = (
            column(&headers, "Sentence", path)?,
            column(&headers, "Label", path)?,
        );
        let conflict = headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case("Solved conflict"));
        let stem = path
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        for (i, row) in reader.records().enumerate() {
            let row = row.with_context(|| format!("{}: record {}", path.display(), i + 1))?;
            let genre = match row[label].trim() {
                "SUBJ" => "opinion",
                "OBJ" => "reporting",
                other => bail!(
                    "{}: record {}: unknown label `{other}` (expected SUBJ or OBJ)",
                    path.display(),
                    i + 1
                ),
            };
            table.rows.push(vec![
                format!("{stem}-{}", i + 1),
                row[sentence].trim().to_string(),
                genre.to_string(),
                conflict.map_or(String::new(), |c| row[c].to_string()),
            ]);
        }
    }
    Ok(table)
}

fn allsides(paths: &[PathBuf], split: Option<&str>) -> anyhow::Result<Table> {
    let mut table = Table::new(&[
        "id",
        "split",
        "title",
        "text",
        "outlet",
        "url",
        "author",
        "date",
        "topic",
        "source_name",
        "bias",
        "genre",
        "credibility",
    ]);
    for path in paths {
        let file =
            std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
        let reader: Box<dyn Read> = if path.extension().is_some_and(|e| e == "gz") {
            Box::new(flate2::read::GzDecoder::new(file))
        } else {
            Box::new(file)
        };
        for (n, line) in BufReader::new(reader).lines().enumerate() {
            let line = line.with_context(|| format!("{}: line {}", path.display(), n + 1))?;
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value = serde_json::from_str(&line)
                .with_context(|| format!("{}: line {}", path.display(), n + 1))?;
            let get = |k: &str| v[k].as_str().unwrap_or("").to_string();
            if split.is_some_and(|s| s != get("split")) {
                continue;
            }
            let credibility = match get("mbfc_factual").as_str() {
                "high" => "high",
                "mostly-factual" | "mixed" => "mixed",
                "low" => "low",
                _ => "",
            };
            table.rows.push(vec![
                get("id"),
                get("split"),
                get("title"),
                get("text"),
                get("domain"),
                get("url"),
                get("authors"),
                get("date"),
                get("topic"),
                get("source"),
                get("bias"),
                get("genre_from_section"),
                credibility.to_string(),
            ]);
        }
    }
    Ok(table)
}

fn media_reliability(paths: &[PathBuf]) -> anyhow::Result<Table> {
    let [dir] = paths else {
        bail!(
            "media-reliability takes one folder (e.g. ../shared/benchmarks/media_reliability/emnlp18)"
        );
    };
    let corpus = dir.join("corpus.tsv");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .quoting(false)
        .from_path(&corpus)
        .with_context(|| format!("cannot read {}", corpus.display()))?;
    let headers = reader.headers()?.clone();
    let (url, id, fact, bias) = (
        column(&headers, "source_url", &corpus)?,
        column(&headers, "source_url_normalized", &corpus)?,
        column(&headers, "fact", &corpus)?,
        column(&headers, "bias", &corpus)?,
    );
    let splits_path = dir.join("splits.json");
    let splits: BTreeMap<String, BTreeMap<String, Vec<String>>> = serde_json::from_slice(
        &std::fs::read(&splits_path)
            .with_context(|| format!("cannot read {}", splits_path.display()))?,
    )
    .with_context(|| format!("{}: not the expected folds JSON", splits_path.display()))?;
    let mut fold_of: HashMap<String, String> = HashMap::new();
    for (fold, parts) in &splits {
        for outlet in parts.get("test").into_iter().flatten() {
            fold_of.insert(outlet.clone(), fold.clone());
        }
    }
    let mut features: BTreeMap<String, HashMap<String, Vec<f64>>> = BTreeMap::new();
    let feature_dir = dir.join("features");
    if let Ok(entries) = std::fs::read_dir(&feature_dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "json") {
                let name = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let values: HashMap<String, Vec<f64>> =
                    serde_json::from_slice(&std::fs::read(&path)?).with_context(|| {
                        format!("{}: expected {{outlet: [numbers]}}", path.display())
                    })?;
                features.insert(name, values);
            }
        }
    }
    let dims: Vec<(String, usize)> = features
        .iter()
        .map(|(name, values)| {
            (
                name.clone(),
                values.values().map(Vec::len).max().unwrap_or(0),
            )
        })
        .collect();
    let mut columns: Vec<String> = ["id", "url", "text", "credibility", "bias", "fold"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for (name, dim) in &dims {
        columns.extend((0..*dim).map(|i| format!("feat_{name}_{i}")));
    }
    let mut table = Table {
        columns,
        rows: Vec::new(),
    };
    for (i, row) in reader.records().enumerate() {
        let row = row.with_context(|| format!("{}: record {}", corpus.display(), i + 1))?;
        let outlet = row[id].to_string();
        // The outlet has no article text here; its URL is what the text model can read.
        let text = outlet.replace(['.', '-', '/', '_'], " ");
        let mut out = vec![
            outlet.clone(),
            row[url].to_string(),
            text,
            row[fact].trim().to_lowercase(),
            row[bias].trim().to_lowercase(),
            fold_of.get(&outlet).cloned().unwrap_or_default(),
        ];
        for (name, dim) in &dims {
            let values = features[name].get(&outlet);
            out.extend((0..*dim).map(|d| {
                values
                    .and_then(|v| v.get(d))
                    .map_or(String::new(), f64::to_string)
            }));
        }
        table.rows.push(out);
    }
    Ok(table)
}
