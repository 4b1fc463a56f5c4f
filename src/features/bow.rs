//! Bag of words: vocabulary with document-frequency limits, then TF-IDF with
//! sublinear term frequency and L2-normalised rows. IDF is learned at fit and
//! stored; scoring never recomputes it from the batch being scored.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::ModelError;
use crate::text::{Analyzer, AnalyzerConfig, NGramConfig, Tokens};

/// Settings of the bag-of-words stage. Stored in every model file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BagOfWordsConfig {
    pub analyzer: AnalyzerConfig,
    pub ngrams: NGramConfig,
    /// Keep terms seen in at least this many distinct texts (default 2).
    pub min_df: usize,
    /// Drop terms seen in more than this share of texts (default 1.0: keep all).
    pub max_df: f64,
    /// Keep at most this many terms, the most frequent first (default 200,000).
    pub max_features: Option<usize>,
    /// Use 1 + ln(tf) instead of raw counts (default true).
    pub sublinear_tf: bool,
}

impl Default for BagOfWordsConfig {
    fn default() -> Self {
        BagOfWordsConfig {
            analyzer: AnalyzerConfig::default(),
            ngrams: NGramConfig::default(),
            min_df: 2,
            max_df: 1.0,
            max_features: Some(200_000),
            sublinear_tf: true,
        }
    }
}

impl BagOfWordsConfig {
    pub fn validate(&self) -> Result<(), ModelError> {
        self.ngrams.validate()?;
        if self.min_df == 0 {
            return Err(ModelError::InvalidParam {
                name: "min_df",
                value: "0".into(),
                reason: "must be at least 1",
            });
        }
        if !(self.max_df > 0.0 && self.max_df <= 1.0) {
            return Err(ModelError::InvalidParam {
                name: "max_df",
                value: self.max_df.to_string(),
                reason: "must be in (0, 1]",
            });
        }
        if self.max_features == Some(0) {
            return Err(ModelError::InvalidParam {
                name: "max_features",
                value: "0".into(),
                reason: "must be at least 1",
            });
        }
        self.analyzer.build().map(|_| ())
    }
}

/// The learned vocabulary: terms in column order with their IDF.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vocabulary {
    pub terms: Vec<String>,
    pub idf: Vec<f64>,
}

/// A fitted bag-of-words stage.
pub struct BagOfWords {
    config: BagOfWordsConfig,
    vocabulary: Vocabulary,
    index: HashMap<String, u32, BuildHasherDefault<TermHasher>>,
    analyzer: Analyzer,
    /// Buffers of finished calls, handed to the next ones so that texts
    /// are analysed without allocating; as many as calls ran at once.
    scratch: Mutex<Vec<Scratch>>,
}

/// Hashes terms for the vocabulary lookup, where the default SipHash took
/// a quarter of the instructions spent on a text. The table is filled once from the fitted
/// vocabulary and only read afterwards: texts being scored add no keys, so
/// the keyed hash that defends tables against inputs crafted to collide
/// would protect nothing here.
#[derive(Default)]
struct TermHasher(u64);

impl TermHasher {
    /// The step of rustc's FxHasher.
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for TermHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    /// The table takes its bucket from the low bits and a tag from the
    /// top ones; MurmurHash3's finaliser spreads every input bit to both.
    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// What one text's analysis writes to, kept between texts.
struct Scratch {
    analyzer: Analyzer,
    tokens: Tokens,
    buffer: String,
    /// Occurrences per column of the text being weighed, all zero between
    /// texts: counting costs one step per occurrence, and only the
    /// distinct columns need sorting.
    counts: Vec<u32>,
    /// The columns of the text being weighed that have a count.
    columns: Vec<u32>,
}

impl Scratch {
    fn new(analyzer: &Analyzer) -> Self {
        Scratch {
            analyzer: analyzer.clone(),
            tokens: Tokens::default(),
            buffer: String::new(),
            counts: Vec::new(),
            columns: Vec::new(),
        }
    }

    /// Calls `column` with the column of every term occurrence of `text`
    /// that is in the vocabulary, in text order.
    fn for_each_column(&mut self, bow: &BagOfWords, text: &str, mut column: impl FnMut(u32)) {
        self.analyzer.tokens(text, &mut self.tokens);
        bow.config
            .ngrams
            .for_each_term(&self.tokens, &mut self.buffer, |term| {
                if let Some(&i) = bow.index.get(term) {
                    column(i);
                }
            });
    }
}

impl BagOfWords {
    /// Learns the vocabulary and IDF from distinct texts.
    pub fn fit(config: &BagOfWordsConfig, texts: &[&str]) -> Result<Self, ModelError> {
        config.validate()?;
        let analyzer = config.analyzer.build()?;
        let partial: Vec<HashMap<String, u32>> = texts
            .par_chunks(64)
            .map_init(
                || Scratch::new(&analyzer),
                |scratch, chunk| {
                    // Term → (texts it is in, last text it was seen in):
                    // counts each text once without collecting its terms.
                    let mut df: HashMap<String, (u32, usize)> = HashMap::new();
                    for (i, text) in chunk.iter().enumerate() {
                        scratch.analyzer.tokens(text, &mut scratch.tokens);
                        config
                            .ngrams
                            .for_each_term(&scratch.tokens, &mut scratch.buffer, |term| {
                                match df.get_mut(term) {
                                    Some((count, last)) => {
                                        if *last != i {
                                            *count += 1;
                                            *last = i;
                                        }
                                    }
                                    None => {
                                        df.insert(term.to_string(), (1, i));
                                    }
                                }
                            });
                    }
                    df.into_iter()
                        .map(|(term, (count, _))| (term, count))
                        .collect()
                },
            )
            .collect();
        let mut df: HashMap<String, u32> = HashMap::new();
        for part in partial {
            for (term, count) in part {
                *df.entry(term).or_insert(0) += count;
            }
        }
        let n = texts.len() as f64;
        // With no texts (text features off) the vocabulary is simply empty.
        let max_df = (config.max_df * n).floor().max(1.0) as u32;
        let mut kept: Vec<(String, u32)> = df
            .into_iter()
            .filter(|(_, d)| *d as usize >= config.min_df && *d <= max_df)
            .collect();
        // Most frequent first, ties by term, so the cut is deterministic.
        kept.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        if let Some(max) = config.max_features {
            kept.truncate(max);
        }
        kept.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        // Smoothed IDF as in scikit-learn: ln((1 + n) / (1 + df)) + 1.
        let idf = kept
            .iter()
            .map(|(_, d)| ((1.0 + n) / (1.0 + *d as f64)).ln() + 1.0)
            .collect();
        let vocabulary = Vocabulary {
            terms: kept.into_iter().map(|(t, _)| t).collect(),
            idf,
        };
        Self::from_parts(config.clone(), vocabulary)
    }

    /// Rebuilds a fitted stage from its saved parts.
    pub fn from_parts(
        config: BagOfWordsConfig,
        vocabulary: Vocabulary,
    ) -> Result<Self, ModelError> {
        let analyzer = config.analyzer.build()?;
        let index = vocabulary
            .terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i as u32))
            .collect();
        Ok(BagOfWords {
            config,
            vocabulary,
            index,
            analyzer,
            scratch: Mutex::new(Vec::new()),
        })
    }

    pub fn config(&self) -> &BagOfWordsConfig {
        &self.config
    }

    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    pub fn len(&self) -> usize {
        self.vocabulary.terms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.vocabulary.terms.is_empty()
    }

    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }

    /// Runs `f` with buffers no other call is using.
    fn with_scratch<R>(&self, f: impl FnOnce(&mut Scratch) -> R) -> R {
        let taken = self
            .scratch
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        let mut scratch = taken.unwrap_or_else(|| Scratch::new(&self.analyzer));
        let result = f(&mut scratch);
        self.scratch
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(scratch);
        result
    }

    /// Appends the column of every term occurrence of `text` that is in the
    /// vocabulary, in text order.
    pub fn term_ids(&self, text: &str, ids: &mut Vec<u32>) {
        self.with_scratch(|scratch| scratch.for_each_column(self, text, |i| ids.push(i)));
    }

    /// The L2-normalised TF-IDF vector of a text, sorted by column, and the
    /// number of term occurrences that were in the vocabulary.
    pub fn vector(&self, text: &str) -> (Vec<(u32, f64)>, usize) {
        self.with_scratch(|scratch| {
            let mut counts = std::mem::take(&mut scratch.counts);
            let mut columns = std::mem::take(&mut scratch.columns);
            counts.resize(self.len(), 0);
            let mut known = 0;
            scratch.for_each_column(self, text, |i| {
                known += 1;
                let count = &mut counts[i as usize];
                if *count == 0 {
                    columns.push(i);
                }
                *count += 1;
            });
            columns.sort_unstable();
            let mut row: Vec<(u32, f64)> = columns
                .drain(..)
                .map(|i| (i, f64::from(std::mem::take(&mut counts[i as usize]))))
                .collect();
            self.weigh(&mut row);
            scratch.counts = counts;
            scratch.columns = columns;
            (row, known)
        })
    }

    /// Turns term counts, sorted by column, into L2-normalised TF-IDF.
    fn weigh(&self, row: &mut [(u32, f64)]) {
        let mut norm = 0.0;
        for (i, value) in row.iter_mut() {
            let tf = if self.config.sublinear_tf {
                1.0 + value.ln()
            } else {
                *value
            };
            *value = tf * self.vocabulary.idf[*i as usize];
            norm += *value * *value;
        }
        if norm > 0.0 {
            let norm = norm.sqrt();
            row.iter_mut().for_each(|(_, v)| *v /= norm);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idf_matches_scikit_learn_smoothing() {
        // scikit-learn TfidfVectorizer(smooth_idf=True) on ["a b", "a c"]:
        // idf(a) = ln(3/3) + 1 = 1, idf(b) = ln(3/2) + 1 = 1.405465.
        let config = BagOfWordsConfig {
            min_df: 1,
            ngrams: NGramConfig {
                word: (1, 1),
                char: None,
            },
            analyzer: AnalyzerConfig {
                stem: false,
                ..AnalyzerConfig::default()
            },
            ..BagOfWordsConfig::default()
        };
        let bow = BagOfWords::fit(&config, &["a b", "a c"]).unwrap();
        assert_eq!(bow.vocabulary().terms, ["a", "b", "c"]);
        assert!((bow.vocabulary().idf[1] - 1.405465).abs() < 1e-6);
        let (row, known) = bow.vector("b b z");
        assert_eq!(known, 2);
        assert_eq!(row.len(), 1);
        assert!(
            (row[0].1 - 1.0).abs() < 1e-12,
            "a single term has unit norm"
        );
    }

    #[test]
    fn min_df_and_max_features_cut_the_vocabulary() {
        let config = BagOfWordsConfig {
            min_df: 2,
            max_features: Some(1),
            ngrams: NGramConfig {
                word: (1, 1),
                char: None,
            },
            ..BagOfWordsConfig::default()
        };
        let bow = BagOfWords::fit(&config, &["x y z", "x y", "x"]).unwrap();
        assert_eq!(bow.vocabulary().terms, ["x"]);
    }
}
