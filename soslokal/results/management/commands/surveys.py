"""``soslokal surveys check [FILE …]`` checks questionnaire files before they are used;
``soslokal surveys export CAMPAIGN`` writes a campaign's results to a file, the same files the
results page offers. (The command lives in the results app because exporting needs it; the
results app sits above surveys.)"""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from soslokal.results import exports
from soslokal.surveys.instrument import INSTRUMENT_DIR, InstrumentFileError, load_instrument
from soslokal.surveys.models import Campaign


class Command(BaseCommand):
    help = (
        "Work with place surveys. `check` reads instrument files and reports every problem; "
        "`export` writes a campaign's results (small groups suppressed) or, with --records, "
        "one anonymised row per response."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        check = actions.add_parser(
            "check", help="Check instrument files (default: the shipped ones)."
        )
        check.add_argument("files", nargs="*", type=Path)
        export = actions.add_parser("export", help="Write a campaign's results to a file.")
        export.add_argument("campaign", type=int, help="The campaign's number (its id).")
        export.add_argument("--out", type=Path, required=True, help="File to write.")
        export.add_argument("--format", choices=("csv", "xlsx"), default="")
        export.add_argument(
            "--records", action="store_true", help="One anonymised row per response."
        )
        export.add_argument("--lang", choices=("nb", "nn", "en"), default="nb")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export":
            self.export(**options)
            return
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

    def export(self, **options: Any) -> None:
        campaign = Campaign.objects.filter(pk=options["campaign"]).first()
        if campaign is None:
            raise CommandError(f"There is no campaign {options['campaign']}.")
        out: Path = options["out"]
        kind = options["format"] or out.suffix.lstrip(".").lower()
        if kind not in ("csv", "xlsx"):
            raise CommandError("Give --format csv or xlsx, or a file name ending in one of them.")
        with translation.override(options["lang"]):
            tables = (
                [exports.record_table(campaign)]
                if options["records"]
                else exports.aggregated_tables(campaign)
            )
            if kind == "xlsx":
                out.write_bytes(exports.to_xlsx(tables))
            else:
                out.write_text(exports.to_csv(tables), encoding="utf-8-sig")
        self.stdout.write(f"Wrote {out} ({out.stat().st_size:,} bytes).")
