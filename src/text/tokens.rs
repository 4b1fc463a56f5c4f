use std::ops::Range;

/// The tokens of one text, kept from text to text so that analysis stops
/// allocating once the buffers have grown (tantivy reuses its `Token` the
/// same way).
///
/// The tokens are stored joined by single spaces, which is exactly how a
/// word n-gram is spelled: any run of consecutive tokens is a slice of the
/// buffer ([`Tokens::joined`]), so n-grams are looked up without being built.
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    text: String,
    /// Byte offset in `text` where each token ends; the next starts one byte later.
    ends: Vec<usize>,
    /// Where filters write their output before it is swapped into `text`.
    spare: String,
}

impl Tokens {
    pub fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
    }

    pub fn push(&mut self, token: &str) {
        if !self.ends.is_empty() {
            self.text.push(' ');
        }
        self.text.push_str(token);
        self.ends.push(self.text.len());
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    fn start(&self, i: usize) -> usize {
        if i == 0 { 0 } else { self.ends[i - 1] + 1 }
    }

    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        Some(&self.text[self.start(i)..end])
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(|i| &self.text[self.start(i)..self.ends[i]])
    }

    /// The tokens in `range` joined by single spaces, borrowed from the buffer.
    pub fn joined(&self, range: Range<usize>) -> &str {
        if range.is_empty() {
            return "";
        }
        &self.text[self.start(range.start)..self.ends[range.end - 1]]
    }

    /// Keeps the tokens for which `keep` is true, in order.
    pub fn retain(&mut self, mut keep: impl FnMut(&str) -> bool) {
        let n = self.ends.len();
        let mut i = 0;
        let mut start = 0;
        // Most texts lose no token at all: then nothing is copied.
        while i < n {
            let end = self.ends[i];
            if !keep(&self.text[start..end]) {
                break;
            }
            start = end + 1;
            i += 1;
        }
        if i == n {
            return;
        }
        self.spare.clear();
        self.spare.push_str(&self.text[..start.saturating_sub(1)]);
        let mut kept = i;
        start = self.ends[i] + 1;
        for i in i + 1..n {
            let end = self.ends[i];
            let token = &self.text[start..end];
            if keep(token) {
                if kept > 0 {
                    self.spare.push(' ');
                }
                self.spare.push_str(token);
                self.ends[kept] = self.spare.len();
                kept += 1;
            }
            start = end + 1;
        }
        self.ends.truncate(kept);
        std::mem::swap(&mut self.text, &mut self.spare);
    }

    /// Replaces every token by what `rewrite` appends to the buffer it is given.
    pub fn rewrite(&mut self, mut rewrite: impl FnMut(&str, &mut String)) {
        self.spare.clear();
        let mut start = 0;
        for i in 0..self.ends.len() {
            let end = self.ends[i];
            if i > 0 {
                self.spare.push(' ');
            }
            rewrite(&self.text[start..end], &mut self.spare);
            self.ends[i] = self.spare.len();
            start = end + 1;
        }
        std::mem::swap(&mut self.text, &mut self.spare);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(words: &[&str]) -> Tokens {
        let mut tokens = Tokens::default();
        for word in words {
            tokens.push(word);
        }
        tokens
    }

    #[test]
    fn runs_of_tokens_are_their_space_joined_text() {
        let tokens = tokens(&["axis", "", "of", "resist"]);
        assert_eq!(tokens.get(1), Some(""));
        assert_eq!(tokens.get(4), None);
        assert_eq!(tokens.joined(0..2), "axis ");
        assert_eq!(tokens.joined(1..4), " of resist");
        assert_eq!(tokens.joined(3..3), "");
    }

    #[test]
    fn retain_and_rewrite_keep_order_and_spacing() {
        let mut t = tokens(&["a", "bb", "ccc", "dd", "e"]);
        t.retain(|w| w.len() != 2);
        assert_eq!(t.iter().collect::<Vec<_>>(), ["a", "ccc", "e"]);
        assert_eq!(t.joined(0..3), "a ccc e");
        t.retain(|w| w != "a");
        assert_eq!(t.joined(0..2), "ccc e");
        t.rewrite(|w, out| {
            out.push_str(w);
            out.push_str(w);
        });
        assert_eq!(t.iter().collect::<Vec<_>>(), ["cccccc", "ee"]);
        t.retain(|_| false);
        assert!(t.is_empty());
        assert_eq!(t.iter().count(), 0);
        t.push("again");
        assert_eq!(t.joined(0..1), "again");
    }
}
