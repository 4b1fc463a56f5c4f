#!/usr/bin/env python3
"""Test-set quality of the models bench-speed timed, so speed is compared at
a stated quality. Not timed.

    quality.py slant --report DIR --out RESULT.json          (DIR from `slant evaluate`)
    quality.py sklearn TASK --model M.pkl --test T.csv --out RESULT.json
    quality.py fasttext TASK --model M.bin --test T.csv --out RESULT.json

All three are scored by bench-quality's metrics code from a confusion matrix
(slant's is read from report.json), so the figures are computed alike.
"""

import argparse
import json
import pickle
import sys

import numpy as np

from speedlib import (TASKS, confusion, labeled, log, metrics_from_confusion, one_line,
                      read_rows, task_labels, write_result)


def summary(metrics):
    out = {"rows": metrics["rows"], "accuracy": metrics["accuracy"],
           "macro_f1": metrics["macro_f1"]}
    if "fnc_relative" in metrics:
        out["fnc_relative"] = metrics["fnc_relative"]
    return out


def from_predictions(task, rows, predicted):
    label = TASKS[task]["label"]
    truth = [r[label].strip() for r in rows]
    labels = task_labels(task, truth + list(predicted))
    return summary(metrics_from_confusion(labels, confusion(labels, truth, predicted)))


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tool", choices=("slant", "sklearn", "fasttext"))
    parser.add_argument("task", nargs="?", choices=TASKS)
    parser.add_argument("--report")
    parser.add_argument("--model")
    parser.add_argument("--test")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    if args.tool == "slant":
        if not args.report:
            parser.error("slant needs --report")
        with open(f"{args.report}/report.json", encoding="utf-8") as f:
            m = json.load(f)["metrics"]
        result = summary(metrics_from_confusion(m["labels"], m["confusion_matrix"]))
    else:
        if not (args.task and args.model and args.test):
            parser.error(f"{args.tool} needs TASK, --model and --test")
        rows = labeled(read_rows(args.test), TASKS[args.task]["label"])
        if args.tool == "sklearn":
            with open(args.model, "rb") as f:
                model = pickle.load(f)
            proba = model.predict_proba(rows)
            predicted = [model.classes[k] for k in np.argmax(proba, axis=1)]
        else:
            import fasttext

            model = fasttext.load_model(args.model)
            fields = TASKS[args.task]["fields"]
            labels, _ = model.predict([one_line(r, fields) for r in rows], k=1)
            predicted = [l[0][len("__label__"):] for l in labels]
        result = from_predictions(args.task, rows, predicted)
    write_result(args.out, result)
    extra = f", FNC {result['fnc_relative']:.2f}%" if "fnc_relative" in result else ""
    log(f"quality {args.tool}: {result['rows']} rows, accuracy {result['accuracy']:.4f}, "
        f"macro-F1 {result['macro_f1']:.4f}{extra}")


if __name__ == "__main__":
    sys.exit(main())
