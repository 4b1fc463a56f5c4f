use serde::{Deserialize, Serialize};

use super::Tokens;
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

    /// Calls `emit` with every term of the token sequence. Word n-grams are
    /// borrowed from `tokens`; `buffer` is reused for character n-grams, so a
    /// term costs no allocation unless the caller keeps it.
    pub fn for_each_term(&self, tokens: &Tokens, buffer: &mut String, mut emit: impl FnMut(&str)) {
        let (lo, hi) = self.word;
        for start in 0..tokens.len() {
            for n in lo..=hi {
                if start + n > tokens.len() {
                    break;
                }
                emit(tokens.joined(start..start + n));
            }
        }
        if let Some((lo, hi)) = self.char {
            buffer.clear();
            buffer.push_str(CHAR_PREFIX);
            for token in tokens.iter() {
                char_ngrams(token, (lo, hi), buffer, &mut emit);
            }
        }
    }
}

/// The character n-grams of `token` marked as `<token>`, each written after
/// the prefix already in `buffer`. The marks are added as the n-grams are
/// written, so the token itself is never copied into a marked form.
fn char_ngrams(
    token: &str,
    (lo, hi): (usize, usize),
    buffer: &mut String,
    emit: &mut impl FnMut(&str),
) {
    let prefix = buffer.len();
    // Most tokens are ASCII, where characters are bytes.
    let ascii = token.is_ascii();
    let marked_len = if ascii {
        token.len()
    } else {
        token.chars().count()
    } + 2;
    // The token from the first of its characters the n-grams at `start` cover.
    let mut rest = token;
    for start in 0..marked_len {
        if start >= 2 {
            let mut chars = rest.chars();
            chars.next();
            rest = chars.as_str();
        }
        for n in lo..=hi {
            let end = start + n;
            if end > marked_len {
                break;
            }
            buffer.truncate(prefix);
            let opens = start == 0;
            let closes = end == marked_len;
            if opens {
                buffer.push('<');
            }
            let inner = n - usize::from(opens) - usize::from(closes);
            let bytes = if ascii {
                inner
            } else {
                rest.char_indices()
                    .nth(inner)
                    .map_or(rest.len(), |(i, _)| i)
            };
            buffer.push_str(&rest[..bytes]);
            if closes {
                buffer.push('>');
            }
            emit(buffer);
        }
    }
    buffer.truncate(prefix);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(config: &NGramConfig, words: &[&str]) -> Vec<String> {
        let mut tokens = Tokens::default();
        for word in words {
            tokens.push(word);
        }
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
    fn char_ngrams_of_any_range_are_the_char_windows() {
        // The n-grams as they were first written: windows over a Vec<char>.
        fn windows(token: &str, (lo, hi): (usize, usize)) -> Vec<String> {
            let chars: Vec<char> = format!("<{token}>").chars().collect();
            let mut out = Vec::new();
            for start in 0..chars.len() {
                for n in lo..=hi {
                    if start + n > chars.len() {
                        break;
                    }
                    out.push(format!(
                        "c:{}",
                        chars[start..start + n].iter().collect::<String>()
                    ));
                }
            }
            out
        }
        let words = [
            "",
            "a",
            "iran",
            "naïve",
            "日本語",
            "e\u{301}t\u{e9}",
            "Straße",
        ];
        for lo in 1..=8 {
            for hi in lo..=8 {
                let config = NGramConfig {
                    word: (8, 8),
                    char: Some((lo, hi)),
                };
                let expected: Vec<String> =
                    words.iter().flat_map(|w| windows(w, (lo, hi))).collect();
                assert_eq!(terms(&config, &words), expected, "{lo}-{hi}");
            }
        }
    }

    #[test]
    fn word_ngrams_longer_than_the_text_are_skipped() {
        let config = NGramConfig {
            word: (2, 3),
            char: None,
        };
        assert_eq!(terms(&config, &["a", "b", "c"]), ["a b", "a b c", "b c"]);
        assert!(terms(&config, &["a"]).is_empty());
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
