"""``soslokal surveys check [FILE …]``: check questionnaire files before they are used."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from soslokal.surveys.instrument import INSTRUMENT_DIR, InstrumentFileError, load_instrument


class Command(BaseCommand):
    help = "Work with place surveys. `check` reads instrument files and reports every problem."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        check = actions.add_parser(
            "check", help="Check instrument files (default: the shipped ones)."
        )
        check.add_argument("files", nargs="*", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        files: list[Path] = options["files"] or sorted(INSTRUMENT_DIR.glob("*.yaml"))
        problems: list[str] = []
        for path in files:
            if not path.is_file():
                problems.append(f"{path}: no such file")
                continue
            try:
                instrument = load_instrument(path)
            except InstrumentFileError as error:
                problems.append(str(error))
                continue
            self.stdout.write(
                f"{path.name}: {instrument.id} {instrument.version}, {len(instrument.themes)} "
                f"themes, {instrument.scale.points}-point scale, "
                f"languages {', '.join(instrument.languages)}"
            )
        if problems:
            raise CommandError("\n".join(problems))
