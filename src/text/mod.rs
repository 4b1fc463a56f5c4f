//! The analyzer: a tokenizer followed by a chain of small token filters
//! (lowercase, stop words, stems), then n-gram terms. Each stage is one type
//! behind one trait; [`AnalyzerConfig`] builds the chain and is what a model
//! file stores, so scoring always runs the pipeline training ran.

mod filters;
mod ngrams;
mod stopwords;
mod tokenizer;
mod tokens;

use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use filters::{LowerCaser, RemoveLong, Stemmer, StopWordFilter};
pub use ngrams::NGramConfig;
pub use stopwords::ENGLISH_STOP_WORDS;
pub use tokenizer::UnicodeWordTokenizer;
pub use tokens::Tokens;

use crate::error::ModelError;

/// Splits text into tokens.
pub trait Tokenizer: Send + Sync {
    fn tokenize(&self, text: &str, tokens: &mut Tokens);
}

/// Rewrites or drops tokens in place. A filter may keep buffers or caches
/// from one text to the next (hence `&mut self`); threads each work on
/// their own clone of the [`Analyzer`].
pub trait TokenFilter: Send + Sync + CloneTokenFilter {
    fn apply(&mut self, tokens: &mut Tokens);
}

/// Lets an analyzer's boxed filters be cloned.
pub trait CloneTokenFilter {
    fn clone_box(&self) -> Box<dyn TokenFilter>;
}

impl<F: TokenFilter + Clone + 'static> CloneTokenFilter for F {
    fn clone_box(&self) -> Box<dyn TokenFilter> {
        Box::new(self.clone())
    }
}

impl Clone for Box<dyn TokenFilter> {
    fn clone(&self) -> Self {
        self.clone_box()
    }
}

/// What the analyzer does to text. Stored in every model file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalyzerConfig {
    /// Snowball stemmer language (default "english"); see [`Stemmer::language_names`].
    pub language: String,
    /// Lowercase tokens (default true).
    pub lowercase: bool,
    /// Drop common function words (default false: "not", "no" and pronouns carry stance and genre).
    pub stop_words: bool,
    /// Reduce words to Snowball stems (default true).
    pub stem: bool,
    /// Tokens longer than this many bytes are dropped as noise such as URLs or hashes (default 40).
    pub max_token_len: usize,
}

impl Default for AnalyzerConfig {
    fn default() -> Self {
        AnalyzerConfig {
            language: "english".into(),
            lowercase: true,
            stop_words: false,
            stem: true,
            max_token_len: 40,
        }
    }
}

impl AnalyzerConfig {
    /// Named presets, as tantivy registers "default" and "en_stem".
    pub fn preset(name: &str) -> Option<Self> {
        let base = AnalyzerConfig::default();
        match name {
            "default" | "en_stem" => Some(base),
            "en_stop_stem" => Some(AnalyzerConfig {
                stop_words: true,
                ..base
            }),
            "plain" => Some(AnalyzerConfig {
                stem: false,
                ..base
            }),
            _ => None,
        }
    }

    pub fn build(&self) -> Result<Analyzer, ModelError> {
        if self.max_token_len == 0 {
            return Err(ModelError::InvalidParam {
                name: "max_token_len",
                value: "0".into(),
                reason: "must be at least 1",
            });
        }
        let mut filters: Vec<Box<dyn TokenFilter>> =
            vec![Box::new(RemoveLong::new(self.max_token_len))];
        if self.lowercase {
            filters.push(Box::new(LowerCaser));
        }
        if self.stop_words {
            filters.push(Box::new(StopWordFilter::english()));
        }
        if self.stem {
            filters.push(Box::new(Stemmer::new(&self.language)?));
        }
        Ok(Analyzer {
            tokenizer: Arc::new(UnicodeWordTokenizer),
            filters,
        })
    }
}

/// A tokenizer and its filters, ready to run. Clone it for each thread.
#[derive(Clone)]
pub struct Analyzer {
    tokenizer: Arc<dyn Tokenizer>,
    filters: Vec<Box<dyn TokenFilter>>,
}

impl Analyzer {
    /// Tokens of `text` after every filter, into a caller-owned buffer.
    pub fn tokens(&mut self, text: &str, tokens: &mut Tokens) {
        tokens.clear();
        self.tokenizer.tokenize(text, tokens);
        for filter in &mut self.filters {
            filter.apply(tokens);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(analyzer: &mut Analyzer, text: &str) -> Vec<String> {
        let mut tokens = Tokens::default();
        analyzer.tokens(text, &mut tokens);
        tokens.iter().map(str::to_string).collect()
    }

    #[test]
    fn default_chain_lowercases_and_stems() {
        let mut analyzer = AnalyzerConfig::default().build().unwrap();
        let text = "The Ministers were Running, can't stop.";
        let expected = ["the", "minist", "were", "run", "can't", "stop"];
        assert_eq!(tokens(&mut analyzer, text), expected);
        // Again, now that the stemmer remembers these words, and on a clone.
        assert_eq!(tokens(&mut analyzer, text), expected);
        assert_eq!(tokens(&mut analyzer.clone(), text), expected);
    }

    #[test]
    fn stop_word_preset_drops_function_words() {
        let mut analyzer = AnalyzerConfig::preset("en_stop_stem")
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(
            tokens(&mut analyzer, "The talks of the ministers"),
            ["talk", "minist"]
        );
    }

    #[test]
    fn unknown_language_is_a_typed_error() {
        let config = AnalyzerConfig {
            language: "klingon".into(),
            ..AnalyzerConfig::default()
        };
        assert!(matches!(
            config.build(),
            Err(ModelError::InvalidParam {
                name: "language",
                ..
            })
        ));
    }
}
