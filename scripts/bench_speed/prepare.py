#!/usr/bin/env python3
"""Data preparation for bench-speed, outside every timed region except the
fastText conversion, which the caller times and reports on its own.

    prepare.py head --in A.csv --out B.csv --rows N      first N records (smoke runs)
    prepare.py repeat --in A.csv --out B.csv --times K   the records K times over
    prepare.py fasttext TASK --in A.csv --out A.txt      `__label__X text` lines
    prepare.py stats TASK --in A.csv                     JSON: rows, text bytes, file bytes

Records, not lines: article bodies hold newlines inside quoted fields, so
`head -n` or `cat` would cut or glue records. The CSV dialect is the one
slant reads and writes.
"""

import argparse
import csv
import json
import os
import sys

from speedlib import TASKS, log, one_line


def copy_records(src, dst, rows=None, times=1):
    with open(src, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        records = [r for _, r in zip(range(rows), reader)] if rows is not None else list(reader)
    tmp = f"{dst}.tmp"
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        for _ in range(times):
            writer.writerows(records)
    os.replace(tmp, dst)
    log(f"{dst}: {len(records) * times} records")


def to_fasttext(task, src, dst):
    spec = TASKS[task]
    n = 0
    with open(src, newline="", encoding="utf-8") as f, \
            open(dst, "w", encoding="utf-8") as out:
        for row in csv.DictReader(f):
            label = row.get(spec["label"], "").strip()
            if not label:  # unlabeled rows are not trained on, as in slant
                continue
            out.write(f"__label__{label.replace(' ', '_')} {one_line(row, spec['fields'])}\n")
            n += 1
    log(f"{dst}: {n} fastText lines")


def stats(task, src):
    fields = TASKS[task]["fields"]
    rows = text_bytes = 0
    with open(src, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows += 1
            text_bytes += sum(len(row.get(c, "").encode("utf-8")) for c in fields)
    return {"rows": rows, "text_bytes": text_bytes, "file_bytes": os.path.getsize(src),
            "text_fields": list(fields)}


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("head")
    p.add_argument("--in", dest="src", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--rows", type=int, required=True)
    p = sub.add_parser("repeat")
    p.add_argument("--in", dest="src", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--times", type=int, required=True)
    p = sub.add_parser("fasttext")
    p.add_argument("task", choices=TASKS)
    p.add_argument("--in", dest="src", required=True)
    p.add_argument("--out", required=True)
    p = sub.add_parser("stats")
    p.add_argument("task", choices=TASKS)
    p.add_argument("--in", dest="src", required=True)
    args = parser.parse_args()

    if args.cmd == "head":
        copy_records(args.src, args.out, rows=args.rows)
    elif args.cmd == "repeat":
        copy_records(args.src, args.out, times=args.times)
    elif args.cmd == "fasttext":
        to_fasttext(args.task, args.src, args.out)
    else:
        print(json.dumps(stats(args.task, args.src)))


if __name__ == "__main__":
    sys.exit(main())
