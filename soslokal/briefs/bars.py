"""A figure beside the areas it is compared with, as horizontal bars in an SVG (pure, no Django).

One bar per area, the brief's own area first and drawn darker; each bar carries its value as
text, so the picture does not rest on length or colour alone, and the ``<title>``/``<desc>``
pair (named by ``aria-labelledby``) says the same in words. Presentation attributes only, no
``style``, so it passes a Content-Security-Policy without ``unsafe-inline``; every text is
escaped."""

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

WIDTH = 300
ROW = 18
LABEL_WIDTH = 96
VALUE_ROOM = 56
OWN = "#1e4e8c"  # 8.6:1 on white
OTHER = "#6b7785"  # 4.6:1 on white
TEXT = "#1a1a1a"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str  # the value as the reader sees it, with its unit


def bars_svg(bars: Sequence[Bar], *, title: str, description: str, id_prefix: str) -> str:
    """The bars as an SVG string; ``""`` when there is nothing to compare (fewer than two bars
    or a negative value, which a bar from zero cannot show honestly)."""
    if len(bars) < 2 or any(bar.value < 0 for bar in bars):
        return ""
    if not id_prefix.replace("-", "").replace("_", "").isalnum():
        return ""
    top = max(bar.value for bar in bars) or 1.0
    room = WIDTH - LABEL_WIDTH - VALUE_ROOM
    height = ROW * len(bars) + 4
    rows = []
    for index, bar in enumerate(bars):
        y = 2 + index * ROW
        length = max(bar.value / top * room, 1.0)
        colour = OWN if index == 0 else OTHER
        rows.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 12}" text-anchor="end" font-size="11" '
            f'fill="{TEXT}">{escape(_clip(bar.label))}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{length:.1f}" height="{ROW - 6}" '
            f'fill="{colour}"/>'
            f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{y + 12}" font-size="11" '
            f'fill="{TEXT}">{escape(bar.shown)}</text>'
        )
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bars" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby={quoteattr(f"{title_id} {desc_id}")} focusable="false">'
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{desc_id}">{escape(description)}</desc>' + "".join(rows) + "</svg>"
    )


def _clip(label: str, room: int = 16) -> str:
    return label if len(label) <= room else label[: room - 1] + "…"
