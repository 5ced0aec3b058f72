"""``soslokal briefs render --area CODE --lang nn --pdf FILE`` builds a brief from the command
line, with today's figures and the texts the platform writes, as PDF and/or HTML. It stores
nothing, so it can run in a loop over many areas (every district before a budget debate)."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from soslokal.briefs.assembly import Scope, brief_assemble
from soslokal.briefs.models import LANGUAGES
from soslokal.briefs.views import PRINT_CSS, brief_html, brief_pdf
from soslokal.briefs.writing import texts_generate
from soslokal.core.models import Area
from soslokal.framework.models import Dimension


def area_find(code: str) -> Area:
    """An area by its official code (``4003``), or by municipality number and name for an area
    without one (``4003:Gulset``)."""
    number, _sep, name = code.partition(":")
    if name:
        found = Area.objects.filter(municipality__number=number, name__iexact=name.strip())
    else:
        found = Area.objects.filter(code=code)
    area = found.select_related("municipality", "parent").first()
    if area is None:
        raise CommandError(
            f"There is no area {code!r}. Give an official code (such as 4003) or "
            "municipality number and name (such as 4003:Gulset)."
        )
    return area


class Command(BaseCommand):
    help = "Build briefs from the command line. `render` writes one brief as PDF and/or HTML."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        render = actions.add_parser("render", help="Write one brief for one or more areas.")
        render.add_argument(
            "--area",
            action="append",
            required=True,
            help="Official code, or NUMBER:NAME; give it again for more areas of the same "
            "municipality.",
        )
        render.add_argument("--lang", choices=[code for code, _name in LANGUAGES], default="nb")
        render.add_argument(
            "--dimension", action="append", default=[], help="A dimension id (default: all)."
        )
        render.add_argument("--from-year", type=int, default=timezone.localdate().year - 5)
        render.add_argument("--to-year", type=int, default=timezone.localdate().year)
        render.add_argument("--title", default="")
        render.add_argument("--pdf", type=Path, help="Write the PDF here.")
        render.add_argument("--html", type=Path, help="Write a standalone HTML page here.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["pdf"] and not options["html"]:
            raise CommandError("Give --pdf FILE, --html FILE or both.")
        areas = [area_find(code) for code in options["area"]]
        municipalities = {area.municipality_id for area in areas}
        if len(municipalities) > 1:
            raise CommandError("A brief covers areas of one municipality only.")
        known = set(Dimension.objects.values_list("slug", flat=True))
        unknown = [d for d in options["dimension"] if d not in known]
        if unknown:
            raise CommandError(
                f"Unknown dimension {', '.join(unknown)}; known: {', '.join(sorted(known))}."
            )
        if not options["from_year"] <= options["to_year"]:
            raise CommandError("--from-year must not come after --to-year.")
        scope = Scope(
            municipality=areas[0].municipality,
            areas=areas,
            dimensions=options["dimension"],
            year_from=options["from_year"],
            year_to=options["to_year"],
            language=options["lang"],
        )
        content = brief_assemble(scope)
        content["title"] = options["title"] or content["default_title"]
        content["texts"] = texts_generate(content)
        if options["pdf"]:
            options["pdf"].write_bytes(brief_pdf(content, state="draft"))
            self.stdout.write(f"{options['pdf']}: {content['title']}")
        if options["html"]:
            with translation.override(content["language"]):
                page = render_to_string(
                    "briefs/standalone.html",
                    {
                        "content": content,
                        "body": brief_html(content, state="draft"),
                        "print_css": mark_safe(PRINT_CSS.read_text(encoding="utf-8")),  # noqa: S308
                    },
                )
            options["html"].write_text(page, encoding="utf-8")
            self.stdout.write(f"{options['html']}: {content['title']}")
