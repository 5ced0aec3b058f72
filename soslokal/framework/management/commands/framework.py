"""``soslokal framework load|export|import``: the framework as exchangeable data."""

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from soslokal.framework.schema import FrameworkFileError
from soslokal.framework.selectors import framework_document
from soslokal.framework.services import DEFAULT_FRAMEWORK_FILE, framework_load_file


class Command(BaseCommand):
    help = (
        "Load the framework from its versioned YAML file (idempotent), export it as JSON, "
        "or import another installation's JSON export."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("load", help="Load a YAML file (default: the shipped one).")
        load.add_argument("file", nargs="?", type=Path, default=DEFAULT_FRAMEWORK_FILE)
        export = actions.add_parser("export", help="Write the framework in force as JSON.")
        export.add_argument("file", nargs="?", type=Path, help="Output file (default: stdout).")
        imported = actions.add_parser(
            "import", help="Load a JSON export from another installation."
        )
        imported.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "export":
            self._export(options["file"])
            return
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            result = framework_load_file(path=path, json_only=action == "import")
        except FrameworkFileError as error:
            raise CommandError(
                "The framework was not loaded; nothing changed.\n"
                + "\n".join(f"  {error.origin}: {problem}" for problem in error.problems)
            ) from error
        if result.changed:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded framework version {result.version.version} from {path.name}."
                )
            )
        else:
            self.stdout.write(
                f"Framework version {result.version.version} is already loaded; nothing changed."
            )

    def _export(self, path: Path | None) -> None:
        document = framework_document()
        if document is None:
            raise CommandError("No framework is loaded yet. Run: soslokal framework load")
        text = json.dumps(document.to_dict(), ensure_ascii=False, indent=2) + "\n"
        if path is None:
            sys.stdout.write(text)
        else:
            path.write_text(text, encoding="utf-8")
            self.stdout.write(self.style.SUCCESS(f"Wrote {path}."))
