//! The shipped default models must load with this version of slant and
//! give the expected genre on our two examples: a model file left behind by
//! a format or feature change fails here, not on a user's machine.

use std::process::Command;

fn score(path: &str) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_slant"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env(
            "SLANT_MODELS",
            concat!(env!("CARGO_MANIFEST_DIR"), "/models"),
        )
        .args(["score", path])
        .output()
        .expect("run slant");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON line")
}

#[test]
fn shipped_models_load_and_tell_report_from_opinion() {
    let report = score("examples/article.txt");
    assert_eq!(report["genre"]["label"], "reporting");
    for task in ["stance", "genre", "credibility"] {
        let probabilities = report[task]["probabilities"].as_object().expect(task);
        let total: f64 = probabilities.values().filter_map(|p| p.as_f64()).sum();
        assert!((total - 1.0).abs() < 1e-3, "{task}: {total}");
    }
    assert_eq!(
        report["credibility"]["source"], "estimate",
        "the example's outlet is invented"
    );
    let opinion = score("examples/opinion.txt");
    assert_eq!(opinion["genre"]["label"], "opinion");
}
