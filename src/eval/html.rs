//! `report.html`: one self-contained page (inline CSS and SVG, no scripts,
//! no external fonts) that reads well at laptop width and offline.

use std::fmt::Write as _;

use super::report::Report;

const PALETTE: &[&str] = &[
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
];

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub fn render(report: &Report) -> String {
    let m = &report.metrics;
    let mut h = String::new();
    let _ = write!(
        h,
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>slant evaluation: {task}</title>
<style>
body{{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:0;background:#f6f7f9;color:#1d2330}}
main{{max-width:1100px;margin:0 auto;padding:24px}}
h1{{font-size:1.6rem;margin:0 0 4px}} h2{{font-size:1.15rem;margin:28px 0 10px}}
.sub{{color:#5b6475;margin:0 0 18px}} .warn{{background:#fff4d6;border-left:4px solid #e0a800;padding:8px 12px;margin:8px 0}}
.cards{{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:12px}}
.card{{background:#fff;border-radius:8px;padding:12px 14px;box-shadow:0 1px 2px rgba(0,0,0,.08)}}
.card .v{{font-size:1.5rem;font-weight:600}} .card .l{{color:#5b6475;font-size:.85rem}} .card .ci{{color:#5b6475;font-size:.8rem}}
.grid2{{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px}}
.panel{{background:#fff;border-radius:8px;padding:14px;box-shadow:0 1px 2px rgba(0,0,0,.08);overflow-x:auto}}
table{{border-collapse:collapse;width:100%;font-size:.9rem}} th,td{{padding:5px 8px;border-bottom:1px solid #e6e8ec;text-align:right}}
th:first-child,td:first-child{{text-align:left}} td.t{{text-align:left;max-width:520px}}
svg text{{font-family:inherit}}
</style></head><body><main>
<h1>slant evaluation: <code>{task}</code></h1>
<p class="sub">Model <code>{model}</code> on {data} · {rows} rows</p>
"#,
        task = esc(&report.task),
        model = esc(&report.model),
        data = esc(&report.data.join(", ")),
        rows = m.rows
    );
    for w in &report.warnings {
        let _ = writeln!(h, r#"<div class="warn">{}</div>"#, esc(w));
    }
    let ci = &m.confidence_intervals;
    let mut cards = vec![
        (
            "accuracy",
            m.accuracy,
            format!(
                "95% CI {:.3}–{:.3} · majority {:.3}",
                ci.accuracy[0], ci.accuracy[1], m.baselines.majority.accuracy
            ),
        ),
        (
            "macro-F1",
            m.macro_f1,
            format!(
                "95% CI {:.3}–{:.3} · random {:.3}",
                ci.macro_f1[0], ci.macro_f1[1], m.baselines.stratified_random.macro_f1
            ),
        ),
        ("weighted F1", m.weighted_f1, String::new()),
        ("log-loss", m.log_loss, "lower is better".into()),
        ("Brier score", m.brier_score, "lower is better".into()),
        (
            "calibration error (ECE)",
            m.expected_calibration_error,
            format!(
                "perfectly calibrated would show {:.3}–{:.3} · lower is better",
                m.calibration_error_if_calibrated[0], m.calibration_error_if_calibrated[1]
            ),
        ),
    ];
    if let Some(f) = &m.fnc_score {
        cards.push((
            "FNC-1 score (%)",
            f.relative,
            format!("{:.2} of {:.2}", f.score, f.max_score),
        ));
    }
    if let Some(f) = m.semeval_f_avg {
        cards.push(("SemEval F_avg", f, "mean F1 of favor and against".into()));
    }
    h.push_str(r#"<div class="cards">"#);
    for (label, value, note) in cards {
        let _ = write!(
            h,
            r#"<div class="card"><div class="l">{label}</div><div class="v">{value:.3}</div><div class="ci">{}</div></div>"#,
            esc(&note)
        );
    }
    h.push_str("</div>\n");
    if let Some(c) = &report.comparison {
        let _ = write!(
            h,
            "<h2>Compared with {}</h2><div class=\"panel\"><table><tr><th>metric</th><th>old</th><th>new</th><th>change</th><th>outside old 95% CI</th></tr>",
            esc(&c.against)
        );
        for (name, ch) in [
            ("accuracy", &c.accuracy),
            ("macro-F1", &c.macro_f1),
            ("log-loss", &c.log_loss),
        ] {
            let outside = if ch.old_interval.is_none() {
                "n/a"
            } else if ch.outside_interval {
                "yes"
            } else {
                "no"
            };
            let _ = write!(
                h,
                "<tr><td>{name}</td><td>{:.4}</td><td>{:.4}</td><td>{:+.4}</td><td>{outside}</td></tr>",
                ch.old, ch.new, ch.change
            );
        }
        h.push_str("</table></div>\n");
    }
    h.push_str(r#"<div class="grid2">"#);
    let _ = write!(
        h,
        r#"<div class="panel"><h2>Confusion matrix (row-normalised)</h2>{}</div>"#,
        confusion_svg(report)
    );
    let _ = write!(
        h,
        r#"<div class="panel"><h2>Reliability diagram</h2>{}</div>"#,
        reliability_svg(report)
    );
    let _ = write!(
        h,
        r#"<div class="panel"><h2>Precision–recall curves</h2>{}</div>"#,
        pr_svg(report)
    );
    let _ = write!(
        h,
        r#"<div class="panel"><h2>Per-class precision, recall, F1</h2>{}</div>"#,
        bars_svg(report)
    );
    h.push_str("</div>\n");
    h.push_str("<h2>Per class</h2><div class=\"panel\"><table><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>ROC-AUC</th><th>PR-AUC</th><th>support</th></tr>");
    let opt = |v: Option<f64>| v.map_or("–".to_string(), |v| format!("{v:.3}"));
    for c in &m.per_class {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{:.3}</td><td>{:.3}</td><td>{:.3}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&c.label),
            c.precision,
            c.recall,
            c.f1,
            opt(c.roc_auc),
            opt(c.average_precision),
            c.support
        );
    }
    h.push_str("</table></div>\n");
    if let Some(cv) = &report.cross_validation {
        let _ = write!(
            h,
            "<h2>{}-fold cross-validation, grouped by {}</h2><div class=\"panel\"><table><tr><th>fold</th><th>rows</th><th>accuracy</th><th>macro-F1</th><th>log-loss</th><th>ECE</th></tr>",
            cv.folds,
            esc(&cv.group_by)
        );
        for (i, f) in cv.per_fold.iter().enumerate() {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{:.3}</td><td>{:.3}</td><td>{:.3}</td><td>{:.3}</td></tr>",
                i + 1,
                f.rows,
                f.accuracy,
                f.macro_f1,
                f.log_loss,
                f.expected_calibration_error
            );
        }
        let _ = write!(
            h,
            "<tr><td><b>mean ± sd</b></td><td></td><td>{:.3} ± {:.3}</td><td>{:.3} ± {:.3}</td><td>{:.3} ± {:.3}</td><td>{:.3} ± {:.3}</td></tr></table></div>",
            cv.mean.accuracy,
            cv.std.accuracy,
            cv.mean.macro_f1,
            cv.std.macro_f1,
            cv.mean.log_loss,
            cv.std.log_loss,
            cv.mean.expected_calibration_error,
            cv.std.expected_calibration_error
        );
    }
    for (title, groups) in [
        ("Per outlet", &report.per_outlet),
        ("Per target", &report.per_target),
    ] {
        if groups.is_empty() {
            continue;
        }
        let _ = write!(
            h,
            "<h2>{title}</h2><div class=\"panel\"><table><tr><th>{}</th><th>rows</th><th>accuracy</th><th>macro-F1</th></tr>",
            title.trim_start_matches("Per ").to_lowercase()
        );
        for g in groups.iter().take(40) {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{:.3}</td><td>{:.3}</td></tr>",
                esc(&g.key),
                g.rows,
                g.accuracy,
                g.macro_f1
            );
        }
        h.push_str("</table></div>\n");
    }
    if !report.confident_mistakes.is_empty() {
        h.push_str("<h2>Most confident mistakes</h2><div class=\"panel\"><table><tr><th>id</th><th>true</th><th>predicted</th><th>confidence</th><th>excerpt and top features</th></tr>");
        for x in &report.confident_mistakes {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{:.0}%</td><td class=\"t\">{}<br><small>{}</small></td></tr>",
                esc(&x.id),
                esc(&x.true_label),
                esc(&x.predicted_label),
                100.0 * x.confidence,
                esc(&x.excerpt),
                esc(&x.features.join(" · "))
            );
        }
        h.push_str("</table></div>\n");
    }
    if !report.top_features.is_empty() {
        h.push_str("<h2>Heaviest features per class</h2><div class=\"grid2\">");
        for (label, features) in &report.top_features {
            let _ = write!(h, "<div class=\"panel\"><b>{}</b><table>", esc(label));
            for f in features.iter().take(15) {
                let _ = write!(
                    h,
                    "<tr><td>{}</td><td>{:.3}</td></tr>",
                    esc(&f.feature),
                    f.weight
                );
            }
            h.push_str("</table></div>");
        }
        h.push_str("</div>\n");
    }
    h.push_str("<p class=\"sub\">Generated by slant. Baselines use the label shares of the evaluated rows. Confidence intervals: 1,000 bootstrap resamples of rows.</p></main></body></html>\n");
    h
}

fn color_scale(v: f64) -> String {
    // White to deep blue.
    let v = v.clamp(0.0, 1.0);
    let r = (255.0 - v * 224.0) as u8;
    let g = (255.0 - v * 136.0) as u8;
    let b = (255.0 - v * 75.0) as u8;
    format!("#{r:02x}{g:02x}{b:02x}")
}

fn confusion_svg(report: &Report) -> String {
    let m = &report.metrics;
    let k = m.labels.len().max(1);
    let cell = (360 / k).clamp(28, 90);
    let (left, top) = (110, 30);
    let size = cell * k;
    let mut s = format!(
        r#"<svg id="confusion" role="img" aria-label="confusion matrix" viewBox="0 0 {} {}" width="100%" style="max-width:{}px">"#,
        left + size + 10,
        top + size + 40,
        left + size + 10
    );
    for (i, row) in m.confusion_matrix_normalized.iter().enumerate() {
        for (j, &v) in row.iter().enumerate() {
            let (x, y) = (left + j * cell, top + i * cell);
            let _ = write!(
                s,
                r##"<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{}" stroke="#fff"/>"##,
                color_scale(v)
            );
            let ink = if v > 0.55 { "#fff" } else { "#1d2330" };
            let _ = write!(
                s,
                r#"<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="{ink}">{:.2}</text>"#,
                x + cell / 2,
                y + cell / 2 - 2,
                v
            );
            let _ = write!(
                s,
                r#"<text x="{}" y="{}" text-anchor="middle" font-size="9" fill="{ink}">{}</text>"#,
                x + cell / 2,
                y + cell / 2 + 11,
                m.confusion_matrix[i][j]
            );
        }
    }
    for (i, label) in m.labels.iter().enumerate() {
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" text-anchor="end" font-size="11">{}</text>"#,
            left - 6,
            top + i * cell + cell / 2 + 4,
            esc(label)
        );
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" text-anchor="middle" font-size="11">{}</text>"#,
            left + i * cell + cell / 2,
            top + size + 16,
            esc(label)
        );
    }
    let _ = write!(
        s,
        r##"<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="#5b6475">predicted</text><text x="{}" y="18" text-anchor="middle" font-size="11" fill="#5b6475">true ↓</text></svg>"##,
        left + size / 2,
        top + size + 32,
        left / 2
    );
    s
}

/// An x/y plot frame on [0, 1]² with gridlines; returns the SVG start and a mapping.
fn frame(
    id: &str,
    label: &str,
    x_label: &str,
    y_label: &str,
) -> (String, impl Fn(f64, f64) -> (f64, f64)) {
    let (w, hgt, l, t, r, b) = (420.0, 300.0, 46.0, 12.0, 12.0, 40.0);
    let mut s = format!(
        r#"<svg id="{id}" role="img" aria-label="{label}" viewBox="0 0 {w} {hgt}" width="100%" style="max-width:520px">"#
    );
    let map = move |x: f64, y: f64| (l + x * (w - l - r), t + (1.0 - y) * (hgt - t - b));
    for i in 0..=5 {
        let v = i as f64 / 5.0;
        let (x0, y0) = map(0.0, v);
        let (x1, _) = map(1.0, v);
        let _ = write!(
            s,
            r##"<line x1="{x0}" y1="{y0}" x2="{x1}" y2="{y0}" stroke="#e6e8ec"/><text x="{}" y="{}" text-anchor="end" font-size="10">{v:.1}</text>"##,
            x0 - 4.0,
            y0 + 3.0
        );
        let (gx, gy0) = map(v, 0.0);
        let _ = write!(
            s,
            r##"<text x="{gx}" y="{}" text-anchor="middle" font-size="10">{v:.1}</text>"##,
            gy0 + 14.0
        );
    }
    let (cx, by) = map(0.5, 0.0);
    let _ = write!(
        s,
        r##"<text x="{cx}" y="{}" text-anchor="middle" font-size="11" fill="#5b6475">{x_label}</text>"##,
        by + 30.0
    );
    let (_, cy) = map(0.0, 0.5);
    let _ = write!(
        s,
        r##"<text x="12" y="{cy}" text-anchor="middle" font-size="11" fill="#5b6475" transform="rotate(-90 12 {cy})">{y_label}</text>"##
    );
    (s, map)
}

fn reliability_svg(report: &Report) -> String {
    let (mut s, map) = frame(
        "reliability",
        "reliability diagram",
        "confidence",
        "accuracy",
    );
    let (x0, y0) = map(0.0, 0.0);
    let (x1, y1) = map(1.0, 1.0);
    let _ = write!(
        s,
        r##"<line x1="{x0}" y1="{y0}" x2="{x1}" y2="{y1}" stroke="#9aa3b2" stroke-dasharray="4 3"/>"##
    );
    let total: usize = report.metrics.reliability.iter().map(|b| b.count).sum();
    for bin in report.metrics.reliability.iter().filter(|b| b.count > 0) {
        let (bx0, by) = map(bin.lower, bin.accuracy);
        let (bx1, base) = map(bin.upper, 0.0);
        let _ = write!(
            s,
            r##"<rect x="{}" y="{by}" width="{}" height="{}" fill="#1f77b4" fill-opacity="0.75"><title>{:.2}–{:.2}: {} rows, accuracy {:.3}, confidence {:.3}</title></rect>"##,
            bx0 + 1.0,
            (bx1 - bx0 - 2.0).max(1.0),
            (base - by).max(0.5),
            bin.lower,
            bin.upper,
            bin.count,
            bin.accuracy,
            bin.mean_confidence
        );
        let (cx, cy) = map(bin.mean_confidence, bin.accuracy);
        let radius = 2.0 + 6.0 * (bin.count as f64 / total.max(1) as f64).sqrt();
        let _ = write!(
            s,
            r##"<circle cx="{cx}" cy="{cy}" r="{radius:.1}" fill="#d62728" fill-opacity="0.8"/>"##
        );
    }
    s.push_str("</svg>");
    s
}

fn pr_svg(report: &Report) -> String {
    let (mut s, map) = frame(
        "pr-curves",
        "precision-recall curves",
        "recall",
        "precision",
    );
    for (i, (label, curve)) in report.metrics.pr_curves.iter().enumerate() {
        let color = PALETTE[i % PALETTE.len()];
        let points: Vec<String> = curve
            .iter()
            .map(|[r, p]| {
                let (x, y) = map(*r, *p);
                format!("{x:.1},{y:.1}")
            })
            .collect();
        if !points.is_empty() {
            let _ = write!(
                s,
                r##"<polyline points="{}" fill="none" stroke="{color}" stroke-width="2"/>"##,
                points.join(" ")
            );
        }
        let (lx, ly) = map(
            0.03,
            0.18 - 0.06 * i as f64 + 0.06 * (report.metrics.pr_curves.len() as f64 - 1.0),
        );
        let _ = write!(
            s,
            r##"<rect x="{lx}" y="{}" width="10" height="10" fill="{color}"/><text x="{}" y="{}" font-size="11">{}</text>"##,
            ly - 9.0,
            lx + 14.0,
            ly,
            esc(label)
        );
    }
    s.push_str("</svg>");
    s
}

fn bars_svg(report: &Report) -> String {
    let m = &report.metrics;
    let (mut s, map) = frame(
        "class-bars",
        "per-class precision, recall and F1",
        "class",
        "score",
    );
    let k = m.per_class.len().max(1) as f64;
    for (i, c) in m.per_class.iter().enumerate() {
        for (j, (value, color)) in [
            (c.precision, PALETTE[0]),
            (c.recall, PALETTE[2]),
            (c.f1, PALETTE[1]),
        ]
        .iter()
        .enumerate()
        {
            let x_start = (i as f64 + 0.15 + j as f64 * 0.23) / k;
            let (x, y) = map(x_start, *value);
            let (x2, base) = map(x_start + 0.22 / k, 0.0);
            let _ = write!(
                s,
                r##"<rect x="{x:.1}" y="{y:.1}" width="{:.1}" height="{:.1}" fill="{color}"><title>{}: {:.3}</title></rect>"##,
                x2 - x,
                (base - y).max(0.5),
                ["precision", "recall", "F1"][j],
                value
            );
        }
        let (lx, ly) = map((i as f64 + 0.5) / k, 0.0);
        let _ = write!(
            s,
            r##"<text x="{lx:.1}" y="{}" text-anchor="middle" font-size="10" fill="#1d2330">{}</text>"##,
            ly - 3.0,
            esc(&c.label)
        );
    }
    for (j, name) in ["precision", "recall", "F1"].iter().enumerate() {
        let (lx, ly) = map(0.02 + 0.2 * j as f64, 0.98);
        let _ = write!(
            s,
            r##"<rect x="{lx}" y="{}" width="10" height="10" fill="{}"/><text x="{}" y="{ly}" font-size="11">{name}</text>"##,
            ly - 9.0,
            [PALETTE[0], PALETTE[2], PALETTE[1]][j],
            lx + 14.0
        );
    }
    s.push_str("</svg>");
    s
}
