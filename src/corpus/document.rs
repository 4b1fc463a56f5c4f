use std::collections::BTreeMap;

/// One article or snippet with its optional metadata and labels.
///
/// Columns other than the well-known ones are kept in `fields` under their
/// lowercased header name; label columns (`stance`, `genre`, `credibility` or
/// any user column) are looked up there.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    pub id: String,
    pub text: String,
    pub title: Option<String>,
    /// Normalised outlet: a lowercase domain when one is known, else the name.
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    pub target: Option<String>,
    pub fields: BTreeMap<String, String>,
    /// 1-based record number in its file (0 for documents built in code).
    pub record: u64,
}

impl Document {
    /// A document with only a body, as read from a .txt file.
    pub fn from_text(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            id: id.into(),
            text: text.into(),
            ..Document::default()
        }
    }

    /// The value of a label or extra column, if present and non-empty.
    pub fn field(&self, column: &str) -> Option<&str> {
        match column {
            "id" => Some(self.id.as_str()),
            "title" => self.title.as_deref(),
            "outlet" => self.outlet.as_deref(),
            "url" => self.url.as_deref(),
            "author" => self.author.as_deref(),
            "date" => self.date.as_deref(),
            "target" => self.target.as_deref(),
            _ => self.fields.get(column).map(String::as_str),
        }
        .filter(|v| !v.trim().is_empty())
    }

    /// The key that keeps related rows on one side of a split: the `group`
    /// column, else the outlet, else the row itself.
    pub fn group_key(&self, column: Option<&str>) -> String {
        let explicit = column.and_then(|c| self.field(c));
        match explicit
            .or_else(|| self.field("group"))
            .or(self.outlet.as_deref())
        {
            Some(g) => g.to_string(),
            None => format!("\u{0}row:{}", self.record),
        }
    }

    /// Sets the outlet from `outlet` or, failing that, from the URL's host.
    pub fn resolve_outlet(&mut self) {
        let from_column = self.outlet.as_deref().map(normalize_outlet);
        self.outlet = from_column
            .filter(|o| !o.is_empty())
            .or_else(|| self.url.as_deref().and_then(outlet_from_url));
    }
}

/// Lowercases an outlet name or domain and strips scheme, `www.` and path,
/// so that "https://www.Reuters.com/world" and "reuters.com" match.
pub fn normalize_outlet(raw: &str) -> String {
    let trimmed = raw.trim();
    if trimmed.contains("://")
        && let Some(host) = outlet_from_url(trimmed)
    {
        return host;
    }
    let lower = trimmed.to_lowercase();
    let without_www = lower.strip_prefix("www.").unwrap_or(&lower);
    let looks_like_domain = !without_www.contains(' ') && without_www.contains('.');
    if looks_like_domain {
        without_www
            .split('/')
            .next()
            .unwrap_or(without_www)
            .to_string()
    } else {
        without_www.to_string()
    }
}

/// The host of a URL without `www.`, if the URL parses.
pub fn outlet_from_url(raw: &str) -> Option<String> {
    let trimmed = raw.trim();
    let parsed = url::Url::parse(trimmed)
        .or_else(|_| url::Url::parse(&format!("https://{trimmed}")))
        .ok()?;
    let host = parsed.host_str()?.to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (!host.is_empty() && host.contains('.')).then(|| host.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlet_normalisation_matches_domain_forms() {
        assert_eq!(
            normalize_outlet("https://www.Reuters.com/world/x"),
            "reuters.com"
        );
        assert_eq!(normalize_outlet("WWW.bbc.co.uk/news"), "bbc.co.uk");
        assert_eq!(normalize_outlet("Fox News"), "fox news");
        assert_eq!(
            outlet_from_url("apnews.com/article/1"),
            Some("apnews.com".into())
        );
        assert_eq!(outlet_from_url("not a url"), None);
    }

    #[test]
    fn outlet_falls_back_to_url_host() {
        let mut doc = Document::from_text("1", "x");
        doc.url = Some("https://www.presstv.ir/Detail/1".into());
        doc.resolve_outlet();
        assert_eq!(doc.outlet.as_deref(), Some("presstv.ir"));
    }
}
