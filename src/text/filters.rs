use std::borrow::Cow;
use std::collections::HashSet;

use super::{ENGLISH_STOP_WORDS, TokenFilter};
use crate::error::ModelError;

/// Lowercases tokens; allocates only for tokens that have uppercase letters.
#[derive(Debug, Clone, Copy, Default)]
pub struct LowerCaser;

impl TokenFilter for LowerCaser {
    fn apply<'a>(&self, tokens: &mut Vec<Cow<'a, str>>) {
        for token in tokens.iter_mut() {
            if token.chars().any(char::is_uppercase) {
                *token = Cow::Owned(token.to_lowercase());
            }
        }
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
    fn apply<'a>(&self, tokens: &mut Vec<Cow<'a, str>>) {
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
    fn apply<'a>(&self, tokens: &mut Vec<Cow<'a, str>>) {
        tokens.retain(|t| !self.words.contains(t.as_ref()));
    }
}

/// Snowball stems from rust-stemmers.
pub struct Stemmer {
    stemmer: rust_stemmers::Stemmer,
}

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
        Ok(Stemmer {
            stemmer: rust_stemmers::Stemmer::create(algorithm),
        })
    }

    pub fn language_names() -> impl Iterator<Item = &'static str> {
        LANGUAGES.iter().map(|(n, _)| *n)
    }
}

impl TokenFilter for Stemmer {
    fn apply<'a>(&self, tokens: &mut Vec<Cow<'a, str>>) {
        for token in tokens.iter_mut() {
            let stemmed = match token {
                Cow::Borrowed(word) => self.stemmer.stem(word),
                Cow::Owned(word) => Cow::Owned(self.stemmer.stem(word).into_owned()),
            };
            *token = stemmed;
        }
    }
}
