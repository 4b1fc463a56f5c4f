#!/usr/bin/env python3
"""Scores a CSV with the pickled scikit-learn model: one process that loads
the model, reads the CSV in batches, predict_proba's and writes one line per
article (id, label, one probability per class).

    sk_score.py --model MODEL.pkl --data FILE.csv [--out FILE|-]

Batches of 2,000 rows, slant's own batch size, so peak memory compares the
models and not "everything in memory" against streaming.
"""

import argparse
import csv
import pickle
import sys

import numpy as np

import speedlib  # noqa: F401  (makes the pickled classes importable)
from speedlib import TASKS, iter_batches, log, open_out


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--out", default="-")
    args = parser.parse_args()

    with open(args.model, "rb") as f:
        model = pickle.load(f)
    classes = model.classes
    n = 0
    with open_out(args.out) as out:
        writer = csv.writer(out)
        writer.writerow(["id", TASKS[model.task]["label"]] + [f"p_{c}" for c in classes])
        for batch in iter_batches(args.data):
            proba = model.predict_proba(batch)
            best = np.argmax(proba, axis=1)
            for row, k, p in zip(batch, best, proba):
                writer.writerow([row.get("id", ""), classes[k]] + [f"{v:.4f}" for v in p])
            n += len(batch)
    log(f"sk_score: {n} rows scored")


if __name__ == "__main__":
    sys.exit(main())
