//! A page in, the article and its metadata out.
//!
//! Users score articles as they find them: saved HTML pages, or text copied
//! from a browser with everything around the story. [`extract_html`] and
//! [`extract_text`] keep the article body and move what surrounds it either
//! out (menus, captions, teasers, ads, appeals, share bars, cookie notices,
//! live-blog time stamps, audio players, press-release boilerplate, the
//! comment section) or into [`PageMeta`] (headline, byline, dateline,
//! wire credit, source and syndication notices, opinion disclaimer, author
//! bio).
//!
//! ```
//! let page = "Home | World | Business\n\
//!             Port strike enters third week\n\
//!             By Mara Quillon\n\
//!             HARBOURTON (Reuters) - Dock workers stayed off the job for a fifteenth day.\n\
//!             Share this:\n\
//!             The union says the offer does not keep pace with living costs.\n\
//!             3 Comments\n\
//!             portwatcher\n\
//!             About time.\n";
//! let got = slant::extract::extract_text(page);
//! assert_eq!(
//!     got.body,
//!     "Dock workers stayed off the job for a fifteenth day.\n\n\
//!      The union says the offer does not keep pace with living costs."
//! );
//! assert_eq!(got.meta.title.as_deref(), Some("Port strike enters third week"));
//! assert_eq!(got.meta.byline.as_deref(), Some("Mara Quillon"));
//! assert_eq!(got.meta.dateline.as_deref(), Some("HARBOURTON"));
//! assert_eq!(got.meta.wire_credit.as_deref(), Some("Reuters"));
//! ```
//!
//! Pasted text goes through line rules (`rules.rs`, `meta.rs`) and then
//! structural rules that look at a line's neighbours (`clean.rs`). HTML goes
//! through `dom_smoothie`, a port of Mozilla's Readability, and then the
//! same rules (`html.rs`). Both functions take any input without panicking,
//! in time close to linear in its size.

mod clean;
mod html;
mod lines;
mod meta;
mod rules;

use serde::Serialize;

/// An article taken out of a page.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Extracted {
    /// The article text, paragraphs separated by a blank line.
    pub body: String,
    /// What the page says about the article.
    pub meta: PageMeta,
    /// Characters of the page's text not in the body.
    pub dropped_chars: usize,
    /// Lines of the page's text kept in the body.
    pub kept_lines: usize,
    /// Lines of the page's text left out (furniture and metadata).
    pub dropped_lines: usize,
}

/// What a page says about its article. Every field is `None` (or `false`)
/// when the page does not say.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PageMeta {
    /// The headline.
    pub title: Option<String>,
    /// The credit line without its leading "By": "Jane Doe, Reuters".
    pub byline: Option<String>,
    /// The author's name: "Jane Doe".
    pub author: Option<String>,
    /// The site's name ("The Harbour Ledger"), or its domain.
    pub outlet: Option<String>,
    /// The page's address: as given, or as the page states it.
    pub url: Option<String>,
    /// The publication date or time, as the page prints or tags it.
    pub published: Option<String>,
    /// The place (and date) opening the story: "Tel Aviv [Israel] May 17".
    pub dateline: Option<String>,
    /// The news agency credited: "Reuters", "ANI/TPS".
    pub wire_credit: Option<String>,
    /// A line naming where the story came from: "Source » cnsnews".
    pub source_line: Option<String>,
    /// The page says the story came unedited from a syndicated feed, or was
    /// republished from another outlet ("This article was originally
    /// published on X. It is republished here with permission.").
    pub syndicated: bool,
    /// "The views expressed ... are solely those of the author."
    pub opinion_disclaimer: Option<String>,
    /// "The writer is a senior fellow at ...".
    pub author_bio: Option<String>,
}

/// Extracts the article from a saved HTML page. `url` is the page's address
/// if known (it fills [`PageMeta::url`] and, failing a site name, the
/// outlet). Never panics.
pub fn extract_html(html: &str, url: Option<&str>) -> Extracted {
    if !looks_like_html(html) {
        let mut got = extract_text(html);
        if let Some(u) = url {
            got.meta.url = Some(u.to_string());
            if got.meta.outlet.is_none() {
                got.meta.outlet = html::host_of(u);
            }
        }
        return got;
    }
    html::extract(html, url)
}

/// Extracts the article from text copied out of a browser (or any plain
/// text). Never panics.
pub fn extract_text(text: &str) -> Extracted {
    let cleaned = clean::clean(text, clean::Mode::Text);
    let mut meta = cleaned.meta;
    if meta.outlet.is_none() {
        meta.outlet = cleaned.copyright_holder;
    }
    Extracted {
        body: cleaned.body,
        meta,
        dropped_chars: cleaned.dropped_chars,
        kept_lines: cleaned.kept_lines,
        dropped_lines: cleaned.dropped_lines,
    }
}

/// Whether `text` has markup: a tag opening somewhere in it.
fn looks_like_html(text: &str) -> bool {
    let b = text.as_bytes();
    b.windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'!' || w[1] == b'/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_given_as_html_is_read_as_text() {
        let got = extract_html(
            "Dock workers stayed off the job for a fifteenth day on Friday.",
            Some("https://www.ledger.example/a"),
        );
        assert_eq!(
            got.body,
            "Dock workers stayed off the job for a fifteenth day on Friday."
        );
        assert_eq!(got.meta.outlet.as_deref(), Some("ledger.example"));
    }

    #[test]
    fn html_page_with_metadata() {
        let html = r#"<html><head><title>Port strike enters third week | The Harbour Ledger</title>
            <meta property="og:site_name" content="The Harbour Ledger">
            <meta property="article:published_time" content="2024-05-17T09:30:00Z">
            <meta name="author" content="Mara Quillon"></head><body>
            <nav><a>Home</a> <a>World</a></nav>
            <article><h1>Port strike enters third week</h1><p class="byline">By Mara Quillon</p>
            <p>Dock workers at the city's two container terminals stayed off the job for a fifteenth day on Friday, as talks between their union and the port authority stalled over pay.</p>
            <p>Share this: Facebook Twitter</p>
            <p>The union says a proposed wage increase of 3 per cent over two years does not keep pace with living costs, and it wants guarantees on automation.</p>
            </article><footer>&copy; 2024 The Harbour Ledger</footer></body></html>"#;
        let got = extract_html(html, None);
        assert_eq!(
            got.body,
            "Dock workers at the city's two container terminals stayed off the job for a fifteenth day on Friday, as talks between their union and the port authority stalled over pay.\n\n\
             The union says a proposed wage increase of 3 per cent over two years does not keep pace with living costs, and it wants guarantees on automation."
        );
        assert_eq!(
            got.meta.title.as_deref(),
            Some("Port strike enters third week")
        );
        assert_eq!(got.meta.outlet.as_deref(), Some("The Harbour Ledger"));
        assert_eq!(got.meta.published.as_deref(), Some("2024-05-17T09:30:00Z"));
        assert_eq!(got.meta.author.as_deref(), Some("Mara Quillon"));
    }

    #[test]
    fn pathological_pages_take_the_fallback() {
        let deep = format!(
            "{}<p>Deep inside the page, the council voted to close the bridge.</p>",
            "<div>".repeat(5000)
        );
        let got = extract_html(&deep, None);
        assert_eq!(
            got.body,
            "Deep inside the page, the council voted to close the bridge."
        );
    }
}
