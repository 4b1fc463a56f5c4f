//! `slant::extract` measured on hand-marked fixture pages.
//!
//! Each fixture is `tests/extract_fixtures/NAME.txt` (pasted text) or
//! `NAME.html` (a saved page) with `NAME.expected.json`: the article body we
//! marked by hand (paragraphs separated by a blank line) and the metadata
//! fields we assert. All fixtures are written by us: invented outlets and
//! people, imitating the shapes of real pages. The name's prefix (`wire_`,
//! `oped_`, ...) is its shape.
//!
//! Figures, by line (whitespace normalised):
//! - article lines kept: expected body paragraphs found in the extracted body;
//! - junk lines removed: input lines that are neither article nor metadata,
//!   absent from the extracted body;
//! - metadata right: fixtures whose asserted metadata fields all match.
//!
//! Ten fixtures carry `"written_after_freeze": true`: they were written after
//! the rules were first frozen, and the report shows them apart. Fifteen
//! more carry `"written_blind": true`: written by someone who had read only
//! this fixture format, not the rules, in shapes the others lacked (news-app
//! pastes, cookie walls, newsletter boxes, live blogs, image credits, tables
//! of contents, podcast embeds, republication notices, foreign site chrome,
//! Substack comment threads, press releases, AMP, JSON-LD-only pages,
//! byline and date on one line); the report shows them apart too.
//!
//! `cargo test --release --test extract -- --nocapture report` prints the
//! figures as a Markdown table (see `scripts/bench-extract`);
//! `EXTRACT_DEBUG=NAME cargo test --test extract -- --nocapture fixtures`
//! prints what one fixture extracts.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;
use slant::extract::{Extracted, extract_html, extract_text};

/// Targets from the issue: junk removed, article kept, metadata right.
const MIN_JUNK_REMOVED: f64 = 0.95;
const MIN_ARTICLE_KEPT: f64 = 0.98;
const MIN_META_RIGHT: f64 = 0.90;

/// Metadata fields whose values mark an input line as metadata rather than junk.
const META_LINE_FIELDS: &[&str] = &[
    "title",
    "byline",
    "author",
    "published",
    "dateline",
    "wire_credit",
    "source_line",
    "opinion_disclaimer",
    "author_bio",
];

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/extract_fixtures")
}

/// Whitespace collapsed to single spaces, trimmed.
fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

struct Fixture {
    name: String,
    shape: String,
    is_html: bool,
    /// Written after the rules were first frozen (`"written_after_freeze":
    /// true`). Their first pass, before any rule was changed for them:
    /// article lines kept 100.0% (37/37), junk lines removed 95.0% (95/100),
    /// metadata right 70.0% (7/10 fixtures); six rules were then widened.
    late: bool,
    /// Written blind (`"written_blind": true`): by someone who had read only
    /// the fixture format, not the rules, as a second held-out set. Their
    /// first pass, before any rule was changed for them: article lines kept
    /// 98.9% (88/89), junk lines removed 93.0% (267/287), metadata right
    /// 40.0% (6/15 fixtures), metadata lines kept out of the body 85.7%
    /// (36/42). The rules were then widened (see the commit message).
    blind: bool,
    input: String,
    body: Vec<String>,
    meta: serde_json::Map<String, Value>,
}

fn fixtures() -> Vec<Fixture> {
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = fs::read_dir(fixture_dir())
        .expect("tests/extract_fixtures")
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext != "txt" && ext != "html" {
            continue;
        }
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let expected_path = path.with_file_name(format!("{name}.expected.json"));
        let expected: Value = serde_json::from_str(
            &fs::read_to_string(&expected_path)
                .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display())),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
        let body = expected["body"]
            .as_str()
            .expect("body")
            .split("\n\n")
            .map(norm)
            .filter(|p| !p.is_empty())
            .collect();
        let meta = expected["meta"].as_object().cloned().unwrap_or_default();
        out.push(Fixture {
            shape: name.split('_').next().unwrap_or("other").to_string(),
            name,
            is_html: ext == "html",
            late: expected["written_after_freeze"].as_bool().unwrap_or(false),
            blind: expected["written_blind"].as_bool().unwrap_or(false),
            input: fs::read_to_string(&path).expect("fixture"),
            body,
            meta,
        });
    }
    assert!(
        out.len() >= 30,
        "expected at least 30 fixtures, found {}",
        out.len()
    );
    out
}

/// The visible text lines of a page, by a deliberately simple stripper that
/// shares no code with the library: drop the head, scripts, styles and
/// comments, break lines at block tags, remove the other tags.
fn page_lines(html: &str) -> Vec<String> {
    let mut s = html.to_string();
    for (open, close) in [
        ("<head>", "</head>"),
        ("<head ", "</head>"),
        ("<script", "</script>"),
        ("<style", "</style>"),
        ("<!--", "-->"),
    ] {
        while let Some(a) = s.to_lowercase().find(open) {
            let b = s.to_lowercase()[a..]
                .find(close)
                .map_or(s.len(), |b| a + b + close.len());
            s.replace_range(a..b, "\n");
        }
    }
    let mut text = String::new();
    let mut rest = s.as_str();
    while let Some(a) = rest.find('<') {
        text.push_str(&rest[..a]);
        let b = rest[a..].find('>').map_or(rest.len(), |b| a + b + 1);
        let tag = rest[a + 1..b.saturating_sub(1)]
            .trim_start_matches('/')
            .split(|c: char| !c.is_ascii_alphanumeric())
            .next()
            .unwrap_or("")
            .to_lowercase();
        let block = [
            "p",
            "div",
            "br",
            "li",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "ul",
            "ol",
            "header",
            "footer",
            "nav",
            "aside",
            "section",
            "article",
            "main",
            "figure",
            "figcaption",
            "time",
            "form",
            "button",
            "h",
            "td",
            "tr",
            "table",
            "blockquote",
            "small",
        ];
        text.push_str(if block.contains(&tag.as_str()) {
            "\n"
        } else {
            ""
        });
        rest = &rest[b..];
    }
    text.push_str(rest);
    let text = text
        .replace("&amp;", "&")
        .replace("&mdash;", "—")
        .replace("&ndash;", "–")
        .replace("&#8211;", "–")
        .replace("&raquo;", "»")
        .replace("&copy;", "©")
        .replace("&middot;", "·")
        .replace("&ldquo;", "“")
        .replace("&rdquo;", "”")
        .replace("&nbsp;", " ");
    text.lines().map(norm).filter(|l| !l.is_empty()).collect()
}

fn input_lines(f: &Fixture) -> Vec<String> {
    if f.is_html {
        page_lines(&f.input)
    } else {
        f.input
            .lines()
            .map(norm)
            .filter(|l| !l.is_empty())
            .collect()
    }
}

fn run(f: &Fixture) -> Extracted {
    if f.is_html {
        extract_html(&f.input, None)
    } else {
        extract_text(&f.input)
    }
}

#[derive(Debug, Default, Clone)]
struct Figures {
    fixtures: usize,
    article: usize,
    article_kept: usize,
    junk: usize,
    junk_removed: usize,
    meta_lines: usize,
    meta_lines_out: usize,
    meta_fields: usize,
    meta_fields_right: usize,
    meta_fixtures_right: usize,
}

impl Figures {
    fn add(&mut self, o: &Figures) {
        self.fixtures += o.fixtures;
        self.article += o.article;
        self.article_kept += o.article_kept;
        self.junk += o.junk;
        self.junk_removed += o.junk_removed;
        self.meta_lines += o.meta_lines;
        self.meta_lines_out += o.meta_lines_out;
        self.meta_fields += o.meta_fields;
        self.meta_fields_right += o.meta_fields_right;
        self.meta_fixtures_right += o.meta_fixtures_right;
    }
}

fn pct(n: usize, d: usize) -> f64 {
    if d == 0 { 1.0 } else { n as f64 / d as f64 }
}

/// One fixture measured, with what went wrong for the failure message.
struct Measured {
    figures: Figures,
    missing: Vec<String>,
    junk_kept: Vec<String>,
    meta_wrong: Vec<String>,
}

/// Whether `line` is in the extracted body: a paragraph of its own, the
/// start or end of one, or (if long enough not to match by chance) inside one.
fn in_body(line: &str, paragraphs: &[String], joined: &str) -> bool {
    // A line merged into a paragraph shows at its start or end; single words
    // and pairs would match ordinary sentences by chance.
    let merged = |p: &String| {
        line.split_whitespace().count() >= 3
            && (p.starts_with(&format!("{line} ")) || p.ends_with(&format!(" {line}")))
    };
    paragraphs.iter().any(|p| p == line || merged(p))
        || (line.chars().count() >= 25 && joined.contains(line))
}

fn is_meta_line(line: &str, meta: &serde_json::Map<String, Value>) -> bool {
    META_LINE_FIELDS.iter().any(|k| {
        let Some(v) = meta.get(*k).and_then(Value::as_str) else {
            return false;
        };
        let v = norm(v);
        if v.chars().count() >= 6 {
            line.contains(&v) || (line.chars().count() >= 10 && v.contains(line))
        } else {
            line == v
                || line.contains(&format!("({v})"))
                || line.trim_start_matches(['—', '–', '-', ' ']) == v
        }
    })
}

fn measure(f: &Fixture) -> Measured {
    let got = run(f);
    // EXTRACT_DEBUG=NAME prints what one fixture extracts.
    if std::env::var("EXTRACT_DEBUG").is_ok_and(|n| n == f.name) {
        eprintln!("{}", serde_json::to_string_pretty(&got).expect("json"));
    }
    let paragraphs: Vec<String> = got.body.split("\n\n").map(norm).collect();
    let joined = norm(&got.body);
    let mut m = Measured {
        figures: Figures {
            fixtures: 1,
            ..Figures::default()
        },
        missing: Vec::new(),
        junk_kept: Vec::new(),
        meta_wrong: Vec::new(),
    };
    let fig = &mut m.figures;
    for p in &f.body {
        fig.article += 1;
        if joined.contains(p.as_str()) {
            fig.article_kept += 1;
        } else {
            m.missing.push(p.clone());
        }
    }
    for line in input_lines(f) {
        let is_article = f.body.iter().any(|p| {
            line.contains(p.as_str()) || (line.chars().count() >= 25 && p.contains(&line))
        });
        if is_article {
            continue;
        }
        let present = in_body(&line, &paragraphs, &joined);
        if is_meta_line(&line, &f.meta) {
            fig.meta_lines += 1;
            fig.meta_lines_out += usize::from(!present);
            continue;
        }
        fig.junk += 1;
        if present {
            m.junk_kept.push(line);
        } else {
            fig.junk_removed += 1;
        }
    }
    let actual = serde_json::to_value(&got.meta).expect("meta serialises");
    for (k, want) in &f.meta {
        fig.meta_fields += 1;
        let have = actual.get(k).cloned().unwrap_or(Value::Null);
        let right = match (want, &have) {
            (Value::String(w), Value::String(h)) => norm(w) == norm(h),
            _ => *want == have,
        };
        if right {
            fig.meta_fields_right += 1;
        } else {
            m.meta_wrong
                .push(format!("{k}: expected {want}, got {have}"));
        }
    }
    fig.meta_fixtures_right = usize::from(m.meta_wrong.is_empty());
    m
}

/// All fixtures measured: each one, the total, and the total by shape and
/// by origin (written while developing the rules, or after).
struct Measurement {
    all: Vec<(Fixture, Measured)>,
    total: Figures,
    by_shape: BTreeMap<String, Figures>,
    development: Figures,
    late: Figures,
    blind: Figures,
}

fn measure_all() -> Measurement {
    let mut m = Measurement {
        all: Vec::new(),
        total: Figures::default(),
        by_shape: BTreeMap::new(),
        development: Figures::default(),
        late: Figures::default(),
        blind: Figures::default(),
    };
    for f in fixtures() {
        let got = measure(&f);
        m.total.add(&got.figures);
        m.by_shape
            .entry(f.shape.clone())
            .or_default()
            .add(&got.figures);
        if f.blind {
            m.blind.add(&got.figures);
        } else if f.late {
            m.late.add(&got.figures);
        } else {
            m.development.add(&got.figures);
        }
        m.all.push((f, got));
    }
    m
}

fn row(label: &str, f: &Figures) -> String {
    format!(
        "| {label} | {} | {:.1}% ({}/{}) | {:.1}% ({}/{}) | {:.1}% ({}/{}) | {:.1}% ({}/{}) |",
        f.fixtures,
        100.0 * pct(f.article_kept, f.article),
        f.article_kept,
        f.article,
        100.0 * pct(f.junk_removed, f.junk),
        f.junk_removed,
        f.junk,
        100.0 * pct(f.meta_fixtures_right, f.fixtures),
        f.meta_fixtures_right,
        f.fixtures,
        100.0 * pct(f.meta_lines_out, f.meta_lines),
        f.meta_lines_out,
        f.meta_lines,
    )
}

#[test]
fn fixtures_meet_targets() {
    let Measurement { all, total, .. } = measure_all();
    let mut problems = Vec::new();
    for (f, m) in &all {
        for p in &m.missing {
            problems.push(format!("{}: article line lost: {p}", f.name));
        }
        for j in &m.junk_kept {
            problems.push(format!("{}: junk kept: {j}", f.name));
        }
        for w in &m.meta_wrong {
            problems.push(format!("{}: metadata wrong: {w}", f.name));
        }
    }
    for p in &problems {
        eprintln!("{p}");
    }
    let meta_wrong: Vec<&str> = all
        .iter()
        .filter(|(_, m)| !m.meta_wrong.is_empty())
        .map(|(f, _)| f.name.as_str())
        .collect();
    assert!(meta_wrong.is_empty(), "metadata wrong in: {meta_wrong:?}");
    let junk = pct(total.junk_removed, total.junk);
    let kept = pct(total.article_kept, total.article);
    let meta = pct(total.meta_fixtures_right, total.fixtures);
    assert!(
        junk >= MIN_JUNK_REMOVED,
        "junk removed {:.1}% < {:.0}%",
        100.0 * junk,
        100.0 * MIN_JUNK_REMOVED
    );
    assert!(
        kept >= MIN_ARTICLE_KEPT,
        "article kept {:.1}% < {:.0}%",
        100.0 * kept,
        100.0 * MIN_ARTICLE_KEPT
    );
    assert!(
        meta >= MIN_META_RIGHT,
        "metadata right {:.1}% < {:.0}%",
        100.0 * meta,
        100.0 * MIN_META_RIGHT
    );
}

/// Prints the figures as Markdown for BENCHMARKS.md (`scripts/bench-extract`).
#[test]
fn report() {
    let Measurement {
        all,
        total,
        by_shape,
        development,
        late,
        blind,
    } = measure_all();
    println!("<!-- extract-report -->");
    println!(
        "| shape | fixtures | article lines kept | junk lines removed | metadata right (fixtures) | metadata lines kept out of body |"
    );
    println!("|---|---|---|---|---|---|");
    for (shape, f) in &by_shape {
        println!("{}", row(shape, f));
    }
    println!("{}", row("**all**", &total));
    println!(
        "{}",
        row("written while developing the rules", &development)
    );
    println!(
        "{}",
        row("written after the rules were first frozen", &late)
    );
    println!(
        "{}",
        row("written blind, without reading the rules", &blind)
    );
    println!();
    println!(
        "Metadata fields right: {:.1}% ({}/{}).",
        100.0 * pct(total.meta_fields_right, total.meta_fields),
        total.meta_fields_right,
        total.meta_fields
    );
    // Speed: every fixture extracted ROUNDS times (once in a debug build,
    // where the figure means little and `cargo test` should stay quick).
    const ROUNDS: usize = if cfg!(debug_assertions) { 1 } else { 20 };
    let bytes: usize = all.iter().map(|(f, _)| f.input.len()).sum();
    let start = std::time::Instant::now();
    for _ in 0..ROUNDS {
        for (f, _) in &all {
            std::hint::black_box(run(f));
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let pages = (ROUNDS * all.len()) as f64;
    println!(
        "Speed: {:.2} ms per page, {:.1} MB/s ({} fixture pages x {ROUNDS}, {} build).",
        1000.0 * secs / pages,
        (ROUNDS * bytes) as f64 / secs / 1e6,
        all.len(),
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );
    println!("<!-- /extract-report -->");
}

// ---------------------------------------------------------------------------
// Stress: adversarial inputs never panic and finish (the cargo-fuzz target in
// fuzz/ explores further; this deterministic set runs with every `cargo test`).
// ---------------------------------------------------------------------------

/// xorshift64*: a small deterministic generator, so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Pieces of markup and of the text rules, to build inputs that reach deep
/// into both.
const PIECES: &[&str] = &[
    "<div>",
    "</div>",
    "<p>",
    "</p>",
    "<",
    ">",
    "</",
    "<!--",
    "-->",
    "<script>",
    "</script>",
    "<style>",
    "<nav>",
    "</nav>",
    "<a href=\"",
    "\">",
    "&amp;",
    "&#",
    "&#x",
    ";",
    "&",
    "\n",
    "\n\n",
    " ",
    "By ",
    "Read also",
    " | ",
    "(Reuters) - ",
    "LONDON ",
    "[",
    "]",
    "(",
    ")",
    "©",
    "2024",
    "May 17, 2024",
    "Comments",
    "Advertisement",
    "Share this:",
    "$5",
    "—",
    "…",
    ".",
    "word ",
    "The minister said on Friday that ",
    "é",
    "\u{301}",
    "\u{200b}",
    "😀",
    "\r",
    "\t",
    "<h1>",
    "</h1>",
    "<meta property=\"og:site_name\" content=\"",
    "\"/>",
    "<title>",
    "</title>",
    "<article>",
    "</article>",
    "<figcaption>",
    "Photo: ",
    "— The writer is ",
    "Source » ",
    "syndicated feed",
    "views expressed",
    "Tel Aviv [Israel] May 17 (ANI/TPS): ",
];

fn soup(rng: &mut Rng, pieces: usize) -> String {
    let mut s = String::new();
    for _ in 0..pieces {
        s.push_str(PIECES[rng.below(PIECES.len())]);
    }
    s
}

fn both(input: &str) {
    let a = extract_text(input);
    let b = extract_html(input, Some("https://example.example/a"));
    // Whatever the input, the body is tidy and the counts agree with it.
    for got in [a, b] {
        assert_eq!(got.body.is_empty(), got.kept_lines == 0, "{input:?}");
        assert_eq!(got.body.trim(), got.body, "{input:?}");
        assert!(
            got.body
                .split("\n\n")
                .all(|p| !p.trim().is_empty() || got.body.is_empty())
        );
    }
}

#[test]
fn stress_adversarial_inputs_never_panic() {
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let start = std::time::Instant::now();
    // 1,500 random byte strings, read as lossy UTF-8.
    for _ in 0..1500 {
        let len = rng.below(600);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        both(&String::from_utf8_lossy(&bytes));
    }
    eprintln!("random bytes: {:?}", start.elapsed());
    let start = std::time::Instant::now();
    // 500 inputs made of markup and rule fragments.
    for _ in 0..500 {
        let n = 1 + rng.below(300);
        both(&soup(&mut rng, n));
    }
    eprintln!("markup soup: {:?}", start.elapsed());
    // Large and pathological pages.
    let big: Vec<(&str, String)> = vec![
        ("1 MB of <div>", "<div>".repeat(200_000)),
        (
            "100k nested divs",
            format!(
                "{}text{}",
                "<div>".repeat(100_000),
                "</div>".repeat(100_000)
            ),
        ),
        (
            "100k short lines",
            (0..100_000).map(|i| format!("Item {i}\n")).collect(),
        ),
        ("unclosed attributes", "<a href=\"x".repeat(50_000)),
        ("unclosed tags", "<p".repeat(200_000)),
        ("one 1 MB line", "word ".repeat(200_000)),
        ("ampersands", "&".repeat(1_000_000)),
        ("entities", "&#x1F600;&amp;&bogus;".repeat(50_000)),
        ("brackets", "[(".repeat(300_000)),
        (
            "100k paragraphs",
            "<p>The council voted on Tuesday to close the bridge.</p>\n".repeat(20_000),
        ),
        (
            "comment never closed",
            format!("<p>a</p><!--{}", "x".repeat(500_000)),
        ),
        (
            "JSON-LD never closed",
            "<script type=\"application/ld+json\">{\"@graph\":[".repeat(30_000),
        ),
        (
            "many JSON-LD blocks",
            "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"x\"}</script>"
                .repeat(10_000),
        ),
        (
            "script never closed",
            format!("<p>a</p><script>{}", "<div>".repeat(100_000)),
        ),
    ];
    for (label, input) in &big {
        let start = std::time::Instant::now();
        both(input);
        eprintln!("{label}: {:?}", start.elapsed());
    }
}
