"""Run ASReview's default model on a labelled CSV from given prior records; print the order.

Runs inside the benchmark's own environment (bench/.venv-asreview, made by bench/evidence.py),
never SOSLOKAL's: ``python bench/evidence_asreview.py FILE PRIORS_JSON`` prints one JSON object
per run with the record numbers in the order ASReview screened them and the seconds per update."""

import csv
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from asreview.learner import ActiveLearningCycle
from asreview.models.models import get_ai_config
from asreview.simulation.simulate import Simulate


def main() -> None:
    path, priors = sys.argv[1], json.loads(sys.argv[2])
    with Path(path).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    data = pd.DataFrame(
        {"title": [r["title"] or "" for r in rows], "abstract": [r["abstract"] or "" for r in rows]}
    )
    labels = np.array([int(r["label_included"]) for r in rows])
    config = get_ai_config()
    for run_priors in priors:
        cycle = ActiveLearningCycle.from_meta(config["value"])
        simulation = Simulate(data, labels, [cycle], print_progress=False)
        simulation.label(run_priors)
        start = time.perf_counter()
        simulation.review()
        elapsed = time.perf_counter() - start
        order = [int(i) for i in simulation._results["record_id"]]
        updates = max(1, len(order) - len(run_priors))
        print(
            json.dumps(
                {
                    "model": config["name"],
                    "order": order,
                    "update_seconds": elapsed / updates,
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
