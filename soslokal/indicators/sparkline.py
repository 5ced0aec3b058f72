"""A trend as a small inline SVG line (pure, no Django).

A sparkline shows the shape of a series, not its numbers: the numbers are in the page's table
beside it, and the picture carries a text alternative (``<title>`` and ``<desc>``, named by
``aria-labelledby``) that states the first, last, lowest and highest values. Presentation
attributes only (no ``style`` attribute or element), so it works under a Content-Security-Policy
without ``unsafe-inline``; every text is escaped. A missing value breaks the line; the newest
value is marked with a dot."""

from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

WIDTH = 120
HEIGHT = 32
PAD = 4
LINE = "#1e4e8c"  # 8.6:1 against white: a graphic that must reach 3:1 (WCAG 1.4.11)
BASELINE = "#767676"


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def sparkline_svg(
    values: Sequence[float | None],
    *,
    title: str,
    description: str,
    id_prefix: str,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> str:
    """The series as an SVG string, oldest first; ``""`` when fewer than two values are known
    (a line needs two points; the text says the rest)."""
    known = [v for v in values if v is not None]
    if len(known) < 2 or not id_prefix.replace("-", "").replace("_", "").isalnum():
        return ""
    low, high = min(known), max(known)
    span = high - low or 1.0
    step = (width - 2 * PAD) / max(len(values) - 1, 1)

    def point(index: int, value: float) -> tuple[float, float]:
        x = PAD + index * step
        y = height - PAD - (value - low) / span * (height - 2 * PAD)
        if high == low:
            y = height / 2
        return x, y

    segments: list[list[tuple[float, float]]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            if segments[-1]:
                segments.append([])
            continue
        segments[-1].append(point(index, value))
    lines = []
    for segment in segments:
        if len(segment) == 1:
            x, y = segment[0]
            lines.append(f'<circle cx="{_num(x)}" cy="{_num(y)}" r="1.5" fill="{LINE}"/>')
        elif segment:
            path = " ".join(f"{_num(x)},{_num(y)}" for x, y in segment)
            lines.append(
                f'<polyline points="{path}" fill="none" stroke="{LINE}" stroke-width="2" '
                'stroke-linejoin="round" stroke-linecap="round"/>'
            )
    last_index = max(i for i, v in enumerate(values) if v is not None)
    last = values[last_index]
    assert last is not None  # noqa: S101 – found above
    x, y = point(last_index, last)
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sparkline" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby={quoteattr(f"{title_id} {desc_id}")} focusable="false">'
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{desc_id}">{escape(description)}</desc>'
        f'<line x1="{PAD}" y1="{height - 1}" x2="{width - PAD}" y2="{height - 1}" '
        f'stroke="{BASELINE}" stroke-width="1"/>' + "".join(lines) + f'<circle cx="{_num(x)}" '
        f'cy="{_num(y)}" r="3" fill="{LINE}"/>'
        "</svg>"
    )
