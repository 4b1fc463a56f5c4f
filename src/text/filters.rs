use std::collections::{HashMap, HashSet};

use super::{ENGLISH_STOP_WORDS, TokenFilter, Tokens};
use crate::error::ModelError;

/// Lowercases tokens that have an uppercase letter, as `str::to_lowercase` does.
#[derive(Debug, Clone, Copy, Default)]
pub struct LowerCaser;

impl TokenFilter for LowerCaser {
    fn apply(&mut self, tokens: &mut Tokens) {
        tokens.rewrite(|token, out| {
            let start = out.len();
            out.push_str(token);
            if token.is_ascii() {
                out[start..].make_ascii_lowercase();
            } else if token.chars().any(char::is_uppercase) {
                out.truncate(start);
                lowercase_into(token, out);
            }
        });
    }
}

/// `str::to_lowercase`, written into `out` instead of a new String.
fn lowercase_into(token: &str, out: &mut String) {
    // Only capital sigma depends on its neighbours (final ς); leave that
    // rare case to the standard library rather than copy its word rules.
    if token.contains('Σ') {
        out.push_str(&token.to_lowercase());
    } else {
        out.extend(token.chars().flat_map(char::to_lowercase));
    }
}

/// Drops tokens longer than a byte limit.
#[derive(Debug, Clone, Copy)]
pub struct RemoveLong {
    max_bytes: usize,
}

impl RemoveLong {
    pub fn new(max_bytes: usize) -> Self {
        RemoveLong { max_bytes }
    }
}

impl TokenFilter for RemoveLong {
    fn apply(&mut self, tokens: &mut Tokens) {
        tokens.retain(|t| t.len() <= self.max_bytes);
    }
}

/// Drops stop words (expects lowercase tokens).
#[derive(Debug, Clone)]
pub struct StopWordFilter {
    words: HashSet<&'static str>,
}

impl StopWordFilter {
    pub fn english() -> Self {
        StopWordFilter {
            words: ENGLISH_STOP_WORDS.iter().copied().collect(),
        }
    }
}

impl TokenFilter for StopWordFilter {
    fn apply(&mut self, tokens: &mut Tokens) {
        tokens.retain(|t| !self.words.contains(t));
    }
}

/// Snowball stems from rust-stemmers, remembered per word.
pub struct Stemmer {
    algorithm: rust_stemmers::Algorithm,
    stemmer: rust_stemmers::Stemmer,
    /// Word → stem. Words recur (Zipf), and a lookup costs far less than
    /// the Snowball rules, which also allocate for every word they change.
    /// The texts add the keys, so this keeps the default keyed hash.
    known: HashMap<Box<str>, Box<str>>,
}

/// Past this many remembered words the memory is dropped and starts over,
/// so that a long run over many texts does not grow without bound.
const STEMMER_MEMORY: usize = 50_000;

const LANGUAGES: &[(&str, rust_stemmers::Algorithm)] = {
    use rust_stemmers::Algorithm::*;
    &[
        ("arabic", Arabic),
        ("danish", Danish),
        ("dutch", Dutch),
        ("english", English),
        ("finnish", Finnish),
        ("french", French),
        ("german", German),
        ("greek", Greek),
        ("hungarian", Hungarian),
        ("italian", Italian),
        ("norwegian", Norwegian),
        ("portuguese", Portuguese),
        ("romanian", Romanian),
        ("russian", Russian),
        ("spanish", Spanish),
        ("swedish", Swedish),
        ("tamil", Tamil),
        ("turkish", Turkish),
    ]
};

impl Stemmer {
    pub fn new(language: &str) -> Result<Self, ModelError> {
        let algorithm = LANGUAGES
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(language))
            .map(|(_, a)| *a)
            .ok_or_else(|| ModelError::InvalidParam {
                name: "language",
                value: language.to_string(),
                reason: "not a Snowball language (arabic, danish, dutch, english, finnish, french, german, greek, hungarian, italian, norwegian, portuguese, romanian, russian, spanish, swedish, tamil, turkish)",
            })?;
        Ok(Self::from_algorithm(algorithm))
    }

    fn from_algorithm(algorithm: rust_stemmers::Algorithm) -> Self {
        Stemmer {
            algorithm,
            stemmer: rust_stemmers::Stemmer::create(algorithm),
            known: HashMap::new(),
        }
    }

    pub fn language_names() -> impl Iterator<Item = &'static str> {
        LANGUAGES.iter().map(|(n, _)| *n)
    }
}

/// A clone starts with no remembered words: it is what a new thread gets.
impl Clone for Stemmer {
    fn clone(&self) -> Self {
        Self::from_algorithm(self.algorithm)
    }
}

impl TokenFilter for Stemmer {
    fn apply(&mut self, tokens: &mut Tokens) {
        let Stemmer { stemmer, known, .. } = self;
        tokens.rewrite(|word, out| {
            if let Some(stem) = known.get(word) {
                out.push_str(stem);
                return;
            }
            let stem = stemmer.stem(word);
            out.push_str(&stem);
            if known.len() >= STEMMER_MEMORY {
                known.clear();
            }
            known.insert(word.into(), stem.into());
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(filter: &mut impl TokenFilter, words: &[&str]) -> Vec<String> {
        let mut tokens = Tokens::default();
        for word in words {
            tokens.push(word);
        }
        filter.apply(&mut tokens);
        tokens.iter().map(str::to_string).collect()
    }

    #[test]
    fn lowercase_matches_str_to_lowercase() {
        let words = [
            "Minister",
            "already",
            "ÉCOLE",
            "İstanbul",
            "ΟΔΥΣΣΕΥΣ",
            "ΣΑΣ",
            "Σ",
            "ǅemal",
            "ǄEMAL",
            "ẞTRASSE",
            "ＡＢＣ",
            "Ǆ\u{301}A",
            "日本",
            "",
        ];
        let expected: Vec<String> = words
            .iter()
            .map(|w| {
                // What the filter did before it wrote into a shared buffer.
                if w.chars().any(char::is_uppercase) {
                    w.to_lowercase()
                } else {
                    w.to_string()
                }
            })
            .collect();
        assert_eq!(apply(&mut LowerCaser, &words), expected);
    }

    #[test]
    fn remembered_stems_are_the_snowball_stems() {
        let words = [
            "running",
            "ministers",
            "running",
            "happy",
            "ministers",
            "run",
        ];
        let mut stemmer = Stemmer::new("english").unwrap();
        let first = apply(&mut stemmer, &words);
        assert_eq!(first, ["run", "minist", "run", "happi", "minist", "run"]);
        assert_eq!(stemmer.known.len(), 4);
        assert_eq!(apply(&mut stemmer, &words), first);
        assert_eq!(apply(&mut stemmer.clone(), &words), first);
    }
}
