"""The place compass: a server-rendered SVG radar of the 14 place themes (pure, no Django).

The Place Standard convention: one spoke per theme in the instrument's order, clockwise from the
top; the scale runs from 1 ("a lot to improve") on a small ring at the centre to 7 ("little to
improve") on the rim, so low scores sit near the middle. Each series (an area, a group, a round,
weighted or unweighted figures) is one filled polygon, told apart by colour *and* dash pattern
*and* marker shape, with an entry in the legend that is part of the picture.

A value that is missing or suppressed (``None``) is never drawn as a number: the outline breaks
there, the fill leaves that slice out, and a hollow marker of the series' shape sits just outside
the rim on that spoke, explained in the legend.

The same string works inline in a page, inside a PDF (WeasyPrint) and as a download: it is a
standalone SVG document with ``xmlns``, ``viewBox``, ``width`` and ``height``, uses presentation
attributes only (no ``style`` attribute and no ``<style>`` element, for a Content-Security-Policy
without ``unsafe-inline``), and every text is escaped. It is ``role="img"`` with a ``<title>``
and a ``<desc>`` named by ``aria-labelledby``; ``id_prefix`` keeps ids unique when two compasses
share a page. Labels are wrapped, anchored by angle and laid out so they neither overlap nor leave
the picture; the text is large enough to read when the picture is scaled to 320 px wide.
"""

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

# The picture is WIDTH units wide; its height follows from the labels and the legend.
WIDTH = 520
MARGIN = 8
LABEL_FONT = 16  # ≈ 10 px when the picture is shown 320 px wide
LEGEND_FONT = 15
TICK_FONT = 12
LINE_HEIGHT = 1.2
# em: the widest a wrapped label line may be (unless one word is wider), by where it sits:
# labels beside the compass wrap narrower, so the compass itself can be larger.
LABEL_WRAP_SIDE = 7.0
LABEL_WRAP = 8.6
LABEL_WRAP_END = 12.0
LABEL_LINES = 3
LABEL_GAP = 20  # between the rim and a label, room for the "missing" markers
INNER_FRACTION = 0.1  # the ring of 1 is a small circle, so a series of all 1s stays visible
MAX_RADIUS = 190.0
MIN_RADIUS = 60.0

MAX_SERIES = 4
SCALES = (3, 7)
LANGUAGES = ("nb", "nn", "en")


@dataclass(frozen=True)
class SeriesStyle:
    colour: str
    dasharray: str | None  # None: a solid line
    marker: str  # circle, square, triangle or diamond
    linecap: str = "butt"


# Okabe–Ito colours that reach 3:1 against white (WCAG 1.4.11), each with its own dash pattern
# and marker shape, so no series is told apart by colour alone.
STYLES = (
    SeriesStyle(colour="#0072B2", dasharray=None, marker="circle"),  # blue, solid
    SeriesStyle(colour="#D55E00", dasharray="9 5", marker="square"),  # vermillion, dashed
    SeriesStyle(colour="#009E73", dasharray="0.5 5", marker="triangle", linecap="round"),  # dots
    SeriesStyle(colour="#000000", dasharray="12 4 2 4", marker="diamond"),  # black, dash-dot
)

GRID = "#b8b8b8"
RIM = "#6f6f6f"
TEXT = "#1a1a1a"
MUTED = "#505050"


@dataclass(frozen=True)
class Series:
    """One polygon: a name for the legend and a value per theme (``None``: no figure)."""

    name: str
    values: Sequence[float | None]


@dataclass(frozen=True)
class Point:
    x: float
    y: float


@dataclass
class _Label:
    index: int
    lines: list[str]
    width: float
    height: float
    anchor: str  # start, middle or end
    x: float = 0.0  # the anchor's x
    top: float = 0.0

    @property
    def left(self) -> float:
        if self.anchor == "start":
            return self.x
        if self.anchor == "end":
            return self.x - self.width
        return self.x - self.width / 2

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height


_TEXTS = {
    "nb": {
        "scale": "Stedskompass. Skala fra {low} i midten til {high} ytterst.",
        "series": "{name}: lavest på {low} ({low_value}), høyest på {high} ({high_value}).",
        "flat": "{name}: {value} på alle tema.",
        "none": "{name}: ingen tall.",
        "missing": "Ingen tall for {themes}.",
        "and": "og",
        "missing_legend": "Hul markør utenfor ringen: ikke noe tall",
    },
    "nn": {
        "scale": "Stadkompass. Skala frå {low} i midten til {high} ytst.",
        "series": "{name}: lågast på {low} ({low_value}), høgast på {high} ({high_value}).",
        "flat": "{name}: {value} på alle tema.",
        "none": "{name}: ingen tal.",
        "missing": "Ingen tal for {themes}.",
        "and": "og",
        "missing_legend": "Hol markør utanfor ringen: ikkje noko tal",
    },
    "en": {
        "scale": "Place compass. Scale from {low} at the centre to {high} at the edge.",
        "series": "{name}: lowest on {low} ({low_value}), highest on {high} ({high_value}).",
        "flat": "{name}: {value} on every theme.",
        "none": "{name}: no figures.",
        "missing": "No figure for {themes}.",
        "and": "and",
        "missing_legend": "Hollow marker outside the ring: no figure",
    },
}

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")

# Advance widths of DejaVu Sans (what "sans-serif" means on Debian, and one of the widest
# common sans-serif faces) in em, to wrap and place labels without a font at hand.
_NARROW = dict.fromkeys("ijlI.,:;'!|", 0.29)
_WIDTHS = {
    **dict.fromkeys("ftr", 0.41),
    **dict.fromkeys(" -()/", 0.35),
    **dict.fromkeys("sz", 0.53),
    **dict.fromkeys("cvxyk", 0.59),
    **dict.fromkeys("abdeghnopquåøéü0123456789", 0.63),
    **dict.fromkeys("mwæ", 0.97),
    **dict.fromkeys("MWÆ", 1.0),
    **_NARROW,
}
_CAPITAL = 0.72
_OTHER = 0.63


def text_width(text: str, font_size: float) -> float:
    """An estimate, on the generous side, of how wide ``text`` is in a sans-serif font."""
    total = 0.0
    for char in text:
        if char in _WIDTHS:
            total += _WIDTHS[char]
        elif char.isupper():
            total += _CAPITAL
        else:
            total += _OTHER
    return total * font_size


def wrap(text: str, font_size: float, max_width: float, max_lines: int) -> list[str]:
    """Greedy word wrap into at most ``max_lines`` lines; a word never breaks, so a line holding
    one long word may be wider than ``max_width``, and the last line takes what is left."""
    words = text.split()
    if not words:
        return [""]
    lines: list[str] = []
    current = words[0]
    for word in words[1:]:
        candidate = f"{current} {word}"
        if text_width(candidate, font_size) <= max_width or len(lines) == max_lines - 1:
            current = candidate
        else:
            lines.append(current)
            current = word
    lines.append(current)
    return lines


def spoke_angle(index: int, count: int) -> float:
    """The angle of spoke ``index`` in radians, clockwise from the top."""
    return 2 * math.pi * index / count


def radius_of(value: float, *, radius: float, points: int) -> float:
    """How far from the centre a score lies: 1 on the inner ring, ``points`` on the rim."""
    inner = radius * INNER_FRACTION
    return inner + (radius - inner) * (value - 1) / (points - 1)


def position(index: int, count: int, distance: float, centre: Point) -> Point:
    angle = spoke_angle(index, count)
    return Point(centre.x + distance * math.sin(angle), centre.y - distance * math.cos(angle))


def format_value(value: float, language: str) -> str:
    text = f"{value:.1f}"
    return text.replace(".", ",") if language in ("nb", "nn") else text


def _join(items: Sequence[str], word: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def compass_summary(
    labels: Sequence[str], series: Sequence[Series], *, points: int = 7, language: str = "nb"
) -> str:
    """A plain description for ``<desc>`` and for readers without the picture: the scale, then
    per series the lowest and highest themes with their values and the themes without a figure.
    """
    texts = _TEXTS[_language(language)]
    sentences = [texts["scale"].format(low=1, high=points)]
    for one in series:
        present = [(v, labels[i]) for i, v in enumerate(one.values) if v is not None]
        missing = [labels[i] for i, v in enumerate(one.values) if v is None]
        if not present:
            sentences.append(texts["none"].format(name=one.name))
            continue
        low = min(v for v, _ in present)
        high = max(v for v, _ in present)
        if math.isclose(low, high):
            sentences.append(texts["flat"].format(name=one.name, value=format_value(low, language)))
        else:
            lows = [label for v, label in present if math.isclose(v, low)]
            highs = [label for v, label in present if math.isclose(v, high)]
            sentences.append(
                texts["series"].format(
                    name=one.name,
                    low=_join(lows, texts["and"]),
                    low_value=format_value(low, language),
                    high=_join(highs, texts["and"]),
                    high_value=format_value(high, language),
                )
            )
        if missing:
            sentences.append(texts["missing"].format(themes=_join(missing, texts["and"])))
    return " ".join(sentences)


def _language(language: str) -> str:
    if language not in _TEXTS:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, got {language!r}")
    return language


def _check(labels: Sequence[str], series: Sequence[Series], points: int, id_prefix: str) -> None:
    if points not in SCALES:
        raise ValueError(f"points must be one of {SCALES}, got {points}")
    if len(labels) < 3:
        raise ValueError("a compass needs at least 3 themes")
    if not series:
        raise ValueError("a compass needs at least one series")
    if len(series) > MAX_SERIES:
        raise ValueError(
            f"at most {MAX_SERIES} series fit one compass; "
            "show more in a table or in several compasses"
        )
    if not _ID.match(id_prefix):
        raise ValueError(f"id_prefix must be a letter then letters, digits, - or _: {id_prefix!r}")
    for one in series:
        if len(one.values) != len(labels):
            raise ValueError(
                f"series {one.name!r} has {len(one.values)} values for {len(labels)} themes"
            )
        for value in one.values:
            if value is not None and not (1 <= value <= points and math.isfinite(value)):
                raise ValueError(f"series {one.name!r}: {value} is outside 1–{points}")


def _anchor(angle: float) -> str:
    sine = math.sin(angle)
    if abs(sine) < 0.2:
        return "middle"
    return "start" if sine > 0 else "end"


def _fit_radius(labels: list[_Label], count: int) -> float:
    """The largest radius at which every label stays inside the picture's sides."""
    centre = WIDTH / 2
    room = centre - MARGIN
    best = MAX_RADIUS
    for label in labels:
        reach = abs(math.sin(spoke_angle(label.index, count)))
        extra = label.width / 2 if label.anchor == "middle" else label.width
        if reach < 1e-9:
            continue  # straight up or down: only its width matters, and that fits
        best = min(best, (room - extra) / reach - LABEL_GAP)
    return max(best, MIN_RADIUS)


def _overlap(a: _Label, b: _Label) -> bool:
    return a.left < b.right + 10 and b.left < a.right + 10 and a.top < b.bottom and b.top < a.bottom


def _place_labels(labels: list[_Label], count: int, radius: float) -> None:
    """Put each label outside its spoke's end, then push labels apart vertically, away from
    the horizontal, where a neighbour's box would overlap."""
    distance = radius + LABEL_GAP
    for label in labels:
        angle = spoke_angle(label.index, count)
        label.x = distance * math.sin(angle)
        y = -distance * math.cos(angle)
        # The box moves outward by half its height as the spoke turns upward or downward,
        # so a label above the compass sits on its spoke's end and one below hangs from it.
        label.top = y - label.height / 2 - math.cos(angle) * label.height / 2
    eps = 1e-9
    right = [lb for lb in labels if math.sin(spoke_angle(lb.index, count)) > eps]
    left = [lb for lb in labels if math.sin(spoke_angle(lb.index, count)) < -eps]
    left.sort(key=lambda lb: -spoke_angle(lb.index, count))  # top to bottom
    ends = [lb for lb in labels if lb not in right and lb not in left]
    gap = 5.0
    for side in (right, left):
        if not side:
            continue
        pivot = min(
            range(len(side)), key=lambda i: abs(math.cos(spoke_angle(side[i].index, count)))
        )
        for i in range(pivot - 1, -1, -1):
            if _overlap(side[i], side[i + 1]):
                side[i].top = side[i + 1].top - side[i].height - gap
        for i in range(pivot + 1, len(side)):
            if _overlap(side[i], side[i - 1]):
                side[i].top = side[i - 1].bottom + gap
    for end in ends:
        above = math.cos(spoke_angle(end.index, count)) > 0
        for side in (right, left):
            if not side:
                continue
            neighbour = side[0] if above else side[-1]
            if _overlap(end, neighbour):
                if above:
                    end.top = min(end.top, neighbour.top - end.height - gap)
                else:
                    end.top = max(end.top, neighbour.bottom + gap)


def _num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _marker(
    shape: str, at: Point, size: float, fill: str, stroke: str, width: float, attrs: str = ""
) -> str:
    common = f'fill="{fill}" stroke="{stroke}" stroke-width="{_num(width)}"{attrs}'
    x, y = at.x, at.y
    if shape == "circle":
        return f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{_num(size)}" {common}/>'
    if shape == "square":
        s = size * 0.9
        return (
            f'<rect x="{_num(x - s)}" y="{_num(y - s)}" width="{_num(2 * s)}" '
            f'height="{_num(2 * s)}" {common}/>'
        )
    if shape == "triangle":
        s = size * 1.25
        corners = [(x, y - s), (x + s * 0.93, y + s * 0.6), (x - s * 0.93, y + s * 0.6)]
    else:  # diamond
        s = size * 1.25
        corners = [(x, y - s), (x + s, y), (x, y + s), (x - s, y)]
    pts = " ".join(f"{_num(cx)},{_num(cy)}" for cx, cy in corners)
    return f'<polygon points="{pts}" {common}/>'


def _text(
    lines: Sequence[str],
    *,
    x: float,
    top: float,
    font_size: float,
    anchor: str = "start",
    fill: str = TEXT,
    attrs: str = "",
) -> str:
    """A ``<text>`` with one ``<tspan>`` per line; ``top`` is the top of the first line."""
    step = font_size * LINE_HEIGHT
    first = top + font_size * 0.93
    spans = []
    for i, line in enumerate(lines):
        dy = "" if i == 0 else f' dy="{_num(step)}"'
        spans.append(f'<tspan x="{_num(x)}"{dy}>{escape(line)}</tspan>')
    anchor_attr = "" if anchor == "start" else f' text-anchor="{anchor}"'
    return (
        f'<text{attrs} x="{_num(x)}" y="{_num(first)}" font-size="{_num(font_size)}"'
        f'{anchor_attr} fill="{fill}">{"".join(spans)}</text>'
    )


def _series_paths(values: Sequence[float | None], points_of: list[Point | None]) -> list[str]:
    """The outline as runs of neighbouring values: closed when nothing is missing."""
    count = len(values)
    present = [p is not None for p in points_of]
    if all(present):
        coords = " L ".join(f"{_num(p.x)} {_num(p.y)}" for p in points_of if p)
        return [f"M {coords} Z"]
    if not any(present):
        return []
    start = next(i for i in range(count) if not present[i])  # runs begin after a gap
    runs: list[list[Point]] = []
    current: list[Point] = []
    for step in range(1, count + 1):
        point = points_of[(start + step) % count]
        if point is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(point)
    if current:
        runs.append(current)
    return [
        "M " + " L ".join(f"{_num(p.x)} {_num(p.y)}" for p in run) for run in runs if len(run) > 1
    ]


def _fill_paths(centre: Point, points_of: list[Point | None]) -> str:
    """The filled area: the polygon when nothing is missing, else the wedges between
    neighbouring values, so a missing theme leaves its slice empty instead of pulling the area
    to the centre as if it scored 1."""
    count = len(points_of)
    if all(p is not None for p in points_of):
        return "M " + " L ".join(f"{_num(p.x)} {_num(p.y)}" for p in points_of if p) + " Z"
    parts = []
    for i in range(count):
        a, b = points_of[i], points_of[(i + 1) % count]
        if a is not None and b is not None:
            parts.append(
                f"M {_num(centre.x)} {_num(centre.y)} L {_num(a.x)} {_num(a.y)} "
                f"L {_num(b.x)} {_num(b.y)} Z"
            )
    return " ".join(parts)


def compass_svg(
    *,
    labels: Sequence[str],
    series: Sequence[Series],
    title: str,
    description: str | None = None,
    id_prefix: str = "compass",
    points: int = 7,
    language: str = "nb",
    missing_label: str | None = None,
    scale_note: str | None = None,
) -> str:
    """The compass as a standalone SVG document.

    ``labels`` are the themes' short names in the instrument's order, already translated;
    ``series`` at most four, each with one value per label (``None`` where there is no figure).
    ``title`` is the accessible name; ``description`` the ``<desc>`` text, by default
    :func:`compass_summary` in ``language``. ``points`` is 7, or 3 for the children's version.
    ``missing_label`` explains the hollow markers in the legend (shown only when a value is
    missing; by default a short built-in text in ``language``), and ``scale_note`` is an
    optional last legend line such as "1 = mye å forbedre, 7 = lite å forbedre".
    """
    _check(labels, series, points, id_prefix)
    texts = _TEXTS[_language(language)]
    count = len(labels)
    if description is None:
        description = compass_summary(labels, series, points=points, language=language)
    if missing_label is None:
        missing_label = texts["missing_legend"]

    boxes = []
    for index, label in enumerate(labels):
        angle = spoke_angle(index, count)
        anchor = _anchor(angle)
        if anchor == "middle":
            room = LABEL_WRAP_END
        elif abs(math.sin(angle)) > 0.9:
            room = LABEL_WRAP_SIDE
        else:
            room = LABEL_WRAP
        lines = wrap(label, LABEL_FONT, room * LABEL_FONT, LABEL_LINES)
        boxes.append(
            _Label(
                index=index,
                lines=lines,
                width=max(text_width(line, LABEL_FONT) for line in lines),
                height=len(lines) * LABEL_FONT * LINE_HEIGHT,
                anchor=anchor,
            )
        )
    radius = _fit_radius(boxes, count)
    _place_labels(boxes, count, radius)
    # Labels were placed around (0, 0); the centre moves down so the highest label fits.
    top_extent = min(min(b.top for b in boxes), -radius)
    bottom_extent = max(max(b.bottom for b in boxes), radius + LABEL_GAP)
    centre = Point(WIDTH / 2, MARGIN - top_extent)
    chart_bottom = centre.y + bottom_extent

    title_id = f"{id_prefix}-title"
    desc_id = f"{id_prefix}-desc"
    body: list[str] = []

    # Rings and spokes.
    body.append(f'<g class="grid" fill="none" stroke="{GRID}" stroke-width="1">')
    for value in range(1, points + 1):
        r = radius_of(value, radius=radius, points=points)
        colour = f' stroke="{RIM}" stroke-width="1.5"' if value == points else ""
        body.append(
            f'<circle class="ring" data-value="{value}" cx="{_num(centre.x)}"'
            f' cy="{_num(centre.y)}" r="{_num(r)}"{colour}/>'
        )
    inner = radius_of(1, radius=radius, points=points)
    for index in range(count):
        a = position(index, count, inner, centre)
        b = position(index, count, radius, centre)
        body.append(
            f'<line x1="{_num(a.x)}" y1="{_num(a.y)}" x2="{_num(b.x)}" y2="{_num(b.y)}"'
            f' class="spoke" data-theme="{index + 1}"/>'
        )
    body.append("</g>")

    # Series: fills first, so no outline disappears under another series' fill.
    located: list[list[Point | None]] = []
    for one in series:
        located.append(
            [
                None
                if value is None
                else position(i, count, radius_of(value, radius=radius, points=points), centre)
                for i, value in enumerate(one.values)
            ]
        )
    for number, pts in enumerate(located):
        style = STYLES[number]
        fill = _fill_paths(centre, pts)
        if fill:
            body.append(
                f'<path d="{fill}" fill="{style.colour}" fill-opacity="0.1" stroke="none"/>'
            )
    for number, (one, pts) in enumerate(zip(series, located, strict=True)):
        style = STYLES[number]
        dash = f' stroke-dasharray="{style.dasharray}"' if style.dasharray else ""
        body.append(f'<g class="series" data-series="{number + 1}">')
        for d in _series_paths(one.values, pts):
            body.append(
                f'<path d="{d}" fill="none" stroke="{style.colour}" stroke-width="2.5"'
                f' stroke-linejoin="round" stroke-linecap="{style.linecap}"{dash}/>'
            )
        for index, point in enumerate(pts):
            if point is not None:
                attrs = f' class="point" data-theme="{index + 1}"'
                body.append(_marker(style.marker, point, 4.5, style.colour, "#ffffff", 1, attrs))
        body.append("</g>")

    # Missing values: a hollow marker of the series' shape just outside the rim on that spoke,
    # side by side across the spoke when several series miss the same theme.
    with_gaps: list[int] = []
    for index in range(count):
        missing = [n for n, one in enumerate(series) if one.values[index] is None]
        angle = spoke_angle(index, count)
        across = Point(math.cos(angle), math.sin(angle))
        for k, number in enumerate(missing):
            if number not in with_gaps:
                with_gaps.append(number)
            shift = (k - (len(missing) - 1) / 2) * 11
            base = position(index, count, radius + 11, centre)
            at = Point(base.x + across.x * shift, base.y + across.y * shift)
            style = STYLES[number]
            attrs = f' class="missing" data-series="{number + 1}" data-theme="{index + 1}"'
            body.append(_marker(style.marker, at, 3.6, "#ffffff", style.colour, 1.6, attrs))

    # Scale numbers on each ring, between the first two spokes, on a light backing.
    between = math.pi / count
    body.append(f'<g font-size="{TICK_FONT}" fill="{MUTED}" text-anchor="middle">')
    for value in range(1, points + 1):
        r = radius_of(value, radius=radius, points=points)
        at = Point(centre.x + r * math.sin(between), centre.y - r * math.cos(between))
        half_w, half_h = TICK_FONT * 0.4, TICK_FONT * 0.55
        body.append(
            f'<rect x="{_num(at.x - half_w)}" y="{_num(at.y - half_h)}" width="{_num(2 * half_w)}"'
            f' height="{_num(2 * half_h)}" rx="2" fill="#ffffff" fill-opacity="0.85"/>'
        )
        body.append(
            f'<text x="{_num(at.x)}" y="{_num(at.y + TICK_FONT * 0.36)}" class="tick">'
            f"{value}</text>"
        )
    body.append("</g>")

    # Theme labels.
    for box in boxes:
        body.append(
            _text(
                box.lines,
                x=centre.x + box.x,
                top=centre.y + box.top,
                font_size=LABEL_FONT,
                anchor=box.anchor,
                attrs=f' class="label" data-theme="{box.index + 1}"',
            )
        )

    # The legend: one row per series, then the hollow marker, then the scale note.
    y = chart_bottom + 14
    text_x = MARGIN + 52
    text_room = WIDTH - MARGIN - text_x
    step = LEGEND_FONT * LINE_HEIGHT
    body.append('<g class="legend">')
    for number, one in enumerate(series):
        style = STYLES[number]
        lines = wrap(one.name, LEGEND_FONT, text_room, 2)
        middle = y + step / 2
        dash = f' stroke-dasharray="{style.dasharray}"' if style.dasharray else ""
        body.append(f'<g class="legend-entry" data-series="{number + 1}">')
        body.append(
            f'<line x1="{_num(MARGIN)}" y1="{_num(middle)}" x2="{_num(MARGIN + 40)}"'
            f' y2="{_num(middle)}" stroke="{style.colour}" stroke-width="2.5"'
            f' stroke-linecap="{style.linecap}"{dash}/>'
        )
        body.append(_marker(style.marker, Point(MARGIN + 20, middle), 4.5, style.colour, "#fff", 1))
        body.append(_text(lines, x=text_x, top=y + 1, font_size=LEGEND_FONT))
        body.append("</g>")
        y += len(lines) * step + 6
    if with_gaps:
        lines = wrap(missing_label, LEGEND_FONT, text_room, 3)
        middle = y + step / 2
        body.append('<g class="legend-missing">')
        for k, number in enumerate(sorted(with_gaps)):
            style = STYLES[number]
            at = Point(MARGIN + 5 + k * 11, middle)
            body.append(_marker(style.marker, at, 3.6, "#ffffff", style.colour, 1.6))
        body.append(_text(lines, x=text_x, top=y + 1, font_size=LEGEND_FONT))
        body.append("</g>")
        y += len(lines) * step + 6
    if scale_note:
        lines = wrap(scale_note, LEGEND_FONT, WIDTH - 2 * MARGIN, 3)
        body.append(_text(lines, x=MARGIN, top=y + 1, font_size=LEGEND_FONT, fill=MUTED))
        y += len(lines) * step + 6
    body.append("</g>")

    height = math.ceil(y + MARGIN)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}"'
        f' width="{WIDTH}" height="{height}" role="img"'
        f' aria-labelledby="{title_id} {desc_id}" font-family="sans-serif"'
        f' id="{id_prefix}">'
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{desc_id}">{escape(description)}</desc>'
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>'
    )
    return head + "".join(body) + "</svg>"


def compass_png(svg: str, width: int) -> bytes:
    """The compass as a PNG ``width`` pixels wide (its height follows), for download.

    CairoSVG draws with the system's Cairo; it refuses external files and entities by default,
    and the SVG here references none."""
    # Imported here, so drawing the SVG never needs the Cairo library, only a PNG does.
    import cairosvg

    if width < 1:
        raise ValueError("width must be positive")
    png = cairosvg.svg2png(bytestring=svg.encode("utf-8"), output_width=width)
    if not isinstance(png, bytes):
        raise TypeError("cairosvg returned no PNG")
    return png
