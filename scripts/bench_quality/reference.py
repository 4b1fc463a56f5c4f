#!/usr/bin/env python3
"""scikit-learn reference for one benchmark, on the CSVs `slant import` wrote.

    reference.py fnc1|liar|newssd|allsides --train TRAIN.csv --test TEST.csv --out RESULT.json
    reference.py media --data EMNLP18.csv --out RESULT.json

TF-IDF (+ metadata) and multinomial logistic regression with balanced class
weights. C is chosen by 5-fold cross-validation on the training part only
(grouped where the benchmark has groups), then the model is refitted on the
whole training part and scored once on the test part.

Timing: `fit_seconds` is what a user waits for the final model, end to end
(read the CSV + featurize + fit), comparable to `slant train`; the C search
is reported apart as `cv_seconds` because slant does no search.
"""

import argparse
import sys
import time

import numpy as np

from common import (FNC_LABELS, c_grid, confusion, labeled, log, make_lr,
                    metrics_from_confusion, read_rows, select_c, write_result)
from features import NumericFeaturizer, PairFeaturizer, TextFeaturizer, TextMetaFeaturizer

LIAR_META = ("party", "speaker", "state", "subject", "job", "context")

# label: the column to predict; metric: what the C search maximises (each
# benchmark's headline metric); groups: the column GroupKFold keeps together.
BENCHMARKS = {
    "fnc1": {
        "label": "stance", "metric": "fnc_relative", "groups": "group",
        "featurizer": PairFeaturizer,
        "features": "TF-IDF(headline) ⊕ TF-IDF(body) ⊕ cosine, shared vocabulary",
    },
    "liar": {
        "label": "truthfulness", "metric": "accuracy", "groups": None,
        "featurizer": lambda: TextMetaFeaturizer(LIAR_META),
        "features": "TF-IDF(statement) ⊕ multi-hot " + ",".join(LIAR_META),
    },
    "newssd": {
        "label": "genre", "metric": "macro_f1", "groups": None,
        "featurizer": lambda: TextFeaturizer(("text",)),
        "features": "TF-IDF(sentence)",
    },
    # The valid part shares no outlet with train, so the search groups by outlet too.
    "allsides": {
        "label": "bias", "metric": "macro_f1", "groups": "outlet",
        "featurizer": lambda: TextFeaturizer(("title", "text")),
        "features": "TF-IDF(title + text)",
    },
}


def converged(clf):
    return bool(np.all(np.asarray(clf.n_iter_) < clf.max_iter))


def run_split(name, train_path, test_path):
    spec = BENCHMARKS[name]
    label = spec["label"]
    grid = c_grid()

    started = time.perf_counter()
    rows = labeled(read_rows(train_path), label)
    read_seconds = time.perf_counter() - started
    y = np.array([r[label].strip() for r in rows])
    groups = np.array([r[spec["groups"]] for r in rows]) if spec["groups"] else None
    labels = [str(l) for l in sorted(set(y))] if name != "fnc1" else list(FNC_LABELS)
    log(f"{name}: {len(rows)} training rows, labels {labels}; C search over {list(grid)}"
        f" by {'grouped ' if groups is not None else ''}5-fold CV on {spec['metric']}")

    started = time.perf_counter()
    best_c, cv_scores = select_c(rows, y, groups, spec["featurizer"], spec["metric"], labels,
                                 grid, log)
    cv_seconds = time.perf_counter() - started
    log(f"{name}: chose C={best_c:g} (CV {spec['metric']} {cv_scores[best_c]:.4f}) in {cv_seconds:.0f}s")

    # The final fit is timed end to end, including reading the CSV.
    started = time.perf_counter()
    featurizer = spec["featurizer"]()
    x = featurizer.fit_transform(rows)
    clf = make_lr(best_c).fit(x, y)
    fit_seconds = read_seconds + time.perf_counter() - started
    log(f"{name}: final fit on {x.shape[0]} x {x.shape[1]} in {fit_seconds:.1f}s")

    test_rows = labeled(read_rows(test_path), label)
    truth = [r[label].strip() for r in test_rows]
    unknown = sorted(set(truth) - set(labels))
    if unknown:
        raise SystemExit(f"{test_path}: labels absent from training: {unknown}")
    predicted = clf.predict(featurizer.transform(test_rows))
    metrics = metrics_from_confusion(labels, confusion(labels, truth, predicted))
    return {
        "system": "scikit-learn", "benchmark": name, "status": "ok",
        "metrics": metrics, "C": best_c, "cv_metric": spec["metric"],
        "cv_scores": {f"{c:g}": s for c, s in cv_scores.items()},
        "cv_grouped_by": spec["groups"], "features": spec["features"],
        "n_features": int(x.shape[1]), "train_rows": len(rows),
        "iterations": np.asarray(clf.n_iter_).tolist(), "converged": converged(clf),
        "fit_seconds": fit_seconds, "cv_seconds": cv_seconds,
    }


def run_media(data_path):
    """Baly et al. emnlp18: the 5 given folds (`fold` = the fold in which the
    outlet is tested); C searched inside each fold's training part; predictions
    pooled over the folds and scored once, as in the paper."""
    label = "credibility"
    grid = c_grid()
    started = time.perf_counter()
    rows = labeled(read_rows(data_path), label)
    read_seconds = time.perf_counter() - started
    columns = [c for c in rows[0] if c.startswith("feat_")]
    labels = sorted({r[label] for r in rows})
    folds = sorted({r["fold"] for r in rows if r["fold"].strip()})
    if len(folds) != 5 or any(not r["fold"].strip() for r in rows):
        raise SystemExit(f"{data_path}: expected every outlet in one of 5 folds, got {folds}")
    log(f"media: {len(rows)} outlets, {len(columns)} features, folds {folds}")

    truth, predicted, chosen = [], [], {}
    cv_seconds, fit_seconds, all_converged = 0.0, read_seconds, True
    for fold in folds:
        train = [r for r in rows if r["fold"] != fold]
        test = [r for r in rows if r["fold"] == fold]
        y = np.array([r[label] for r in train])
        started = time.perf_counter()
        best_c, scores = select_c(train, y, None, lambda: NumericFeaturizer(columns),
                                  "macro_f1", labels, grid, log)
        cv_seconds += time.perf_counter() - started
        started = time.perf_counter()
        featurizer = NumericFeaturizer(columns)
        clf = make_lr(best_c).fit(featurizer.fit_transform(train), y)
        fit_seconds += time.perf_counter() - started
        all_converged &= converged(clf)
        chosen[fold] = best_c
        truth += [r[label] for r in test]
        predicted += list(clf.predict(featurizer.transform(test)))
        log(f"media: fold {fold}: C={best_c:g} (CV macro-F1 {scores[best_c]:.4f})")
    metrics = metrics_from_confusion(labels, confusion(labels, truth, predicted))
    return {
        "system": "scikit-learn", "benchmark": "media", "status": "ok",
        "metrics": metrics, "C": chosen, "cv_metric": "macro_f1", "cv_grouped_by": None,
        "features": f"StandardScaler({len(columns)} feat_* columns)",
        "n_features": len(columns), "train_rows": len(rows), "converged": all_converged,
        "fit_seconds": fit_seconds, "cv_seconds": cv_seconds,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("benchmark", choices=[*BENCHMARKS, "media"])
    parser.add_argument("--train")
    parser.add_argument("--test")
    parser.add_argument("--data", help="media: the CSV of `slant import media-reliability`")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    if args.benchmark == "media":
        if not args.data:
            parser.error("media needs --data")
        result = run_media(args.data)
    else:
        if not (args.train and args.test):
            parser.error(f"{args.benchmark} needs --train and --test")
        result = run_split(args.benchmark, args.train, args.test)
    write_result(args.out, result)
    m = result["metrics"]
    extra = f", FNC {m['fnc_relative']:.2f}%" if "fnc_relative" in m else ""
    log(f"{args.benchmark}: accuracy {m['accuracy']:.4f}, macro-F1 {m['macro_f1']:.4f}{extra}")


if __name__ == "__main__":
    sys.exit(main())
