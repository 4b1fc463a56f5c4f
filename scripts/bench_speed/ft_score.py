#!/usr/bin/env python3
"""Scores a CSV with a fastText model: one process that loads the model, reads
the CSV in batches, predicts every label's probability and writes one line per
article (id, label, one probability per class), as sk_score.py does.

    ft_score.py fnc1|allsides --model MODEL.bin --data FILE.csv [--out FILE|-]

Reading the CSV and collapsing each text to one line is part of the timed
work here (slant and scikit-learn read the same CSV), unlike in training,
where the fastText-format file is written beforehand.
"""

import argparse
import csv
import sys

import fasttext

from speedlib import TASKS, iter_batches, log, one_line, open_out

PREFIX = "__label__"


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("task", choices=TASKS)
    parser.add_argument("--model", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--out", default="-")
    args = parser.parse_args()
    fields = TASKS[args.task]["fields"]

    model = fasttext.load_model(args.model)
    classes = sorted(l[len(PREFIX):] for l in model.labels)
    n = 0
    with open_out(args.out) as out:
        writer = csv.writer(out)
        writer.writerow(["id", TASKS[args.task]["label"]] + [f"p_{c}" for c in classes])
        for batch in iter_batches(args.data):
            labels, probs = model.predict([one_line(r, fields) for r in batch], k=-1)
            for row, ls, ps in zip(batch, labels, probs):
                p = {l[len(PREFIX):]: v for l, v in zip(ls, ps)}
                writer.writerow([row.get("id", ""), ls[0][len(PREFIX):]]
                                + [f"{p.get(c, 0.0):.4f}" for c in classes])
            n += len(batch)
    log(f"ft_score: {n} rows scored")


if __name__ == "__main__":
    sys.exit(main())
