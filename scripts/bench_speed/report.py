#!/usr/bin/env python3
"""Builds the Markdown section of bench-speed from one run's results.

    report.py --results DIR --out speed.md

DIR holds measurements.tsv (section, task, tool, repetition, wall s, user s,
sys s, peak KiB: one line per timed process), commands.tsv, meta.tsv,
sizes.tsv, stats.*.json and quality/*.json, all written by scripts/bench-speed.
Prints the Markdown and writes it.
"""

import argparse
import json
import os
import statistics
import sys
from collections import defaultdict

# slant's batch (src/cli/score.rs): the rows it holds in memory at a time.
BATCH = 2_000

# 4x the rows may cost this much more peak memory and still count as flat:
# the batches differ in length, so the allocator's high-water mark wobbles.
FLAT_LIMIT = 1.25

TOOL_NAMES = {"slant": "slant", "slant-explain0": "slant `--explain 0`",
              "sklearn": "scikit-learn", "fasttext": "fastText"}


def read_tsv(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


class Run:
    def __init__(self, results):
        self.results = results
        self.meta = dict(read_tsv(os.path.join(results, "meta.tsv")))
        self.times = defaultdict(list)  # (section, task, tool) -> [(wall, cpu, rss MB)]
        for section, task, tool, _rep, wall, user, sys_, kib in read_tsv(
                os.path.join(results, "measurements.tsv")):
            self.times[section, task, tool].append(
                (float(wall), float(user) + float(sys_), int(kib) / 1024))
        self.commands = read_tsv(os.path.join(results, "commands.tsv"))
        self.sizes = {(t, tool): int(b) for t, tool, b in read_tsv(os.path.join(results, "sizes.tsv"))}

    def stats(self, name):
        return load_json(os.path.join(self.results, f"stats.{name}.json"))

    def quality(self, task, tool):
        path = os.path.join(self.results, "quality", f"{task}.{tool}.quality.json")
        return load_json(path) if os.path.exists(path) else None

    def values(self, section, task, tool, index):
        return [t[index] for t in self.times.get((section, task, tool), [])]

    def median(self, section, task, tool, index):
        v = self.values(section, task, tool, index)
        return statistics.median(v) if v else None


def num(x, digits=None):
    if x is None:
        return "–"
    if digits is None:
        digits = 2 if abs(x) < 10 else 1 if abs(x) < 100 else 0
    return f"{x:,.{digits}f}"


def spread(values, digits=None):
    """Median, with min–max when there is more than one value."""
    if not values:
        return "–"
    text = num(statistics.median(values), digits)
    if len(values) > 1:
        text += f" ({num(min(values), digits)}–{num(max(values), digits)})"
    return text


def ratio(a, b):
    return f"{a / b:.2f}×" if a is not None and b else "–"


def quality_cell(q, task):
    if q is None:
        return "–"
    if task == "fnc1":
        return (f"acc {q['accuracy']:.3f} · macro-F1 {q['macro_f1']:.3f} · "
                f"FNC {q['fnc_relative']:.2f}%")
    return f"macro-F1 {q['macro_f1']:.3f} (acc {q['accuracy']:.3f})"


def training(run):
    c = {"fnc1": run.meta.get("c_fnc1"), "allsides": run.meta.get("c_allsides")}
    s = {n: run.stats(n) for n in ("fnc1-train", "fnc1-test", "allsides-train", "allsides-valid")}
    names = {
        "fnc1": f"FNC-1 train ({s['fnc1-train']['rows']:,} pairs) → competition test "
                f"({s['fnc1-test']['rows']:,})",
        "allsides": f"AllSides bias, train ({s['allsides-train']['rows']:,} articles, text only) → "
                    f"valid ({s['allsides-valid']['rows']:,})",
    }
    out = ["### 1. Training, end to end",
           "",
           "One process each: read the CSV, featurize, fit, save the model. "
           "Quality: the last repetition's model on the test part.",
           "",
           "| data | tool | wall s | CPU s | peak RSS MB | model MB | test quality "
           "| slant ÷ tool, wall | slant ÷ tool, RSS |",
           "|---|---|---:|---:|---:|---:|---|---:|---:|"]
    for task in ("fnc1", "allsides"):
        slant_wall = run.median("train", task, "slant", 0)
        slant_rss = run.median("train", task, "slant", 2)
        for i, tool in enumerate(("slant", "sklearn", "fasttext")):
            name = TOOL_NAMES[tool] + (f" (C = {c[task]})" if tool == "sklearn" else "")
            size = run.sizes.get((task, tool))
            own = tool == "slant"
            out.append("| " + " | ".join([
                names[task] if i == 0 else "", name,
                spread(run.values("train", task, tool, 0)),
                num(run.median("train", task, tool, 1)),
                spread(run.values("train", task, tool, 2), 0),
                num(size / 1e6) if size is not None else "–",
                quality_cell(run.quality(task, tool), task),
                "–" if own else ratio(slant_wall, run.median("train", task, tool, 0)),
                "–" if own else ratio(slant_rss, run.median("train", task, tool, 2)),
            ]) + " |")
    conv = [f"{task}: {spread(run.values('convert', task, 'fasttext', 0))} s, "
            f"{spread(run.values('convert', task, 'fasttext', 2), 0)} MB"
            for task in ("fnc1", "allsides")]
    out += ["", "Writing the fastText training files (`__label__X text`, one line per row; "
                "not in the times above, run once): " + "; ".join(conv) + "."]
    return out


def scoring(run):
    st = run.stats("allsides-all")
    rows, mb = st["rows"], st["text_bytes"] / 1e6
    task = "allsides-all"
    out = ["### 2. Scoring throughput",
           "",
           f"All {rows:,} AllSides articles ({mb:,.1f} MB of title + body text, "
           f"{st['file_bytes'] / 1e6:,.1f} MB of CSV) with the AllSides model of part 1; "
           "every tool reads the CSV in batches of 2,000 rows and writes a label and the "
           "class probabilities per article to /dev/null.",
           "",
           "| tool | wall s | articles/s | text MB/s | CPU s | peak RSS MB "
           "| slant ÷ tool, wall | slant ÷ tool, RSS |",
           "|---|---:|---:|---:|---:|---:|---:|---:|"]
    slant_wall = run.median("score", task, "slant", 0)
    slant_rss = run.median("score", task, "slant", 2)
    for tool in ("slant", "slant-explain0", "sklearn", "fasttext"):
        walls = run.values("score", task, tool, 0)
        wall = run.median("score", task, tool, 0)
        own = tool.startswith("slant")
        out.append("| " + " | ".join([
            TOOL_NAMES[tool], spread(walls),
            spread([rows / w for w in walls if w], 0),
            spread([mb / w for w in walls if w]),
            num(run.median("score", task, tool, 1)),
            spread(run.values("score", task, tool, 2), 0),
            "–" if tool == "slant" else ratio(slant_wall, wall),
            "–" if tool == "slant" else ratio(slant_rss, run.median("score", task, tool, 2)),
        ]) + " |")
    out += ["", "Ratios are slant's default run (`--explain 5`) over the row's tool; "
                "below 1 means slant takes less time or memory."]
    return out


def memory(run):
    out = ["### 3. slant's memory as the input grows",
           "",
           "| input | articles | wall s | articles/s | peak RSS MB |",
           "|---|---:|---:|---:|---:|"]
    rss = {}
    for name, task in (("1× (allsides-all.csv)", "allsides-all"),
                       ("4× (the same rows 4 times over)", "allsides-all-4x")):
        rows = run.stats(task)["rows"]
        walls = run.values("score", task, "slant", 0)
        rss[task] = run.median("score", task, "slant", 2)
        out.append(f"| {name} | {rows:,} | {spread(walls)} | "
                   f"{spread([rows / w for w in walls if w], 0)} | "
                   f"{spread(run.values('score', task, 'slant', 2), 0)} |")
    if rss["allsides-all"] and rss["allsides-all-4x"]:
        r = rss["allsides-all-4x"] / rss["allsides-all"]
        if run.stats("allsides-all")["rows"] < BATCH:
            # slant holds up to one batch in memory: below that, more rows
            # rightly cost more memory.
            verdict = f"not judged (1× is less than one batch of {BATCH:,} rows)"
        elif r <= FLAT_LIMIT:
            verdict = f"flat (at most {FLAT_LIMIT:g}× allowed)"
        else:
            verdict = f"**NOT FLAT** (more than {FLAT_LIMIT:g}×)"
        out += ["", f"Peak RSS 4× ÷ 1×: **{r:.2f}** — {verdict}."]
    return out


def commands(run):
    titles = {"prepare": "preparation (untimed; B = the benchmarks folder)",
              "convert": "fastText training files (timed apart)",
              "train": "1. training (timed, every repetition)",
              "quality": "test quality (untimed, last repetition's models)",
              "score": "2. and 3. scoring (timed, every repetition)"}
    out = ["### Commands", "", "```sh"]
    for section in titles:
        lines = [cmd for sec, _label, cmd in run.commands if sec == section]
        if lines:
            out += [f"# {titles[section]}"] + list(dict.fromkeys(lines))
    out += ["```"]
    return out


def notes(run):
    m = run.meta
    return [
        "### Notes",
        "",
        f"- Threads: slant uses all {m.get('cores')} cores (rayon); scikit-learn one "
        "(OMP/OpenBLAS threads = 1, as bench-quality: more oversubscribed 2 cores and made "
        f"lbfgs 3-5× slower); fastText `thread={m.get('cores')}` for training, and its "
        "prediction is single-threaded. CPU s (user + sys) shows how much of the wall time "
        "ran in parallel.",
        "- Features: slant with bench-quality's options (FNC-1 defaults, with its target, "
        "similarity and gated blocks; AllSides `--registry-features off --no-url`, title + "
        "body + style cues). scikit-learn: bench-quality's featurizers (TfidfVectorizer "
        "word 1-2-grams, min_df 2, sublinear TF, max 200,000 terms; FNC-1 as TF-IDF(headline) "
        "⊕ TF-IDF(body) ⊕ cosine) and LogisticRegression (lbfgs, balanced, max_iter 1000) "
        f"with C fixed to what bench-quality's 5-fold CV chose (FNC-1 {m.get('c_fnc1')}, "
        f"AllSides {m.get('c_allsides')}); no search in the timed part. fastText: "
        "`train_supervised(wordNgrams=2)` with its other defaults (5 epochs, dim 100, 2M "
        "hash buckets, hence its ~800 MB model file and RSS), on whitespace-collapsed text "
        "with no lower-casing or punctuation splitting; on FNC-1 it sees headline and body "
        "as one line, with no pair features.",
        "- Every process is timed whole, start-up included: the Python interpreter and "
        "imports (about a second) count against scikit-learn and fastText, as loading the "
        "model counts for all three.",
        "- Scoring: slant names the 5 features that decided each article (`--explain 5`, the "
        "default); the others only give labels and probabilities, hence the `--explain 0` "
        "row. slant's CSV also carries the outlet and a low-confidence flag.",
        "- The logs in WORK/logs split the helpers' time into phases (scikit-learn: read, "
        "featurize, fit, pickle; fastText: train, save).",
        "- Medians over the repetitions, (min–max) when there are several; wall times from "
        "GNU time (0.01 s resolution), peak RSS from its `Maximum resident set size`.",
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--results", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    run = Run(args.results)
    m = run.meta

    out = ["## Speed against scikit-learn and fastText", "",
           "```sh", "scripts/bench-speed            # writes /tmp/slant-bench-speed/speed.md", "```", ""]
    if m.get("limit"):
        out += [f"**Smoke run: only the first {int(m['limit']):,} rows of every file "
                "(BENCH_SPEED_LIMIT). These figures say the script works, nothing about "
                "speed.**", ""]
    out += [f"Run {m.get('date')} on {m.get('cores')} cores, {m.get('reps')} repetition(s), "
            "each running slant, then scikit-learn, then fastText; load average "
            f"{m.get('load_start')} at the start, {m.get('load_end')} at the end (other jobs "
            f"inflate the times). slant: {m.get('slant')}. {m.get('versions')}. Data read in "
            f"place from {m.get('data')} (AllSides: {m.get('allsides_files', '').strip()}); "
            f"work files in {m.get('work')}. Total run time "
            f"{int(m.get('total_seconds', 0)) / 60:.1f} min.", ""]
    for part in (training, scoring, memory, commands, notes):
        out += part(run) + [""]
    text = "\n".join(out).rstrip() + "\n"
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    sys.exit(main())
