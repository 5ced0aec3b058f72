"""The compass as a person on a phone sees it: Chromium shows the SVG 320 px wide."""

import pytest

from soslokal.results.compass import Series, compass_svg
from tests.results.test_compass import THEMES

from .pages import axe_violations

NB = THEMES  # the theme names in bokmål
EN = [
    "Moving around",
    "Public transport",
    "Traffic and parking",
    "Streets and spaces",
    "Natural space",
    "Play and recreation",
    "Facilities and services",
    "Work and local economy",
    "Housing and community",
    "Social contact",
    "Identity and belonging",
    "Feeling safe",
    "Care and maintenance",
    "Influence and sense of control",
]
SERIES = [  # areas, weighted, extremes and gaps
    Series(
        "Kvernevik 2024", [4.2, 3.1, 2.4, 4.0, 5.8, 4.4, 3.6, 3.0, 4.8, 4.1, 5.2, 5.5, 3.3, 2.6]
    ),
    Series(
        "Tinnheia 2021 (vektet)",
        [3.5, 4.6, 3.8, None, 6.1, 3.2, 2.9, 2.2, 4.1, 3.6, 4.4, 4.9, 2.8, None],
    ),
    Series("Alle svar", [1, 2, 3, 4, 5, 6, 7, 1, 2, 3, 4, 5, 6, 7]),
    Series(
        "Unge 16–24 år", [5.5, 5.0, 4.0, 3.0, 2.0, 1.5, None, 6.8, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0]
    ),
]

MEASURE = """() => [...document.querySelectorAll('svg')].map(svg => {
  const frame = svg.getBoundingClientRect();
  const outside = [...svg.querySelectorAll('text')].filter(t => {
    const b = t.getBoundingClientRect();
    return b.left < frame.left - 0.5 || b.right > frame.right + 0.5
      || b.top < frame.top - 0.5 || b.bottom > frame.bottom + 0.5;
  }).map(t => t.textContent);
  const labels = [...svg.querySelectorAll('text.label')];
  const boxes = labels.map(t => t.getBoundingClientRect());
  const overlapping = [];
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b, j) => {
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
      overlapping.push([labels[i].textContent, labels[i + 1 + j].textContent]);
  }));
  const scale = frame.width / svg.viewBox.baseVal.width;
  const smallest = Math.min(...labels.map(t => parseFloat(t.getAttribute('font-size')))) * scale;
  return {width: frame.width, outside, overlapping, smallest};
})"""


@pytest.mark.parametrize(("labels", "language"), [(NB, "nb"), (EN, "en")])
@pytest.mark.parametrize("count", [1, 2, 4])
def test_compass_labels_are_readable_and_unclipped_at_320_px(
    browser, axe_source, labels, language, count
):
    children = Series("Barn", [1, 2, 3, 2, 1, 3, 2, 2, None, 3, 1, 2, 3, 2.5])
    svgs = [
        compass_svg(labels=labels, series=SERIES[:count], title="Kompass", language=language),
        compass_svg(
            labels=labels,
            series=[children],
            title="Barn",
            language=language,
            id_prefix="b",
            points=3,
        ),
    ]
    page = browser.new_page(viewport={"width": 320, "height": 640})
    try:
        # Like the site's stylesheet: a picture is never wider than its column.
        page.set_content(
            f'<!doctype html><html lang="{language}"><title>Kompass</title>'
            "<style>body{margin:0} svg{display:block;max-width:100%;height:auto}</style>"
            f"<main><h1>Kompass</h1>{''.join(svgs)}</main></html>"
        )
        for measured in page.evaluate(MEASURE):
            assert measured["width"] == 320
            assert measured["outside"] == []
            assert measured["overlapping"] == []
            assert measured["smallest"] >= 9.5
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
        assert axe_violations(page, axe_source) == []
    finally:
        page.close()
