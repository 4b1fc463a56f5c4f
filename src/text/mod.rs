//! The analyzer: a tokenizer followed by a chain of small token filters
//! (lowercase, stop words, stems), then n-gram terms. Each stage is one type
//! behind one trait; [`AnalyzerConfig`] builds the chain and is what a model
//! file stores, so scoring always runs the pipeline training ran.

mod filters;
mod ngrams;
mod stopwords;
mod tokenizer;

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

pub use filters::{LowerCaser, RemoveLong, Stemmer, StopWordFilter};
pub use ngrams::NGramConfig;
pub use stopwords::ENGLISH_STOP_WORDS;
pub use tokenizer::UnicodeWordTokenizer;

use crate::error::ModelError;

/// Splits text into tokens borrowed from it.
pub trait Tokenizer: Send + Sync {
    fn tokenize<'a>(&self, text: &'a str, tokens: &mut Vec<Cow<'a, str>>);
}

/// Rewrites or drops tokens in place. Filters allocate only for tokens they change.
pub trait TokenFilter: Send + Sync {
    fn apply<'a>(&self, tokens: &mut Vec<Cow<'a, str>>);
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
            tokenizer: Box::new(UnicodeWordTokenizer),
            filters,
        })
    }
}

/// A tokenizer and its filters, ready to run.
pub struct Analyzer {
    tokenizer: Box<dyn Tokenizer>,
    filters: Vec<Box<dyn TokenFilter>>,
}

impl Analyzer {
    /// Tokens of `text` after every filter, into a caller-owned buffer.
    pub fn tokens<'a>(&self, text: &'a str, tokens: &mut Vec<Cow<'a, str>>) {
        tokens.clear();
        self.tokenizer.tokenize(text, tokens);
        for filter in &self.filters {
            filter.apply(tokens);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_chain_lowercases_and_stems() {
        let analyzer = AnalyzerConfig::default().build().unwrap();
        let mut tokens = Vec::new();
        analyzer.tokens("The Ministers were Running, can't stop.", &mut tokens);
        assert_eq!(tokens, ["the", "minist", "were", "run", "can't", "stop"]);
    }

    #[test]
    fn stop_word_preset_drops_function_words() {
        let analyzer = AnalyzerConfig::preset("en_stop_stem")
            .unwrap()
            .build()
            .unwrap();
        let mut tokens = Vec::new();
        analyzer.tokens("The talks of the ministers", &mut tokens);
        assert_eq!(tokens, ["talk", "minist"]);
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
