//! Bag of words: vocabulary with document-frequency limits, then TF-IDF with
//! sublinear term frequency and L2-normalised rows. IDF is learned at fit and
//! stored; scoring never recomputes it from the batch being scored.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::ModelError;
use crate::text::{Analyzer, AnalyzerConfig, NGramConfig};

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
    index: HashMap<String, u32>,
    analyzer: Analyzer,
}

impl BagOfWords {
    /// Learns the vocabulary and IDF from distinct texts.
    pub fn fit(config: &BagOfWordsConfig, texts: &[&str]) -> Result<Self, ModelError> {
        config.validate()?;
        let analyzer = config.analyzer.build()?;
        let partial: Vec<HashMap<String, u32>> = texts
            .par_chunks(64)
            .map(|chunk| {
                let mut df: HashMap<String, u32> = HashMap::new();
                let mut tokens = Vec::new();
                let mut buffer = String::new();
                let mut seen: Vec<String> = Vec::new();
                for text in chunk {
                    analyzer.tokens(text, &mut tokens);
                    seen.clear();
                    config
                        .ngrams
                        .for_each_term(&tokens, &mut buffer, |t| seen.push(t.to_string()));
                    seen.sort_unstable();
                    seen.dedup();
                    for term in seen.drain(..) {
                        *df.entry(term).or_insert(0) += 1;
                    }
                }
                df
            })
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

    /// Appends the column of every term occurrence of `text` that is in the
    /// vocabulary, in text order.
    pub fn term_ids(&self, text: &str, ids: &mut Vec<u32>) {
        let mut tokens = Vec::new();
        let mut buffer = String::new();
        self.analyzer.tokens(text, &mut tokens);
        self.config
            .ngrams
            .for_each_term(&tokens, &mut buffer, |term| {
                if let Some(&i) = self.index.get(term) {
                    ids.push(i);
                }
            });
    }

    /// The L2-normalised TF-IDF vector of a text, sorted by column, and the
    /// number of term occurrences that were in the vocabulary.
    pub fn vector(&self, text: &str) -> (Vec<(u32, f64)>, usize) {
        let mut hits: Vec<u32> = Vec::new();
        self.term_ids(text, &mut hits);
        let known = hits.len();
        hits.sort_unstable();
        let mut row: Vec<(u32, f64)> = Vec::with_capacity(hits.len());
        for i in hits {
            match row.last_mut() {
                Some((last, count)) if *last == i => *count += 1.0,
                _ => row.push((i, 1.0)),
            }
        }
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
        (row, known)
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
