"""Shared pieces of the speed benchmark helpers.

The scikit-learn side reuses bench-quality's featurizers and LogisticRegression
settings (scripts/bench_quality), so the model timed here is the very model
whose quality bench-quality reports, minus the C search.
"""

import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "bench_quality"))

# Re-exported for the helpers; importing common also lifts the csv field limit
# (article bodies exceed the default 128 KiB). Nothing here imports
# scikit-learn: the fastText helpers must not pay for loading it.
from common import (FNC_LABELS, confusion, labeled, log, make_lr,  # noqa: E402,F401
                    metrics_from_confusion, read_rows, write_result)

# Rows per batch when scoring: slant's own batch size (src/cli/score.rs), so
# all three tools hold the same number of articles in memory at a time.
BATCH = 2_000

# label: the column to predict; fields: the text columns each tool reads.
TASKS = {
    # Headline and body. scikit-learn sees them as a pair (bench-quality's
    # PairFeaturizer); fastText has no notion of a pair, so it gets one line.
    "fnc1": {"label": "stance", "fields": ("target", "text")},
    # Title and body, as slant reads them.
    "allsides": {"label": "bias", "fields": ("title", "text")},
}


def make_featurizer(task):
    """bench-quality's featurizer for the task, as its reference.py uses it."""
    from features import PairFeaturizer, TextFeaturizer

    return PairFeaturizer() if task == "fnc1" else TextFeaturizer(TASKS[task]["fields"])


def task_labels(task, y):
    """Label order for metrics: FNC-1's fixed four, else the sorted labels seen."""
    return list(FNC_LABELS) if task == "fnc1" else sorted(set(y))


def one_line(row, fields):
    """The row's text as fastText reads it: one line, whitespace collapsed."""
    return " ".join(" ".join(row.get(f, "") for f in fields).split())


def iter_batches(path, size=BATCH):
    """Rows of a CSV `slant import` wrote, `size` at a time (memory stays flat)."""
    with open(path, newline="", encoding="utf-8") as f:
        batch = []
        for row in csv.DictReader(f):
            batch.append(row)
            if len(batch) == size:
                yield batch
                batch = []
        if batch:
            yield batch


def open_out(path):
    """`-` is stdout, so the shell can send it to /dev/null like slant's."""
    if path == "-":
        return os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8", newline="")
    return open(path, "w", encoding="utf-8", newline="")


class SklearnModel:
    """Featurizer + fitted LogisticRegression, pickled as one object.

    bench-quality's featurizers work on rows (FNC-1 needs headline and body
    apart), so this plays the role of a scikit-learn Pipeline over rows."""

    def __init__(self, task, featurizer, clf):
        self.task = task
        self.featurizer = featurizer
        self.clf = clf

    def predict_proba(self, rows):
        return self.clf.predict_proba(self.featurizer.transform(rows))

    @property
    def classes(self):
        return [str(c) for c in self.clf.classes_]
