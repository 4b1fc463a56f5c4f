//! Typed errors of the library. Every data error names its file and, where it
//! has one, the record, line and column, plus what the user can do about it.

use std::path::PathBuf;

/// Where in an input file a problem was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    /// 1-based record number, not counting the header.
    pub record: u64,
    /// 1-based physical line where the record starts.
    pub line: u64,
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "record {} (line {})", self.record, self.line)
    }
}

/// Errors raised while reading articles and labels.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("{path}: cannot read")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: the file is empty; a header row with at least a `text` column is required")]
    Empty { path: PathBuf },
    #[error(
        "{path}: no `{column}` column (columns found: {found}); rename the column or map it with --map {column}=YOUR_COLUMN"
    )]
    MissingColumn {
        path: PathBuf,
        column: String,
        found: String,
    },
    #[error(
        "{path}: {position}: expected {expected} fields like the header, found {found}; quote fields that contain the delimiter, or pass --keep-going to skip such rows"
    )]
    Ragged {
        path: PathBuf,
        position: Position,
        expected: u64,
        found: u64,
    },
    #[error(
        "{path}: {position}, column `{column}`: invalid UTF-8 at byte {byte} of the field; re-save the file as UTF-8, or pass --lossy to replace bad bytes with U+FFFD"
    )]
    InvalidUtf8 {
        path: PathBuf,
        position: Position,
        column: String,
        byte: usize,
    },
    #[error(
        "{path}: line {line}: invalid UTF-8 at byte {byte} of the line; re-save the file as UTF-8, or pass --lossy to replace bad bytes with U+FFFD"
    )]
    InvalidUtf8Line {
        path: PathBuf,
        line: u64,
        byte: usize,
    },
    #[error("{path}: line {line}: {message}")]
    Json {
        path: PathBuf,
        line: u64,
        message: String,
    },
    #[error("{path}: {message}")]
    Csv { path: PathBuf, message: String },
    #[error(
        "{path}: unknown file type; use .csv, .tsv, .jsonl or .txt (or .html/.htm as plain text)"
    )]
    UnknownFormat { path: PathBuf },
    #[error(
        "--map {spec}: expected NAME=COLUMN pairs separated by commas, e.g. --map text=articleBody,target=Headline"
    )]
    BadMapping { spec: String },
}

/// Errors raised by feature extraction, models and model files.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("invalid parameter {name} = {value}: {reason}")]
    InvalidParam {
        name: &'static str,
        value: String,
        reason: &'static str,
    },
    #[error("prior {entry}: {reason}")]
    InvalidPrior { entry: String, reason: String },
    #[error("no training rows carry a `{column}` label")]
    NoLabeledRows { column: String },
    #[error(
        "the `{column}` column has only one class ({label}); a classifier needs at least two, so add rows with other labels"
    )]
    SingleClass { column: String, label: String },
    #[error("the solver failed: {0}")]
    Solver(String),
    #[error("{path}: cannot read model")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{path}: not a slant model or the file is corrupt or truncated ({message}); retrain it with `slant train` or restore a good copy"
    )]
    Corrupt { path: PathBuf, message: String },
    #[error(
        "{path}: model format version {found}, but this slant reads version {expected}; retrain the model with this version of slant"
    )]
    WrongVersion {
        path: PathBuf,
        found: u32,
        expected: u32,
    },
    #[error(
        "{path}: this model predicts `{found}`, not `{expected}`; pass a model trained with --label {expected}"
    )]
    WrongTask {
        path: PathBuf,
        found: String,
        expected: String,
    },
    #[error("{path}: cannot write model")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: cannot read outlet registry: {message}")]
    Registry { path: PathBuf, message: String },
}

impl From<linfa::Error> for ModelError {
    fn from(e: linfa::Error) -> Self {
        ModelError::Solver(e.to_string())
    }
}
