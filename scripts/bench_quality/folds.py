#!/usr/bin/env python3
"""Splits the CSV of `slant import media-reliability` into the 5 given folds.

    folds.py --data EMNLP18.csv --out-dir DIR

Writes DIR/fold-K-train.csv and DIR/fold-K-test.csv for each fold K, where
fold K's test part is the outlets whose `fold` column is K (the fold in which
splits.json puts them in the test part) and its train part is all others.
slant has no row filter, so the folds are materialised as files (in the work
directory, never in the repo). Prints the comma-separated feat_* columns for
`slant train --meta` on stdout.
"""

import argparse
import csv
import os
import sys

from common import log, read_rows, write_rows


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True)
    parser.add_argument("--out-dir", required=True)
    args = parser.parse_args()

    with open(args.data, newline="", encoding="utf-8") as f:
        header = next(csv.reader(f))
    rows = read_rows(args.data)
    missing = [r["id"] for r in rows if not r.get("fold", "").strip()]
    if missing:
        raise SystemExit(f"{args.data}: {len(missing)} outlets have no fold, e.g. {missing[:3]}")
    folds = sorted({r["fold"] for r in rows})
    if len(folds) != 5:
        raise SystemExit(f"{args.data}: expected 5 folds, found {folds}")
    os.makedirs(args.out_dir, exist_ok=True)
    for fold in folds:
        test = [r for r in rows if r["fold"] == fold]
        train = [r for r in rows if r["fold"] != fold]
        write_rows(os.path.join(args.out_dir, f"fold-{fold}-train.csv"), train, header)
        write_rows(os.path.join(args.out_dir, f"fold-{fold}-test.csv"), test, header)
        log(f"fold {fold}: {len(train)} train, {len(test)} test outlets")
    print(",".join(c for c in header if c.startswith("feat_")))


if __name__ == "__main__":
    sys.exit(main())
