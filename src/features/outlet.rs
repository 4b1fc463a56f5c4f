//! Who published the text: ratings from the outlet registry, the outlet
//! itself (optional), and parts of its URL.

use super::{FeatureConfig, OutletRegistry};
use crate::corpus::Document;

/// URL path words that say what kind of page it is; other path words
/// (story slugs) would only repeat the text.
const SECTION_WORDS: &[&str] = &[
    "opinion",
    "opinions",
    "oped",
    "op-ed",
    "editorial",
    "editorials",
    "column",
    "columns",
    "columnists",
    "commentary",
    "blog",
    "blogs",
    "analysis",
    "news",
    "world",
    "politics",
    "business",
    "health",
    "science",
    "local",
    "national",
    "letters",
    "perspective",
    "ideas",
    "views",
    "wire",
    "press-release",
    "press-releases",
    "video",
    "sponsored",
    "partner",
];

pub(crate) fn outlet_features(
    doc: &Document,
    registry: &OutletRegistry,
    config: &FeatureConfig,
    out: &mut Vec<(String, f64)>,
) {
    let outlet = doc.outlet.as_deref();
    if config.outlet_registry {
        match outlet.and_then(|o| registry.lookup(o)) {
            Some(record) => {
                let ratings = [
                    ("factual reporting", &record.factual_reporting),
                    ("bias", &record.bias),
                    ("media type", &record.media_type),
                    ("country", &record.country),
                ];
                for (what, value) in ratings {
                    if !value.is_empty() {
                        out.push((format!("outlet {what}: {value}"), 1.0));
                    }
                }
            }
            None if outlet.is_some() => out.push(("outlet: not in registry".into(), 1.0)),
            None => out.push(("outlet: not given".into(), 1.0)),
        }
    }
    if config.outlet_identity
        && let Some(o) = outlet
    {
        out.push((format!("outlet is: {o}"), 1.0));
    }
    if config.url {
        url_features(doc, config.url_host, out);
    }
}

fn url_features(doc: &Document, with_host: bool, out: &mut Vec<(String, f64)>) {
    let Some(parsed) = doc
        .url
        .as_deref()
        .and_then(|u| url::Url::parse(u.trim()).ok())
    else {
        if let Some(host) = doc
            .outlet
            .as_deref()
            .filter(|o| with_host && o.contains('.'))
        {
            host_features(host, out);
        }
        return;
    };
    if let Some(host) = parsed.host_str().filter(|_| with_host) {
        host_features(host, out);
    }
    let segments: Vec<&str> = parsed
        .path_segments()
        .map(|s| s.collect())
        .unwrap_or_default();
    // The last segment is usually the story slug, so only section segments count.
    let sections = &segments[..segments.len().saturating_sub(1)];
    for segment in sections {
        let segment = segment.to_lowercase();
        if SECTION_WORDS.contains(&segment.as_str()) {
            out.push((format!("url section: {segment}"), 1.0));
        }
    }
}

fn host_features(host: &str, out: &mut Vec<(String, f64)>) {
    let host = host.to_lowercase();
    if let Some(tld) = host.rsplit('.').next() {
        out.push((format!("url domain ending: .{tld}"), 1.0));
    }
    let labels: Vec<&str> = host.split('.').collect();
    for label in &labels[..labels.len().saturating_sub(1)] {
        for word in [
            "news", "truth", "patriot", "freedom", "times", "post", "daily", "report", "blog",
            "tv", "radio", "wire",
        ] {
            if label.contains(word) {
                out.push((format!("url host contains: {word}"), 1.0));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_sections_and_host_parts() {
        let mut doc = Document::from_text("1", "x");
        doc.url = Some("https://www.dailytruthnews.example/opinion/2024/my-take".into());
        doc.resolve_outlet();
        let mut out = Vec::new();
        outlet_features(
            &doc,
            &OutletRegistry::empty(),
            &FeatureConfig::default(),
            &mut out,
        );
        let names: Vec<&str> = out.iter().map(|(n, _)| n.as_str()).collect();
        assert!(names.contains(&"outlet: not in registry"));
        assert!(names.contains(&"url section: opinion"));
        assert!(names.contains(&"url domain ending: .example"));
        assert!(names.contains(&"url host contains: truth"));
        assert!(!names.iter().any(|n| n.contains("my-take")));

        let config = FeatureConfig {
            url_host: false,
            ..FeatureConfig::default()
        };
        let mut out = Vec::new();
        outlet_features(&doc, &OutletRegistry::empty(), &config, &mut out);
        let names: Vec<&str> = out.iter().map(|(n, _)| n.as_str()).collect();
        assert!(names.contains(&"url section: opinion"));
        assert!(
            !names
                .iter()
                .any(|n| n.starts_with("url host") || n.starts_with("url domain"))
        );
    }
}
