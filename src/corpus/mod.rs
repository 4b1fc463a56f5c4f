//! Records in: articles and their labels from CSV, TSV, JSONL and plain-text
//! files, with columns matched by header name and positioned errors.

mod document;
mod reader;

pub use document::{Document, normalize_outlet, outlet_from_url};
pub use reader::{ColumnMap, CorpusReader, Format, ReadOptions, ReadStats, read_all};
