#!/usr/bin/env python3
"""Turns slant's outputs for one benchmark into a result file for the table.

    slant_result.py --benchmark NAME --report DIR [DIR ...] --time FILE [FILE ...]
                    --model FILE [FILE ...] --command "slant train ..." --out RESULT.json

Several --report directories (the 5 media-reliability folds) are pooled by
summing their confusion matrices, so pooled accuracy and macro-F1 are those of
all predictions together, as in Baly et al., not a mean of per-fold figures.

Every report's own figures are re-derived from its confusion matrix; a
disagreement is recorded as a warning, because it would mean slant's metrics
code is wrong.
"""

import argparse
import json
import os
import sys

import numpy as np

from common import log, metrics_from_confusion, write_result

TOLERANCE = 1e-9


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def check_report(path, report):
    """Differences between report.json's figures and our recomputation."""
    m = report["metrics"]
    ours = metrics_from_confusion(m["labels"], m["confusion_matrix"])
    problems = []
    pairs = [("accuracy", m.get("accuracy"), ours["accuracy"]),
             ("macro_f1", m.get("macro_f1"), ours["macro_f1"])]
    if "fnc_relative" in ours:
        fnc = m.get("fnc_score") or {}
        pairs.append(("fnc_score.relative", fnc.get("relative"), ours["fnc_relative"]))
    for name, theirs, mine in pairs:
        if theirs is None or abs(theirs - mine) > TOLERANCE:
            problems.append(f"{path}: {name} is {theirs}, the confusion matrix gives {mine}")
    if m.get("rows") != ours["rows"]:
        problems.append(f"{path}: rows is {m.get('rows')}, the confusion matrix sums to {ours['rows']}")
    return problems


def pool(reports):
    """Sums confusion matrices over reports, aligning labels by name."""
    labels = sorted({l for r in reports for l in r["metrics"]["labels"]})
    index = {l: i for i, l in enumerate(labels)}
    total = np.zeros((len(labels), len(labels)), dtype=np.int64)
    for r in reports:
        own = r["metrics"]["labels"]
        for i, row in enumerate(r["metrics"]["confusion_matrix"]):
            for j, count in enumerate(row):
                total[index[own[i]], index[own[j]]] += count
    return labels, total


def read_time(path):
    """GNU time's "%e %M" line (wall seconds, peak KiB); it is the file's last line."""
    with open(path, encoding="utf-8") as f:
        lines = [l for l in f.read().splitlines() if l.strip()]
    secs, kib = lines[-1].split()[:2]
    return float(secs), int(kib)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--benchmark", required=True)
    parser.add_argument("--report", nargs="+", required=True, help="report directories")
    parser.add_argument("--time", nargs="+", required=True, help="GNU time files of slant train")
    parser.add_argument("--model", nargs="+", required=True, help="model files")
    parser.add_argument("--command", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    reports = [load(f"{d}/report.json") for d in args.report]
    warnings = []
    for d, r in zip(args.report, reports):
        warnings += check_report(f"{d}/report.json", r)
        name = os.path.basename(os.path.normpath(d))
        warnings += [f"{name}: {w}" for w in r.get("warnings", [])]
    labels, matrix = pool(reports)
    metrics = metrics_from_confusion(labels, matrix)

    times = [read_time(t) for t in args.time]
    models = []
    for path in args.model:
        model = load(path)
        c = model.get("classifier", {})
        models.append({"n_features": c.get("n_features"), "iterations": c.get("iterations"),
                       "converged": c.get("converged"), "solver": model.get("solver"),
                       "C": model.get("params", {}).get("c")})
    result = {
        "system": "slant", "benchmark": args.benchmark, "status": "ok",
        "metrics": metrics, "command": args.command,
        "fit_seconds": sum(s for s, _ in times),
        "peak_rss_mb": max(k for _, k in times) / 1024,
        "models": models, "warnings": warnings,
    }
    # Bootstrap intervals and baselines are per report; pooled folds have none.
    if len(reports) == 1:
        for key in ("confidence_intervals", "baselines"):
            if key in reports[0]["metrics"]:
                result[key] = reports[0]["metrics"][key]
    write_result(args.out, result)
    for w in warnings:
        log(f"warning: {w}")
    extra = f", FNC {metrics['fnc_relative']:.2f}%" if "fnc_relative" in metrics else ""
    log(f"{args.benchmark}: accuracy {metrics['accuracy']:.4f}, macro-F1 {metrics['macro_f1']:.4f}{extra}")


if __name__ == "__main__":
    sys.exit(main())
