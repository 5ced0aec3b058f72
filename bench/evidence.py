"""Screening priority: SOSLOKAL's model against ASReview's default, on the same data and starts.

    .venv/bin/python bench/evidence.py [FILE] [--runs 5] [--seed 42]

FILE defaults to ../shared/data/references/screening/Nagtegaal_2019.csv (CC0; 2,019 records,
101 relevant). Both models replay the dataset from the same prior records (one relevant, one
irrelevant per run, drawn with the seed) until every relevant record is found, and both orders
are measured by the same code (``soslokal.evidence.ranking.metrics``): WSS@95, RRF@10 and the
average time to discovery. ASReview runs in its own environment, ``bench/.venv-asreview``,
which this script makes on first use (``python -m venv`` and ``pip install asreview``); it is
never a dependency of SOSLOKAL. Last, one ranking update (fitting the classifier and scoring
every record, the TF-IDF matrix being cached as the app caches it) is timed on 5,000 records
made by repeating the dataset with every third word of each copy's text shuffled, with 50,
500, 2,500 and 4,000 records labelled, each marked PASS or FAIL against the target of under a
second."""

import argparse
import csv
import json
import random
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from soslokal.evidence import ranking  # noqa: E402

DEFAULT_FILE = ROOT.parent / "shared" / "data" / "references" / "screening" / "Nagtegaal_2019.csv"
ASREVIEW_ENV = ROOT / "bench" / ".venv-asreview"
ASREVIEW_SCRIPT = ROOT / "bench" / "evidence_asreview.py"


def read(path: Path) -> tuple[list[str], list[str], list[bool]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    titles = [r["title"] or "" for r in rows]
    abstracts = [r["abstract"] or "" for r in rows]
    return titles, abstracts, [r["label_included"] == "1" for r in rows]


def asreview_python() -> Path:
    python = ASREVIEW_ENV / "bin" / "python"
    if not python.exists():
        print(f"Making {ASREVIEW_ENV} and installing ASReview into it …", flush=True)
        venv.create(ASREVIEW_ENV, with_pip=True)
        subprocess.run([python, "-m", "pip", "install", "--quiet", "asreview"], check=True)  # noqa: S603
    return python


def table(name: str, runs: list[ranking.Run], labels: list[bool]) -> dict[str, float]:
    summary = ranking.summary(runs, labels)
    print(f"\n{name}")
    print(f"{'run':>4} {'priors':>12} {'WSS@95':>8} {'RRF@10':>8} {'ATD':>8} {'ATD %':>7}")
    for number, (run, measured) in enumerate(zip(runs, summary["runs"], strict=True), start=1):
        priors = ",".join(map(str, run.priors))
        print(
            f"{number:>4} {priors:>12} {measured.wss95:>8.1%} {measured.rrf10:>8.1%} "
            f"{measured.atd:>8.1f} {measured.atd_share:>7.1%}"
        )
    print(
        f"{'mean':>4} {'':>12} {summary['wss95']:>8.1%} {summary['rrf10']:>8.1%} "
        f"{summary['atd']:>8.1f} {summary['atd_share']:>7.1%}"
    )
    print(f"ranking update: {1000 * summary['update_mean']:.1f} ms on average")
    return summary


def ours(texts: list[str], labels: list[bool], priors: list[tuple[int, int]]) -> list[ranking.Run]:
    matrix = ranking.features(texts)
    return [ranking.simulate(matrix, labels, p) for p in priors]


def asreview(path: Path, labels: list[bool], priors: list[tuple[int, int]]) -> list[ranking.Run]:
    output = subprocess.run(  # noqa: S603 (our own script, in our own environment)
        [asreview_python(), ASREVIEW_SCRIPT, path, json.dumps([list(p) for p in priors])],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    runs = []
    for line, start in zip(output.splitlines(), priors, strict=True):
        found = json.loads(line)
        run = ranking.Run(tuple(start))
        run.found = [labels[i] for i in found["order"][len(start) :]]
        run.update_seconds = [found["update_seconds"]]
        runs.append(run)
    return runs


LABELLED_COUNTS = (50, 500, 2500, 4000)
TARGET_SECONDS = 1.0


def update_time(texts: list[str], labels: list[bool], size: int = 5000) -> None:
    start = time.perf_counter()
    ranking.features(texts)
    build_small = time.perf_counter() - start
    generator = random.Random(5000)  # noqa: S311
    big_texts, big_labels = [], []
    while len(big_texts) < size:
        for text, label in zip(texts, labels, strict=True):
            words = text.split()
            for i in range(0, len(words) - 3, 3):
                j = generator.randrange(len(words))
                words[i], words[j] = words[j], words[i]
            big_texts.append(" ".join(words))
            big_labels.append(label)
    big_texts, big_labels = big_texts[:size], big_labels[:size]
    start = time.perf_counter()
    matrix = ranking.features(big_texts)
    build = time.perf_counter() - start
    worst = {}
    for labelled_count in LABELLED_COUNTS:
        labelled = generator.sample(range(size), labelled_count)
        known = [big_labels[i] for i in labelled]
        timings = []
        for _ in range(3):
            start = time.perf_counter()
            ranking.rank(matrix, labelled, known)
            timings.append(time.perf_counter() - start)
        worst[labelled_count] = max(timings)
    print(f"\nOne ranking update on {size} records ({matrix.shape[1]} features):")
    print(
        f"  TF-IDF matrix, built once per set of records (at import) and cached: {build:.2f} s "
        f"({build_small:.2f} s for the {len(texts)} records of the dataset)"
    )
    for labelled_count, seconds in worst.items():
        verdict = "PASS" if seconds < TARGET_SECONDS else "FAIL"
        print(
            f"  fit + rank with {labelled_count:>4} records labelled: "
            f"{1000 * seconds:.0f} ms (worst of 3) {verdict} (target < {TARGET_SECONDS:.0f} s)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--skip-asreview", action="store_true")
    options = parser.parse_args()
    titles, abstracts, labels = read(options.file)
    texts = [f"{t} {a}" for t, a in zip(titles, abstracts, strict=True)]
    priors = ranking.priors_for(labels, runs=options.runs, seed=options.seed)
    print(f"{options.file.name}: {len(labels)} records, {sum(labels)} relevant; priors {priors}")
    mine = table(
        "SOSLOKAL (hashed TF-IDF 1–2-grams, sublinear; linear SVM, balanced; max)",
        ours(texts, labels, priors),
        labels,
    )
    if not options.skip_asreview:
        theirs = table("ASReview default (ELAS u4)", asreview(options.file, labels, priors), labels)
        print(
            f"\nWSS@95: SOSLOKAL {mine['wss95']:.1%}, ASReview {theirs['wss95']:.1%} "
            f"({'target met' if mine['wss95'] >= theirs['wss95'] else 'target NOT met'})"
        )
    update_time(texts, labels)


if __name__ == "__main__":
    main()
