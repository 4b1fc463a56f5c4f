use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::error::ModelError;

/// Which terms are made from tokens: word n-grams and, optionally,
/// character n-grams inside words (useful for morphology and misspellings).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NGramConfig {
    /// Word n-gram lengths, inclusive (default 1–2).
    pub word: (usize, usize),
    /// Character n-gram lengths inside word boundaries, inclusive (default none).
    pub char: Option<(usize, usize)>,
}

impl Default for NGramConfig {
    fn default() -> Self {
        NGramConfig {
            word: (1, 2),
            char: None,
        }
    }
}

/// Prefix that keeps character n-grams apart from words in one vocabulary.
pub const CHAR_PREFIX: &str = "c:";

impl NGramConfig {
    pub fn validate(&self) -> Result<(), ModelError> {
        let bad_range = |(lo, hi): (usize, usize)| lo == 0 || hi < lo || hi > 8;
        if bad_range(self.word) {
            return Err(ModelError::InvalidParam {
                name: "ngrams",
                value: format!("{}-{}", self.word.0, self.word.1),
                reason: "needs 1 <= min <= max <= 8",
            });
        }
        if let Some(range) = self.char
            && bad_range(range)
        {
            return Err(ModelError::InvalidParam {
                name: "char_ngrams",
                value: format!("{}-{}", range.0, range.1),
                reason: "needs 1 <= min <= max <= 8",
            });
        }
        Ok(())
    }

    /// Calls `emit` with every term of the token sequence. `buffer` is reused
    /// for joined n-grams, so a term costs no allocation unless the caller keeps it.
    pub fn for_each_term(
        &self,
        tokens: &[Cow<'_, str>],
        buffer: &mut String,
        mut emit: impl FnMut(&str),
    ) {
        let (lo, hi) = self.word;
        for start in 0..tokens.len() {
            for n in lo..=hi {
                if start + n > tokens.len() {
                    break;
                }
                if n == 1 {
                    emit(&tokens[start]);
                    continue;
                }
                buffer.clear();
                for (i, token) in tokens[start..start + n].iter().enumerate() {
                    if i > 0 {
                        buffer.push(' ');
                    }
                    buffer.push_str(token);
                }
                emit(buffer);
            }
        }
        if let Some((clo, chi)) = self.char {
            let mut chars: Vec<char> = Vec::new();
            for token in tokens {
                chars.clear();
                chars.push('<');
                chars.extend(token.chars());
                chars.push('>');
                for start in 0..chars.len() {
                    for n in clo..=chi {
                        if start + n > chars.len() {
                            break;
                        }
                        buffer.clear();
                        buffer.push_str(CHAR_PREFIX);
                        buffer.extend(&chars[start..start + n]);
                        emit(buffer);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(config: &NGramConfig, words: &[&'static str]) -> Vec<String> {
        let tokens: Vec<Cow<'_, str>> = words.iter().map(|w| Cow::Borrowed(*w)).collect();
        let mut out = Vec::new();
        config.for_each_term(&tokens, &mut String::new(), |t| out.push(t.to_string()));
        out
    }

    #[test]
    fn unigrams_and_bigrams_in_order() {
        assert_eq!(
            terms(&NGramConfig::default(), &["axis", "of", "resist"]),
            ["axis", "axis of", "of", "of resist", "resist"]
        );
    }

    #[test]
    fn char_ngrams_are_prefixed_and_bounded() {
        let config = NGramConfig {
            word: (1, 1),
            char: Some((3, 3)),
        };
        assert_eq!(
            terms(&config, &["iran"]),
            ["iran", "c:<ir", "c:ira", "c:ran", "c:an>"]
        );
    }

    #[test]
    fn invalid_ranges_are_rejected() {
        let config = NGramConfig {
            word: (2, 1),
            char: None,
        };
        assert!(config.validate().is_err());
    }
}
