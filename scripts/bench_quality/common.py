"""Shared pieces of the quality benchmark helpers: reading slant's CSVs,
metrics (with the FNC-1 score), the C search, and result files.

Every helper writes one JSON result file that `table.py` turns into a row of
the Markdown table, so a helper that crashes simply leaves no file and the
table says FAILED instead of hiding the other benchmarks.
"""

import csv
import json
import math
import os
import sys
import time

import numpy as np

# Article bodies (AllSides, FNC-1) are far longer than the csv module's
# default 128 KiB field limit.
csv.field_size_limit(sys.maxsize)

# C values tried by cross-validation, log-spaced around slant's default C = 4.
DEFAULT_C_GRID = (0.25, 1.0, 4.0, 16.0, 64.0)

FNC_LABELS = ("agree", "disagree", "discuss", "unrelated")


def c_grid():
    """The C grid, overridable with BENCH_C_GRID="0.5,2,8" for quick runs."""
    raw = os.environ.get("BENCH_C_GRID", "").strip()
    if not raw:
        return DEFAULT_C_GRID
    return tuple(sorted(float(x) for x in raw.split(",") if x.strip()))


def read_rows(path):
    """Rows of a CSV written by `slant import` (UTF-8, header, RFC 4180)."""
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write_rows(path, rows, fieldnames):
    """Writes rows in the same CSV dialect slant reads."""
    tmp = f"{path}.tmp"
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fieldnames)
        writer.writeheader()
        writer.writerows(rows)
    os.replace(tmp, path)


def labeled(rows, label):
    """Rows that carry the label, as slant trains and evaluates on them."""
    return [r for r in rows if r.get(label, "").strip()]


# ---------------------------------------------------------------- metrics


def confusion(labels, truth, predicted):
    """Rows = true, columns = predicted, in `labels` order (as report.json)."""
    index = {l: i for i, l in enumerate(labels)}
    m = np.zeros((len(labels), len(labels)), dtype=np.int64)
    for t, p in zip(truth, predicted):
        m[index[t], index[p]] += 1
    return m


def metrics_from_confusion(labels, matrix):
    """Accuracy, macro-F1 (over all `labels`, as scikit-learn with labels=...),
    per-class F1 and, for FNC-1 labels, the FNC score. Computing everything from
    the confusion matrix lets the same code score scikit-learn's predictions and
    re-check slant's report.json."""
    m = np.asarray(matrix, dtype=float)
    n = m.sum()
    per_class = {}
    for i, label in enumerate(labels):
        tp = m[i, i]
        precision = tp / m[:, i].sum() if m[:, i].sum() else 0.0
        recall = tp / m[i, :].sum() if m[i, :].sum() else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {"precision": precision, "recall": recall, "f1": f1,
                            "support": int(m[i, :].sum())}
    out = {
        "rows": int(n),
        "labels": list(labels),
        "accuracy": float(np.trace(m) / n) if n else 0.0,
        "macro_f1": float(np.mean([c["f1"] for c in per_class.values()])),
        "per_class": per_class,
        "confusion_matrix": m.astype(int).tolist(),
    }
    fnc = fnc_score(labels, m)
    if fnc is not None:
        out["fnc_score"] = fnc
        out["fnc_relative"] = fnc["relative"]
    return out


def fnc_score(labels, matrix):
    """FNC-1 score as defined in ../shared/benchmarks/fnc1/README.md: +0.25 when
    related/unrelated is right, +0.75 more for the exact related label; reported
    relative to the best possible score. None unless the labels are FNC-1's."""
    if sorted(labels) != sorted(FNC_LABELS):
        return None
    m = np.asarray(matrix, dtype=float)
    related = [l != "unrelated" for l in labels]
    score = 0.0
    for t in range(len(labels)):
        for p in range(len(labels)):
            if related[t] == related[p]:
                score += 0.25 * m[t, p]
            if related[t] and t == p:
                score += 0.75 * m[t, p]
    # The best possible score: 1.0 per related row, 0.25 per unrelated row.
    max_score = sum(m[t, :].sum() * (1.0 if related[t] else 0.25) for t in range(len(labels)))
    return {"score": score, "max_score": max_score,
            "relative": 100.0 * score / max_score if max_score else 0.0}


def score_of(metric, labels, truth, predicted):
    """One number for model selection: the benchmark's headline metric."""
    m = metrics_from_confusion(labels, confusion(labels, truth, predicted))
    return m[metric]


# ---------------------------------------------------------------- C search


def make_lr(C, class_weight="balanced"):
    """Multinomial logistic regression as slant fits it: L2, lbfgs, balanced
    class weights (slant's default), max_iter 1000 (slant's default).

    Never warm-started: lbfgs stops on a gradient tolerance, and a solution
    for a smaller C often already meets it for a larger C, so a warm-started
    fit returned the previous C's model after 0 iterations (seen on LIAR:
    C=4 -> C=16). Each C is fitted from scratch, as the final model is."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, class_weight=class_weight, max_iter=1000, solver="lbfgs")


def cv_splits(y, groups, n_splits=5):
    """GroupKFold when rows have groups (no group on both sides, like the test
    split), else stratified K-fold with a fixed seed."""
    from sklearn.model_selection import GroupKFold, StratifiedKFold

    idx = np.zeros(len(y))
    if groups is not None:
        return list(GroupKFold(n_splits=n_splits).split(idx, y, groups))
    return list(StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=0).split(idx, y))


def select_c(rows, y, groups, make_featurizer, metric, labels, grid, log, class_weight="balanced"):
    """Chooses C by K-fold cross-validation on the training rows only.

    The featurizer is refitted inside each fold (vocabulary and IDF must not
    see the validation part), but only once per fold: all C values reuse the
    fold's matrices, which keeps the search affordable on 26k long articles.

    Each C is scored once on the pooled out-of-fold predictions, not as a mean
    of per-fold scores: with folds grouped by outlet, a fold can hold one big
    outlet and nearly one class, where macro-F1 is tiny and noisy.
    Returns (best C, {C: pooled score}); ties go to the smaller C.
    """
    y = np.asarray(y)
    oof = {c: np.empty(len(y), dtype=object) for c in grid}
    for k, (tr, va) in enumerate(cv_splits(y, groups)):
        started = time.perf_counter()
        feat = make_featurizer()
        x_tr = feat.fit_transform([rows[i] for i in tr])
        x_va = feat.transform([rows[i] for i in va])
        fold_scores = []
        for c in grid:
            clf = make_lr(c, class_weight).fit(x_tr, y[tr])
            oof[c][va] = clf.predict(x_va)
            fold_scores.append(score_of(metric, labels, y[va], oof[c][va]))
        log(f"  fold {k + 1}/5 ({len(va)} rows): "
            + ", ".join(f"C={c:g} {s:.4f}" for c, s in zip(grid, fold_scores))
            + f" ({time.perf_counter() - started:.0f}s)")
    scores = {c: float(score_of(metric, labels, y, oof[c])) for c in grid}
    best = max(grid, key=lambda c: (scores[c], -c))
    return best, scores


# ---------------------------------------------------------------- results


def write_result(path, result):
    """Writes a result JSON atomically (a crash never leaves half a file)."""
    tmp = f"{path}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2, sort_keys=True, default=_json_default)
        f.write("\n")
    os.replace(tmp, path)


def _json_default(value):
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"not JSON serialisable: {type(value)}")


def log(message):
    """Progress goes to stderr so stdout stays free for data."""
    print(message, file=sys.stderr, flush=True)
