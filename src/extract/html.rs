//! Saved HTML pages: `dom_smoothie` (a port of Mozilla's Readability) finds
//! the main text and reads the page's metadata; the pasted-text rules then
//! clean what it kept. The head's tags and JSON-LD (also in an `@graph`)
//! give the title, author, date, address and site; a standfirst beside the
//! headline and a byline or date outside the kept element are taken from
//! the rest of the page. Pages it cannot take (too deep or too large to
//! parse in good time, or where it fails or panics) fall back to a linear
//! tag stripper and the pasted-text rules alone.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::LazyLock;

use dom_smoothie::{Config, Readability, TextMode};
use regex::Regex;

use super::clean::{self, Cleaned, Mode};
use super::lines::Shape;
use super::meta::{self, MetaLine};
use super::{Extracted, PageMeta};

/// Pages with more elements than this go to the fallback (dom_smoothie's
/// scoring is slow on huge documents).
const MAX_ELEMENTS: usize = 20_000;

/// Pages nested deeper than this go to the fallback: parsing cost grows
/// with depth times elements, and real pages stay well under 100.
const MAX_DEPTH: usize = 256;

/// Pages larger than this (bytes) go to the fallback.
const MAX_BYTES: usize = 8 * 1024 * 1024;

pub(crate) fn extract(html: &str, url: Option<&str>) -> Extracted {
    let lower = html.to_ascii_lowercase();
    let page_text = strip_tags(html, &lower);
    let head = head_meta(html);
    let scan = prescan(lower.as_bytes());
    let parsed = if html.len() <= MAX_BYTES
        && scan.elements <= MAX_ELEMENTS
        && scan.max_depth <= MAX_DEPTH
    {
        readability(html, url)
    } else {
        None
    };
    let (cleaned, page) = match parsed {
        Some(page) => {
            let title = page.title.as_deref().or(head.title.as_deref());
            let author = page.byline.as_deref().or(head.author.as_deref());
            let cleaned = clean::clean(&page.text, Mode::Html { title, author });
            if cleaned.body.trim().is_empty() {
                (clean::clean(&page_text, Mode::Text), None)
            } else {
                (cleaned, Some(page))
            }
        }
        None => (clean::clean(&page_text, Mode::Text), None),
    };
    let mut meta = merge(cleaned.meta.clone(), &cleaned, page.as_ref(), &head, url);
    if page.is_some() && (meta.byline.is_none() || meta.published.is_none()) {
        // The byline and date often sit outside the element Readability
        // keeps (in a header beside the headline): read them from the
        // whole page's text, as pasted text is read.
        let whole = clean::clean(&page_text, Mode::Text).meta;
        if meta.byline.is_none() {
            meta.byline = whole.byline;
            if meta.author.is_none() {
                meta.author = whole.author;
            }
        }
        if meta.published.is_none() {
            meta.published = whole.published;
        }
    }
    let page_lines = page_text.lines().filter(|l| !l.trim().is_empty()).count();
    let page_chars: usize = page_text
        .split_whitespace()
        .map(|w| w.chars().count() + 1)
        .sum();
    let body_chars: usize = cleaned
        .body
        .split_whitespace()
        .map(|w| w.chars().count() + 1)
        .sum();
    Extracted {
        dropped_chars: page_chars.saturating_sub(body_chars),
        kept_lines: cleaned.kept_lines,
        dropped_lines: page_lines.saturating_sub(cleaned.kept_lines),
        body: cleaned.body,
        meta,
    }
}

/// What dom_smoothie found.
struct Page {
    text: String,
    title: Option<String>,
    /// The text of the page's byline element.
    byline_element: Option<String>,
    byline: Option<String>,
    site_name: Option<String>,
    published: Option<String>,
    url: Option<String>,
}

/// Runs dom_smoothie, turning its errors and panics into `None`.
fn readability(html: &str, url: Option<&str>) -> Option<Page> {
    let url = url.filter(|u| url::Url::parse(u).is_ok());
    catch_unwind(AssertUnwindSafe(|| {
        let doc = dom_query::Document::from(html);
        // Captions, share bars, newsletter boxes and comment threads that
        // Readability may keep inside the article.
        doc.select(
            "figcaption, .share, .sharing, .social-share, .share-buttons, .newsletter, .donate, \
             .related, .related-posts, #comments, .comments, .comments-area, .comment-list, \
             .ad, .ads, .advert, .advertisement, .promo",
        )
        .remove();
        // The printed credit, which Readability may take out of the text.
        let byline = doc
            .select("[class*=byline], [rel=author], [itemprop=author]")
            .iter()
            .map(|s| s.text().split_whitespace().collect::<Vec<_>>().join(" "))
            .find(|t| !t.is_empty() && t.split_whitespace().count() <= 20);
        // The standfirst, which often sits beside the headline (in the same
        // block as the h1) outside the element Readability keeps.
        let standfirst = doc
            .select(STANDFIRST)
            .iter()
            // Bounded: a page is not made slow by thousands of such elements.
            .take(20)
            .filter(|s| {
                !s.ancestors(Some(64)).is("nav, aside, footer, li, a")
                    && (s.parent().select("h1").exists()
                        || s.parent().parent().select("h1").exists())
            })
            .map(|s| s.text().split_whitespace().collect::<Vec<_>>().join(" "))
            .find(|t| (6..=60).contains(&t.split_whitespace().count()));
        let cfg = Config {
            text_mode: TextMode::Formatted,
            max_elements_to_parse: MAX_ELEMENTS,
            ..Default::default()
        };
        let mut r = Readability::with_document(doc, url, Some(cfg)).ok()?;
        let article = r.parse().ok()?;
        let mut text = article.text_content.to_string();
        if let Some(sf) = standfirst
            && !text
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .contains(&sf)
        {
            text = format!("{sf}\n\n{text}");
        }
        Some(Page {
            text,
            title: nonempty(&article.title),
            byline_element: byline,
            byline: article.byline.as_deref().and_then(nonempty),
            site_name: article.site_name.as_deref().and_then(nonempty),
            published: article.published_time.as_deref().and_then(nonempty),
            url: article.url.as_deref().and_then(nonempty),
        })
    }))
    .ok()
    .flatten()
}

/// Elements that hold a story's standfirst (its summary under the headline).
const STANDFIRST: &str = ".standfirst, .lead, .lede, .dek, .deck, .subtitle, .subheadline, \
     .sub-headline, .article-summary, .article-lead, .article-dek, .article-standfirst, \
     [itemprop=description], [itemprop=alternativeHeadline]";

fn nonempty(s: &str) -> Option<String> {
    let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!t.is_empty()).then_some(t)
}

/// Fills the page's metadata: the page's own tags first for what they
/// state best (title, site, date, author), the cleaned text for the rest.
fn merge(
    mut meta: PageMeta,
    cleaned: &Cleaned,
    page: Option<&Page>,
    head: &HeadMeta,
    url: Option<&str>,
) -> PageMeta {
    let site = page
        .and_then(|p| p.site_name.clone())
        .or_else(|| head.site_name.clone());
    let outlet = site
        .clone()
        .or_else(|| url.and_then(host_of))
        .or_else(|| cleaned.copyright_holder.clone());
    // A title the page tags for sharing or in JSON-LD beats the document
    // title Readability falls back to ("Library hours | Eastmoor Post").
    let title = if head.title_tagged {
        head.title
            .clone()
            .or_else(|| page.and_then(|p| p.title.clone()))
    } else {
        page.and_then(|p| p.title.clone())
            .or_else(|| head.title.clone())
    }
    .or(meta.title.take());
    meta.title = title.map(|t| strip_site_suffix(&t, outlet.as_deref()));
    if meta.byline.is_none()
        && let Some(MetaLine::Byline {
            byline, published, ..
        }) = page
            .and_then(|p| p.byline_element.as_deref())
            .and_then(|b| meta::classify(b, &Shape::of(b)))
    {
        meta.byline = Some(byline);
        if meta.published.is_none() {
            meta.published = published;
        }
    }
    if meta.byline.is_none() {
        meta.byline = page
            .and_then(|p| p.byline.clone())
            .or_else(|| head.author.clone())
            .map(|b| strip_by(&b));
    }
    meta.author = head
        .author
        .clone()
        .or(meta.author.take())
        .or_else(|| meta.byline.as_deref().map(author_of));
    meta.url = url
        .map(str::to_string)
        .or_else(|| page.and_then(|p| p.url.clone()))
        .or_else(|| head.url.clone());
    meta.outlet = site
        .or_else(|| meta.url.as_deref().and_then(host_of))
        .or_else(|| cleaned.copyright_holder.clone());
    if let Some(p) = page
        .and_then(|p| p.published.clone())
        .or_else(|| head.published.clone())
    {
        meta.published = Some(p);
    }
    meta
}

/// "By Jane Doe" → "Jane Doe".
pub(crate) fn strip_by(byline: &str) -> String {
    let t = byline.trim();
    let lower = t.to_lowercase();
    for prefix in ["written by ", "posted by ", "by "] {
        if lower.starts_with(prefix) && t.is_char_boundary(prefix.len()) {
            return t[prefix.len()..].trim().to_string();
        }
    }
    t.to_string()
}

/// "Jane Doe, Business Reporter" → "Jane Doe".
pub(crate) fn author_of(byline: &str) -> String {
    byline
        .split([',', '|', '('])
        .next()
        .unwrap_or(byline)
        .trim()
        .to_string()
}

/// The host of `url` without "www.".
pub(crate) fn host_of(url: &str) -> Option<String> {
    let host = url::Url::parse(url).ok()?.host_str()?.to_lowercase();
    Some(host.strip_prefix("www.").unwrap_or(&host).to_string())
}

/// "Port strike enters third week | The Harbour Ledger" → "Port strike enters third week".
fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    let title = title.trim();
    if let Some(site) = site {
        for sep in [" | ", " - ", " – ", " — ", " :: ", " · "] {
            if let Some(head) = title.strip_suffix(site).and_then(|h| h.strip_suffix(sep)) {
                return head.trim().to_string();
            }
        }
    }
    title.to_string()
}

/// Metadata the page's head states in tags.
#[derive(Debug, Default)]
pub(crate) struct HeadMeta {
    pub title: Option<String>,
    /// The title comes from `og:title`, `twitter:title` or JSON-LD, not `<title>`.
    pub title_tagged: bool,
    pub site_name: Option<String>,
    pub author: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
}

static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)<(meta|link)\b[^>]{0,2000}>|<title\b[^>]{0,500}>([^<]{0,2000})</title")
        .expect("tag pattern")
});

static ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)([a-z:_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"#)
        .expect("attribute pattern")
});

/// Reads `<title>`, `<meta>` and `<link rel=canonical>` tags, in one linear scan.
pub(crate) fn head_meta(html: &str) -> HeadMeta {
    let mut m = HeadMeta::default();
    let mut og_title = None;
    let mut doc_title = None;
    let mut og_url = None;
    let mut canonical = None;
    let mut article_author = None;
    for caps in TAG.captures_iter(html) {
        if let Some(t) = caps.get(2) {
            if doc_title.is_none() {
                doc_title = nonempty(&decode_entities(t.as_str()));
            }
            continue;
        }
        let Some(tag) = caps.get(0) else { continue };
        let mut key = None;
        let mut content = None;
        let mut rel = None;
        let mut href = None;
        for a in ATTR.captures_iter(tag.as_str()) {
            let name = a
                .get(1)
                .map(|n| n.as_str().to_ascii_lowercase())
                .unwrap_or_default();
            let value = a
                .get(2)
                .or(a.get(3))
                .or(a.get(4))
                .map(|v| v.as_str())
                .unwrap_or("");
            match name.as_str() {
                "property" | "name" | "itemprop" => key = Some(value.to_ascii_lowercase()),
                "content" => content = nonempty(&decode_entities(value)),
                "rel" => rel = Some(value.to_ascii_lowercase()),
                "href" => href = nonempty(&decode_entities(value)),
                _ => {}
            }
        }
        if rel.as_deref() == Some("canonical") {
            canonical = canonical.or(href);
            continue;
        }
        let (Some(key), Some(content)) = (key, content) else {
            continue;
        };
        match key.as_str() {
            "og:title" | "twitter:title" => og_title = og_title.or(Some(content)),
            "og:site_name" | "application-name" => m.site_name = m.site_name.or(Some(content)),
            "author" | "byl" | "dc.creator" | "sailthru.author" | "parsely-author" => {
                m.author = m.author.or(Some(strip_by(&content)))
            }
            "article:author" if !content.contains("://") => {
                article_author = article_author.or(Some(content))
            }
            "article:published_time"
            | "datepublished"
            | "date"
            | "pubdate"
            | "publish-date"
            | "dc.date"
            | "dcterms.date"
            | "sailthru.date"
            | "parsely-pub-date" => m.published = m.published.or(Some(content)),
            "og:url" => og_url = og_url.or(Some(content)),
            _ => {}
        }
    }
    let ld = json_ld(html);
    let tagged = og_title.or(ld.title);
    m.title_tagged = tagged.is_some();
    m.title = tagged.or(doc_title);
    m.author = m.author.or(article_author).or(ld.author);
    m.site_name = m.site_name.or(ld.site_name);
    m.published = m.published.or(ld.published);
    m.url = og_url
        .or(canonical)
        .filter(|u| url::Url::parse(u).is_ok())
        .or(ld.url.filter(|u| url::Url::parse(u).is_ok()));
    m
}

/// What a page's JSON-LD says about its article.
#[derive(Debug, Default)]
struct JsonLd {
    title: Option<String>,
    author: Option<String>,
    site_name: Option<String>,
    published: Option<String>,
    url: Option<String>,
}

static LD_SCRIPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<script\b[^>]{0,500}?application/ld\+json[^>]{0,500}>"#)
        .expect("json-ld pattern")
});

/// JSON-LD blocks larger than this (bytes) are skipped.
const MAX_LD_BYTES: usize = 512 * 1024;

/// Reads the `<script type="application/ld+json">` blocks: the first
/// article node (`NewsArticle`, `BlogPosting`, ...), found at the top level,
/// in an array or in an `@graph`, gives the headline, author, date, address
/// and publisher; a `WebSite` or organisation node can name the site.
fn json_ld(html: &str) -> JsonLd {
    let mut out = JsonLd::default();
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    // Each block is read from its opening tag to the next `</script`, and
    // the search resumes after it: one pass over the page.
    while let Some(open) = LD_SCRIPT.find_at(html, from) {
        let start = open.end();
        let Some(len) = lower[start..].find("</script") else {
            break;
        };
        from = start + len;
        if len > MAX_LD_BYTES {
            continue;
        }
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&html[start..start + len]) else {
            continue;
        };
        let mut nodes: Vec<&serde_json::Value> = Vec::new();
        let top: Vec<&serde_json::Value> = match &value {
            serde_json::Value::Array(items) => items.iter().collect(),
            v => vec![v],
        };
        for v in top {
            match v.get("@graph") {
                Some(serde_json::Value::Array(items)) => nodes.extend(items.iter()),
                _ => nodes.push(v),
            }
        }
        let by_id = |id: &str| {
            nodes
                .iter()
                .find(|n| n.get("@id").and_then(|i| i.as_str()) == Some(id))
                .copied()
        };
        let name_of = |v: &serde_json::Value| -> Option<String> {
            match v {
                serde_json::Value::String(s) => nonempty(s),
                serde_json::Value::Object(_) => v
                    .get("name")
                    .and_then(|n| n.as_str())
                    .and_then(nonempty)
                    .or_else(|| {
                        v.get("@id")
                            .and_then(|i| i.as_str())
                            .and_then(by_id)
                            .and_then(|n| n.get("name"))
                            .and_then(|n| n.as_str())
                            .and_then(nonempty)
                    }),
                _ => None,
            }
        };
        for node in &nodes {
            let types: Vec<&str> = match node.get("@type") {
                Some(serde_json::Value::String(t)) => vec![t.as_str()],
                Some(serde_json::Value::Array(ts)) => {
                    ts.iter().filter_map(|t| t.as_str()).collect()
                }
                _ => Vec::new(),
            };
            let is_article = types
                .iter()
                .any(|t| t.ends_with("Article") || t.ends_with("BlogPosting") || *t == "Report");
            if !is_article {
                if out.site_name.is_none()
                    && types
                        .iter()
                        .any(|t| *t == "WebSite" || t.ends_with("Organization"))
                {
                    out.site_name = node.get("name").and_then(|n| n.as_str()).and_then(nonempty);
                }
                continue;
            }
            if out.title.is_some() {
                continue;
            }
            let text = |k: &str| {
                node.get(k)
                    .and_then(|v| v.as_str())
                    .and_then(|s| nonempty(&decode_entities(s)))
            };
            out.title = text("headline").or_else(|| text("name"));
            out.published = text("datePublished");
            out.url = text("url").or_else(|| match node.get("mainEntityOfPage") {
                Some(serde_json::Value::String(s)) => nonempty(s),
                Some(v) => v.get("@id").and_then(|i| i.as_str()).and_then(nonempty),
                None => None,
            });
            out.author = match node.get("author") {
                Some(serde_json::Value::Array(items)) => {
                    let names: Vec<String> = items.iter().filter_map(name_of).collect();
                    (!names.is_empty()).then(|| names.join(", "))
                }
                Some(v) => name_of(v),
                None => None,
            };
            if let Some(site) = node.get("publisher").and_then(name_of) {
                out.site_name = Some(site);
            }
        }
    }
    out
}

/// How big and how deep a page is, from a linear scan of its tags.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Prescan {
    pub elements: usize,
    pub max_depth: usize,
}

/// Elements that never contain others, or that close themselves implicitly.
const FLAT_TAGS: &[&[u8]] = &[
    b"area",
    b"base",
    b"br",
    b"col",
    b"embed",
    b"hr",
    b"img",
    b"input",
    b"link",
    b"meta",
    b"source",
    b"track",
    b"wbr",
    b"p",
    b"li",
    b"td",
    b"th",
    b"tr",
    b"option",
    b"dt",
    b"dd",
    b"!doctype",
    b"param",
    b"keygen",
];

/// Counts elements and the deepest nesting in a lowercased page.
pub(crate) fn prescan(lower: &[u8]) -> Prescan {
    let mut scan = Prescan::default();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(off) = memchr(b'<', &lower[i..]) {
        let start = i + off;
        let Some(end) = memchr(b'>', &lower[start..]).map(|e| start + e) else {
            break;
        };
        let tag = &lower[start + 1..end];
        i = end + 1;
        let closing = tag.first() == Some(&b'/');
        let name_start = usize::from(closing);
        let name_len = tag[name_start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'!' || **c == b'-')
            .count();
        let name = &tag[name_start..name_start + name_len];
        if name.is_empty() || name.starts_with(b"!--") {
            continue;
        }
        let flat = FLAT_TAGS.contains(&name) || tag.ends_with(b"/");
        if closing {
            if !flat {
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        scan.elements += 1;
        if !flat {
            depth += 1;
            scan.max_depth = scan.max_depth.max(depth);
        }
        if name == b"script" || name == b"style" {
            let close: &[u8] = if name == b"script" {
                b"</script"
            } else {
                b"</style"
            };
            i = find(lower, close, i).unwrap_or(lower.len());
        }
    }
    scan
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

/// The first `needle` in `hay` at or after `from`.
fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let from = from.min(hay.len());
    // `str::find` on bytes would need valid UTF-8 boundaries; a windowed
    // search is linear for the short, distinct needles used here.
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// Elements whose content is never article text.
const SKIP_CONTENT: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "title",
    "iframe",
    "select",
    "button",
    "nav",
    "footer",
    "aside",
    "figcaption",
    "object",
    "canvas",
    "math",
];

/// Elements that start a new line of text.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "table",
    "section",
    "article",
    "blockquote",
    "dd",
    "dt",
    "dl",
    "figure",
    "pre",
    "hr",
    "main",
    "header",
    "address",
    "details",
    "summary",
    "caption",
    "body",
    "html",
    "title",
];

/// The visible text of a page, one line per block element, in linear time.
/// `lower` is `html` lowercased (ASCII), so byte offsets agree.
pub(crate) fn strip_tags(html: &str, lower: &str) -> String {
    let bytes = html.as_bytes();
    let lb = lower.as_bytes();
    let mut out = String::with_capacity(html.len() / 2);
    let mut i = 0;
    let mut text_start = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        let next = bytes.get(i + 1).copied().unwrap_or(b' ');
        if !(next.is_ascii_alphabetic() || next == b'/' || next == b'!' || next == b'?') {
            i += 1;
            continue;
        }
        out.push_str(&decode_entities(&html[text_start..i]));
        if lb[i..].starts_with(b"<!--") {
            i = find(lb, b"-->", i + 4).map_or(bytes.len(), |e| e + 3);
            text_start = i;
            continue;
        }
        let Some(end) = memchr(b'>', &lb[i..]).map(|e| i + e) else {
            i = bytes.len();
            text_start = i;
            break;
        };
        let closing = next == b'/';
        let name_start = i + 1 + usize::from(closing);
        let name_len = lb[name_start..end]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        let name = &lower[name_start..name_start + name_len];
        i = end + 1;
        if !closing && SKIP_CONTENT.contains(&name) && !lb[..end].ends_with(b"/") {
            let close = format!("</{name}");
            i = find(lb, close.as_bytes(), i).map_or(bytes.len(), |p| {
                memchr(b'>', &lb[p..]).map_or(bytes.len(), |e| p + e + 1)
            });
            out.push('\n');
        } else if BLOCK_TAGS.contains(&name) {
            out.push('\n');
        }
        text_start = i;
    }
    if text_start < bytes.len() {
        out.push_str(&decode_entities(&html[text_start..]));
    }
    out
}

/// Decodes character references: numeric ones and the common named ones.
pub(crate) fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        let end = after
            .char_indices()
            .take(12)
            .find(|(_, c)| *c == ';')
            .map(|(i, _)| i);
        let decoded = end.and_then(|e| entity(&after[..e]).map(|c| (c, e)));
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "middot" => '·',
        "bull" => '•',
        "eacute" => 'é',
        "egrave" => 'è',
        "aacute" => 'á',
        "oacute" => 'ó',
        "uuml" => 'ü',
        "ouml" => 'ö',
        "auml" => 'ä',
        "ccedil" => 'ç',
        "ntilde" => 'ñ',
        "pound" => '£',
        "euro" => '€',
        "times" => '×',
        "shy" => '\u{ad}',
        "zwj" => '\u{200d}',
        "zwnj" => '\u{200c}',
        "thinsp" => '\u{2009}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_entities() {
        assert_eq!(
            decode_entities("a &amp; b &#8212; &#x2019;s &mdash; &bogus; &"),
            "a & b — ’s — &bogus; &"
        );
    }

    #[test]
    fn strips_tags_and_skips_furniture() {
        let html = "<html><head><title>T</title></head><body><nav>Home World</nav><p>One &amp; two</p>\
                    <script>var x = '<p>no</p>';</script><p>Three<br>Four</p><!-- c --><footer>f</footer></body></html>";
        let text = strip_tags(html, &html.to_ascii_lowercase());
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(lines, ["One & two", "Three", "Four"]);
    }

    #[test]
    fn strips_unclosed_and_broken_markup() {
        let html = "<p>a < b and <div class=\"x";
        let text = strip_tags(html, &html.to_ascii_lowercase());
        assert_eq!(text.trim(), "a < b and");
        let html = "<script>never closed";
        assert_eq!(strip_tags(html, &html.to_ascii_lowercase()).trim(), "");
    }

    #[test]
    fn prescan_counts_depth() {
        let s = prescan(b"<html><body><div><div><p>x<p>y</div></div><img src=x></body></html>");
        assert_eq!(s.max_depth, 4);
        assert_eq!(s.elements, 7);
        let deep = "<div>".repeat(1000);
        assert_eq!(prescan(deep.as_bytes()).max_depth, 1000);
    }

    #[test]
    fn reads_head_tags() {
        let m = head_meta(
            r#"<head><title>Port strike | The Harbour Ledger</title>
            <meta property="og:site_name" content="The Harbour Ledger">
            <meta name='author' content='By Mara Quillon'>
            <meta property="article:published_time" content="2024-05-17T09:30:00Z"/>
            <link rel="canonical" href="https://harbourledger.example/x"></head>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Port strike | The Harbour Ledger"));
        assert_eq!(m.site_name.as_deref(), Some("The Harbour Ledger"));
        assert_eq!(m.author.as_deref(), Some("Mara Quillon"));
        assert_eq!(m.published.as_deref(), Some("2024-05-17T09:30:00Z"));
        assert_eq!(m.url.as_deref(), Some("https://harbourledger.example/x"));
    }

    #[test]
    fn reads_json_ld_graphs() {
        let m = head_meta(
            r#"<head><title>Library hours | Eastmoor Post</title>
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
            {"@type":"WebSite","@id":"https://e.example/#site","name":"Eastmoor Post"},
            {"@type":"NewsArticle","headline":"Library to stay open until 2am","datePublished":"2025-01-20T08:30:00Z",
             "author":[{"@type":"Person","name":"Okonkwo Delacroix-Myint"}],"url":"https://e.example/a",
             "publisher":{"@id":"https://e.example/#site"}}]}</script></head>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Library to stay open until 2am"));
        assert!(m.title_tagged);
        assert_eq!(m.author.as_deref(), Some("Okonkwo Delacroix-Myint"));
        assert_eq!(m.site_name.as_deref(), Some("Eastmoor Post"));
        assert_eq!(m.published.as_deref(), Some("2025-01-20T08:30:00Z"));
        assert_eq!(m.url.as_deref(), Some("https://e.example/a"));
        // Broken JSON-LD is skipped.
        let m = head_meta(
            r#"<script type="application/ld+json">{"headline": </script><title>T</title>"#,
        );
        assert_eq!(m.title.as_deref(), Some("T"));
        assert!(!m.title_tagged);
    }

    #[test]
    fn standfirst_beside_the_headline() {
        let html = r#"<html><body><div class="head"><h1>Grain corridor talks to resume</h1>
            <div class="lead">The talks will be held in a neutral country, the diplomat said</div></div>
            <div class="subtitle-bar"><p class="subtitle">Independent news for the valley since 1901 and proud of it</p></div>
            <div class="text"><p>Talks on reopening a maritime corridor for grain exports will resume next week, the deputy minister told reporters on Tuesday.</p>
            <p>"The consultations will take place at expert level, and we expect concrete proposals from the other side," he said, declining to name the venue.</p>
            <p>Any agreement would have to guarantee the unhindered export of the country's own grain and fertilizers, he added.</p></div></body></html>"#;
        let got = crate::extract::extract_html(html, None);
        assert!(
            got.body
                .starts_with("The talks will be held in a neutral country, the diplomat said\n\n"),
            "{}",
            got.body
        );
        assert!(!got.body.contains("since 1901"));
    }

    #[test]
    fn site_suffix_and_hosts() {
        assert_eq!(
            strip_site_suffix("Port strike | The Ledger", Some("The Ledger")),
            "Port strike"
        );
        assert_eq!(
            host_of("https://www.ledger.example/a").as_deref(),
            Some("ledger.example")
        );
        assert_eq!(strip_by("By Jane Doe"), "Jane Doe");
        assert_eq!(author_of("Jane Doe, Reuters"), "Jane Doe");
    }
}
