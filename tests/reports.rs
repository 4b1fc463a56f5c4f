//! Evaluation reports: every report.json validates against the committed
//! schema (docs/report.schema.json), the HTML carries its plots, and the
//! figures that can be checked by hand are.

mod util;

use std::path::Path;

use util::*;

fn schema() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/report.schema.json");
    let schema: serde_json::Value = read_json(&path);
    jsonschema::validator_for(&schema).expect("the schema itself is valid")
}

fn assert_valid(report: &serde_json::Value) {
    let validator = schema();
    let errors: Vec<String> = validator
        .iter_errors(report)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "report.json does not match docs/report.schema.json:\n{}",
        errors.join("\n")
    );
}

#[test]
fn evaluate_report_matches_schema_and_has_plots_and_compare() {
    let dir = tempdir();
    let model = train(
        dir.path(),
        &fixture("genre.csv"),
        "genre",
        "genre.json",
        &[],
    );
    let first = dir.path().join("first");
    run_ok([
        "evaluate".as_ref(),
        "--model".as_ref(),
        model.as_os_str(),
        "--data".as_ref(),
        fixture("genre_eval.csv").as_os_str(),
        "--report".as_ref(),
        first.as_os_str(),
    ]);
    let report = read_json(&first.join("report.json"));
    assert_valid(&report);
    let mut broken = report.clone();
    broken["metrics"]["accuracy"] = serde_json::json!(1.5);
    assert!(
        !schema().is_valid(&broken),
        "the schema must reject an accuracy above 1"
    );
    let metrics = &report["metrics"];
    assert_eq!(metrics["accuracy"], 1.0);
    assert_eq!(
        metrics["baselines"]["majority"]["accuracy"], 0.5,
        "3 opinion, 3 reporting rows"
    );
    let top = report["top_features"]
        .as_object()
        .expect("features per class");
    assert_eq!(top.len(), 2);
    let html = std::fs::read_to_string(first.join("report.html")).unwrap();
    for id in ["confusion", "reliability", "pr-curves", "class-bars"] {
        assert!(
            html.contains(&format!("<svg id=\"{id}\"")),
            "report.html lacks the {id} plot"
        );
    }
    assert!(
        !html.contains("<script"),
        "the report must not need scripts"
    );
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "the report must not load anything"
    );

    let second = dir.path().join("second");
    run_ok([
        "evaluate".as_ref(),
        "--model".as_ref(),
        model.as_os_str(),
        "--data".as_ref(),
        fixture("genre_eval.csv").as_os_str(),
        "--report".as_ref(),
        second.as_os_str(),
        "--compare".as_ref(),
        first.join("report.json").as_os_str(),
    ]);
    let compared = read_json(&second.join("report.json"));
    assert_valid(&compared);
    assert_eq!(compared["comparison"]["macro_f1"]["change"], 0.0);
    assert_eq!(
        compared["comparison"]["macro_f1"]["outside_interval"],
        false
    );
}

#[test]
fn evaluate_warns_when_outlets_or_texts_are_shared_with_training() {
    let dir = tempdir();
    let model = train(
        dir.path(),
        &fixture("credibility.csv"),
        "credibility",
        "cred.json",
        &[],
    );
    let (_, stderr) = run_ok_both([
        "evaluate".as_ref(),
        "--model".as_ref(),
        model.as_os_str(),
        "--data".as_ref(),
        fixture("credibility.csv").as_os_str(),
        "--report".as_ref(),
        dir.path().join("r").as_os_str(),
    ]);
    assert_contains_all(
        &stderr,
        &[
            "outlets the model was trained on",
            "identical to a training text",
        ],
    );
}

#[test]
fn cv_report_has_folds_and_pools_every_row() {
    let dir = tempdir();
    let out = dir.path().join("cv");
    let stdout = run_ok([
        "cv".as_ref(),
        "--data".as_ref(),
        fixture("genre.csv").as_os_str(),
        "--label".as_ref(),
        "genre".as_ref(),
        "--folds".as_ref(),
        "4".as_ref(),
        "--min-df".as_ref(),
        "1".as_ref(),
        "--report".as_ref(),
        out.as_os_str(),
    ]);
    assert!(
        stdout.contains("4-fold cross-validation grouped by `group`"),
        "{stdout}"
    );
    let report = read_json(&out.join("report.json"));
    assert_valid(&report);
    let cv = &report["cross_validation"];
    assert_eq!(cv["per_fold"].as_array().unwrap().len(), 4);
    let fold_rows: u64 = cv["per_fold"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rows"].as_u64().unwrap())
        .sum();
    assert_eq!(
        fold_rows,
        report["metrics"]["rows"].as_u64().unwrap(),
        "every row is predicted once"
    );
}

#[test]
fn predictions_file_gives_the_fnc_score_by_hand() {
    // Gold agree/discuss/unrelated/disagree; predicted agree/agree/unrelated/unrelated.
    // Score: 1.0 (exact related) + 0.25 (related, wrong label) + 0.25 (unrelated) + 0 = 1.5;
    // max: 1 + 1 + 0.25 + 1 = 3.25 → 46.15%.
    let dir = tempdir();
    let out = dir.path().join("fnc");
    run_ok([
        "evaluate".as_ref(),
        "--predictions".as_ref(),
        fixture("fnc1_predicted.csv").as_os_str(),
        "--label".as_ref(),
        "stance".as_ref(),
        "--data".as_ref(),
        fixture("fnc1_gold.csv").as_os_str(),
        "--report".as_ref(),
        out.as_os_str(),
    ]);
    let report = read_json(&out.join("report.json"));
    assert_valid(&report);
    let fnc = &report["metrics"]["fnc_score"];
    assert_eq!(fnc["score"], 1.5);
    assert_eq!(fnc["max_score"], 3.25);
}
