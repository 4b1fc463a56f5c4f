//! Lines and their shape: splitting a page's text into normalised lines, and
//! the cheap measures (words, sentence ending, truncation) every rule reads.
//! Each measure is computed once per line, in time linear in its length.

/// One non-empty input line, whitespace normalised.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub text: String,
    /// A blank line (or the start of the input) came right before this one.
    pub blank_before: bool,
    pub shape: Shape,
}

/// What a line looks like, measured once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Shape {
    pub words: usize,
    pub chars: usize,
    /// Ends a sentence with `.`, `!` or `?` (closing quotes and brackets allowed after).
    pub sentence_end: bool,
    /// Ends with an ellipsis, as teasers and excerpts do.
    pub truncated: bool,
    /// Starts with a bullet or dash marker.
    pub bulleted: bool,
}

impl Shape {
    pub fn of(text: &str) -> Shape {
        let words = text.split_whitespace().count();
        let chars = text.chars().count();
        let tail = strip_closers(text);
        let truncated = tail.ends_with('…')
            || tail.ends_with("...")
            || tail.ends_with("[…]")
            || tail.ends_with("[...]");
        let sentence_end =
            !truncated && (tail.ends_with(['.', '!', '?']) || ends_with_credit(text));
        let bulleted = text.starts_with([
            '•', '·', '▪', '◦', '‣', '*', '►', '▶', '■', '-', '–', '—', '>', '»',
        ]) && text.chars().nth(1).is_some_and(char::is_whitespace);
        Shape {
            words,
            chars,
            sentence_end,
            truncated,
            bulleted,
        }
    }

    /// A paragraph of running text: a finished sentence of some length, or a
    /// long run of words.
    pub fn is_prose(&self) -> bool {
        (self.sentence_end && self.words >= 6) || (self.words >= 25 && !self.truncated)
    }

    /// A menu-sized line: a few words and no finished sentence.
    pub fn is_short(&self) -> bool {
        self.words <= 4 && self.chars <= 40 && !self.sentence_end
    }
}

/// "... on Friday. (ANI)": a finished sentence followed by a short bracketed credit.
fn ends_with_credit(text: &str) -> bool {
    let Some(body) = text.trim_end().strip_suffix(')') else {
        return false;
    };
    let Some(open) = body.rfind('(') else {
        return false;
    };
    body.len() - open <= 40 && strip_closers(body[..open].trim_end()).ends_with(['.', '!', '?'])
}

/// `text` without trailing quotes, brackets, asterisks and spaces.
pub(crate) fn strip_closers(text: &str) -> &str {
    text.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']', '*', '_', ' '])
}

/// Splits `text` into non-empty normalised lines (see [`normalise_line`]).
/// CRLF, CR, LF and the Unicode line and paragraph separators all end a line.
pub(crate) fn split_lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut blank_before = true;
    let text = text.replace("\r\n", "\n");
    for raw in text.split(['\n', '\r', '\u{2028}', '\u{2029}', '\u{0b}', '\u{0c}']) {
        let text = normalise_line(raw);
        if text.is_empty() {
            blank_before = true;
            continue;
        }
        let shape = Shape::of(&text);
        out.push(Line {
            text,
            blank_before,
            shape,
        });
        blank_before = false;
    }
    out
}

/// Collapses runs of whitespace (including no-break and other Unicode
/// spaces) to one space, drops zero-width characters, a BOM and control
/// characters, and trims.
pub(crate) fn normalise_line(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut pending_space = false;
    for c in raw.chars() {
        if matches!(
            c,
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
        ) {
            continue;
        }
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if c.is_control() {
            continue;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    out
}

/// `text` with a leading bullet or dash marker removed.
pub(crate) fn strip_bullet(text: &str) -> &str {
    text.trim_start_matches([
        '•', '·', '▪', '◦', '‣', '*', '►', '▶', '■', '-', '–', '—', '>', '»', ' ',
    ])
}

/// Whether the first letter of `word` is uppercase (digits count as
/// capitalised, as in "10 Downing Street").
pub(crate) fn is_capitalised(word: &str) -> bool {
    word.trim_start_matches(|c: char| !c.is_alphanumeric())
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Whether every letter of `text` is uppercase and it has at least `min` letters.
pub(crate) fn is_all_caps(text: &str, min: usize) -> bool {
    let mut letters = 0;
    for c in text.chars() {
        if c.is_alphabetic() {
            if c.is_lowercase() {
                return false;
            }
            letters += 1;
        }
    }
    letters >= min
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_whitespace_and_invisible_characters() {
        assert_eq!(
            normalise_line("  a\u{a0}\u{a0}b\t c\u{200b}d \u{feff}"),
            "a b cd"
        );
        assert_eq!(normalise_line(" \t "), "");
    }

    #[test]
    fn splits_on_every_line_ending_and_remembers_blank_lines() {
        let lines = split_lines("one\r\ntwo\rthree\n\n four ");
        let texts: Vec<_> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["one", "two", "three", "four"]);
        let blanks: Vec<_> = lines.iter().map(|l| l.blank_before).collect();
        assert_eq!(blanks, [true, false, false, true]);
    }

    #[test]
    fn prose_and_short_shapes() {
        assert!(Shape::of("The council voted on Tuesday to close the bridge.").is_prose());
        assert!(Shape::of("\"We will not move,\" she said on Friday afternoon.\"").is_prose());
        assert!(!Shape::of("Port strike enters third week").is_prose());
        assert!(!Shape::of("The minister said the plan would take years to…").is_prose());
        assert!(Shape::of("World News").is_short());
        assert!(!Shape::of("Stop.").is_short());
        assert!(Shape::of("• Politics").bulleted);
        assert!(!Shape::of("-5 degrees").bulleted);
    }

    #[test]
    fn capitals() {
        assert!(is_capitalised("\"Paris"));
        assert!(!is_capitalised("paris"));
        assert!(is_all_caps("GAZA CITY", 3));
        assert!(!is_all_caps("Gaza", 3));
    }
}
