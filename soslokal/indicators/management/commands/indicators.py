"""``soslokal indicators catalogue|import|fetch``: the indicator knowledge base.

The commands only parse arguments and print; the work is in ``soslokal.indicators.importing``
and ``services``, so the same runs can be started from elsewhere."""

import getpass
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from soslokal.indicators.catalogue import CatalogueError
from soslokal.indicators.importing import (
    DEFAULT_PERIODS,
    fetch,
    fetch_region_changes,
    import_path,
)
from soslokal.indicators.models import ImportRun
from soslokal.indicators.services import DEFAULT_CATALOGUE_FILE, catalogue_load_file


class Command(BaseCommand):
    help = (
        "The indicator knowledge base: load the catalogue, import files (JSON-stat2, the CSV or "
        "XLSX template, the Telemark snapshot) and fetch from the SSB and FHI APIs."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        catalogue = actions.add_parser("catalogue", help="Check and load the indicator catalogue.")
        catalogue.add_argument("file", nargs="?", type=Path, default=DEFAULT_CATALOGUE_FILE)
        imported = actions.add_parser(
            "import", help="Import a file, or every Telemark snapshot file in a folder."
        )
        imported.add_argument("file", type=Path)
        imported.add_argument("--indicator", help="The catalogue id the file's figures are for.")
        fetched = actions.add_parser("fetch", help="Fetch figures from the SSB and FHI APIs.")
        fetched.add_argument("--indicator", action="append", default=[], dest="indicators")
        fetched.add_argument("--periods", type=int, default=DEFAULT_PERIODS)
        fetched.add_argument(
            "--regions", action="store_true", help="Fetch code changes from KLASS first."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        who = f"{getpass.getuser()} (command line)"
        action = options["action"]
        if action == "catalogue":
            self._catalogue(options["file"])
            return
        runs: list[ImportRun] = []
        if action == "import":
            runs = import_path(path=options["file"], indicator=options["indicator"], who=who)
        else:
            if options["regions"]:
                runs.append(fetch_region_changes(who=who))
            runs += fetch(indicators=options["indicators"], periods=options["periods"], who=who)
        self._report(runs)

    def _catalogue(self, path: Path) -> None:
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            result = catalogue_load_file(path=path)
        except CatalogueError as error:
            raise CommandError(
                "The catalogue was not loaded; nothing changed.\n"
                + "\n".join(f"  {error.origin}, {problem}" for problem in error.problems)
            ) from error
        if result.changed:
            self.stdout.write(self.style.SUCCESS(f"Loaded catalogue {result.version.version}."))
        else:
            self.stdout.write(f"Catalogue {result.version.version} is already loaded.")

    def _report(self, runs: list[ImportRun]) -> None:
        failed = [run for run in runs if run.status == ImportRun.Status.FAILED]
        for run in runs:
            if run.status == ImportRun.Status.SUCCEEDED:
                flagged = f", {run.rows_flagged} flagged" if run.rows_flagged else ""
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{run.what}: stored {run.rows_stored} rows{flagged} (import run {run.pk})"
                    )
                )
                for note in run.notes:
                    self.stdout.write(f"  {note}")
            else:
                self.stderr.write(f"{run.what}: nothing stored (import run {run.pk})")
                for error in run.errors[:50]:
                    self.stderr.write(f"  {error}")
                if len(run.errors) > 50:
                    self.stderr.write(f"  … and {len(run.errors) - 50} more")
        if failed:
            raise CommandError(f"{len(failed)} of {len(runs)} imports failed; see above.")
