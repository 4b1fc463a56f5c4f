//! Helpers shared by the CLI integration tests: run the real `slant` binary
//! in isolation from the shipped models and check its exit code and output.

#![allow(dead_code)]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The fixture folder, `tests/fixtures`.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
}

/// One fixture file, as a path.
pub fn fixture(name: &str) -> PathBuf {
    let path = fixtures().join(name);
    assert!(path.exists(), "missing fixture {}", path.display());
    path
}

/// A `slant` command that ignores the shipped models and registry:
/// `SLANT_MODELS` points at a folder that does not exist.
pub fn slant<I, S>(args: I) -> Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_slant"));
    cmd.args(args)
        .env("SLANT_MODELS", fixtures().join("no-such-models-dir"))
        .env_remove("RUST_BACKTRACE");
    cmd
}

/// Runs and returns the raw output.
pub fn run<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut cmd = slant(args);
    let shown = format!("{cmd:?}");
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {shown}: {e}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs a command that must succeed; returns (stdout, stderr).
pub fn run_ok_both<I, S>(args: I) -> (String, String)
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let args: Vec<std::ffi::OsString> = args
        .into_iter()
        .map(|a| a.as_ref().to_os_string())
        .collect();
    let out = run(&args);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(
        out.status.success(),
        "expected success from slant {args:?}, got {:?}\nstdout:\n{stdout}\nstderr:\n{stderr}",
        out.status.code()
    );
    assert!(
        !stderr.contains("panicked"),
        "panic in slant {args:?}:\n{stderr}"
    );
    (stdout, stderr)
}

/// Runs a command that must succeed; returns stdout.
pub fn run_ok<I, S>(args: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    run_ok_both(args).0
}

/// Runs a command that must fail cleanly: exit code 2, no panic, an
/// `error:` line on stderr. Returns stderr.
pub fn run_fail<I, S>(args: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let args: Vec<std::ffi::OsString> = args
        .into_iter()
        .map(|a| a.as_ref().to_os_string())
        .collect();
    let out = run(&args);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(
        out.status.code(),
        Some(2),
        "expected exit code 2 from slant {args:?}\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(
        !stderr.contains("panicked"),
        "panic in slant {args:?}:\n{stderr}"
    );
    assert!(
        stderr.contains("error:"),
        "no `error:` line from slant {args:?}:\n{stderr}"
    );
    stderr
}

/// Asserts that `haystack` contains every needle, naming the missing one.
pub fn assert_contains_all(haystack: &str, needles: &[&str]) {
    for needle in needles {
        assert!(
            haystack.contains(needle),
            "expected {needle:?} in:\n{haystack}"
        );
    }
}

/// Writes a file (bytes as given) into `dir` and returns its path.
pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    path
}

/// Trains a model with `slant train` (fast settings unless overridden by
/// `extra`) and returns its path.
pub fn train(dir: &Path, data: &Path, label: &str, name: &str, extra: &[&str]) -> PathBuf {
    let out = dir.join(name);
    let mut args: Vec<std::ffi::OsString> = vec![
        "train".into(),
        "--data".into(),
        data.into(),
        "--label".into(),
        label.into(),
        "--out".into(),
        out.clone().into(),
    ];
    if !extra.contains(&"--min-df") {
        args.extend(["--min-df".into(), "1".into()]);
    }
    if !extra.contains(&"--holdout-fraction") {
        args.extend(["--holdout-fraction".into(), "0".into()]);
    }
    args.extend(extra.iter().map(Into::into));
    run_ok(&args);
    assert!(out.exists(), "train did not write {}", out.display());
    out
}

/// Reads a JSON file.
pub fn read_json(path: &Path) -> serde_json::Value {
    let bytes =
        std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// Parses JSON Lines output.
pub fn jsonl(stdout: &str) -> Vec<serde_json::Value> {
    stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// Names of the entries of a directory, sorted.
pub fn dir_entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A fresh temporary directory.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("cannot create a temp dir")
}
