//! Evaluation reports: `report.json` (schema in README.md, "Report schema")
//! and a short `report.md`.

use std::fmt::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::metrics::Metrics;
use crate::model::format::write_atomically;

/// Schema version of report.json; bumped only when a key changes meaning or goes away.
pub const REPORT_SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema_version: u32,
    pub model: String,
    pub task: String,
    pub data: Vec<String>,
    /// Rows without a label for the task, not scored.
    pub unlabeled_rows: usize,
    pub metrics: Metrics,
    /// Things a reader must know before trusting the figures.
    pub warnings: Vec<String>,
}

impl Report {
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        write_atomically(&dir.join("report.json"), &json)?;
        write_atomically(&dir.join("report.md"), self.markdown().as_bytes())
    }

    pub fn markdown(&self) -> String {
        let m = &self.metrics;
        let mut out = String::new();
        let _ = writeln!(out, "# slant evaluation: `{}`\n", self.task);
        let _ = writeln!(
            out,
            "Model `{}` on {} ({} rows).\n",
            self.model,
            self.data.join(", "),
            m.rows
        );
        for w in &self.warnings {
            let _ = writeln!(out, "> **Warning:** {w}\n");
        }
        let _ = writeln!(out, "| metric | value |\n|---|---:|");
        let _ = writeln!(out, "| accuracy | {:.4} |", m.accuracy);
        let _ = writeln!(out, "| macro-F1 | {:.4} |", m.macro_f1);
        let _ = writeln!(out, "| weighted F1 | {:.4} |", m.weighted_f1);
        let _ = writeln!(out, "| log-loss | {:.4} |", m.log_loss);
        if let Some(f) = &m.fnc_score {
            let _ = writeln!(
                out,
                "| FNC-1 score | {:.2}% ({:.2} / {:.2}) |",
                f.relative, f.score, f.max_score
            );
        }
        let _ = writeln!(
            out,
            "\n| class | precision | recall | F1 | support |\n|---|---:|---:|---:|---:|"
        );
        for c in &m.per_class {
            let _ = writeln!(
                out,
                "| {} | {:.4} | {:.4} | {:.4} | {} |",
                c.label, c.precision, c.recall, c.f1, c.support
            );
        }
        let _ = writeln!(out, "\nConfusion matrix (rows: true, columns: predicted)\n");
        let _ = writeln!(out, "| true \\ predicted | {} |", m.labels.join(" | "));
        let _ = writeln!(out, "|---|{}", "---:|".repeat(m.labels.len()));
        for (label, row) in m.labels.iter().zip(&m.confusion_matrix) {
            let cells: Vec<String> = row.iter().map(usize::to_string).collect();
            let _ = writeln!(out, "| {label} | {} |", cells.join(" | "));
        }
        out
    }
}
