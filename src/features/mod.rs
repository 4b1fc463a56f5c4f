//! Features: one sparse space made of blocks, in this column order:
//! 1. bag of words of the title and body (TF-IDF, [`bow`]);
//! 2. bag of words of the stance target, when rows carry targets;
//! 3. named features: how text and target relate, outlet registry ratings and
//!    URL parts ([`outlet`]), style cues ([`style`]) and user metadata columns.

pub mod bow;
pub mod outlet;
pub mod registry;
pub mod style;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::corpus::Document;
use crate::error::ModelError;
use crate::sparse::{CsrMatrix, FactoredMatrix};
pub use bow::{BagOfWords, BagOfWordsConfig, Vocabulary};
pub use registry::{OutletRecord, OutletRegistry, credibility_from_factual};

/// Which feature blocks to build. Stored in every model file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureConfig {
    /// Bag of words of title and body (default true). Without it the
    /// features are few and dense, and a dense model (linfa-logistic) fits them.
    pub text: bool,
    pub bag_of_words: BagOfWordsConfig,
    /// Prepend the title to the body (default true).
    pub include_title: bool,
    /// Target block and text–target relation features, for rows with a target (default true).
    pub target: bool,
    /// A second copy of the text terms, weighted by how related text and
    /// target are (default true), so a linear model can learn words that
    /// matter only when the text is about its target ("hoax", "denied").
    pub target_gated_text: bool,
    /// Outlet ratings from the registry (default true; off for credibility,
    /// whose labels come from the same ratings).
    pub outlet_registry: bool,
    /// One feature per outlet (default false: a model that learns the outlet
    /// does not generalise to new outlets).
    pub outlet_identity: bool,
    /// Section words of the URL path, such as "opinion" (default true).
    pub url: bool,
    /// Words and the ending of the URL host, such as "news" or ".ir" (default
    /// true). Off when training outlets are invented: their names would teach
    /// the model words no real outlet shares.
    #[serde(default = "enabled")]
    pub url_host: bool,
    /// Style cues (default true).
    pub style: bool,
    /// Extra columns turned into features: numbers standardised, strings one-hot.
    pub meta: Vec<String>,
}

impl Default for FeatureConfig {
    fn default() -> Self {
        FeatureConfig {
            text: true,
            bag_of_words: BagOfWordsConfig::default(),
            include_title: true,
            target: true,
            target_gated_text: true,
            outlet_registry: true,
            outlet_identity: false,
            url: true,
            url_host: true,
            style: true,
            meta: Vec::new(),
        }
    }
}

/// How a metadata column is encoded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MetaColumn {
    Numeric { mean: f64, std: f64 },
    Categorical,
}

/// Everything the fitted feature stages need, as saved in a model file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FittedFeatures {
    pub config: FeatureConfig,
    pub vocabulary: Vocabulary,
    pub target_block: bool,
    /// Whether the gated copy of the text block follows the target block.
    pub gated_block: bool,
    pub named: Vec<String>,
    pub meta: BTreeMap<String, MetaColumn>,
}

/// What the featurizer saw of one document, for confidence flags.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Coverage {
    /// Term occurrences of the text found in the vocabulary.
    pub known_terms: usize,
    /// Words in the text.
    pub words: usize,
}

/// Distinct texts of a batch, analysed, and which one each row uses.
struct AnalysedDocs {
    texts: Vec<AnalysedText>,
    body_of: Vec<usize>,
    target_of: Vec<Option<usize>>,
}

/// A text after the bag-of-words and style stages.
struct AnalysedText {
    vector: Vec<(u32, f64)>,
    coverage: Coverage,
    style: Option<[f64; style::STYLE_FEATURE_COUNT]>,
}

/// The fitted feature pipeline: turns documents into rows of one sparse space.
pub struct FeaturePipeline {
    fitted: FittedFeatures,
    bow: BagOfWords,
    named_index: HashMap<String, u32>,
    registry: OutletRegistry,
}

const SIMILARITY_BINS: &[f64] = &[0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7];
const COVERAGE_BINS: &[f64] = &[0.0, 0.1, 0.25, 0.5, 0.75];
/// Similarity at which the gated text block reaches full weight (cosine 1/3).
const GATE_SCALE: f64 = 3.0;

impl FeaturePipeline {
    /// Learns vocabulary, IDF and the named feature set from training documents.
    pub fn fit(
        config: &FeatureConfig,
        docs: &[Document],
        registry: OutletRegistry,
    ) -> Result<Self, ModelError> {
        config.bag_of_words.validate()?;
        let mut texts: BTreeSet<String> = BTreeSet::new();
        let mut targets: BTreeSet<&str> = BTreeSet::new();
        for doc in docs {
            texts.insert(body(doc, config.include_title));
            if let Some(t) = doc.target.as_deref() {
                targets.insert(t);
            }
        }
        let mut fit_texts: Vec<&str> = Vec::new();
        if config.text {
            fit_texts.extend(texts.iter().map(String::as_str));
            fit_texts.extend(targets.iter().copied());
        }
        let bow = BagOfWords::fit(&config.bag_of_words, &fit_texts)?;
        let meta = fit_meta(&config.meta, docs);
        let mut fitted = FittedFeatures {
            config: config.clone(),
            vocabulary: bow.vocabulary().clone(),
            target_block: config.text && config.target && !targets.is_empty(),
            gated_block: config.text
                && config.target
                && config.target_gated_text
                && !targets.is_empty(),
            named: Vec::new(),
            meta,
        };
        let mut pipeline = FeaturePipeline {
            bow,
            named_index: HashMap::new(),
            registry,
            fitted: fitted.clone(),
        };
        let names: BTreeSet<String> = pipeline
            .map_docs(docs, |doc, analysed, target| {
                pipeline.named_features(doc, analysed, target.map(|t| t.vector.as_slice()))
            })
            .into_iter()
            .flatten()
            .map(|(name, _)| name)
            .collect();
        fitted.named = names.into_iter().collect();
        pipeline.named_index = index_of(&fitted.named);
        pipeline.fitted = fitted;
        Ok(pipeline)
    }

    /// Rebuilds the pipeline saved in a model; `registry` gives outlet ratings at scoring time.
    pub fn from_fitted(
        fitted: FittedFeatures,
        registry: OutletRegistry,
    ) -> Result<Self, ModelError> {
        let bow = BagOfWords::from_parts(
            fitted.config.bag_of_words.clone(),
            fitted.vocabulary.clone(),
        )?;
        Ok(FeaturePipeline {
            named_index: index_of(&fitted.named),
            bow,
            registry,
            fitted,
        })
    }

    pub fn fitted(&self) -> &FittedFeatures {
        &self.fitted
    }

    pub fn registry(&self) -> &OutletRegistry {
        &self.registry
    }

    pub fn n_features(&self) -> usize {
        self.named_offset() + self.fitted.named.len()
    }

    fn target_offset(&self) -> usize {
        self.bow.len()
    }

    fn gated_offset(&self) -> usize {
        self.bow.len() * 2
    }

    fn named_offset(&self) -> usize {
        self.bow.len()
            * (1 + usize::from(self.fitted.target_block) + usize::from(self.fitted.gated_block))
    }

    /// Featurizes documents in parallel, in input order.
    pub fn transform(&self, docs: &[Document]) -> (CsrMatrix, Vec<Coverage>) {
        let mut matrix = CsrMatrix::new(self.n_features());
        let mut coverage = Vec::with_capacity(docs.len());
        // Chunks bound the memory of rows waiting to enter the matrix.
        for chunk in docs.chunks(8_192) {
            let rows = self.map_docs(chunk, |doc, analysed, target| {
                let (own, gate) = self.own_part(doc, analysed, target);
                let mut row: Vec<(u32, f64)> = analysed.vector.clone();
                if gate > 0.0 {
                    let offset = self.gated_offset() as u32;
                    row.extend(analysed.vector.iter().map(|(c, v)| (c + offset, v * gate)));
                }
                row.extend(own);
                (row, analysed.coverage)
            });
            for (row, c) in rows {
                matrix.push_row(row);
                coverage.push(c);
            }
        }
        (matrix, coverage)
    }

    /// Runs `f` on every document with its analysed body and target, in
    /// parallel and in input order. Each distinct text is analysed once:
    /// FNC-1 pairs reuse each body dozens of times.
    fn map_docs<T: Send>(
        &self,
        docs: &[Document],
        f: impl Fn(&Document, &AnalysedText, Option<&AnalysedText>) -> T + Sync,
    ) -> Vec<T> {
        let analysed = self.analyse_docs(docs);
        docs.par_iter()
            .enumerate()
            .map(|(i, doc)| {
                let target = analysed.target_of[i].map(|t| &analysed.texts[t]);
                f(doc, &analysed.texts[analysed.body_of[i]], target)
            })
            .collect()
    }

    /// Analyses each distinct body and target once.
    fn analyse_docs(&self, docs: &[Document]) -> AnalysedDocs {
        let include_title = self.fitted.config.include_title;
        let bodies: Vec<String> = docs.par_iter().map(|d| body(d, include_title)).collect();
        let mut unique: HashMap<&str, usize> = HashMap::new();
        let mut ordered: Vec<(&str, bool)> = Vec::new();
        let targets = docs.iter().filter_map(|d| d.target.as_deref());
        for (text, is_body) in bodies
            .iter()
            .map(|b| (b.as_str(), true))
            .chain(targets.map(|t| (t, false)))
        {
            if let std::collections::hash_map::Entry::Vacant(slot) = unique.entry(text) {
                slot.insert(ordered.len());
                ordered.push((text, is_body));
            }
        }
        let style = self.fitted.config.style;
        let texts: Vec<AnalysedText> = ordered
            .par_iter()
            .map(|(text, is_body)| self.analyse(text, *is_body && style))
            .collect();
        AnalysedDocs {
            body_of: bodies.iter().map(|b| unique[b.as_str()]).collect(),
            target_of: docs
                .iter()
                .map(|d| d.target.as_deref().map(|t| unique[t]))
                .collect(),
            texts,
        }
    }

    /// Everything of a row but its text block: the target block, the
    /// gate of the gated text block, and the named features.
    fn own_part(
        &self,
        doc: &Document,
        analysed: &AnalysedText,
        target: Option<&AnalysedText>,
    ) -> (Vec<(u32, f64)>, f64) {
        let target_vec = target.map(|t| t.vector.as_slice());
        let mut row: Vec<(u32, f64)> = Vec::new();
        let mut gate = 0.0;
        if let (true, Some(target_vec)) = (self.fitted.target_block, target_vec) {
            let offset = self.target_offset() as u32;
            row.extend(target_vec.iter().map(|(c, v)| (c + offset, *v)));
            if self.fitted.gated_block {
                let (similarity, _) = overlap(&analysed.vector, target_vec);
                gate = (GATE_SCALE * similarity).min(1.0);
            }
        }
        let offset = self.named_offset() as u32;
        for (name, value) in self.named_features(doc, analysed, target_vec) {
            if let Some(&i) = self.named_index.get(&name) {
                row.push((offset + i, value));
            }
        }
        (row, gate)
    }

    /// The training matrix in factored form: each distinct text's terms are
    /// stored once and shared by every row that has that text (FNC-1 pairs
    /// reuse each body dozens of times), which makes each solver pass cheaper.
    pub fn transform_factored(&self, docs: &[Document]) -> FactoredMatrix {
        let analysed = self.analyse_docs(docs);
        let parts: Vec<(Vec<(u32, f64)>, f64)> = docs
            .par_iter()
            .enumerate()
            .map(|(i, doc)| {
                let target = analysed.target_of[i].map(|t| &analysed.texts[t]);
                self.own_part(doc, &analysed.texts[analysed.body_of[i]], target)
            })
            .collect();
        let mut shared = CsrMatrix::new(self.bow.len());
        for text in &analysed.texts {
            shared.push_row(text.vector.clone());
        }
        let mut own = CsrMatrix::new(self.n_features());
        let mut gate = Vec::with_capacity(docs.len());
        for (row, g) in parts {
            own.push_row(row);
            gate.push(g);
        }
        FactoredMatrix {
            own,
            shared,
            shared_of: analysed.body_of.iter().map(|&b| b as u32).collect(),
            gate,
            gated_offset: self.fitted.gated_block.then(|| self.gated_offset() as u32),
        }
    }

    fn analyse(&self, text: &str, with_style: bool) -> AnalysedText {
        let (vector, known_terms) = self.bow.vector(text);
        AnalysedText {
            vector,
            coverage: Coverage {
                known_terms,
                words: crate::text::UnicodeWordTokenizer::count_words(text),
            },
            style: with_style.then(|| style::style_values(text)),
        }
    }

    /// Named features of a document (before they are mapped to columns).
    fn named_features(
        &self,
        doc: &Document,
        text: &AnalysedText,
        target_vec: Option<&[(u32, f64)]>,
    ) -> Vec<(String, f64)> {
        let config = &self.fitted.config;
        let mut out = Vec::new();
        if config.target
            && let Some(target_vec) = target_vec
        {
            target_relation(&text.vector, target_vec, &mut out);
        }
        outlet::outlet_features(doc, &self.registry, config, &mut out);
        if let Some(values) = &text.style {
            let mut values = *values;
            style::add_page_cues(doc, &mut values);
            for (name, value) in style::STYLE_FEATURES.iter().zip(values) {
                if value != 0.0 {
                    out.push((name.to_string(), value));
                }
            }
        }
        meta_features(doc, &self.fitted.meta, &mut out);
        out
    }

    /// A readable name for a feature column, for explanations.
    pub fn describe(&self, column: usize) -> String {
        let vocab = &self.fitted.vocabulary.terms;
        if column < self.bow.len() {
            format!("text: \"{}\"", vocab[column])
        } else if column < self.named_offset() && column < self.gated_offset() {
            format!("target: \"{}\"", vocab[column - self.target_offset()])
        } else if column < self.named_offset() {
            format!(
                "text, when related to the target: \"{}\"",
                vocab[column - self.gated_offset()]
            )
        } else {
            self.fitted
                .named
                .get(column - self.named_offset())
                .cloned()
                .unwrap_or_else(|| format!("feature #{column}"))
        }
    }
}

/// Title and body as one text, as the model reads it.
pub fn body(doc: &Document, include_title: bool) -> String {
    match (&doc.title, include_title) {
        (Some(title), true) => format!("{title}\n{}", doc.text),
        _ => doc.text.clone(),
    }
}

fn index_of(names: &[String]) -> HashMap<String, u32> {
    names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.clone(), i as u32))
        .collect()
}

/// Cosine similarity and term coverage between target and text, raw and in
/// bins, so the linear model can draw a related/unrelated line.
fn target_relation(text: &[(u32, f64)], target: &[(u32, f64)], out: &mut Vec<(String, f64)>) {
    let (dot, covered) = overlap(text, target);
    out.push(("target: similarity to text".into(), dot));
    out.push(("target: share of target terms in text".into(), covered));
    let bin = |value: f64, bins: &[f64]| bins.iter().rposition(|b| value >= *b).unwrap_or(0);
    let s = bin(dot, SIMILARITY_BINS);
    out.push((
        format!("target: similarity >= {:.2}", SIMILARITY_BINS[s]),
        1.0,
    ));
    let c = bin(covered, COVERAGE_BINS);
    out.push((
        format!("target: term coverage >= {:.2}", COVERAGE_BINS[c]),
        1.0,
    ));
}

/// Cosine similarity of two unit vectors sorted by column, and the share
/// of the target's squared weight that falls on terms the text has.
fn overlap(text: &[(u32, f64)], target: &[(u32, f64)]) -> (f64, f64) {
    let (mut dot, mut covered) = (0.0, 0.0);
    let (mut i, mut j) = (0, 0);
    while i < text.len() && j < target.len() {
        match text[i].0.cmp(&target[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += text[i].1 * target[j].1;
                covered += target[j].1 * target[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    (dot, covered)
}

fn fit_meta(columns: &[String], docs: &[Document]) -> BTreeMap<String, MetaColumn> {
    columns
        .iter()
        .map(|column| {
            let column = column.to_lowercase();
            let values: Vec<&str> = docs.iter().filter_map(|d| d.field(&column)).collect();
            let numbers: Vec<f64> = values
                .iter()
                .filter_map(|v| v.trim().parse::<f64>().ok())
                .collect();
            let kind = if !values.is_empty() && numbers.len() == values.len() {
                let mean = numbers.iter().sum::<f64>() / numbers.len() as f64;
                let var =
                    numbers.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / numbers.len() as f64;
                MetaColumn::Numeric {
                    mean,
                    std: if var > 0.0 { var.sqrt() } else { 1.0 },
                }
            } else {
                MetaColumn::Categorical
            };
            (column, kind)
        })
        .collect()
}

fn meta_features(
    doc: &Document,
    meta: &BTreeMap<String, MetaColumn>,
    out: &mut Vec<(String, f64)>,
) {
    for (column, kind) in meta {
        let Some(value) = doc.field(column) else {
            out.push((format!("meta: {column} missing"), 1.0));
            continue;
        };
        match kind {
            MetaColumn::Numeric { mean, std } => match value.trim().parse::<f64>() {
                Ok(x) => out.push((
                    format!("meta: {column}"),
                    ((x - mean) / std).clamp(-5.0, 5.0),
                )),
                Err(_) => out.push((format!("meta: {column} missing"), 1.0)),
            },
            MetaColumn::Categorical => {
                for part in value
                    .split(',')
                    .map(|p| p.trim().to_lowercase())
                    .filter(|p| !p.is_empty())
                {
                    out.push((format!("meta: {column} = {part}"), 1.0));
                }
            }
        }
    }
}

/// Serde default for switches added after a model format was published.
fn enabled() -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str, target: Option<&str>) -> Document {
        let mut d = Document::from_text("1", text);
        d.target = target.map(str::to_string);
        d
    }

    #[test]
    fn related_target_scores_higher_similarity() {
        let docs = [
            doc("the carbon tax raises prices", Some("carbon tax")),
            doc("the football team won the cup", Some("carbon tax")),
        ];
        let config = FeatureConfig {
            bag_of_words: BagOfWordsConfig {
                min_df: 1,
                ..BagOfWordsConfig::default()
            },
            ..FeatureConfig::default()
        };
        let pipeline = FeaturePipeline::fit(&config, &docs, OutletRegistry::empty()).unwrap();
        let (m, _) = pipeline.transform(&docs);
        let similarity = |row: usize| {
            let (cols, vals) = m.row(row);
            cols.iter()
                .zip(vals)
                .find(|(c, _)| pipeline.describe(**c as usize) == "target: similarity to text")
                .map_or(0.0, |(_, v)| *v)
        };
        assert!(similarity(0) > 0.3, "{}", similarity(0));
        assert_eq!(similarity(1), 0.0);
    }

    #[test]
    fn meta_columns_scale_numbers_and_one_hot_strings() {
        let mut a = doc("x", None);
        a.fields.insert("party".into(), "Republican".into());
        a.fields.insert("count".into(), "2".into());
        let mut b = doc("y", None);
        b.fields.insert("party".into(), "democrat".into());
        b.fields.insert("count".into(), "4".into());
        let meta = fit_meta(&["party".into(), "count".into()], &[a.clone(), b]);
        assert_eq!(
            meta["count"],
            MetaColumn::Numeric {
                mean: 3.0,
                std: 1.0
            }
        );
        let mut out = Vec::new();
        meta_features(&a, &meta, &mut out);
        assert!(out.contains(&("meta: party = republican".into(), 1.0)));
        assert!(out.contains(&("meta: count".into(), -1.0)));
    }
}
