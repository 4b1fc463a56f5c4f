//! Style cues that separate opinion from reporting: who speaks (first and
//! second person), how (modals, evaluative words, questions, exclamations),
//! and how the text is sourced (quotes, attribution, bylines, wire credits,
//! datelines, disclaimers).

use unicode_segmentation::UnicodeSegmentation;

const FIRST_SINGULAR: &[&str] = &[
    "i", "me", "my", "mine", "myself", "i'm", "i've", "i'd", "i'll",
];
const FIRST_PLURAL: &[&str] = &[
    "we",
    "us",
    "our",
    "ours",
    "ourselves",
    "we're",
    "we've",
    "let's",
];
const SECOND_PERSON: &[&str] = &["you", "your", "yours", "yourself", "you're", "you've"];
const MODALS: &[&str] = &[
    "should",
    "must",
    "ought",
    "need",
    "needs",
    "shouldn't",
    "mustn't",
    "cannot",
    "can't",
    "surely",
    "clearly",
    "obviously",
    "undoubtedly",
];
const EVALUATIVE: &[&str] = &[
    "absurd",
    "appalling",
    "brilliant",
    "disgrace",
    "disgraceful",
    "disastrous",
    "dangerous",
    "foolish",
    "shameful",
    "outrageous",
    "reckless",
    "ridiculous",
    "terrible",
    "wonderful",
    "awful",
    "pathetic",
    "hypocrisy",
    "hypocritical",
    "cowardly",
    "courageous",
    "heroic",
    "evil",
    "wrong",
    "failed",
    "failure",
    "betrayal",
    "scandal",
    "scandalous",
    "stupid",
    "insane",
    "sadly",
    "unfortunately",
    "fortunately",
    "admirable",
    "deplorable",
    "naive",
    "laughable",
    "welcome",
];
const ATTRIBUTION: &[&str] = &[
    "said",
    "says",
    "told",
    "according",
    "stated",
    "announced",
    "reported",
    "reports",
    "added",
    "confirmed",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "officials",
    "statement",
    "cited",
];
const WIRE_CREDITS: &[&str] = &[
    "(reuters)",
    "(ap)",
    "(afp)",
    "(ani)",
    "(ani/",
    "(upi)",
    "(bloomberg)",
    "(dpa)",
    "associated press",
    "agence france-presse",
    "reuters -",
    "(efe)",
];
/// State-run news agencies. Their credits look like a wire credit, but the
/// cue stands for an independent wire service, which is what our credibility
/// rows teach it to mean; a state agency's copy gets no wire-credit cue.
const STATE_AGENCIES: &[&str] = &[
    "xinhua",
    "tass",
    "ria novosti",
    "irna",
    "tasnim",
    "fars",
    "mehr",
    "sana",
    "kcna",
    "nna",
    "national news agency",
    "saba",
    "ina",
    "anadolu",
    "spa",
    "wam",
    "qna",
    "kuna",
    "mena",
    "petra",
    "wafa",
];

/// Whether a wire credit taken from a page names a state-run agency.
fn is_state_agency(credit: &str) -> bool {
    // Whole words only, so "spa" is not found in "Spanish".
    let words: String = credit
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let words = format!(
        " {} ",
        words.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    STATE_AGENCIES
        .iter()
        .any(|agency| words.contains(&format!(" {agency} ")))
}
const DISCLAIMERS: &[&str] = &[
    "views expressed",
    "opinions expressed",
    "views and opinions",
    "the writer is",
    "the author is",
    "is a columnist",
    "is a contributing",
    "is a senior fellow",
    "do not necessarily reflect",
    "op-ed",
    "opinion |",
    "commentary",
];
const DONATION: &[&str] = &[
    "donate",
    "donation",
    "support our",
    "support independent",
    "patreon",
    "subscribe now",
];

pub const STYLE_FEATURE_COUNT: usize = 17;

/// The names of the style features, in a fixed order.
pub const STYLE_FEATURES: &[&str; STYLE_FEATURE_COUNT] = &[
    "style: first person singular",
    "style: first person plural",
    "style: second person",
    "style: modal and certainty words",
    "style: evaluative words",
    "style: attribution words",
    "style: quotation marks",
    "style: question marks",
    "style: exclamation marks",
    "style: figures and numbers",
    "style: all-caps words",
    "style: byline",
    "style: dateline",
    "style: wire credit",
    "style: opinion disclaimer or author bio",
    "style: donation or subscription plea",
    "style: long text",
];

/// Style feature values in [0, 1], one per entry of [`STYLE_FEATURES`].
///
/// Person, modal and evaluative words count only outside quotations: a
/// report that quotes "I think we must act" is still a report, and long real
/// reports quote people speaking in the first person all the time.
pub fn style_values(text: &str) -> [f64; STYLE_FEATURE_COUNT] {
    let mut words = 0usize;
    let mut counts = [0usize; 7];
    let voice_lists = [
        FIRST_SINGULAR,
        FIRST_PLURAL,
        SECOND_PERSON,
        MODALS,
        EVALUATIVE,
    ];
    let quoted = QuotedSpans::new(text);
    let mut lower = String::new();
    for (offset, word) in text.unicode_word_indices() {
        words += 1;
        lower.clear();
        lower.extend(
            word.chars()
                .flat_map(char::to_lowercase)
                .map(|c| if c == '\u{2019}' { '\'' } else { c }),
        );
        if !quoted.contains(offset) {
            for (i, list) in voice_lists.iter().enumerate() {
                if list.contains(&lower.as_str()) {
                    counts[i] += 1;
                }
            }
        }
        if ATTRIBUTION.contains(&lower.as_str()) {
            counts[5] += 1;
        }
        if word.len() >= 3 && word.chars().all(|c| c.is_uppercase()) {
            counts[6] += 1;
        }
    }
    let words_f = words.max(1) as f64;
    let sentences = text.matches(['.', '!', '?']).count().max(1) as f64;
    let rate = |count: usize, scale: f64| saturate(count as f64 / words_f * scale);
    let quotes = text.matches(['"', '\u{201c}', '\u{201d}']).count();
    let digits = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .count();
    let head: String = text.chars().take(300).collect::<String>().to_lowercase();
    let tail: String = {
        let chars: Vec<char> = text.chars().collect();
        chars[chars.len().saturating_sub(600)..]
            .iter()
            .collect::<String>()
            .to_lowercase()
    };
    let lower_text = text.to_lowercase();
    let flag = |b: bool| if b { 1.0 } else { 0.0 };
    [
        rate(counts[0], 20.0),
        rate(counts[1], 20.0),
        rate(counts[2], 20.0),
        rate(counts[3], 25.0),
        rate(counts[4], 25.0),
        rate(counts[5], 25.0),
        rate(quotes, 15.0),
        saturate(text.matches('?').count() as f64 / sentences * 2.0),
        saturate(text.matches('!').count() as f64 / sentences * 2.0),
        rate(digits, 15.0),
        rate(counts[6], 20.0),
        flag(has_byline(text)),
        flag(has_dateline(text)),
        flag(
            WIRE_CREDITS
                .iter()
                .any(|w| head.contains(w) || tail.contains(w)),
        ),
        flag(
            DISCLAIMERS
                .iter()
                .any(|d| head.contains(d) || tail.contains(d))
                || has_author_bio(text),
        ),
        flag(DONATION.iter().any(|d| lower_text.contains(d))),
        saturate((words_f / 50.0).ln_1p() / 4.0),
    ]
}

/// Cues that page extraction moved out of the body into metadata
/// (`page_byline`, `page_dateline`, ...) still count as seen.
pub fn add_page_cues(doc: &crate::corpus::Document, values: &mut [f64; STYLE_FEATURE_COUNT]) {
    // A field's value says whether it counts: a state agency's credit is not
    // the independent-wire cue.
    type Counts = fn(&str) -> bool;
    let any: Counts = |_| true;
    let cues: [(&str, &str, Counts); 4] = [
        ("page_byline", "style: byline", any),
        ("page_dateline", "style: dateline", any),
        ("page_wire_credit", "style: wire credit", |credit| {
            !is_state_agency(credit)
        }),
        (
            "page_opinion_disclaimer",
            "style: opinion disclaimer or author bio",
            any,
        ),
    ];
    for (field, feature, counts) in cues {
        if doc.field(field).is_some_and(counts)
            && let Some(i) = STYLE_FEATURES.iter().position(|n| *n == feature)
        {
            values[i] = 1.0;
        }
    }
}

/// Byte ranges of a text that sit inside quotation marks. Curly quotes pair
/// up as opened and closed; straight quotes toggle. A line break ends an open
/// straight quote, because news style reopens a quote that runs on into the
/// next paragraph without closing the first one.
struct QuotedSpans {
    spans: Vec<(usize, usize)>,
}

impl QuotedSpans {
    fn new(text: &str) -> Self {
        let mut spans = Vec::new();
        let mut open: Option<usize> = None;
        for (i, c) in text.char_indices() {
            match (c, open) {
                ('\u{201c}', None) | ('"', None) => open = Some(i),
                ('\u{201d}', Some(start)) | ('"', Some(start)) => {
                    spans.push((start, i));
                    open = None;
                }
                ('\n', Some(start)) => {
                    spans.push((start, i));
                    open = None;
                }
                _ => {}
            }
        }
        if let Some(start) = open {
            spans.push((start, text.len()));
        }
        QuotedSpans { spans }
    }

    fn contains(&self, offset: usize) -> bool {
        // Spans are sorted and disjoint: find the last one starting before `offset`.
        let after = self.spans.partition_point(|&(start, _)| start < offset);
        after > 0 && offset < self.spans[after - 1].1
    }
}

fn saturate(x: f64) -> f64 {
    if x.is_finite() {
        x.clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// "By Jane Doe" or "By JANE DOE, Outlet" on a line of its own near the top.
fn has_byline(text: &str) -> bool {
    text.lines().take(6).any(|line| {
        let line = line.trim();
        line.len() < 80
            && line
                .strip_prefix("By ")
                .or_else(|| line.strip_prefix("BY "))
                .and_then(|rest| rest.chars().next())
                .is_some_and(char::is_uppercase)
    })
}

/// Words that start a sentence but never a person's name.
const NOT_A_NAME: &[&str] = &[
    "The",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "Its",
    "He",
    "She",
    "They",
    "We",
    "Our",
    "His",
    "Her",
    "Their",
    "A",
    "An",
    "In",
    "On",
    "At",
    "As",
    "If",
    "But",
    "And",
    "Last",
    "Next",
    "There",
    "Here",
    "What",
    "When",
    "Why",
    "How",
    "Now",
    "Congress",
    "Washington",
];
/// Titles that may come before a name.
const HONORIFICS: &[&str] = &[
    "Dr.", "Prof.", "Rev.", "Gen.", "Col.", "Sen.", "Rep.", "Gov.", "Amb.",
];
/// What follows "<Name> is a(n) / was a(n)" in an author bio, besides a role noun.
const BIO_VERBS: &[&str] = &[
    "is a ",
    "is an ",
    "was a ",
    "was an ",
    "is the author",
    "is the founder",
    "is the director",
    "is the executive",
    "is the president",
    "is the editor",
    "is the chair",
    "is the co-founder",
    "is the former",
    "is former",
    "is professor",
    "is an associate",
    "is co-founder",
    "writes about",
    "writes on",
    "writes the",
    "teaches ",
    "has been a ",
    "served as ",
];

/// An author bio: a short last paragraph (or an editor's note at the top)
/// that says who the writer is, e.g. "Dana Kim is a nurse in Ohio." or
/// "Editor's note: Sam Ortiz is a former ambassador."
fn has_author_bio(text: &str) -> bool {
    let mut paragraphs = text.split('\n').map(str::trim).filter(|p| !p.is_empty());
    let first = paragraphs.next();
    // A one-paragraph text is a snippet, not an article with a bio line.
    let last = paragraphs.next_back();
    let note = first.and_then(|p| {
        let lower = p.get(..15).unwrap_or(p).to_lowercase();
        lower
            .starts_with("editor's note")
            .then(|| p.split_once(':').map_or(p, |(_, rest)| rest))
    });
    note.into_iter().chain(last).any(is_bio_sentence)
}

fn is_bio_sentence(paragraph: &str) -> bool {
    let words: Vec<&str> = paragraph
        .trim_start_matches(['—', '–', '-', '*', '_', ' '])
        .split_whitespace()
        .collect();
    if !(4..=60).contains(&words.len()) {
        return false;
    }
    let honorific = usize::from(HONORIFICS.contains(&words[0]));
    let mut name = 0;
    for word in &words[honorific..] {
        let bare = word.trim_end_matches(',');
        let capitalised = bare.chars().next().is_some_and(char::is_uppercase);
        if !capitalised || name == 4 || (name == 0 && NOT_A_NAME.contains(&bare)) {
            break;
        }
        name += 1;
        if word.ends_with(',') {
            break;
        }
    }
    // "Dr. Marsh" is a name; "Marsh" alone could be any capitalised word.
    if name + honorific < 2 {
        return false;
    }
    let rest = words[honorific + name..].join(" ");
    BIO_VERBS.iter().any(|v| rest.starts_with(v))
}

/// "BEIRUT, March 3 (Reuters) —" or "WASHINGTON —" at the start of the body.
fn has_dateline(text: &str) -> bool {
    let start: String = text.trim_start().chars().take(60).collect();
    let Some(cut) = start.find([',', '\u{2014}', '-', '(']) else {
        return false;
    };
    let place = start[..cut].trim();
    place.len() >= 3
        && place.chars().any(char::is_alphabetic)
        && place
            .chars()
            .all(|c| c.is_uppercase() || c == ' ' || c == '.' || c == '\'')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str, name: &str) -> f64 {
        let i = STYLE_FEATURES.iter().position(|n| *n == name).unwrap();
        style_values(text)[i]
    }

    #[test]
    fn wire_report_cues() {
        let text = "BEIRUT, March 3 (Reuters) - Officials said 12 people were hurt, according to a statement.";
        assert_eq!(value(text, "style: dateline"), 1.0);
        assert_eq!(value(text, "style: wire credit"), 1.0);
        assert!(value(text, "style: attribution words") > 0.5);
        assert_eq!(value(text, "style: first person singular"), 0.0);
    }

    #[test]
    fn quoted_speech_is_not_the_writer_speaking() {
        let quoted = "\"I think we must act now,\" the minister told reporters. \u{201c}You should be afraid,\u{201d} she said.";
        assert_eq!(value(quoted, "style: first person singular"), 0.0);
        assert_eq!(value(quoted, "style: second person"), 0.0);
        assert_eq!(value(quoted, "style: modal and certainty words"), 0.0);
        assert!(value(quoted, "style: attribution words") > 0.0);
        let unquoted = "I think we must act now, and you should be afraid.";
        assert!(value(unquoted, "style: first person singular") > 0.0);
        assert!(value(unquoted, "style: modal and certainty words") > 0.0);
    }

    #[test]
    fn an_unclosed_quote_ends_at_the_line_break() {
        let text = "\"We will rebuild,\" he said. \"It will take years\nI believe we must leave.";
        assert!(value(text, "style: first person singular") > 0.0);
    }

    #[test]
    fn opinion_cues() {
        let text = "By Jane Roe\nI think we must act. Why do we wait? It is shameful!\nThe views expressed are the author's own.";
        assert_eq!(value(text, "style: byline"), 1.0);
        assert_eq!(value(text, "style: opinion disclaimer or author bio"), 1.0);
        assert!(value(text, "style: first person singular") > 0.5);
        assert!(value(text, "style: question marks") > 0.0);
        assert_eq!(value(text, "style: dateline"), 0.0);
    }

    #[test]
    fn author_bios_at_the_end_or_in_an_editors_note() {
        let bio = |text: &str| value(text, "style: opinion disclaimer or author bio");
        let body =
            "The council should fund the clinic.\n\nIt would pay for itself within a decade.";
        assert_eq!(bio(body), 0.0);
        for ending in [
            "Maribel Okafor is a registered nurse at Riverton General Hospital.",
            "— Margit Halvorsen is a former naval officer and a visiting fellow in Oslo.",
            "Dr. Marsh-Ito is an obstetrician-gynecologist.",
            "Morgan Achterhof writes about the news media.",
            "Anselm J. Whitcombe was a senior actuary for 22 years.",
        ] {
            assert_eq!(bio(&format!("{body}\n\n{ending}")), 1.0, "{ending}");
        }
        let note =
            "Editor's note: Sam Ortiz is a former ambassador to Jordan.\n\nThe talks failed.";
        assert_eq!(bio(note), 1.0);
        assert_eq!(
            bio("Dana Kim is a nurse who says the clinic must stay open."),
            0.0
        );
        // Last paragraphs of reports that name a place, an institution or a
        // person without saying who wrote the piece.
        for ending in [
            "Harlow County Memorial is one of dozens of rural hospitals that closed units.",
            "The Navy has not published a timetable for the carrier group's arrival.",
            "Western State is at least the ninth university to cut sports.",
            "Congress is a long way from a deal, aides said.",
            "Okafor said she is a registered nurse and would testify on Monday.",
        ] {
            assert_eq!(bio(&format!("{body}\n\n{ending}")), 0.0, "{ending}");
        }
    }

    #[test]
    fn state_agency_credits_are_not_wire_credits() {
        let wire = |text: &str| value(text, "style: wire credit");
        assert_eq!(
            wire("LONDON (Reuters) - Rates were cut, the bank said."),
            1.0
        );
        assert_eq!(
            wire("TEHRAN (IRNA) - The ministry said talks would go on."),
            0.0
        );
        assert_eq!(
            wire("BEIJING (Xinhua) -- Exports rose, officials said."),
            0.0
        );
        assert!(is_state_agency("NNA"));
        assert!(is_state_agency("Tasnim News Agency"));
        assert!(is_state_agency("ANI/TASS"));
        assert!(!is_state_agency("Reuters"));
        assert!(!is_state_agency("Associated Press"));
        assert!(!is_state_agency("Ledger Wire"));
        assert!(!is_state_agency("Spanish Wire"));
    }

    #[test]
    fn a_page_credit_from_a_state_agency_is_no_wire_credit() {
        let wire_cue = |credit: &str| {
            let mut doc = crate::corpus::Document::from_text("p", "The ministry said.");
            doc.fields.insert("page_wire_credit".into(), credit.into());
            let mut values = style_values(&doc.text);
            add_page_cues(&doc, &mut values);
            let i = STYLE_FEATURES
                .iter()
                .position(|n| *n == "style: wire credit")
                .unwrap();
            values[i]
        };
        assert_eq!(wire_cue("Reuters"), 1.0);
        assert_eq!(wire_cue("Ledger Wire"), 1.0);
        assert_eq!(wire_cue("NNA"), 0.0);
        assert_eq!(wire_cue("Tasnim News Agency"), 0.0);
    }
}
