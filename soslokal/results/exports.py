"""Files of results: aggregated tables (small groups suppressed, as on every page) and, for
analysts, one anonymised row per response. CSV and XLSX carry the same tables."""

import csv
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass

import xlsxwriter
from django.utils.translation import gettext as _

from soslokal.core.models import Area
from soslokal.framework.models import localized
from soslokal.results.figures import Figures, breakdowns, campaign_figures
from soslokal.results.masking import mask_personal_data
from soslokal.results.services import result_cells
from soslokal.surveys import background
from soslokal.surveys import selectors as surveys
from soslokal.surveys.instrument import THEME_NUMBERS
from soslokal.surveys.models import Answer, Campaign, Response

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Cell = str | int | float | None


@dataclass
class Table:
    name: str
    headers: list[str]
    rows: Iterator[list[Cell]] | list[list[Cell]]


def _round(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


def _figure_rows(
    version: str, breakdown: str, group: Figures, themes: list[tuple[int, str]], suppressed: str
) -> Iterator[list[Cell]]:
    for number, name in themes:
        stats = group.themes.get(number)
        if stats is None:
            yield [version, breakdown, group.label, number, name, *[None] * 8, suppressed]
            continue
        yield [
            version,
            breakdown,
            group.label,
            number,
            name,
            round(stats.n, 1) if stats.weighted else int(stats.n),
            _round(stats.mean),
            _round(stats.ci_low),
            _round(stats.ci_high),
            _round(stats.median, 1),
            _round(stats.share_poor),
            _round(stats.share_good),
            round(stats.dont_know, 1) if stats.weighted else int(stats.dont_know),
            None,
        ]


def aggregated_tables(campaign: Campaign) -> list[Table]:
    """Per version of the questionnaire: everyone, weighted, group sessions, and every
    breakdown the campaign offers, one row per group and theme. Suppressed cells are empty."""
    headers = [
        _("Version"),
        _("Split by"),
        _("Group"),
        _("Theme number"),
        _("Theme"),
        _("Answers"),
        _("Mean"),
        _("95 % CI, low"),
        _("95 % CI, high"),
        _("Median"),
        _("Share 1–3"),
        _("Share 5–7"),
        _("Don't know"),
        _("Note"),
    ]
    rows: list[list[Cell]] = []
    minimum = 0
    cells = result_cells(campaign)  # counted once for every version and breakdown
    for version in campaign.instruments:
        everyone = campaign_figures(campaign, instrument=version, cells=cells)
        minimum = everyone.minimum
        suppressed = _("Not shown: fewer than %(n)s answers") % {"n": minimum}
        series = [everyone.overall]
        if everyone.weighting.figures:
            series.append(everyone.weighting.figures)
        if everyone.group_sessions:
            series.append(everyone.group_sessions)
        for group in series:
            rows.extend(_figure_rows(version, "", group, everyone.themes, suppressed))
        for key, label in breakdowns(campaign):
            if not key:
                continue
            split = campaign_figures(campaign, instrument=version, breakdown=key, cells=cells)
            for group in split.groups:
                rows.extend(_figure_rows(version, label, group, split.themes, suppressed))
    note = _("Empty cells rest on fewer than %(n)s answers and are not shown.") % {"n": minimum}
    return [Table(_("Results"), headers, rows), Table(_("About"), [_("Note")], [[note]])]


def _anonymous_id(token: str) -> str:
    """A row id that cannot be matched back to the order responses arrived in."""
    return hashlib.sha256(token.encode()).hexdigest()[:12]


RECORDS_AT_ONCE = 2000  # responses whose answers are read in one query


def record_table(campaign: Campaign) -> Table:
    """One row per response, ordered by an id that hides the order of arrival; the time is
    the date only; free text only once approved, and masked."""
    asked = [q.key for q in background.QUESTIONS if q.key in campaign.background]
    names = surveys.theme_names()
    theme_names = [localized(names.get(n, {})) or str(n) for n in THEME_NUMBERS]
    headers = [
        _("Row"),
        _("Area"),
        _("Channel"),
        _("Version"),
        _("Edition"),
        _("Language"),
        _("Date"),
        _("Group answer: participants"),
        *[str(background.BY_KEY[key].label) for key in asked],
        *theme_names,
        _("Approved comments"),
    ]
    dont_know = _("Don't know")

    areas = dict(
        Area.objects.filter(municipality_id=campaign.municipality_id).values_list("pk", "name")
    )
    channels = {channel.pk: channel.get_kind_display() for channel in campaign.channels.all()}

    def area_name(pk: int) -> str:
        if pk not in areas:  # an area of another municipality: looked up once
            areas[pk] = Area.objects.values_list("name", flat=True).get(pk=pk)
        return areas[pk]

    column = {number: index for index, number in enumerate(THEME_NUMBERS)}

    def rows() -> Iterator[list[Cell]]:
        # The order first, then a few thousand responses at a time with their answers: far
        # faster than one cursor over the whole campaign, in bounded memory. (Ranges of
        # tokens would save the long IN lists, but read every campaign's responses in range.)
        order = list(
            Response.objects.filter(campaign=campaign, flagged=False)
            .order_by("token")
            .values_list("pk", flat=True)
        )
        for start in range(0, len(order), RECORDS_AT_ONCE):
            ids = order[start : start + RECORDS_AT_ONCE]
            found = {
                row[0]: row
                for row in Response.objects.filter(pk__in=ids)
                .values_list(
                    "pk",
                    "token",
                    "area_id",
                    "channel_id",
                    "instrument",
                    "instrument_version",
                    "language",
                    "submitted_hour",
                    "participants",
                    "background",
                )
                .order_by()
            }
            scores: dict[int, list[Cell]] = {pk: [None] * len(THEME_NUMBERS) for pk in ids}
            texts: dict[int, list[tuple[int, str, str]]] = {}
            answers = (
                Answer.objects.filter(response_id__in=ids)
                .values_list(
                    "response_id", "theme", "score", "dont_know", "moderation", "good_now", "better"
                )
                .order_by()  # the default order joins responses and campaigns
            )
            for response_id, theme, score, is_dont_know, status, good_now, better in answers:
                if theme in column:
                    scores[response_id][column[theme]] = dont_know if is_dont_know else score
                if status == Answer.Moderation.APPROVED and (good_now or better):
                    texts.setdefault(response_id, []).append((theme, good_now, better))
            for pk in ids:
                row = found.get(pk)
                if row is None:  # gone since the order was read
                    continue
                _pk, token, area, channel, version, edition, language, hour, people, given = row
                said = [
                    mask_personal_data(text, language=language).text
                    for _theme, *pair in sorted(texts.get(pk, []))
                    for text in pair
                    if text
                ]
                yield [
                    _anonymous_id(token),
                    area_name(area) if area else None,
                    channels[channel],
                    version,
                    edition,
                    language,
                    hour.date().isoformat(),
                    people,
                    *[given.get(key) for key in asked],
                    *scores[pk],
                    " | ".join(said) or None,
                ]

    return Table(_("Responses"), headers, rows())


def to_csv(tables: list[Table]) -> str:
    """The first table as CSV (a CSV file holds one table)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(tables[0].headers)
    writer.writerows(tables[0].rows)
    return out.getvalue()


def to_xlsx(tables: list[Table]) -> bytes:
    """Every table on a sheet of its own, written row by row in constant memory."""
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": False})
    bold = workbook.add_format({"bold": True})
    for table in tables:
        sheet = workbook.add_worksheet(table.name[:31])
        sheet.write_row(0, 0, table.headers, bold)
        for index, row in enumerate(table.rows, start=1):
            sheet.write_row(index, 0, row)
        sheet.freeze_panes(1, 0)
    workbook.close()
    return out.getvalue()
