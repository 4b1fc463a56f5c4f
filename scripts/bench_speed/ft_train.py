#!/usr/bin/env python3
"""fastText supervised training on a file already in fastText's format
(`__label__X text`, one line per row; see prepare.py), then save the model.

    ft_train.py --input TRAIN.txt --out MODEL.bin [--threads N]

fastText's defaults (epoch 5, lr 0.1, dim 100, 2M hash buckets) except
wordNgrams=2, the word 1-2-grams slant and scikit-learn use too. threads
defaults to fastText's 12, which oversubscribes small machines: the caller
passes the number of cores.
"""

import argparse
import os
import sys
import time

import fasttext


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    started = time.perf_counter()
    model = fasttext.train_supervised(input=args.input, wordNgrams=2, thread=args.threads,
                                      verbose=0)
    trained = time.perf_counter()
    model.save_model(args.out)
    # The phases, so a reader can tell fitting from writing the ~800 MB model.
    print(f"ft_train: {len(model.labels)} labels, {len(model.words)} words, "
          f"{args.threads} threads; train {trained - started:.2f} s, "
          f"save {time.perf_counter() - trained:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
