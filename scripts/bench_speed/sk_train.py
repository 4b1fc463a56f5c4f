#!/usr/bin/env python3
"""scikit-learn training as a user would run it: one process that reads the
CSV, featurizes, fits once and pickles the model.

    sk_train.py fnc1|allsides --train TRAIN.csv --c C --out MODEL.pkl

The timed region is the whole process (the caller wraps it in GNU time), so
interpreter start-up and imports count, as slant's start-up does. No C
search: C is the one bench-quality's cross-validation chose.
"""

import argparse
import pickle
import sys
import time

import numpy as np

from speedlib import TASKS, SklearnModel, labeled, log, make_featurizer, make_lr, read_rows


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("task", choices=TASKS)
    parser.add_argument("--train", required=True)
    parser.add_argument("--c", type=float, required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    spec = TASKS[args.task]

    t0 = time.perf_counter()
    rows = labeled(read_rows(args.train), spec["label"])
    y = np.array([r[spec["label"]].strip() for r in rows])
    t1 = time.perf_counter()
    featurizer = make_featurizer(args.task)
    x = featurizer.fit_transform(rows)
    t2 = time.perf_counter()
    clf = make_lr(args.c).fit(x, y)
    t3 = time.perf_counter()
    # The terms min_df and max_features cut are kept only for inspection;
    # scikit-learn's docs advise dropping them before pickling.
    vectorizer = featurizer.vectorizer if hasattr(featurizer, "vectorizer") else None
    if vectorizer is not None and hasattr(vectorizer, "stop_words_"):
        vectorizer.stop_words_ = None
    with open(args.out, "wb") as f:
        pickle.dump(SklearnModel(args.task, featurizer, clf), f, protocol=pickle.HIGHEST_PROTOCOL)
    iterations = int(np.max(clf.n_iter_))
    # The phases, to compare with slant's own log of its training.
    log(f"sk_train {args.task}: {x.shape[0]} rows x {x.shape[1]} features, C={args.c:g}, "
        f"{iterations} lbfgs iterations{'' if iterations < clf.max_iter else ' (NOT converged)'}; "
        f"read {t1 - t0:.2f} s, featurize {t2 - t1:.2f} s, fit {t3 - t2:.2f} s, "
        f"pickle {time.perf_counter() - t3:.2f} s")


if __name__ == "__main__":
    sys.exit(main())
