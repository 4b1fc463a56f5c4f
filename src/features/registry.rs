use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::ModelError;

/// What the registry knows of one outlet. Values are the normalised slugs
/// written by `scripts/build-outlet-registry`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct OutletRecord {
    pub domain: String,
    pub name: String,
    pub factual_reporting: String,
    /// Our three-level label: high, mixed or low.
    pub credibility: String,
    pub bias: String,
    pub media_type: String,
    pub country: String,
}

/// Outlet ratings by domain, from `models/outlets.csv` and user files layered on top.
#[derive(Debug, Clone, Default)]
pub struct OutletRegistry {
    by_domain: HashMap<String, OutletRecord>,
    by_name: HashMap<String, String>,
    /// Files loaded, in order of precedence (later wins).
    pub sources: Vec<PathBuf>,
}

impl OutletRegistry {
    pub fn empty() -> Self {
        OutletRegistry::default()
    }

    /// Loads a registry CSV; `#` lines are comments. Required columns:
    /// `domain` and one of `credibility` or `factual_reporting`.
    pub fn load(path: &Path) -> Result<Self, ModelError> {
        let mut registry = OutletRegistry::empty();
        registry.add_file(path)?;
        Ok(registry)
    }

    /// Adds a file whose entries take precedence over those already loaded.
    pub fn add_file(&mut self, path: &Path) -> Result<(), ModelError> {
        let error = |message: String| ModelError::Registry {
            path: path.to_path_buf(),
            message,
        };
        let mut reader = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .from_path(path)
            .map_err(|e| error(e.to_string()))?;
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| error(e.to_string()))?
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase())
            .collect();
        let column = |name: &str| headers.iter().position(|h| h == name);
        let domain_col = column("domain").ok_or_else(|| error("no `domain` column".into()))?;
        let factual_col = column("factual_reporting");
        let credibility_col = column("credibility");
        if factual_col.is_none() && credibility_col.is_none() {
            return Err(error(
                "needs a `credibility` (high/mixed/low) or `factual_reporting` column".into(),
            ));
        }
        for (i, row) in reader.records().enumerate() {
            let row = row.map_err(|e| error(format!("record {}: {e}", i + 1)))?;
            let get = |c: Option<usize>| {
                c.and_then(|c| row.get(c))
                    .unwrap_or("")
                    .trim()
                    .to_lowercase()
            };
            let domain = crate::corpus::normalize_outlet(&get(Some(domain_col)));
            if domain.is_empty() || SHARED_HOSTS.contains(&domain.as_str()) {
                continue;
            }
            let factual = get(factual_col);
            let mut credibility = get(credibility_col);
            if credibility.is_empty() {
                credibility = credibility_from_factual(&factual)
                    .unwrap_or_default()
                    .to_string();
            }
            let record = OutletRecord {
                domain: domain.clone(),
                name: get(column("name")),
                factual_reporting: factual,
                credibility,
                bias: get(column("bias")),
                media_type: get(column("media_type")),
                country: get(column("country")),
            };
            if !record.name.is_empty() {
                self.by_name.insert(record.name.clone(), domain.clone());
            }
            self.by_domain.insert(domain, record);
        }
        self.sources.push(path.to_path_buf());
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.by_domain.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_domain.is_empty()
    }

    /// Finds an outlet by domain (also for sub-domains such as
    /// `edition.cnn.com`) or by its registered name.
    pub fn lookup(&self, outlet: &str) -> Option<&OutletRecord> {
        let outlet = outlet.trim().to_lowercase();
        let mut host = outlet.as_str();
        loop {
            if let Some(record) = self.by_domain.get(host) {
                return Some(record);
            }
            match host.split_once('.') {
                Some((_, rest)) if rest.contains('.') => host = rest,
                _ => break,
            }
        }
        self.by_name
            .get(&outlet)
            .and_then(|d| self.by_domain.get(d))
    }
}

/// Platforms that host many unrelated outlets. A registry row for one of
/// them rates a single channel or blog, so it must not rate every page there.
const SHARED_HOSTS: &[&str] = &[
    "blogspot.com",
    "facebook.com",
    "google.com",
    "instagram.com",
    "medium.com",
    "reddit.com",
    "substack.com",
    "t.me",
    "tiktok.com",
    "twitter.com",
    "wordpress.com",
    "x.com",
    "youtube.com",
];

/// Maps MBFC-style factual-reporting slugs onto high / mixed / low.
pub fn credibility_from_factual(factual: &str) -> Option<&'static str> {
    match factual {
        "very-high" | "high" => Some("high"),
        "mostly-factual" | "mixed" => Some("mixed"),
        "low" | "very-low" => Some("low"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn lookup_by_domain_subdomain_and_name() {
        let mut file = tempfile::NamedTempFile::with_suffix(".csv").unwrap();
        writeln!(file, "# comment\ndomain,name,factual_reporting,bias\ncnn.com,CNN,mostly-factual,left\nx.example,,very-low,\nyoutube.com,One channel,low,").unwrap();
        let registry = OutletRegistry::load(file.path()).unwrap();
        assert_eq!(
            registry.lookup("edition.cnn.com").unwrap().credibility,
            "mixed"
        );
        assert_eq!(registry.lookup("CNN").unwrap().domain, "cnn.com");
        assert_eq!(registry.lookup("x.example").unwrap().credibility, "low");
        assert!(registry.lookup("example").is_none());
        assert!(
            registry.lookup("youtube.com").is_none(),
            "shared hosts rate no one"
        );
    }
}
