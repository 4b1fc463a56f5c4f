//! End-to-end tests of the `slant` binary: bad inputs fail with clear,
//! actionable errors (exit code 2, no panic), and the happy paths of
//! train, score, evaluate and import behave as documented.
//!
//! Every model is trained here from the tiny fixtures in `tests/fixtures`;
//! the shipped models and registry are hidden via `SLANT_MODELS`.

mod util;

use std::path::{Path, PathBuf};

use serde_json::Value;
use util::*;

/// A tiny genre model trained on the fixture, in `dir`.
fn genre_model(dir: &Path) -> PathBuf {
    train(dir, &fixture("genre.csv"), "genre", "genre.json", &[])
}

/// Four readable rows of two classes, as a CSV body (no header).
const FOUR_ROWS: &str = "I believe we must act now,opinion\n\
                         officials said on Tuesday the road closed,reporting\n\
                         I believe we must plant more trees,opinion\n\
                         officials said on Tuesday the ferry sailed,reporting\n";

// ---------------------------------------------------------------------------
// Bad inputs: each names the file (and record/line/column) and hints at a fix.
// ---------------------------------------------------------------------------

#[test]
fn train_missing_text_column() {
    let dir = tempdir();
    let data = write(
        dir.path(),
        "notext.csv",
        "body,genre\nsome words,opinion\nother words,reporting\n",
    );
    let out = dir.path().join("m.json");
    let err = run_fail([
        "train".as_ref(),
        "--data".as_ref(),
        data.as_os_str(),
        "--label".as_ref(),
        "genre".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_contains_all(
        &err,
        &["notext.csv", "`text`", "body, genre", "--map text="],
    );
    assert!(!out.exists(), "no model may be written on error");
}

#[test]
fn train_label_column_absent() {
    let dir = tempdir();
    let out = dir.path().join("m.json");
    let data = fixture("genre.csv");
    let err = run_fail([
        "train".as_ref(),
        "--data".as_ref(),
        data.as_os_str(),
        "--label".as_ref(),
        "stance".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_contains_all(
        &err,
        &["genre.csv", "`stance`", "columns found", "--map stance="],
    );
    assert!(!out.exists());
}

#[test]
fn train_empty_file() {
    let dir = tempdir();
    let data = write(dir.path(), "empty.csv", "");
    let out = dir.path().join("m.json");
    let err = run_fail([
        "train".as_ref(),
        "--data".as_ref(),
        data.as_os_str(),
        "--label".as_ref(),
        "genre".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_contains_all(&err, &["empty.csv", "empty", "`text` column"]);
    assert!(!out.exists());
}

#[test]
fn train_single_class_names_column_and_file() {
    let dir = tempdir();
    let data = write(
        dir.path(),
        "oneclass.csv",
        "text,genre\nI believe we must act,opinion\nI believe we must wait,opinion\nwe must argue,opinion\n",
    );
    let out = dir.path().join("m.json");
    let err = run_fail([
        "train".as_ref(),
        "--data".as_ref(),
        data.as_os_str(),
        "--label".as_ref(),
        "genre".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        "--min-df".as_ref(),
        "1".as_ref(),
        "--holdout-fraction".as_ref(),
        "0".as_ref(),
    ]);
    assert_contains_all(&err, &["`genre`", "only one class", "opinion"]);
    // Like every data error, it must say which file the rows came from.
    assert_contains_all(&err, &["oneclass.csv"]);
    assert!(!out.exists());
}

#[test]
fn train_ragged_row_errors_then_keep_going_skips_it() {
    let dir = tempdir();
    let data = write(
        dir.path(),
        "ragged.csv",
        "text,genre\n\
         I believe we must act now,opinion\n\
         officials said on Tuesday the road closed,reporting\n\
         I believe we must plant more trees,opinion,EXTRA\n\
         officials said on Tuesday the ferry sailed,reporting\n\
         I believe we must keep the library,opinion\n",
    );
    let out = dir.path().join("m.json");
    let base = [
        "train".as_ref(),
        "--data".as_ref(),
        data.as_os_str(),
        "--label".as_ref(),
        "genre".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        "--min-df".as_ref(),
        "1".as_ref(),
        "--holdout-fraction".as_ref(),
        "0".as_ref(),
    ];
    let err = run_fail(base);
    assert_contains_all(
        &err,
        &[
            "ragged.csv",
            "record 3",
            "line 4",
            "expected 2 fields",
            "found 3",
            "--keep-going",
        ],
    );
    assert!(!out.exists());

    let (_, stderr) = run_ok_both(base.iter().copied().chain(["--keep-going".as_ref()]));
    assert_contains_all(&stderr, &["warning", "skipped 1", "record 3"]);
    let model = read_json(&out);
    assert_eq!(model["training"]["rows"], 4, "the ragged row is left out");
}

#[test]
fn train_invalid_utf8_errors_then_lossy_works() {
    let dir = tempdir();
    let mut bytes = b"text,genre\n".to_vec();
    bytes.extend_from_slice(b"I believe we must act now,opinion\n");
    bytes.extend_from_slice(b"officials said on Tuesday the road closed,reporting\n");
    bytes.extend_from_slice(b"I believe we must \xff plant trees,opinion\n");
    bytes.extend_from_slice(b"officials said on Tuesday the ferry sailed,reporting\n");
    let data = write(dir.path(), "latin1.csv", bytes);
    let out = dir.path().join("m.json");
    let base = [
        "train".as_ref(),
        "--data".as_ref(),
        data.as_os_str(),
        "--label".as_ref(),
        "genre".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        "--min-df".as_ref(),
        "1".as_ref(),
        "--holdout-fraction".as_ref(),
        "0".as_ref(),
    ];
    let err = run_fail(base);
    assert_contains_all(
        &err,
        &[
            "latin1.csv",
            "record 3",
            "line 4",
            "column `text`",
            "invalid UTF-8",
            "byte 18",
            "--lossy",
        ],
    );
    assert!(!out.exists());

    run_ok(base.iter().copied().chain(["--lossy".as_ref()]));
    let model = read_json(&out);
    assert_eq!(model["training"]["rows"], 4, "--lossy keeps the row");
}

#[test]
fn bom_before_header_is_ignored() {
    let dir = tempdir();
    let data = write(
        dir.path(),
        "bom.csv",
        format!("\u{feff}text,genre\n{FOUR_ROWS}"),
    );
    let model = train(dir.path(), &data, "genre", "m.json", &[]);
    assert_eq!(read_json(&model)["training"]["rows"], 4);

    // Also when the BOM sits on the `id` column and we score.
    let score_data = write(
        dir.path(),
        "bom-score.csv",
        "\u{feff}id,text\nx1,I believe we must act\n",
    );
    let out = jsonl(&run_ok([
        "score".as_ref(),
        "--model".as_ref(),
        model.as_os_str(),
        score_data.as_os_str(),
    ]));
    assert_eq!(out.len(), 1);
    assert_eq!(out[0]["id"], "x1");
}

#[test]
fn crlf_and_quoted_newlines_work() {
    let dir = tempdir();
    let data = write(
        dir.path(),
        "crlf.csv",
        "id,text,genre\r\n\
         a,\"I believe we must act now.\r\nIt cannot wait, friends.\",opinion\r\n\
         b,officials said on Tuesday the road closed,reporting\r\n\
         c,\"I believe we must plant trees.\nMany of them.\",opinion\r\n\
         d,officials said on Tuesday the ferry sailed,reporting\r\n",
    );
    let model = train(dir.path(), &data, "genre", "m.json", &[]);
    let saved = read_json(&model);
    assert_eq!(
        saved["training"]["rows"], 4,
        "quoted newlines must not split rows"
    );
    assert_eq!(saved["training"]["label_counts"]["opinion"], 2);
    assert_eq!(saved["labels"], serde_json::json!(["opinion", "reporting"]));

    let out = jsonl(&run_ok([
        "score".as_ref(),
        "--model".as_ref(),
        model.as_os_str(),
        data.as_os_str(),
    ]));
    let ids: Vec<&str> = out.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a", "b", "c", "d"]);
}

#[test]
fn empty_text_rows_are_skipped_with_a_warning() {
    let dir = tempdir();
    let data = write(
        dir.path(),
        "gaps.csv",
        format!("text,genre\n{FOUR_ROWS},opinion\n   ,reporting\n\"\",opinion\n"),
    );
    let out = dir.path().join("m.json");
    let (_, stderr) = run_ok_both([
        "train".as_ref(),
        "--data".as_ref(),
        data.as_os_str(),
        "--label".as_ref(),
        "genre".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        "--min-df".as_ref(),
        "1".as_ref(),
        "--holdout-fraction".as_ref(),
        "0".as_ref(),
    ]);
    assert_contains_all(&stderr, &["warning", "skipped 3 rows with empty text"]);
    assert_eq!(read_json(&out)["training"]["rows"], 4);
}

#[test]
fn evaluate_with_unseen_labels_names_them() {
    let dir = tempdir();
    let model = genre_model(dir.path());
    let data = write(
        dir.path(),
        "unseen.csv",
        "text,genre\n\
         I believe we must act,opinion\n\
         the moon is made of cheese say experts,satire\n\
         a reader writes in about the ferry,letter\n\
         another joke about the mayor,satire\n",
    );
    let report = dir.path().join("report");
    let err = run_fail([
        "evaluate".as_ref(),
        "--model".as_ref(),
        model.as_os_str(),
        "--data".as_ref(),
        data.as_os_str(),
        "--report".as_ref(),
        report.as_os_str(),
    ]);
    assert_contains_all(
        &err,
        &[
            "unseen.csv",
            "never saw",
            "`satire` (2 rows, first at record 2)",
            "`letter`",
            "opinion, reporting",
        ],
    );
    assert!(!report.join("report.json").exists());
}

/// Garbage, truncated and future-version model files, plus the current format version.
fn broken_models(dir: &Path) -> (PathBuf, PathBuf, PathBuf, u64) {
    let good = genre_model(dir);
    let bytes = std::fs::read(&good).unwrap();
    let garbage = write(
        dir,
        "garbage.json",
        b"\x00\x9f\xffPK\x03\x04not a model at all\xfe\x01",
    );
    let truncated = write(dir, "truncated.json", &bytes[..bytes.len() / 2]);
    let mut json: Value = serde_json::from_slice(&bytes).unwrap();
    let current = json["format_version"]
        .as_u64()
        .expect("format_version is a number");
    assert_ne!(current, 999);
    json["format_version"] = serde_json::json!(999);
    let future = write(dir, "future.json", serde_json::to_vec(&json).unwrap());
    (garbage, truncated, future, current)
}

#[test]
fn corrupt_truncated_and_wrong_version_models_fail_clearly() {
    let dir = tempdir();
    let (garbage, truncated, future, current) = broken_models(dir.path());
    let article = fixture("article.txt");
    let data = fixture("genre_eval.csv");
    let report = dir.path().join("report");
    for (model, name) in [
        (&garbage, "garbage.json"),
        (&truncated, "truncated.json"),
        (&future, "future.json"),
    ] {
        let score_err = run_fail([
            "score".as_ref(),
            "--model".as_ref(),
            model.as_os_str(),
            article.as_os_str(),
        ]);
        let eval_err = run_fail([
            "evaluate".as_ref(),
            "--model".as_ref(),
            model.as_os_str(),
            "--data".as_ref(),
            data.as_os_str(),
            "--report".as_ref(),
            report.as_os_str(),
        ]);
        for err in [&score_err, &eval_err] {
            assert_contains_all(err, &[name]);
            if name == "future.json" {
                assert_contains_all(
                    err,
                    &["version 999", &format!("version {current}"), "retrain"],
                );
            } else {
                assert_contains_all(err, &["corrupt or truncated", "slant train"]);
            }
        }
    }
    assert!(!report.exists(), "no report for a broken model");
}

#[test]
fn model_for_another_task_is_refused() {
    let dir = tempdir();
    let stance = train(
        dir.path(),
        &fixture("stance.csv"),
        "stance",
        "stance-model.json",
        &[],
    );
    let article = fixture("article.txt");
    let err = run_fail([
        "score".as_ref(),
        "--model".as_ref(),
        format!("genre={}", stance.display()).as_ref(),
        article.as_os_str(),
    ]);
    assert_contains_all(
        &err,
        &[
            "stance-model.json",
            "predicts `stance`, not `genre`",
            "--label genre",
        ],
    );

    let genre = genre_model(dir.path());
    let report = dir.path().join("report");
    let data = fixture("stance.csv");
    let err = run_fail([
        "evaluate".as_ref(),
        "--model".as_ref(),
        genre.as_os_str(),
        "--data".as_ref(),
        data.as_os_str(),
        "--report".as_ref(),
        report.as_os_str(),
    ]);
    assert_contains_all(
        &err,
        &[
            "stance.csv",
            "predicts `genre`",
            "no `genre` column",
            "--map genre=",
        ],
    );
    assert!(!report.join("report.json").exists());
}

#[test]
fn failed_train_leaves_existing_model_untouched() {
    let dir = tempdir();
    let models = dir.path().join("models");
    std::fs::create_dir(&models).unwrap();
    let out = train(&models, &fixture("genre.csv"), "genre", "genre.json", &[]);
    let before = std::fs::read(&out).unwrap();

    let bad_rows = write(
        dir.path(),
        "bad.csv",
        format!("text,genre\n{FOUR_ROWS}oops,opinion,EXTRA\n"),
    );
    let one_class = write(
        dir.path(),
        "one.csv",
        "text,genre\na b c,opinion\nd e f,opinion\n",
    );
    for bad in [&bad_rows, &one_class] {
        run_fail([
            "train".as_ref(),
            "--data".as_ref(),
            bad.as_os_str(),
            "--label".as_ref(),
            "genre".as_ref(),
            "--out".as_ref(),
            out.as_os_str(),
            "--min-df".as_ref(),
            "1".as_ref(),
            "--holdout-fraction".as_ref(),
            "0".as_ref(),
        ]);
        assert_eq!(
            std::fs::read(&out).unwrap(),
            before,
            "{} changed the model",
            bad.display()
        );
        assert_eq!(
            dir_entries(&models),
            ["genre.json"],
            "temp files left behind"
        );
    }
}

// ---------------------------------------------------------------------------
// Happy paths.
// ---------------------------------------------------------------------------

#[test]
fn score_txt_gives_labels_probabilities_and_explanation() {
    let dir = tempdir();
    let model = genre_model(dir.path());
    let labels: Vec<String> = serde_json::from_value(read_json(&model)["labels"].clone()).unwrap();
    assert_eq!(labels, ["opinion", "reporting"]);
    let article = fixture("article.txt");
    let rows = jsonl(&run_ok([
        "score".as_ref(),
        "--model".as_ref(),
        model.as_os_str(),
        article.as_os_str(),
    ]));
    assert_eq!(rows.len(), 1, "one .txt file is one article");
    let row = &rows[0];
    assert_eq!(row["id"], "article.txt");
    let genre = &row["genre"];
    assert_eq!(
        genre["label"], "opinion",
        "the article says `I believe we must`"
    );
    let probabilities = genre["probabilities"]
        .as_object()
        .expect("probabilities object");
    for label in &labels {
        assert!(
            probabilities.contains_key(label),
            "no probability for {label}: {genre}"
        );
    }
    assert_eq!(probabilities.len(), labels.len());
    let sum: f64 = probabilities.values().map(|p| p.as_f64().unwrap()).sum();
    assert!((sum - 1.0).abs() < 1e-3, "probabilities sum to {sum}");
    assert!(probabilities["opinion"].as_f64().unwrap() > 0.5);
    let explanation = genre["explanation"].as_array().expect("explanation array");
    assert!(!explanation.is_empty());
    assert!(
        explanation
            .iter()
            .all(|e| e["feature"].is_string() && e["weight"].is_number())
    );
}

#[test]
fn score_csv_output_keeps_input_order() {
    let dir = tempdir();
    let model = genre_model(dir.path());
    let input = write(
        dir.path(),
        "three.csv",
        "id,text\n\
         zulu,officials said on Tuesday the pier reopened\n\
         alpha,I believe we must save the bandstand\n\
         mike,officials said on Tuesday two roads flooded\n",
    );
    let stdout = run_ok([
        "score".as_ref(),
        "--model".as_ref(),
        model.as_os_str(),
        "--format".as_ref(),
        "csv".as_ref(),
        input.as_os_str(),
    ]);
    let mut reader = csv::Reader::from_reader(stdout.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    for column in [
        "id",
        "genre",
        "genre_p_opinion",
        "genre_p_reporting",
        "genre_explanation",
    ] {
        assert!(
            header.iter().any(|h| h == column),
            "no `{column}` in header {header:?}"
        );
    }
    let id = header.iter().position(|h| h == "id").unwrap();
    let genre = header.iter().position(|h| h == "genre").unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3, "one row per input:\n{stdout}");
    let ids: Vec<&str> = rows.iter().map(|r| &r[id]).collect();
    assert_eq!(ids, ["zulu", "alpha", "mike"]);
    let labels: Vec<&str> = rows.iter().map(|r| &r[genre]).collect();
    assert_eq!(labels, ["reporting", "opinion", "reporting"]);
}

#[test]
fn training_is_deterministic() {
    let dir = tempdir();
    let data = fixture("genre.csv");
    let extra = ["--holdout-fraction", "0.25", "--seed", "7"];
    let a = train(dir.path(), &data, "genre", "a.json", &extra);
    let b = train(dir.path(), &data, "genre", "b.json", &extra);
    let (a, b) = (std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
    assert!(!a.is_empty());
    assert!(
        a == b,
        "two runs with the same data and seed gave different model files"
    );
}

#[test]
fn model_file_records_version_labels_digest_and_held_out() {
    let dir = tempdir();
    let data = fixture("genre.csv");
    let model = read_json(&train(
        dir.path(),
        &data,
        "genre",
        "m.json",
        &["--holdout-fraction", "0.25"],
    ));
    assert!(
        model["format_version"].as_u64().is_some_and(|v| v >= 1),
        "{}",
        model["format_version"]
    );
    assert_eq!(model["task"], "genre");
    assert_eq!(model["labels"], serde_json::json!(["opinion", "reporting"]));
    let digest = model["training"]["data_digest"]
        .as_str()
        .expect("data_digest");
    assert_eq!(digest.len(), 64, "a SHA-256 hex digest: {digest}");
    assert!(digest.chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(model["training"]["rows"], 40);
    let held = &model["held_out"];
    assert_eq!(
        held["split_by"], "group",
        "the fixture has a `group` column: {held}"
    );
    let (train_rows, test_rows) = (
        held["train_rows"].as_u64().unwrap(),
        held["test_rows"].as_u64().unwrap(),
    );
    assert_eq!(train_rows + test_rows, 40);
    assert!(test_rows > 0 && train_rows > test_rows, "{held}");
    for key in ["accuracy", "macro_f1", "log_loss"] {
        let v = held[key]
            .as_f64()
            .unwrap_or_else(|| panic!("held_out.{key} missing: {held}"));
        assert!(v.is_finite() && v >= 0.0);
    }
    assert!(
        held["per_class_f1"]
            .as_object()
            .is_some_and(|m| m.len() == 2),
        "{held}"
    );

    // Without a held-out part there are no figures, and the digest follows the data.
    let no_holdout = read_json(&train(dir.path(), &data, "genre", "n.json", &[]));
    assert!(no_holdout["held_out"].is_null());
    assert_eq!(
        no_holdout["training"]["data_digest"], digest,
        "same rows, same digest"
    );
    let other = write(dir.path(), "other.csv", format!("text,genre\n{FOUR_ROWS}"));
    let other = read_json(&train(dir.path(), &other, "genre", "o.json", &[]));
    assert_ne!(other["training"]["data_digest"], digest);
}

#[test]
fn evaluate_writes_reports_with_metrics() {
    let dir = tempdir();
    let model = genre_model(dir.path());
    let data = fixture("genre_eval.csv");
    let report = dir.path().join("reports").join("genre");
    let stdout = run_ok([
        "evaluate".as_ref(),
        "--model".as_ref(),
        model.as_os_str(),
        "--data".as_ref(),
        data.as_os_str(),
        "--report".as_ref(),
        report.as_os_str(),
    ]);
    assert!(stdout.contains("accuracy"), "{stdout}");
    let json = read_json(&report.join("report.json"));
    let m = &json["metrics"];
    assert_eq!(
        m["accuracy"].as_f64(),
        Some(1.0),
        "trivially separable held-out rows: {m}"
    );
    assert_eq!(m["macro_f1"].as_f64(), Some(1.0));
    assert_eq!(m["rows"], 6);
    let log_loss = m["log_loss"].as_f64().expect("log_loss");
    assert!((0.0..0.69).contains(&log_loss), "{log_loss}");
    let per_class = m["per_class"].as_array().expect("per_class");
    assert_eq!(per_class.len(), 2);
    assert!(
        per_class
            .iter()
            .all(|c| c["support"] == 3 && c["f1"].as_f64() == Some(1.0))
    );
    assert_eq!(m["confusion_matrix"], serde_json::json!([[3, 0], [0, 3]]));
    let md = std::fs::read_to_string(report.join("report.md")).expect("report.md");
    assert_contains_all(&md, &["accuracy", "opinion", "reporting"]);
}

#[test]
fn import_newssd_maps_subj_obj_to_genre() {
    let dir = tempdir();
    let out = dir.path().join("newssd.csv");
    let input = fixture("newssd.csv");
    run_ok([
        "import".as_ref(),
        "newssd".as_ref(),
        input.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    let mut reader = csv::Reader::from_path(&out).unwrap();
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no {name}: {header:?}"))
    };
    let (text, genre) = (col("text"), col("genre"));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let got: Vec<(&str, &str)> = rows.iter().map(|r| (&r[text], &r[genre])).collect();
    assert_eq!(
        got,
        [
            (
                "The committee met on Friday to review the plans.",
                "reporting"
            ),
            (
                "What a shameful waste of everyone's time this was.",
                "opinion"
            ),
            ("The bridge is 400 metres long.", "reporting"),
        ]
    );
}

#[test]
fn import_fnc1_joins_stances_and_bodies() {
    let dir = tempdir();
    let out = dir.path().join("fnc1.csv");
    let (stances, bodies) = (fixture("fnc1_stances.csv"), fixture("fnc1_bodies.csv"));
    run_ok([
        "import".as_ref(),
        "fnc1".as_ref(),
        stances.as_os_str(),
        bodies.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    let mut reader = csv::Reader::from_path(&out).unwrap();
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no {name}: {header:?}"))
    };
    let (group, target, text, stance) = (col("group"), col("target"), col("text"), col("stance"));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    let robot =
        "A baking robot built by students took first prize at the village fair on Saturday.";
    let fair = "The county fair will return next spring with a larger livestock show.";
    let got: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .map(|r| (&r[group], &r[target], &r[text], &r[stance]))
        .collect();
    assert_eq!(
        got,
        [
            (
                "body-7",
                "Robot wins village baking contest",
                robot,
                "agree"
            ),
            (
                "body-7",
                "Village contest cancelled after flood",
                robot,
                "disagree"
            ),
            (
                "body-9",
                "Mayor announces new library hours",
                fair,
                "unrelated"
            ),
        ]
    );
}

#[test]
fn credibility_uses_registry_for_known_outlets_and_estimates_otherwise() {
    let dir = tempdir();
    let model = train(
        dir.path(),
        &fixture("credibility.csv"),
        "credibility",
        "cred.json",
        &[],
    );
    let registry = fixture("registry.csv");
    let article = fixture("article.txt");
    let score = |outlet: &str| {
        let rows = jsonl(&run_ok([
            "score".as_ref(),
            "--model".as_ref(),
            model.as_os_str(),
            "--outlets".as_ref(),
            registry.as_os_str(),
            "--outlet".as_ref(),
            outlet.as_ref(),
            article.as_os_str(),
        ]));
        assert_eq!(rows.len(), 1);
        rows.into_iter().next().unwrap()
    };

    let known = score("rumour-mill.example");
    let c = &known["credibility"];
    assert_eq!(c["source"], "registry", "{known}");
    assert_eq!(
        c["label"], "low",
        "the registry rates rumour-mill.example low: {c}"
    );
    assert_eq!(c["registry"]["outlet"], "rumour-mill.example");
    assert!(
        c["text_estimate"]["label"].is_string(),
        "the text estimate is kept: {c}"
    );

    let known = score("https://www.Trusted-Gazette.example/news/1");
    assert_eq!(known["credibility"]["source"], "registry", "{known}");
    assert_eq!(known["credibility"]["label"], "high");

    let unknown = score("never-heard-of.example");
    let c = &unknown["credibility"];
    assert_eq!(c["source"], "estimate", "{unknown}");
    assert!(["high", "low"].contains(&c["label"].as_str().unwrap()));
    let sum: f64 = c["probabilities"]
        .as_object()
        .unwrap()
        .values()
        .map(|p| p.as_f64().unwrap())
        .sum();
    assert!((sum - 1.0).abs() < 1e-3);
}

#[test]
fn score_keep_going_skips_ragged_row_and_warns() {
    let dir = tempdir();
    let model = genre_model(dir.path());
    let input = write(
        dir.path(),
        "ragged-score.csv",
        "id,text\n\
         a1,I believe we must keep the night bus\n\
         a2,officials said on Tuesday the pier closed,EXTRA\n\
         a3,officials said on Tuesday the ferry sailed\n",
    );
    let base = [
        "score".as_ref(),
        "--model".as_ref(),
        model.as_os_str(),
        input.as_os_str(),
    ];
    let err = run_fail(base);
    assert_contains_all(
        &err,
        &["ragged-score.csv", "record 2", "line 3", "--keep-going"],
    );

    let (stdout, stderr) = run_ok_both(base.iter().copied().chain(["--keep-going".as_ref()]));
    let rows = jsonl(&stdout);
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a1", "a3"]);
    assert_contains_all(
        &stderr,
        &["warning", "skipped 1", "ragged-score.csv", "record 2"],
    );
}

/// Opinion probability of the first scored row.
fn opinion_share(stdout: &str) -> f64 {
    jsonl(stdout)[0]["genre"]["probabilities"]["opinion"]
        .as_f64()
        .expect("an opinion probability")
}

#[test]
fn label_prior_moves_probabilities_by_bayes_rule_and_is_stored() {
    let dir = tempdir();
    let plain = genre_model(dir.path());
    let shifted = train(
        dir.path(),
        &fixture("genre.csv"),
        "genre",
        "shifted.json",
        &["--prior", "opinion=0.2"],
    );
    let stored = read_json(&shifted);
    assert_eq!(stored["label_prior"]["opinion"].as_f64(), Some(0.2));
    assert!((stored["label_prior"]["reporting"].as_f64().unwrap() - 0.8).abs() < 1e-12);
    assert!(read_json(&plain).get("label_prior").is_none());

    let article = fixture("article.txt");
    let score = |model: &Path, extra: &[&str]| {
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "score".as_ref(),
            "--raw".as_ref(),
            "--model".as_ref(),
            model.as_os_str(),
        ];
        args.extend(extra.iter().map(std::ffi::OsStr::new));
        args.push(article.as_os_str());
        opinion_share(&run_ok(args))
    };
    let p = score(&plain, &[]);
    // The balanced model was fitted under equal shares: odds times 0.2 / 0.8 ÷ 0.5 / 0.5.
    let expected = p * 0.25 / (p * 0.25 + (1.0 - p));
    assert!(
        (score(&shifted, &[]) - expected).abs() < 1e-3,
        "{p} -> {expected}"
    );
    // A prior given at scoring time overrides the stored one; `none` removes it.
    assert!((score(&plain, &["--prior", "opinion=0.2"]) - expected).abs() < 1e-3);
    assert!((score(&shifted, &["--prior", "none"]) - p).abs() < 1e-3);

    let err = run_fail([
        "score".as_ref(),
        "--model".as_ref(),
        plain.as_os_str(),
        "--prior".as_ref(),
        "opinion=0.2,reporting=0.9".as_ref(),
        article.as_os_str(),
    ]);
    assert_contains_all(&err, &["--prior", "add up to 1"]);
    let err = run_fail([
        "train".as_ref(),
        "--data".as_ref(),
        fixture("genre.csv").as_os_str(),
        "--label".as_ref(),
        "genre".as_ref(),
        "--out".as_ref(),
        dir.path().join("never.json").as_os_str(),
        "--prior".as_ref(),
        "editorial=0.2".as_ref(),
    ]);
    assert_contains_all(&err, &["--prior", "`editorial`", "opinion, reporting"]);
    assert!(!dir.path().join("never.json").exists());
}

#[test]
fn tune_searches_the_grid_on_training_rows_and_stores_its_choice() {
    let dir = tempdir();
    let (model, stderr) = {
        let out = dir.path().join("tuned.json");
        let data = fixture("genre.csv");
        let (_, stderr) = run_ok_both([
            "train".as_ref(),
            "--data".as_ref(),
            data.as_os_str(),
            "--label".as_ref(),
            "genre".as_ref(),
            "--out".as_ref(),
            out.as_os_str(),
            "--tune".as_ref(),
            "--tune-c".as_ref(),
            "1,8".as_ref(),
            "--tune-class-weight".as_ref(),
            "balanced".as_ref(),
            "--tune-ngrams".as_ref(),
            "1-1,1-2".as_ref(),
        ]);
        (read_json(&out), stderr)
    };
    let tuning = &model["tuning"];
    let candidates = tuning["candidates"].as_array().unwrap();
    assert_eq!(candidates.len(), 4);
    let chosen = &candidates[tuning["chosen"].as_u64().unwrap() as usize];
    let best = candidates
        .iter()
        .map(|c| c["macro_f1_mean"].as_f64().unwrap())
        .fold(f64::MIN, f64::max);
    assert_eq!(chosen["macro_f1_mean"].as_f64(), Some(best));
    // The model was fitted with what the search chose.
    assert_eq!(model["params"]["c"], chosen["c"]);
    assert_eq!(
        model["features"]["config"]["bag_of_words"]["ngrams"]["word"],
        chosen["ngrams"]
    );
    // With a held-out part, the search runs on its training part first.
    assert_contains_all(
        &stderr,
        &[
            "tuned on the training part of the held-out split",
            "tuned on all rows",
        ],
    );

    let err = run_fail([
        "train".as_ref(),
        "--data".as_ref(),
        fixture("genre.csv").as_os_str(),
        "--label".as_ref(),
        "genre".as_ref(),
        "--out".as_ref(),
        dir.path().join("never.json").as_os_str(),
        "--tune".as_ref(),
        "--tune-ngrams".as_ref(),
        "2-1".as_ref(),
    ]);
    assert_contains_all(&err, &["--tune-ngrams 2-1", "MIN <= MAX"]);
    assert!(!dir.path().join("never.json").exists());
}

#[test]
fn shared_outlets_are_flagged_only_for_models_that_can_memorise_them() {
    let dir = tempdir();
    let mut rows = String::from("text,outlet,reach,genre\n");
    for i in 0..24 {
        let (label, outlet, words) = if i % 2 == 0 {
            ("opinion", "alpha.example", "I believe we must act now")
        } else {
            (
                "reporting",
                "beta.example",
                "officials said the road closed",
            )
        };
        rows.push_str(&format!(
            "{words} {i},{outlet},{},{label}\n",
            i % 2 * 10 + i % 3
        ));
    }
    let data = write(dir.path(), "rows.csv", rows);
    let text_model = train(
        dir.path(),
        &data,
        "genre",
        "text.json",
        &["--holdout-fraction", "0"],
    );
    let meta_model = train(
        dir.path(),
        &data,
        "genre",
        "meta.json",
        &[
            "--holdout-fraction",
            "0",
            "--no-text",
            "--no-url",
            "--meta",
            "reach",
        ],
    );
    let evaluate = |model: &Path| {
        let report = dir.path().join("report");
        run_ok([
            "evaluate".as_ref(),
            "--model".as_ref(),
            model.as_os_str(),
            "--data".as_ref(),
            data.as_os_str(),
            "--report".as_ref(),
            report.as_os_str(),
        ]);
        read_json(&report.join("report.json"))["warnings"].to_string()
    };
    assert!(evaluate(&text_model).contains("outlets the model was trained on"));
    assert!(!evaluate(&meta_model).contains("outlets the model was trained on"));
}
