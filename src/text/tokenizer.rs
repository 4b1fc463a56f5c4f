use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;

use super::Tokenizer;

/// Unicode word boundaries (UAX #29): words and numbers, no punctuation.
#[derive(Debug, Clone, Copy, Default)]
pub struct UnicodeWordTokenizer;

impl Tokenizer for UnicodeWordTokenizer {
    fn tokenize<'a>(&self, text: &'a str, tokens: &mut Vec<Cow<'a, str>>) {
        tokens.extend(text.unicode_words().map(Cow::Borrowed));
    }
}
