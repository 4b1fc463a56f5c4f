use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use super::document::{Document, normalize_outlet};
use crate::error::{CorpusError, Position};

/// Maps our column names to the headers of a foreign file
/// (`--map text=articleBody,target=Headline`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ColumnMap {
    /// Our name → the file's header, both lowercased.
    renames: BTreeMap<String, String>,
}

impl ColumnMap {
    /// Parses `NAME=COLUMN,NAME=COLUMN`.
    pub fn parse(spec: &str) -> Result<Self, CorpusError> {
        let mut renames = BTreeMap::new();
        for pair in spec.split(',').filter(|p| !p.trim().is_empty()) {
            let (ours, theirs) = pair
                .split_once('=')
                .ok_or_else(|| CorpusError::BadMapping {
                    spec: spec.to_string(),
                })?;
            let (ours, theirs) = (ours.trim().to_lowercase(), theirs.trim().to_lowercase());
            if ours.is_empty() || theirs.is_empty() {
                return Err(CorpusError::BadMapping {
                    spec: spec.to_string(),
                });
            }
            renames.insert(ours, theirs);
        }
        Ok(ColumnMap { renames })
    }

    /// Our name for a header of the file.
    fn canonical(&self, header: &str) -> String {
        let header = header.trim().trim_start_matches('\u{feff}').to_lowercase();
        self.renames
            .iter()
            .find(|(_, theirs)| **theirs == header)
            .map(|(ours, _)| ours.clone())
            .unwrap_or(header)
    }
}

/// The file formats slant reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Tsv,
    Jsonl,
    /// One article per file.
    Text,
}

impl Format {
    /// Picks the format from the file extension.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "tsv" | "tab" => Some(Format::Tsv),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "txt" | "text" | "md" | "html" | "htm" => Some(Format::Text),
            _ => None,
        }
    }
}

/// How to read input files.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    pub columns: ColumnMap,
    /// Columns that must exist in the header (e.g. the label being trained).
    pub required: Vec<String>,
    /// Replace invalid UTF-8 with U+FFFD instead of failing.
    pub lossy: bool,
    /// Skip rows that cannot be read (ragged, bad UTF-8, bad JSON) and count them.
    pub keep_going: bool,
}

/// What was skipped while reading.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadStats {
    pub rows: u64,
    pub skipped_empty: u64,
    pub skipped_bad: u64,
    /// The first few errors of skipped rows, for the warning.
    pub bad_examples: Vec<String>,
}

impl ReadStats {
    pub fn merge(&mut self, other: &ReadStats) {
        self.rows += other.rows;
        self.skipped_empty += other.skipped_empty;
        self.skipped_bad += other.skipped_bad;
        for e in &other.bad_examples {
            if self.bad_examples.len() < 5 {
                self.bad_examples.push(e.clone());
            }
        }
    }
}

enum Source {
    Delimited {
        reader: csv::Reader<Box<dyn Read>>,
        headers: Vec<String>,
    },
    Jsonl {
        lines: Box<dyn BufRead>,
        line: u64,
    },
    Text {
        pending: Option<Vec<u8>>,
    },
}

/// Streams documents from one file, in file order.
pub struct CorpusReader {
    path: PathBuf,
    source: Source,
    options: ReadOptions,
    stats: ReadStats,
    record: u64,
}

impl CorpusReader {
    /// Opens a file, picking the format from its extension.
    pub fn open(path: &Path, options: ReadOptions) -> Result<Self, CorpusError> {
        let format = Format::from_path(path).ok_or_else(|| CorpusError::UnknownFormat {
            path: path.to_path_buf(),
        })?;
        let file = File::open(path).map_err(|source| CorpusError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_reader(path, Box::new(file), format, options)
    }

    /// Reads from any byte source; `name` is used in messages and as the id of
    /// a plain-text article.
    pub fn from_reader(
        name: &Path,
        input: Box<dyn Read>,
        format: Format,
        options: ReadOptions,
    ) -> Result<Self, CorpusError> {
        let path = name.to_path_buf();
        let source = match format {
            Format::Csv | Format::Tsv => {
                let delimiter = if format == Format::Csv { b',' } else { b'\t' };
                let mut reader = csv::ReaderBuilder::new()
                    .delimiter(delimiter)
                    .flexible(false)
                    .from_reader(input);
                let raw = reader.byte_headers().map_err(|e| csv_error(&path, e))?;
                if raw.is_empty() || (raw.len() == 1 && raw[0].is_empty()) {
                    return Err(CorpusError::Empty { path });
                }
                let headers: Vec<String> = raw
                    .iter()
                    .map(|h| options.columns.canonical(&String::from_utf8_lossy(h)))
                    .collect();
                let display = headers.join(", ");
                for column in
                    std::iter::once("text").chain(options.required.iter().map(String::as_str))
                {
                    if !headers.iter().any(|h| h == column) {
                        return Err(CorpusError::MissingColumn {
                            path,
                            column: column.to_string(),
                            found: display,
                        });
                    }
                }
                Source::Delimited { reader, headers }
            }
            Format::Jsonl => {
                let mut lines: Box<dyn BufRead> = Box::new(BufReader::new(input));
                if lines
                    .fill_buf()
                    .map_err(|source| CorpusError::Io {
                        path: path.clone(),
                        source,
                    })?
                    .is_empty()
                {
                    return Err(CorpusError::Empty { path });
                }
                Source::Jsonl { lines, line: 0 }
            }
            Format::Text => {
                let mut bytes = Vec::new();
                let mut input = input;
                input
                    .read_to_end(&mut bytes)
                    .map_err(|source| CorpusError::Io {
                        path: path.clone(),
                        source,
                    })?;
                Source::Text {
                    pending: Some(bytes),
                }
            }
        };
        Ok(CorpusReader {
            path,
            source,
            options,
            stats: ReadStats::default(),
            record: 0,
        })
    }

    pub fn stats(&self) -> &ReadStats {
        &self.stats
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn next_raw(&mut self) -> Option<Result<Document, CorpusError>> {
        match &mut self.source {
            Source::Delimited { reader, headers } => {
                let mut record = csv::ByteRecord::new();
                match reader.read_byte_record(&mut record) {
                    Ok(false) => None,
                    Ok(true) => {
                        self.record += 1;
                        let position = Position {
                            record: self.record,
                            line: record.position().map_or(0, |p| p.line()),
                        };
                        Some(document_from_record(
                            &self.path,
                            headers,
                            &record,
                            position,
                            self.options.lossy,
                        ))
                    }
                    Err(e) => {
                        self.record += 1;
                        Some(Err(csv_error(&self.path, e)))
                    }
                }
            }
            Source::Jsonl { lines, line } => loop {
                let mut buf = Vec::new();
                match lines.read_until(b'\n', &mut buf) {
                    Ok(0) => return None,
                    Ok(_) => {}
                    Err(source) => {
                        return Some(Err(CorpusError::Io {
                            path: self.path.clone(),
                            source,
                        }));
                    }
                }
                *line += 1;
                if buf.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                self.record += 1;
                return Some(document_from_json_line(
                    &self.path,
                    &buf,
                    *line,
                    self.record,
                    &self.options,
                ));
            },
            Source::Text { pending } => {
                let bytes = pending.take()?;
                self.record += 1;
                Some(document_from_text(&self.path, bytes, self.options.lossy))
            }
        }
    }
}

impl Iterator for CorpusReader {
    type Item = Result<Document, CorpusError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.next_raw()? {
                Ok(mut doc) => {
                    if doc.text.trim().is_empty() {
                        self.stats.skipped_empty += 1;
                        continue;
                    }
                    doc.resolve_outlet();
                    self.stats.rows += 1;
                    return Some(Ok(doc));
                }
                Err(e) if self.options.keep_going && is_row_error(&e) => {
                    self.stats.skipped_bad += 1;
                    if self.stats.bad_examples.len() < 5 {
                        self.stats.bad_examples.push(e.to_string());
                    }
                }
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

/// Errors confined to one row, which --keep-going may skip.
fn is_row_error(e: &CorpusError) -> bool {
    matches!(
        e,
        CorpusError::Ragged { .. }
            | CorpusError::InvalidUtf8 { .. }
            | CorpusError::InvalidUtf8Line { .. }
            | CorpusError::Json { .. }
    )
}

/// Reads every file into memory, with merged statistics.
pub fn read_all(
    paths: &[PathBuf],
    options: &ReadOptions,
) -> Result<(Vec<Document>, ReadStats), CorpusError> {
    let mut docs = Vec::new();
    let mut stats = ReadStats::default();
    for path in paths {
        let mut reader = CorpusReader::open(path, options.clone())?;
        for doc in reader.by_ref() {
            docs.push(doc?);
        }
        stats.merge(reader.stats());
    }
    Ok((docs, stats))
}

fn csv_error(path: &Path, e: csv::Error) -> CorpusError {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => CorpusError::Ragged {
            path: path.to_path_buf(),
            position: Position {
                record: pos.as_ref().map_or(0, |p| p.record()),
                line: pos.as_ref().map_or(0, |p| p.line()),
            },
            expected: *expected_len,
            found: *len,
        },
        csv::ErrorKind::Io(io) => CorpusError::Csv {
            path: path.to_path_buf(),
            message: io.to_string(),
        },
        _ => CorpusError::Csv {
            path: path.to_path_buf(),
            message: e.to_string(),
        },
    }
}

fn decode(bytes: &[u8], lossy: bool) -> Result<String, usize> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(_) if lossy => Ok(String::from_utf8_lossy(bytes).into_owned()),
        Err(e) => Err(e.valid_up_to()),
    }
}

fn document_from_record(
    path: &Path,
    headers: &[String],
    record: &csv::ByteRecord,
    position: Position,
    lossy: bool,
) -> Result<Document, CorpusError> {
    let mut values = BTreeMap::new();
    for (header, raw) in headers.iter().zip(record.iter()) {
        let value = decode(raw, lossy).map_err(|byte| CorpusError::InvalidUtf8 {
            path: path.to_path_buf(),
            position: position.clone(),
            column: header.clone(),
            byte,
        })?;
        values.insert(header.clone(), value);
    }
    Ok(document_from_fields(values, position.record))
}

fn document_from_json_line(
    path: &Path,
    bytes: &[u8],
    line: u64,
    record: u64,
    options: &ReadOptions,
) -> Result<Document, CorpusError> {
    let text = match decode(bytes, options.lossy) {
        Ok(t) => t,
        Err(byte) => {
            return Err(CorpusError::InvalidUtf8Line {
                path: path.to_path_buf(),
                line,
                byte,
            });
        }
    };
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| CorpusError::Json {
        path: path.to_path_buf(),
        line,
        message: format!(
            "not valid JSON ({e}); each line of a .jsonl file must be one object such as {{\"text\": \"...\"}}"
        ),
    })?;
    let object = value.as_object().ok_or_else(|| CorpusError::Json {
        path: path.to_path_buf(),
        line,
        message: "the line is valid JSON but not an object".into(),
    })?;
    let mut values = BTreeMap::new();
    for (key, value) in object {
        let value = match value {
            serde_json::Value::Null => String::new(),
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Array(items) => items
                .iter()
                .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                .collect::<Vec<_>>()
                .join(", "),
            other => other.to_string(),
        };
        values.insert(options.columns.canonical(key), value);
    }
    if !values.contains_key("text") {
        return Err(CorpusError::Json {
            path: path.to_path_buf(),
            line,
            message: format!(
                "no `text` field (fields: {}); map one with --map text=FIELD",
                values.keys().cloned().collect::<Vec<_>>().join(", ")
            ),
        });
    }
    Ok(document_from_fields(values, record))
}

fn document_from_text(path: &Path, bytes: Vec<u8>, lossy: bool) -> Result<Document, CorpusError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    let text = decode(bytes, lossy).map_err(|byte| CorpusError::InvalidUtf8Line {
        path: path.to_path_buf(),
        line: 1 + bytes[..byte].iter().filter(|b| **b == b'\n').count() as u64,
        byte,
    })?;
    let id = path
        .file_name()
        .map_or_else(|| "-".to_string(), |n| n.to_string_lossy().into_owned());
    let mut doc = Document::from_text(id, text.replace("\r\n", "\n"));
    doc.record = 1;
    Ok(doc)
}

fn document_from_fields(mut values: BTreeMap<String, String>, record: u64) -> Document {
    let mut take = |key: &str| values.remove(key).filter(|v| !v.trim().is_empty());
    let id = take("id").unwrap_or_else(|| record.to_string());
    let text = take("text").unwrap_or_default();
    let title = take("title");
    let outlet = take("outlet").map(|o| normalize_outlet(&o));
    let url = take("url");
    let author = take("author");
    let date = take("date");
    let target = take("target");
    Document {
        id,
        text,
        title,
        outlet,
        url,
        author,
        date,
        target,
        fields: values,
        record,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(
        content: &[u8],
        format: Format,
        options: ReadOptions,
    ) -> Result<Vec<Document>, CorpusError> {
        let reader = CorpusReader::from_reader(
            Path::new("t.csv"),
            Box::new(std::io::Cursor::new(content.to_vec())),
            format,
            options,
        )?;
        reader.collect()
    }

    #[test]
    fn csv_with_bom_crlf_and_quoted_newlines() {
        let data = b"\xef\xbb\xbfID,Text,Stance\r\n1,\"line one\r\nline two\",favor\r\n2,plain,against\r\n";
        let docs = read(data, Format::Csv, ReadOptions::default()).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].id, "1");
        assert!(docs[0].text.contains("line two"));
        assert_eq!(docs[1].field("stance"), Some("against"));
    }

    #[test]
    fn mapping_renames_foreign_headers() {
        let options = ReadOptions {
            columns: ColumnMap::parse("text=articleBody,target=Headline").unwrap(),
            ..ReadOptions::default()
        };
        let docs = read(
            b"Headline,articleBody\nA claim,A body\n",
            Format::Csv,
            options,
        )
        .unwrap();
        assert_eq!(docs[0].target.as_deref(), Some("A claim"));
        assert_eq!(docs[0].text, "A body");
    }

    #[test]
    fn jsonl_rows_and_bad_line_position() {
        let data = b"{\"text\":\"a\",\"genre\":\"opinion\"}\n\n{oops\n";
        let err = read(data, Format::Jsonl, ReadOptions::default()).unwrap_err();
        assert!(matches!(err, CorpusError::Json { line: 3, .. }), "{err}");
    }

    #[test]
    fn keep_going_skips_ragged_rows_and_counts_them() {
        let data = b"text,genre\na,opinion\nb,reporting,extra\nc,opinion\n";
        let options = ReadOptions {
            keep_going: true,
            ..ReadOptions::default()
        };
        let mut reader = CorpusReader::from_reader(
            Path::new("t.csv"),
            Box::new(std::io::Cursor::new(data.to_vec())),
            Format::Csv,
            options,
        )
        .unwrap();
        let docs: Vec<_> = reader.by_ref().collect::<Result<_, _>>().unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(reader.stats().skipped_bad, 1);
    }
}
