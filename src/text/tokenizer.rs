use unicode_segmentation::UnicodeSegmentation;

use super::{Tokenizer, Tokens};

/// Unicode word boundaries (UAX #29): words and numbers, no punctuation.
#[derive(Debug, Clone, Copy, Default)]
pub struct UnicodeWordTokenizer;

impl UnicodeWordTokenizer {
    /// How many words `tokenize` would yield, without storing them.
    pub fn count_words(text: &str) -> usize {
        Regions::new(text).map(|r| r.unicode_words().count()).sum()
    }
}

impl Tokenizer for UnicodeWordTokenizer {
    fn tokenize(&self, text: &str, tokens: &mut Tokens) {
        for region in Regions::new(text) {
            for word in region.unicode_words() {
                tokens.push(word);
            }
        }
    }
}

/// `unicode_words` has a fast path for all-ASCII strings, but one curly
/// quote or dash sends a whole article down the general path. Cutting the
/// text into regions lets the ASCII stretches between such characters take
/// the fast path.
///
/// A cut is made only just before a space that follows an ASCII character
/// other than a space. UAX #29 always breaks there (no rule joins a space to
/// anything but another space or a following Extend/Format/ZWJ), and no rule
/// looks past it in either direction with a different outcome than at the
/// start or end of the text, so the words of the regions are the words of
/// the whole text.
struct Regions<'a> {
    text: &'a str,
    /// Where the next region starts.
    at: usize,
}

impl<'a> Regions<'a> {
    fn new(text: &'a str) -> Self {
        Regions { text, at: 0 }
    }

    fn is_cut(bytes: &[u8], i: usize) -> bool {
        bytes[i] == b' ' && bytes[i - 1] != b' ' && bytes[i - 1].is_ascii()
    }
}

impl<'a> Iterator for Regions<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let bytes = self.text.as_bytes();
        let start = self.at;
        if start >= bytes.len() {
            return None;
        }
        let Some(offset) = bytes[start..].iter().position(|b| !b.is_ascii()) else {
            self.at = bytes.len();
            return Some(&self.text[start..]);
        };
        let first_non_ascii = start + offset;
        // The ASCII text before the last cut ahead of the non-ASCII character.
        if let Some(cut) = (start + 1..first_non_ascii)
            .rev()
            .find(|&i| Self::is_cut(bytes, i))
        {
            self.at = cut;
            return Some(&self.text[start..cut]);
        }
        // Then everything up to the first cut after it.
        let end = (first_non_ascii + 1..bytes.len())
            .find(|&i| Self::is_cut(bytes, i))
            .unwrap_or(bytes.len());
        self.at = end;
        Some(&self.text[start..end])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut tokens = Tokens::default();
        UnicodeWordTokenizer.tokenize(text, &mut tokens);
        tokens.iter().map(str::to_string).collect()
    }

    #[test]
    fn regions_cut_only_before_a_space_after_ascii() {
        let text = "Oil rose “sharply” on — Tuesday, said traders.";
        let regions: Vec<&str> = Regions::new(text).collect();
        assert_eq!(regions.concat(), text);
        assert_eq!(
            regions,
            ["Oil rose", " “sharply” on", " — Tuesday,", " said traders."]
        );
    }

    #[test]
    fn same_words_as_unicode_words_on_the_whole_text() {
        // Characters around which UAX #29 has rules: spaces of both kinds,
        // newlines, combining marks, joiners, format characters, letters
        // of several scripts, digits, quotes, separators, flags, emoji.
        let pool: Vec<char> = concat!(
            "aZ09 _.,;:'\"\t\n\r\u{b}\u{c}-é",
            "\u{301}\u{903}\u{200d}\u{200b}\u{ad}\u{2060}",
            "\u{3000}\u{2003}\u{a0}\u{1680}’“”—",
            "ßİΣσאבカタ日本한🇫🇷👍©\u{fe0f}٣"
        )
        .chars()
        .collect();
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let len = (next() % 24) as usize;
            let text: String = (0..len)
                .map(|_| pool[(next() % pool.len() as u64) as usize])
                .collect();
            let expected: Vec<String> = text.unicode_words().map(str::to_string).collect();
            assert_eq!(words(&text), expected, "{text:?}");
            assert_eq!(UnicodeWordTokenizer::count_words(&text), expected.len());
        }
    }
}
