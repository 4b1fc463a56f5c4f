//! Metadata lines: the byline, the dateline and wire credit, source and
//! syndication notices, opinion disclaimers, author bios and dates. They are
//! kept out of the article body and recorded in [`PageMeta`](super::PageMeta).
//!
//! Every pattern is a `regex` crate pattern (linear time).

use std::sync::LazyLock;

use regex::Regex;

use super::lines::{Shape, is_all_caps, is_capitalised, strip_bullet};

/// A line that carries metadata, with what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum MetaLine {
    /// "By Jane Doe, Reuters | May 17, 2024": the credit without "By", the
    /// person's name, and a date printed beside it.
    Byline {
        byline: String,
        author: String,
        published: Option<String>,
    },
    /// A publication date printed on its own line ("Published: May 17, 2024").
    Published(String),
    /// An update stamp ("Updated May 18, 2024"): dropped, not recorded.
    Updated,
    /// A wire credit on its own line: "(Reuters)", "— AFP", "With inputs from PTI".
    Wire(String),
    /// Reporting credits: "(Reporting by ...; Editing by ...)", "Editor: ...".
    Credits,
    /// "Source » cnsnews", "This article originally appeared on ...".
    Source(String),
    /// "This article was originally published on X. It is republished here
    /// with permission.": a source line that also marks the story syndicated.
    Republished(String),
    /// A syndicated-feed notice.
    Syndication,
    /// "The views expressed ... are solely those of the author."
    Disclaimer(String),
    /// An author bio that announces itself ("— The writer is ...").
    Bio(String),
    /// "© 2024 The Harbour Ledger. All rights reserved.": the holder, if named.
    Copyright(Option<String>),
}

fn re(pattern: &str) -> Regex {
    // The patterns are constants checked by the tests below.
    Regex::new(pattern).expect("extract meta pattern")
}

/// Judges whether one line is metadata.
pub(crate) fn classify(text: &str, shape: &Shape) -> Option<MetaLine> {
    if shape.words > 120 {
        return None;
    }
    if SYNDICATION.is_match(text) {
        return Some(MetaLine::Syndication);
    }
    if is_disclaimer(text) {
        return Some(MetaLine::Disclaimer(clean_value(text)));
    }
    if shape.words <= 30 {
        if let Some(m) = source_line(text) {
            return Some(m);
        }
        if CREDITS.is_match(text) {
            return Some(MetaLine::Credits);
        }
        if let Some(w) = wire_alone(text) {
            return Some(MetaLine::Wire(w));
        }
    }
    if shape.words <= 25 {
        if let Some(m) = byline(text) {
            return Some(m);
        }
        if let Some(m) = name_and_date(text) {
            return Some(m);
        }
        if let Some(m) = date_line(text) {
            return Some(m);
        }
        if let Some(holder) = copyright(text) {
            return Some(MetaLine::Copyright(holder));
        }
    }
    if shape.words <= 100 && STRONG_BIO.is_match(text) {
        return Some(MetaLine::Bio(clean_value(strip_bullet(text))));
    }
    None
}

/// `text` without surrounding brackets, asterisks and italics markers.
fn clean_value(text: &str) -> String {
    let t = text.trim();
    let t = t.trim_start_matches(['(', '[', '*', '_', ' ']);
    let t = t.trim_end_matches([')', ']', '*', '_', ' ']);
    t.to_string()
}

static SYNDICATION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:syndicated (?:news )?feed|auto-?generated (?:story|from|by)|unedited and auto-?generated|(?:has|have) not been edited by(?-u:\b)|(?:published|generated) from (?:a|an|the) (?:wire|news|syndicated) (?:agency |service )?feed|without modifications? to the text|(?:story|article|report) (?:is|was) (?:published|provided|sourced) (?:via|from|by) (?:a |an |the )?(?:wire|news agency|syndicat)|only the headline (?:and picture )?(?:has|have|may have) been (?:changed|reworked|edited))",
    )
});

static DISCLAIMER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:^[(\[*_\s]*disclaimer\s*:|(?-u:\b)(?:views|opinions)(?: and (?:opinions|views))? expressed (?:in|here|by|are|on)(?-u:\b)|(?-u:\b)do(?:es)? not necessarily (?:reflect|represent|state)|(?-u:\b)not necessarily (?:those|the views) of(?-u:\b)|(?-u:\b)are (?:solely |entirely |strictly |the )?(?:those|the views|the opinions|the own views) of the (?:author|writer|contributor|columnist)s?(?-u:\b)|(?-u:\b)(?:author|writer|columnist)'?s? own (?:views|opinions)(?-u:\b)|(?-u:\b)opinions? (?:are|is) (?:his|her|their|the author'?s?) own(?-u:\b))",
    )
});

/// An opinion or editorial disclaimer.
pub(crate) fn is_disclaimer(text: &str) -> bool {
    DISCLAIMER.is_match(text)
}

static SOURCE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^[(\[]?\s*(?:source\s*(?::|»|›|>|\||-|–|—)\s*\S.*|source link|original source:?.*|via\s*(?::|»)\s*\S.*|originally (?:published|appeared|posted) (?:at|on|in|by)(?-u:\b).*|this (?:article|story|post|piece|column|report) (?:was |is )?(?:originally |first )(?:appeared|published|posted|ran)(?-u:\b).*|(?:first|originally) published (?:at|on|in|by)(?-u:\b).*|republished (?:with permission )?(?:from|by|under)(?-u:\b).*|read the original (?:article|story|post)?.*|reprinted (?:with permission )?from(?-u:\b).*)$",
    )
});

fn source_line(text: &str) -> Option<MetaLine> {
    if PR_SOURCE.is_match(text) {
        return Some(MetaLine::Source(text.to_string()));
    }
    if !SOURCE.is_match(text) {
        return None;
    }
    // "First published on Thu 6 Mar 2025 07.30 GMT" is a date, not a source.
    if let Some(date) = date_line(text) {
        return Some(date);
    }
    if REPUBLISHED.is_match(text) {
        return Some(MetaLine::Republished(clean_value(text)));
    }
    Some(MetaLine::Source(clean_value(text)))
}

/// A press-release wire's closing "SOURCE Harrowgate Air" (in capitals).
static PR_SOURCE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^SOURCE\s+\p{Lu}[\p{L}\d&.,'’ -]{1,80}$"));

/// A source notice saying the story was first published by another outlet
/// and republished here: syndication, though not from a feed.
static REPUBLISHED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:(?-u:\b)republished(?-u:\b)|originally (?:published|appeared) (?:on|in|by)(?-u:\b).{0,200}(?-u:\b)(?:with permission|creative commons|under a (?:cc|creative))|(?-u:\b)reprinted (?:with permission )?from(?-u:\b))",
    )
});

static CREDITS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^[(\[]?\s*(?:(?:(?:additional )?reporting by|writing by|editing by|edited by|compiled by|produced by|fact[- ]checked by|translated by|with (?:inputs|input) from)(?-u:\b)|(?:web |chief |news |managing )?editors?\s*:|translat(?:ion|or)\s*:|published in (?:the )?\p{Lu}.{0,80}$)",
    )
});

static WIRE_ALONE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:\(\s*([^()]{2,40}?)\s*\)|[-–—]+\s*([^()]{2,40}?)|with (?:inputs|input) from ([^()]{2,40}?))\.?$",
    )
});

/// News agencies a credit may name without brackets.
const AGENCIES: &[&str] = &[
    "reuters",
    "ap",
    "afp",
    "ani",
    "ians",
    "pti",
    "xinhua",
    "tass",
    "irna",
    "upi",
    "dpa",
    "efe",
    "ansa",
    "kyodo",
    "yonhap",
    "bloomberg",
    "associated press",
    "agence france-presse",
    "press trust of india",
    "sputnik",
    "ria novosti",
    "anadolu",
    "wam",
    "spa",
    "kuna",
    "mena",
    "isna",
    "mehr",
    "tasnim",
    "bernama",
    "antara",
    "agencies",
    "wires",
    "wire services",
    "tps",
    "jta",
    "cna",
    "pa",
    "aap",
    "cp",
    "the canadian press",
];

/// Whether `credit` names news agencies ("Reuters", "ANI/TPS", "AP and AFP").
pub(crate) fn is_agency_credit(credit: &str) -> bool {
    let parts: Vec<&str> = credit
        .split(['/', ',', '&'])
        .flat_map(|p| p.split(" and "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    !parts.is_empty()
        && parts.len() <= 4
        && parts.iter().all(|p| {
            AGENCIES.contains(&p.to_lowercase().as_str()) || (p.len() <= 6 && is_all_caps(p, 2))
        })
}

/// A wire credit on its own line: "(Reuters)", "— AFP", "With inputs from PTI".
fn wire_alone(text: &str) -> Option<String> {
    // `is_match` first: it runs on a DFA, captures need a slower engine.
    if !WIRE_ALONE.is_match(text) {
        return None;
    }
    let caps = WIRE_ALONE.captures(text)?;
    let credit = caps.get(1).or(caps.get(2)).or(caps.get(3))?.as_str().trim();
    is_agency_credit(credit).then(|| credit.to_string())
}

static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^[(\[]?\s*(?:by|written by|words by|story by|posted by|report by|reported by|por|par|von|door|author\s*:|authors\s*:|reporter\s*:|byline\s*:)\s*(.+?)\s*[)\]]?$",
    )
});

/// Words a byline's name part may contain in lowercase.
const BYLINE_LOWER: &[&str] = &[
    "and",
    "&",
    "of",
    "the",
    "for",
    "at",
    "in",
    "de",
    "da",
    "del",
    "della",
    "van",
    "von",
    "der",
    "den",
    "al",
    "el",
    "bin",
    "ibn",
    "la",
    "le",
    "du",
    "dos",
    "das",
    "y",
    "staff",
    "writer",
    "reporter",
    "correspondent",
    "editor",
    "contributor",
    "columnist",
    "senior",
    "special",
    "chief",
    "political",
    "foreign",
    "news",
    "desk",
    "team",
    "bureau",
    "with",
    "on",
    "via",
    "|",
    "-",
    "–",
    "—",
    "·",
    "•",
    "from",
];

/// "By Jane Doe", "By JANE DOE and JOHN ROE, Reuters", "Posted by admin",
/// "By Mara Quillon | May 17, 2024".
fn byline(text: &str) -> Option<MetaLine> {
    // `is_match` first: it runs on a DFA, captures need a slower engine.
    if !BYLINE.is_match(text) {
        return None;
    }
    let caps = BYLINE.captures(text)?;
    let rest = caps.get(1)?.as_str();
    // Split off dates and update stamps printed beside the name.
    let mut name_part: Option<&str> = None;
    let mut published = None;
    for seg in rest.split(['|', '•', '·', '—', '–']) {
        let seg = seg.trim().trim_end_matches(',').trim();
        if seg.is_empty() {
            continue;
        }
        if let Some(date) = DATE.find(seg) {
            let lower = seg.to_lowercase();
            if !lower.starts_with("updated")
                && !lower.starts_with("last updated")
                && published.is_none()
            {
                published = Some(date.as_str().trim().to_string());
            }
            // "Jane Doe, Staff Writer 5 Nov 2024": the name comes before the date.
            let before = seg[..date.start()].trim().trim_end_matches(',').trim();
            if name_part.is_none() && !before.is_empty() {
                name_part = Some(before);
            }
            continue;
        }
        if name_part.is_none() {
            name_part = Some(seg);
        }
    }
    let raw = name_part?;
    let initial = raw
        .split_whitespace()
        .last()
        .is_some_and(|w| w.len() <= 5 && w.chars().all(|c| c.is_uppercase() || c == '.'));
    if raw.ends_with(['.', '!', '?']) && !raw.ends_with("Jr.") && !initial {
        return None;
    }
    // "By R.C.", "By Aissata K.": a closing initial keeps its full stop.
    let name_part = if initial {
        raw.trim_end_matches([',', ':'])
    } else {
        raw.trim_end_matches(['.', ',', ':'])
    };
    let words: Vec<&str> = name_part.split_whitespace().collect();
    if words.is_empty() || words.len() > 14 {
        return None;
    }
    let username = words.len() == 1 && !words[0].chars().any(char::is_uppercase);
    if !username && !is_capitalised(words[0]) {
        return None;
    }
    let lower_words = words
        .iter()
        .filter(|w| !is_capitalised(w))
        .filter(|w| !BYLINE_LOWER.contains(&w.to_lowercase().trim_end_matches(',')))
        .count();
    if lower_words > 0 && !username {
        return None;
    }
    let author = name_part
        .split([',', '|', '(', '/'])
        .next()
        .unwrap_or(name_part)
        .split(" for ")
        .next()
        .unwrap_or(name_part)
        .trim()
        .to_string();
    Some(MetaLine::Byline {
        byline: name_part.to_string(),
        author,
        published,
    })
}

/// Capitalised words that are not names: site sections and widget labels.
const NOT_NAME_WORDS: &[&str] = &[
    "breaking",
    "updated",
    "published",
    "read",
    "share",
    "sign",
    "log",
    "follow",
    "new",
    "episode",
    "newsletter",
    "newsletters",
    "advertisement",
    "comments",
    "related",
    "posts",
    "post",
    "notes",
    "guest",
    "essay",
    "column",
    "review",
    "press",
    "release",
    "staff",
    "reply",
    "by",
    "court",
    "house",
    "senate",
    "congress",
    "council",
    "ministry",
    "department",
    "university",
    "college",
    "school",
    "party",
    "county",
    "government",
    "agency",
    "police",
    "bank",
    "fund",
    "company",
    "group",
    "institute",
    "foundation",
    "association",
    "union",
    "committee",
    "commission",
    "board",
    "office",
    "service",
    "administration",
    "republic",
    "kingdom",
    "states",
    "united",
    "nations",
    "war",
    "crisis",
    "affairs",
    "policy",
    "report",
    "update",
    "watch",
    "today",
    "daily",
    "weekly",
    "times",
    "post",
    "journal",
    "tribune",
    "herald",
    "gazette",
    "ledger",
    "review",
    "magazine",
    "podcast",
    "radio",
    "tv",
];

/// Whether `text` is a person's name and nothing else: two to four
/// capitalised words ("Wendell Araujo-Finch", "J. R. Okafor"), none of them
/// a section name or widget label.
pub(crate) fn is_person_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    if !(2..=4).contains(&words.len()) || text.chars().count() > 40 {
        return false;
    }
    if matches!(words[0], "The" | "A" | "An") {
        return false;
    }
    words.iter().all(|w| {
        let mut chars = w.chars();
        let lower = w.to_lowercase();
        chars.next().is_some_and(char::is_uppercase)
            && chars.all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
            && !NOT_NAME_WORDS.contains(&lower.as_str())
            && !super::rules::SECTION_WORDS.contains(&lower.as_str())
    })
}

/// Whether `text` names people and nothing else: "Jane Doe", "Jane Doe and
/// John Roe", "Jane Doe (now) and John Roe (earlier)", as a live blog
/// credits its writers.
pub(crate) fn is_names(text: &str) -> bool {
    let bare = text.replace("(now)", "").replace("(earlier)", "");
    let parts: Vec<&str> = bare
        .split([',', '&'])
        .flat_map(|p| p.split(" and "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    (1..=4).contains(&parts.len()) && parts.iter().all(|p| is_person_name(p))
}

static READ_TIME: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^\d{1,3}\s*(?:-\s*)?min(?:ute)?s?(?: read| listen)?$"));

/// A byline without "By": the author's name beside a date or a reading
/// time, "Hollis Vandermeer · 12 Feb 2025 · 5 min read", as blogging
/// platforms print it.
fn name_and_date(text: &str) -> Option<MetaLine> {
    let mut name = None;
    let mut published = None;
    let mut dated = false;
    let mut segments = 0;
    for seg in text.split(['·', '•', '|', '∙']) {
        let seg = seg.trim();
        if seg.is_empty() {
            continue;
        }
        segments += 1;
        if READ_TIME.is_match(seg) {
            dated = true;
        } else if let Some(date) = DATE.find(seg) {
            dated = true;
            if published.is_none() && !seg.to_lowercase().starts_with("updated") {
                published = Some(date.as_str().trim().to_string());
            }
        } else if name.is_none() && is_person_name(seg) {
            name = Some(seg.to_string());
        } else {
            return None;
        }
    }
    let name = name?;
    (segments >= 2 && dated).then(|| MetaLine::Byline {
        byline: name.clone(),
        author: name,
        published,
    })
}

const MONTHS: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?-u:\b)(?:(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?,?\s+)?(?:{MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTHS},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}})?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{4}})(?:,?\s+(?:at\s+)?\d{{1,2}}[:.]\d{{2}}(?:\s*(?:am|pm|a\.m\.|p\.m\.))?(?:\s+(?:[A-Z]{{2,4}}|ist|gmt|utc|et|pt))?)?"
    ))
});

/// The first date (with a time printed after it) in `text`.
pub(crate) fn find_date(text: &str) -> Option<String> {
    DATE.find(text).map(|m| m.as_str().trim().to_string())
}

static TIME: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^\d{1,2}[:.]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)?\s*(?:[a-z]{2,4})?,?$"));

static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(published|posted|first published|date|dated|created|issued)(?: on| at)?\s*:?\s*|(updated|last updated|modified|last modified)(?: on| at)?\s*:?\s*)?(?:on\s+)?(.+)$",
    )
});

/// A line that is a date, maybe labelled: "Published: May 17, 2024 10:30 am",
/// "17 May 2024", "Updated May 18, 2024".
fn date_line(text: &str) -> Option<MetaLine> {
    if !text.bytes().any(|b| b.is_ascii_digit()) || !DATE.is_match(text) {
        return None;
    }
    let caps = DATE_LINE.captures(text)?;
    let rest = caps.get(3)?.as_str();
    let date = DATE.find(rest)?;
    // Whatever is left around the date must be small: a time zone, "|", an update stamp.
    let before = rest[..date.start()].trim();
    let after = rest[date.end()..].trim();
    let before_ok =
        before.is_empty() || before.split_whitespace().count() <= 1 || TIME.is_match(before);
    let after_lower = after.to_lowercase();
    let stamp = after_lower.trim_start_matches(['|', '·', '•', '-', '–', '—', ',', ' ', '[', '(']);
    let after_ok = after.is_empty()
        || after.split_whitespace().count() <= 2
        || stamp.starts_with("updated")
        || stamp.starts_with("last update")
        || stamp.starts_with("modified");
    if !before_ok || !after_ok {
        return None;
    }
    if caps.get(2).is_some() {
        return Some(MetaLine::Updated);
    }
    Some(MetaLine::Published(date.as_str().trim().to_string()))
}

static COPYRIGHT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:©|\(c\)|copyright\s*(?:©|\(c\)|\d{4}|$))\s*(?:©|\(c\))?\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*(.*?)\s*(?:\.?\s*all rights reserved\.?.*)?$",
    )
});

/// A copyright notice, with the holder it names.
fn copyright(text: &str) -> Option<Option<String>> {
    // `is_match` first: it runs on a DFA, captures need a slower engine.
    if !COPYRIGHT.is_match(text) {
        return None;
    }
    let caps = COPYRIGHT.captures(text)?;
    let holder = caps
        .get(1)
        .map(|m| m.as_str().trim().trim_end_matches(['.', ',']).trim())
        .filter(|h| !h.is_empty() && h.split_whitespace().count() <= 6 && is_capitalised(h))
        .map(str::to_string);
    Some(holder)
}

static STRONG_BIO: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^[-–—*_\s]*(?:the (?:writer|author|columnist|contributor)s? (?:is|are|was|were|has|have|serves|teaches|works|lives|heads|leads|directs)(?-u:\b)|about the (?:author|writer)\s*:?\s*\S|[-–—]+\s*\p{Lu}[\p{L}.'’-]+(?:\s+\p{Lu}[\p{L}.'’-]+){0,3},? (?:is|was) (?:a|an|the)(?-u:\b))",
    )
});

static WEAK_BIO: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:\p{Lu}[\p{L}.'’-]+(?:\s+\p{Lu}[\p{L}.'’-]+){1,3} covers [^.]{1,120} for (?:the |The )?\p{Lu}[\p{L}&'’-]*(?: \p{Lu}[\p{L}&'’-]*){0,4}\.(?:\s.*)?$|(?:\p{Lu}[\p{L}.'’-]+(?:\s+\p{Lu}[\p{L}.'’-]+){1,3}|(?:He|She|They)) (?:is|was|has been|serves as|writes|teaches|heads|leads|directs|covers) (?:(?:a|an|the|as a|as an|as the|about|at|on)(?-u:\b))?(?i:[^.]{0,200}?)(?-u:\b)(?i:columnist|fellow|professor|contributor|contributing|writer|editor|journalist|author|analyst|director|researcher|lecturer|correspondent|commentator|founder|co-founder|president|chair|chairman|chairwoman|scholar|member|ceo|executive|partner|attorney|lawyer|economist|historian|adviser|advisor|strategist|consultant|reporter|blogger|host|pastor|rabbi|imam|veteran|retired|former)(?-u:\b))",
    )
});

static BIO_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:follow (?:him|her|them|the author|the writer) (?:on|at)(?-u:\b).*|(?:he|she|they|\p{Lu}[\p{L}.'’-]+(?:\s+\p{Lu}[\p{L}.'’-]+){0,3}) can be (?:reached|contacted) (?:at|on|via)(?-u:\b).*|(?:email|e-mail|contact)\s*:\s*\S+@\S+|\S+@\S+\.\S+|@\w{2,30}|(?:his|her|their) (?:latest |new |most recent )?book(?-u:\b).{0,200}|(?:he|she|they) (?:is|are) the author of(?-u:\b).{0,200})$",
    )
});

/// An author bio that needs its place at the end of the article to be told
/// from reporting: "Jane Doe is a senior fellow at the Institute ...".
pub(crate) fn is_tail_bio(text: &str, shape: &Shape) -> bool {
    shape.words <= 90
        && ((WEAK_BIO.is_match(strip_bullet(text)) && !starts_with_determiner(text))
            || STRONG_BIO.is_match(text)
            || DASH_BIO.is_match(text)
            || APPOSITIVE_BIO.is_match(text))
}

/// Whether `text` opens with an article or pronoun ("The Times is committed
/// to ..."): the subject of a bio is a person's name or "He"/"She".
fn starts_with_determiner(text: &str) -> bool {
    let first = strip_bullet(text).split_whitespace().next().unwrap_or("");
    matches!(
        first,
        "The"
            | "This"
            | "That"
            | "These"
            | "Those"
            | "Our"
            | "Your"
            | "Its"
            | "It"
            | "We"
            | "A"
            | "An"
    )
}

/// "Jane Doe, a retired engineer, lives in Ashgrove ...": a bio in apposition.
static APPOSITIVE_BIO: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^\p{Lu}[\p{L}.'’-]+(?:\s+\p{Lu}[\p{L}.'’-]+){1,3}, (?:a|an|the) [^,]{3,120}, (?:is|was|lives|works|teaches|writes|serves|has|heads|leads|runs)(?-u:\b)",
    )
});

/// "— Hamid Suleymanov taught mathematics for eighteen years ...": a signed
/// note after the article.
static DASH_BIO: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^(?:[—–]|--)\s*\p{Lu}[\p{L}.'’-]+(?:\s+\p{Lu}[\p{L}.'’-]+){1,3}\s+\p{Ll}")
});

/// A line that follows a bio: "Follow her on X @jdoe", "She can be reached at ...".
pub(crate) fn is_bio_tail(text: &str, shape: &Shape) -> bool {
    shape.words <= 60 && BIO_TAIL.is_match(text)
}

/// A dateline found at the start of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Dateline {
    /// Bytes of the paragraph the dateline (and its separator) takes up.
    pub len: usize,
    /// The place and date: "Tel Aviv [Israel] May 17", "LONDON".
    pub dateline: Option<String>,
    /// The wire credit in it: "ANI/TPS", "Reuters".
    pub wire: Option<String>,
}

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"^(?P<place>\p{{Lu}}[\p{{L}}'’.-]*(?:[ -]\p{{Lu}}[\p{{L}}'’.-]*){{0,3}})?(?P<bracket>(?:\s*\([^()\n]{{2,30}}\))?\s*\[[^\]\n]{{2,40}}\])?(?P<region>,\s*\p{{Lu}}[\p{{L}}'’.-]*(?:\s\p{{Lu}}[\p{{L}}'’.-]*){{0,2}})?(?P<date>,?\s*(?i:{MONTHS})\s+\d{{1,2}}(?:,?\s+\d{{4}})?)?(?:\s*\((?P<wire>[^()\n]{{2,40}})\)\s*(?::|--|-|–|—)?\s+|\s*(?P<sep>:|--|-|–|—|\.\s*/(?P<tass>[\p{{Lu}}\-]{{2,12}})/\.?)\s+|\s*/(?P<slash>\p{{Lu}}[\p{{L}}\d .&-]{{1,30}}?)/\s*(?::|--|-|–|—)?\s+)"
    ))
});

/// Reads a dateline ("LONDON (Reuters) - ", "Tel Aviv [Israel] May 17
/// (ANI/TPS): ", "MOSCOW, May 17. /TASS/. ", "KYIV, Ukraine — ") at the start
/// of `text`. The rest of the sentence stays in the body.
pub(crate) fn dateline(text: &str) -> Option<Dateline> {
    let caps = DATELINE.captures(text)?;
    let whole = caps.get(0)?;
    if whole.as_str().chars().count() > 90 {
        return None;
    }
    let place = caps.name("place").map(|m| m.as_str().trim());
    let bracket = caps.name("bracket").is_some();
    let region = caps
        .name("region")
        .map(|m| m.as_str().trim_start_matches(',').trim());
    let date = caps.name("date").is_some();
    let mut wire = caps
        .name("wire")
        .or(caps.name("tass"))
        .or(caps.name("slash"))
        .map(|m| m.as_str().trim().to_string());
    let place_caps = place.is_some_and(|p| is_all_caps(p, 3));
    if let Some(w) = &wire {
        // "(Reuters)", "(ANI/TPS)", "(Tigris Wire)" after "ERBIL"; not "(file)", "(left)".
        let named = w.split_whitespace().count() <= 4 && w.split_whitespace().all(is_capitalised);
        if !is_agency_credit(w) && !is_all_caps(w, 2) && !(named && (place_caps || date || bracket))
        {
            return None;
        }
    }
    // "Tehran, IRNA -- ": an agency standing in the region's place.
    if wire.is_none()
        && let Some(r) = region
        && is_agency_credit(r)
    {
        wire = Some(r.to_string());
    }
    let sep = caps.name("sep").map(|m| m.as_str()).unwrap_or("");
    let strong = wire.is_some() || place_caps || bracket || (date && place.is_some());
    if !strong {
        return None;
    }
    // A plain colon after a capitalised word is a label ("Note: ..."), unless
    // the place is in capitals or carries a wire credit or a date.
    if sep == ":" && wire.is_none() && !place_caps && !date && !bracket {
        return None;
    }
    if place.is_none() && wire.is_none() {
        return None;
    }
    // The dateline is the place, bracket, region and date, without the credit.
    let end = [
        caps.name("date"),
        caps.name("region"),
        caps.name("bracket"),
        caps.name("place"),
    ]
    .into_iter()
    .flatten()
    .map(|m| m.end())
    .max();
    let mut line = end.map(|e| text[..e].trim().trim_end_matches(',').trim().to_string());
    if let (Some(l), Some(w)) = (&line, &wire)
        && region.is_some_and(|r| r == w)
        && let Some(place_only) = l.strip_suffix(w.as_str())
    {
        // Drop the agency from "Tehran, IRNA".
        line = Some(place_only.trim().trim_end_matches(',').trim().to_string());
    }
    Some(Dateline {
        len: whole.end(),
        dateline: line.filter(|l| !l.is_empty()),
        wire,
    })
}

/// A line shaped like a headline: a few words, no full stop at the end, not
/// a menu, a web address or a notice.
pub(crate) fn is_title_like(text: &str, shape: &Shape) -> bool {
    let tail = super::lines::strip_closers(text);
    (4..=30).contains(&shape.words)
        && shape.chars >= 20
        && shape.chars <= 300
        && !tail.ends_with('.')
        && !tail.ends_with(':')
        && !shape.truncated
        && !shape.bulleted
        && !text.contains(" | ")
        && !text.contains("://")
        && find_date(text).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(text: &str) -> Option<MetaLine> {
        classify(text, &Shape::of(text))
    }

    #[test]
    fn bylines() {
        assert_eq!(
            meta("By Mara Quillon, Business Reporter"),
            Some(MetaLine::Byline {
                byline: "Mara Quillon, Business Reporter".into(),
                author: "Mara Quillon".into(),
                published: None
            })
        );
        assert_eq!(
            meta("By JANE DOE and JOHN ROE | May 17, 2024"),
            Some(MetaLine::Byline {
                byline: "JANE DOE and JOHN ROE".into(),
                author: "JANE DOE and JOHN ROE".into(),
                published: Some("May 17, 2024".into())
            })
        );
        assert!(matches!(
            meta("Posted by admin"),
            Some(MetaLine::Byline { .. })
        ));
        assert_eq!(
            meta("By Tuesday, the river had risen above the old bridge"),
            None
        );
        assert_eq!(meta("By the end of the year, prices had doubled."), None);
    }

    #[test]
    fn bylines_without_by() {
        assert_eq!(
            meta("Hollis Vandermeer · 12 Feb 2025 · 5 min read"),
            Some(MetaLine::Byline {
                byline: "Hollis Vandermeer".into(),
                author: "Hollis Vandermeer".into(),
                published: Some("12 Feb 2025".into())
            })
        );
        assert!(matches!(
            meta("Por Lucía Benavent"),
            Some(MetaLine::Byline { .. })
        ));
        assert_eq!(
            meta("By R.C."),
            Some(MetaLine::Byline {
                byline: "R.C.".into(),
                author: "R.C.".into(),
                published: None
            })
        );
        // A section or an institution beside a date is not a byline.
        assert_eq!(meta("Politics · 5 min read"), None);
        assert!(!matches!(
            meta("Supreme Court · 12 Feb 2025"),
            Some(MetaLine::Byline { .. })
        ));
        assert!(is_names(
            "Agnieszka Morrow-Banda (now) and Colm Treacy (earlier)"
        ));
        assert!(is_names("Wendell Araujo-Finch"));
        assert!(!is_names("The Lowland Gazette"));
        assert!(!is_names("Supreme Court"));
        assert!(!is_names("Breaking News"));
    }

    #[test]
    fn press_release_notices() {
        let d = dateline(
            "TROMSØ, Norway, March 4, 2025 /PRNewswire/ -- Fjordline Robotics AS today opened",
        )
        .unwrap();
        assert_eq!(d.dateline.as_deref(), Some("TROMSØ, Norway, March 4, 2025"));
        assert_eq!(d.wire.as_deref(), Some("PRNewswire"));
        assert_eq!(
            meta("SOURCE Fjordline Robotics AS"),
            Some(MetaLine::Source("SOURCE Fjordline Robotics AS".into()))
        );
        assert!(matches!(
            meta(
                "This article was originally published on Prairie Watch. It is republished here with permission."
            ),
            Some(MetaLine::Republished(_))
        ));
        assert_eq!(
            meta("First published on Thu 6 Mar 2025 07.30 GMT"),
            Some(MetaLine::Published("Thu 6 Mar 2025 07.30 GMT".into()))
        );
    }

    #[test]
    fn dates() {
        assert_eq!(
            meta("Published: May 17, 2024 10:30 am"),
            Some(MetaLine::Published("May 17, 2024 10:30 am".into()))
        );
        assert_eq!(
            meta("17 May 2024"),
            Some(MetaLine::Published("17 May 2024".into()))
        );
        assert_eq!(meta("Updated May 18, 2024"), Some(MetaLine::Updated));
        assert_eq!(
            meta("On May 17, 2024, the council met to discuss the budget."),
            None
        );
    }

    #[test]
    fn wire_credits_and_credits() {
        assert_eq!(meta("(Reuters)"), Some(MetaLine::Wire("Reuters".into())));
        assert_eq!(meta("— AFP"), Some(MetaLine::Wire("AFP".into())));
        assert_eq!(meta("(ANI)"), Some(MetaLine::Wire("ANI".into())));
        assert_eq!(
            meta("(Reporting by Jane Doe; Editing by John Roe)"),
            Some(MetaLine::Credits)
        );
        assert_eq!(meta("Editor: Li Wen"), Some(MetaLine::Credits));
        assert_eq!(meta("(file)"), None);
    }

    #[test]
    fn notices() {
        assert_eq!(
            meta("Source » cnsnews"),
            Some(MetaLine::Source("Source » cnsnews".into()))
        );
        assert_eq!(
            meta("This is an unedited and auto-generated story from a syndicated feed."),
            Some(MetaLine::Syndication)
        );
        assert_eq!(
            meta(
                "(This story has not been edited by Ledger staff and is auto-generated from a syndicated feed.)"
            ),
            Some(MetaLine::Syndication)
        );
        assert_eq!(
            meta("The views and opinions expressed in this commentary are solely those of the author."),
            Some(MetaLine::Disclaimer(
                "The views and opinions expressed in this commentary are solely those of the author.".into()
            ))
        );
        assert_eq!(
            meta("— The writer is a senior fellow at the Meridian Institute."),
            Some(MetaLine::Bio(
                "The writer is a senior fellow at the Meridian Institute.".into()
            ))
        );
        assert_eq!(
            meta("© 2024 The Harbour Ledger. All rights reserved."),
            Some(MetaLine::Copyright(Some("The Harbour Ledger".into())))
        );
        assert_eq!(meta("Sources said the talks would resume on Monday."), None);
    }

    #[test]
    fn tail_bios() {
        let bio = "Odile Marchetti is a columnist for the Harbour Ledger and the author of two books on trade.";
        assert!(is_tail_bio(bio, &Shape::of(bio)));
        let news = "Odile Marchetti said the port would reopen on Monday.";
        assert!(!is_tail_bio(news, &Shape::of(news)));
        let staff = "Linnea Okonkwo-Hart covers climate and the coast for The Morning Current. She is based in Saltmere.";
        assert!(is_tail_bio(staff, &Shape::of(staff)));
        let policy = "Medicare Advantage covers dental care for Medicare patients in most states.";
        assert!(!is_tail_bio(policy, &Shape::of(policy)));
        let notice = "The Times is committed to publishing a diversity of letters to the editor.";
        assert!(!is_tail_bio(notice, &Shape::of(notice)));
        let tail = "Follow her on X @omarchetti";
        assert!(is_bio_tail(tail, &Shape::of(tail)));
    }

    #[test]
    fn datelines() {
        let d = dateline("Tel Aviv [Israel] May 17 (ANI/TPS): Israeli researchers said").unwrap();
        assert_eq!(d.dateline.as_deref(), Some("Tel Aviv [Israel] May 17"));
        assert_eq!(d.wire.as_deref(), Some("ANI/TPS"));
        let d = dateline("LONDON (Reuters) - The Bank of England held rates.").unwrap();
        assert_eq!(d.dateline.as_deref(), Some("LONDON"));
        assert_eq!(d.wire.as_deref(), Some("Reuters"));
        assert_eq!(&"LONDON (Reuters) - The Bank"[d.len..], "The Bank");
        let d = dateline("MOSCOW, May 17. /TASS/. Russia's foreign ministry said").unwrap();
        assert_eq!(d.dateline.as_deref(), Some("MOSCOW, May 17"));
        assert_eq!(d.wire.as_deref(), Some("TASS"));
        let d = dateline("KYIV, Ukraine — Air raid sirens sounded").unwrap();
        assert_eq!(d.dateline.as_deref(), Some("KYIV, Ukraine"));
        assert_eq!(d.wire, None);
        let d = dateline("Tehrān, IRNA, May 17 -- Iran's foreign minister said").unwrap();
        assert_eq!(d.dateline.as_deref(), Some("Tehrān, IRNA, May 17"));
        let d = dateline("Tehran, IRNA -- Iran's foreign minister said").unwrap();
        assert_eq!(d.dateline.as_deref(), Some("Tehran"));
        assert_eq!(d.wire.as_deref(), Some("IRNA"));
        let d = dateline("(Reuters) - Oil prices rose on Monday.").unwrap();
        assert_eq!(d.dateline, None);
        assert_eq!(d.wire.as_deref(), Some("Reuters"));
        assert_eq!(
            dateline("Officials - who asked not to be named - said"),
            None
        );
        assert_eq!(dateline("Note: the figures are provisional."), None);
        assert_eq!(dateline("The minister (left) - seen here"), None);
    }

    #[test]
    fn titles() {
        let t = "Port strike enters third week as talks stall";
        assert!(is_title_like(t, &Shape::of(t)));
        let p = "Dock workers stayed off the job for a fifteenth day.";
        assert!(!is_title_like(p, &Shape::of(p)));
    }
}
