"""``soslokal evidence simulate FILE``: replay a labelled dataset through the screening model.

The file is any reference file the library imports (a CSV with ``title``, ``abstract`` and
``label_included`` columns, or RIS with ASReview's labels in ``N1``); records without a label
are left out. Each run starts from one relevant and one irrelevant record drawn with the seed,
and the command prints WSS@95, RRF@10 and the average time to discovery per run and on
average, and the time a ranking update took. Needs no database."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from soslokal.evidence import formats, ranking


def labelled_dataset(path: Path) -> tuple[list[str], list[bool]]:
    """Texts and labels of the records in ``path`` that carry a label."""
    try:
        parsed = formats.parse(path.read_bytes(), path.name)
    except OSError as error:
        raise CommandError(f"{path}: {error.strerror or error}") from error
    except formats.ReferenceFileError as error:
        raise CommandError(f"{path}: {error}") from error
    records = [r for r in parsed.records if r.label is not None]
    labels = [bool(r.label) for r in records]
    if min(sum(labels), len(labels) - sum(labels)) < 2:  # one of each starts the ranking
        raise CommandError(
            f"{path}: a simulation needs at least two records labelled relevant and two "
            f"labelled irrelevant (a label_included column of 1 and 0); found {sum(labels)} "
            f"relevant of {len(records)} labelled records."
        )
    return [f"{r.title} {r.abstract}" for r in records], labels


class Command(BaseCommand):
    help = "The evidence library's tools: simulate FILE replays a labelled dataset."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        simulate = actions.add_parser(
            "simulate", help="Replay a labelled dataset; print WSS@95, RRF@10 and ATD."
        )
        simulate.add_argument("file", type=Path)
        simulate.add_argument("--runs", type=int, default=5, help="random starts (default 5)")
        simulate.add_argument("--seed", type=int, default=42, help="seed of the starts")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["runs"] < 1:
            raise CommandError("--runs must be at least 1")
        texts, labels = labelled_dataset(options["file"])
        self.stdout.write(
            f"{len(labels)} records, {sum(labels)} relevant; {options['runs']} runs, "
            f"seed {options['seed']}"
        )
        matrix = ranking.features(texts)
        priors = ranking.priors_for(labels, runs=options["runs"], seed=options["seed"])
        runs = []
        self.stdout.write(f"{'run':>4} {'priors':>12} {'WSS@95':>8} {'RRF@10':>8} {'ATD':>8}")
        for number, start in enumerate(priors, start=1):
            run = ranking.simulate(matrix, labels, start)
            runs.append(run)
            measured = ranking.summary([run], labels)["runs"][0]
            self.stdout.write(
                f"{number:>4} {f'{start[0]},{start[1]}':>12} {measured.wss95:>8.1%} "
                f"{measured.rrf10:>8.1%} {measured.atd:>8.1f}"
            )
        total = ranking.summary(runs, labels)
        self.stdout.write(
            f"{'mean':>4} {'':>12} {total['wss95']:>8.1%} {total['rrf10']:>8.1%} "
            f"{total['atd']:>8.1f}"
        )
        self.stdout.write(
            f"ATD as a share of the records screened: {total['atd_share']:.1%}. "
            f"Ranking update: {1000 * total['update_mean']:.1f} ms on average, "
            f"{1000 * total['update_max']:.1f} ms at most."
        )
