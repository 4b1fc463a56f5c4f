//! `slant extract`: show exactly what `score` reads from a page: the
//! article body and its metadata, as JSON.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use serde_json::json;

use crate::corpus::Document;
use crate::extract::{Extracted, extract_html, extract_text};

#[derive(Debug, Clone, Args)]
#[command(after_help = "Examples:
  slant extract saved-page.html
  slant extract --url https://news.example/2024/05/17/story pasted.txt")]
pub struct ExtractArgs {
    /// A saved HTML page (.html, .htm) or text copied from a browser (.txt).
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// The page's address, if the file does not say.
    #[arg(long)]
    pub url: Option<String>,
}

pub fn run(args: &ExtractArgs) -> anyhow::Result<()> {
    for path in &args.files {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let page = String::from_utf8_lossy(&bytes);
        let extracted = extract_page(path, &page, args.url.as_deref());
        let line = json!({
            "file": path.display().to_string(),
            "body": extracted.body,
            "meta": extracted.meta,
            "dropped_chars": extracted.dropped_chars,
            "kept_lines": extracted.kept_lines,
            "dropped_lines": extracted.dropped_lines,
        });
        println!("{}", serde_json::to_string_pretty(&line)?);
    }
    Ok(())
}

/// HTML extraction for .html/.htm files, pasted-text rules otherwise.
pub fn extract_page(path: &Path, page: &str, url: Option<&str>) -> Extracted {
    let is_html = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    if is_html {
        extract_html(page, url)
    } else {
        extract_text(page)
    }
}

/// Replaces a document's text with the extracted article and fills the
/// metadata it does not already carry. Cues that extraction moves out of the
/// body (byline, dateline, wire credit, disclaimer) stay visible to the style
/// features through `page_*` fields.
pub fn apply_extraction(doc: &mut Document, extracted: &Extracted) {
    let meta = &extracted.meta;
    if !extracted.body.trim().is_empty() {
        doc.text = extracted.body.clone();
    }
    let fill = |slot: &mut Option<String>, value: &Option<String>| {
        if slot.is_none() {
            slot.clone_from(value);
        }
    };
    fill(&mut doc.title, &meta.title);
    fill(&mut doc.author, &meta.author);
    fill(&mut doc.url, &meta.url);
    fill(&mut doc.date, &meta.published);
    if doc.outlet.is_none() {
        doc.outlet = meta.outlet.as_deref().map(crate::corpus::normalize_outlet);
    }
    // The credit itself, not a flag: the style cues tell an independent wire
    // from a state-run agency by its name.
    if let Some(credit) = &meta.wire_credit {
        doc.fields.insert("page_wire_credit".into(), credit.clone());
    }
    let flags = [
        ("page_byline", meta.byline.is_some()),
        ("page_dateline", meta.dateline.is_some()),
        (
            "page_opinion_disclaimer",
            meta.opinion_disclaimer.is_some() || meta.author_bio.is_some(),
        ),
        ("page_syndicated", meta.syndicated),
    ];
    for (field, present) in flags {
        if present {
            doc.fields.insert(field.into(), "yes".into());
        }
    }
    doc.resolve_outlet();
}
