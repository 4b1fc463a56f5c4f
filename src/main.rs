//! The slant binary: parse arguments, dispatch to a command, map errors to
//! exit codes. All work lives in the library.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use slant::cli::{cv, evaluate, extract, import, score, train};

#[derive(Parser)]
#[command(
    name = "slant",
    version,
    about = "Stance, opinion-vs-reporting and source credibility for news articles",
    after_help = "Examples:
  slant score examples/article.txt
  slant extract saved-page.html
  slant train --data training-data/genre.csv --label genre --out genre.json
  slant evaluate --model genre.json --data held-out.csv --report reports/genre
  slant cv --data training-data/genre.csv --label genre --folds 5 --report reports/genre-cv
  slant import fnc1 train_stances.csv train_bodies.csv --out fnc1-train.csv"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Train a classifier on labeled CSV/TSV/JSONL files.
    Train(train::TrainArgs),
    /// Measure a model on labeled data; writes report.json, report.md and report.html.
    Evaluate(evaluate::EvaluateArgs),
    /// Grouped, stratified K-fold cross-validation with a full report.
    Cv(cv::CvArgs),
    /// Label articles with the shipped models or your own.
    Score(score::ScoreArgs),
    /// Show the article and metadata that scoring reads from a page.
    Extract(extract::ExtractArgs),
    /// Convert a public benchmark to slant's CSV schema.
    Import(import::ImportArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Train(args) => train::run(args),
        Command::Evaluate(args) => evaluate::run(args),
        Command::Cv(args) => cv::run(args),
        Command::Score(args) => score::run(args),
        Command::Import(args) => import::run(args),
        Command::Extract(args) => extract::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// A closed pipe (`slant score big.csv | head`) is not a failure.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
