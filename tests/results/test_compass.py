"""The compass SVG and its PNG: structure, geometry, accessibility and safety."""

import math
import re
import struct
import xml.etree.ElementTree as ET

import pytest

from soslokal.results.compass import (
    INNER_FRACTION,
    STYLES,
    WIDTH,
    Series,
    compass_png,
    compass_summary,
    compass_svg,
)

NS = {"svg": "http://www.w3.org/2000/svg"}
SVG = "{http://www.w3.org/2000/svg}"
THEMES = [
    "Å komme seg rundt",
    "Kollektivtransport",
    "Trafikk og parkering",
    "Gater og uterom",
    "Natur og grøntområder",
    "Lek og fritid",
    "Tilbud og tjenester",
    "Arbeid og lokalt næringsliv",
    "Boliger og nabolag",
    "Sosial kontakt",
    "Identitet og tilhørighet",
    "Å føle seg trygg",
    "Stell og vedlikehold",
    "Innflytelse og medbestemmelse",
]
AREA = Series(
    "Kvernevik 2024", [4.2, 3.1, 2.4, 4.0, 5.8, 4.4, 3.6, 3.0, 4.8, 4.1, 5.2, 5.5, 3.3, 2.6]
)
GAPPY = Series(
    "Tinnheia (vektet)", [3.5, 4.6, 3.8, None, 6.1, 3.2, 2.9, 2.2, 4.1, 3.6, 4.4, 4.9, 2.8, None]
)


def draw(series=(AREA,), **kwargs):
    kwargs.setdefault("labels", THEMES)
    kwargs.setdefault("title", "Stedskompass")
    return compass_svg(series=list(series), **kwargs)


def parse(svg):
    return ET.fromstring(svg)  # noqa: S314 (our own output, not untrusted input)


def geometry(root):
    """The centre and the radius of the rim, read from the rings."""
    rings = root.findall("svg:g[@class='grid']/svg:circle[@class='ring']", NS)
    centre = (float(rings[0].get("cx")), float(rings[0].get("cy")))
    return centre, max(float(ring.get("r")) for ring in rings), rings


def points_of(root, series_number):
    group = root.find(f"svg:g[@data-series='{series_number}']", NS)
    return {
        int(p.get("data-theme")): (float(p.get("cx")), float(p.get("cy")))
        for p in group.findall("svg:circle[@class='point']", NS)
    }


def test_is_a_standalone_accessible_svg_document():
    svg = draw(description="Lavest på trafikk.", id_prefix="kvernevik")
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox") == f"0 0 {WIDTH} {root.get('height')}"
    assert root.get("width") == str(WIDTH)
    labelled_by = root.get("aria-labelledby").split()
    assert labelled_by == ["kvernevik-title", "kvernevik-desc"]
    title = root.find("svg:title", NS)
    desc = root.find("svg:desc", NS)
    assert (title.get("id"), title.text) == ("kvernevik-title", "Stedskompass")
    assert (desc.get("id"), desc.text) == ("kvernevik-desc", "Lavest på trafikk.")
    assert list(root)[:2] == [title, desc]


def test_every_id_carries_the_prefix_so_two_compasses_share_a_page():
    first, second = parse(draw(id_prefix="a-2024")), parse(draw(id_prefix="b-2021"))
    ids_a = {el.get("id") for el in first.iter() if el.get("id")}
    ids_b = {el.get("id") for el in second.iter() if el.get("id")}
    assert ids_a and all(i.startswith("a-2024") for i in ids_a)
    assert not ids_a & ids_b


@pytest.mark.parametrize("prefix", ["", "1abc", "a b", 'a"b', "a<b"])
def test_unsafe_id_prefixes_are_refused(prefix):
    with pytest.raises(ValueError, match="id_prefix"):
        draw(id_prefix=prefix)


def test_has_no_style_attributes_or_elements():
    svg = draw(series=[AREA, GAPPY])
    root = parse(svg)
    assert not [el.tag for el in root.iter() if "style" in el.attrib]
    assert root.find(".//svg:style", NS) is None
    assert "style=" not in svg


def test_has_fourteen_spokes_and_a_ring_per_scale_step():
    root = parse(draw())
    assert len(root.findall(".//svg:line[@class='spoke']", NS)) == 14
    _, _, rings = geometry(root)
    assert len(rings) == 7
    ticks = [t.text for t in root.findall(".//svg:text[@class='tick']", NS)]
    assert ticks == ["1", "2", "3", "4", "5", "6", "7"]


def test_score_1_lies_on_the_inner_ring_and_7_on_the_rim():
    values = [1.0, 7.0, 4.0, *[1.0] * 11]
    root = parse(draw(series=[Series("Test", values)]))
    (cx, cy), rim, _ = geometry(root)
    points = points_of(root, 1)
    assert len(points) == 14
    distance = {theme: math.dist((cx, cy), xy) for theme, xy in points.items()}
    inner = rim * INNER_FRACTION
    assert distance[1] == pytest.approx(inner, abs=0.02)
    assert distance[2] == pytest.approx(rim, abs=0.02)
    assert distance[3] == pytest.approx(inner + (rim - inner) / 2, abs=0.02)
    # Theme 1 straight up, theme 2 clockwise from it.
    assert points[1][0] == pytest.approx(cx, abs=0.02)
    assert points[1][1] < cy
    angle = math.atan2(points[2][0] - cx, cy - points[2][1])
    assert angle == pytest.approx(2 * math.pi / 14, abs=1e-3)


def test_a_missing_value_leaves_a_gap_and_a_hollow_marker_not_a_zero():
    root = parse(draw(series=[GAPPY]))
    (cx, cy), rim, _ = geometry(root)
    points = points_of(root, 1)
    assert set(points) == set(range(1, 15)) - {4, 14}
    group = root.find("svg:g[@data-series='1']", NS)
    outlines = [p.get("d") for p in group.findall("svg:path", NS)]
    # Two gaps split the outline into two open runs: themes 1–3 and 5–13.
    assert len(outlines) == 2
    assert not any("Z" in d for d in outlines)
    vertices = sorted(len(re.findall(r"[ML]", d)) for d in outlines)
    assert vertices == [3, 9]
    # No vertex of the outline sits at the centre (a fake score).
    for d in outlines:
        for x, y in re.findall(r"[ML] ([\d.]+) ([\d.]+)", d):
            assert math.dist((cx, cy), (float(x), float(y))) > rim * INNER_FRACTION - 0.01
    missing = root.findall(".//*[@class='missing']", NS)
    assert sorted(int(m.get("data-theme")) for m in missing) == [4, 14]
    for marker in missing:
        assert marker.get("fill") == "#ffffff"
        assert math.dist((cx, cy), (float(marker.get("cx")), float(marker.get("cy")))) > rim


def test_a_closed_polygon_when_nothing_is_missing():
    root = parse(draw())
    group = root.find("svg:g[@data-series='1']", NS)
    (outline,) = [p.get("d") for p in group.findall("svg:path", NS)]
    assert outline.endswith("Z")
    assert len(re.findall(r"[ML]", outline)) == 14
    assert root.find(".//*[@class='missing']", NS) is None


def test_each_series_has_a_legend_entry_and_its_own_style():
    series = [AREA, GAPPY, Series("Alle", [3.0] * 14), Series("Unge", [5.0] * 14)]
    root = parse(draw(series=series))
    entries = root.findall(".//svg:g[@class='legend-entry']", NS)
    assert len(entries) == len(series)
    assert [e.find("svg:text", NS).findtext("svg:tspan", namespaces=NS) for e in entries] == [
        s.name for s in series
    ]
    styles = {
        (e.find("svg:line", NS).get("stroke"), e.find("svg:line", NS).get("stroke-dasharray"))
        for e in entries
    }
    assert len(styles) == 4
    assert (
        len({style.marker for style in STYLES}) == len({style.dasharray for style in STYLES}) == 4
    )
    # The legend explains the hollow markers only when a value is missing.
    assert root.find(".//svg:g[@class='legend-missing']", NS) is not None
    assert parse(draw()).find(".//svg:g[@class='legend-missing']", NS) is None


def _luminance(colour):
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("style", STYLES)
def test_series_colours_have_3_to_1_contrast_against_white(style):
    assert 1.05 / (_luminance(style.colour) + 0.05) >= 3


def test_more_than_four_series_are_refused():
    with pytest.raises(ValueError, match="at most 4"):
        draw(series=[AREA] * 5)


@pytest.mark.parametrize("values", [[0.5] + [3.0] * 13, [7.5] + [3.0] * 13, [3.0] * 13])
def test_values_outside_the_scale_or_of_the_wrong_count_are_refused(values):
    with pytest.raises(ValueError):
        draw(series=[Series("x", values)])


def test_three_point_scale_for_children():
    values = [1, 2, 3, 2, 1, 3, 2, 2, None, 3, 1, 2, 3, 2]
    root = parse(draw(series=[Series("Barn", values)], points=3))
    (cx, cy), rim, rings = geometry(root)
    assert len(rings) == 3
    points = points_of(root, 1)
    assert math.dist((cx, cy), points[3]) == pytest.approx(rim, abs=0.02)
    assert math.dist((cx, cy), points[1]) == pytest.approx(rim * INNER_FRACTION, abs=0.02)
    with pytest.raises(ValueError, match="outside"):
        draw(series=[Series("Barn", [4] + [2] * 13)], points=3)


def test_text_is_escaped():
    evil = '<script>alert("x")</script> & Co'
    root = parse(draw(series=[Series(evil, [3.0] * 14)], labels=[evil, *THEMES[1:]], title=evil))
    assert root.findtext("svg:title", namespaces=NS) == evil
    assert root.find(".//svg:script", NS) is None
    label = root.find(".//svg:text[@data-theme='1']", NS)
    assert " ".join(t.text for t in label.findall("svg:tspan", NS)) == evil


def test_long_labels_wrap_onto_lines_and_stay_inside_the_picture():
    root = parse(draw())
    width = float(root.get("width"))
    height = float(root.get("height"))
    label = root.find(".//svg:text[@data-theme='14']", NS)
    lines = [t.text for t in label.findall("svg:tspan", NS)]
    assert lines == ["Innflytelse og", "medbestemmelse"]
    for text in root.findall(".//svg:text[@class]", NS):
        for span in text.findall("svg:tspan", NS):
            assert 0 < float(span.get("x")) < width
        assert 0 < float(text.get("y")) < height


def test_labels_are_anchored_by_their_side():
    root = parse(draw())
    anchors = {
        int(t.get("data-theme")): t.get("text-anchor", "start")
        for t in root.findall(".//svg:text[@class='label']", NS)
    }
    assert anchors[1] == anchors[8] == "middle"
    assert {anchors[i] for i in range(2, 8)} == {"start"}
    assert {anchors[i] for i in range(9, 15)} == {"end"}


def test_the_generated_description_names_lowest_and_highest_themes():
    summary = compass_summary(THEMES, [AREA, GAPPY])
    assert "Kvernevik 2024: lavest på Trafikk og parkering (2,4)" in summary
    assert "høyest på Natur og grøntområder (5,8)" in summary
    assert "Ingen tall for Gater og uterom og Innflytelse og medbestemmelse." in summary
    english = compass_summary(THEMES, [AREA], language="en")
    assert "lowest on Trafikk og parkering (2.4)" in english
    root = parse(draw(series=[AREA]))
    assert root.findtext("svg:desc", namespaces=NS) == compass_summary(THEMES, [AREA])


def test_png_has_the_signature_and_the_requested_width():
    png = compass_png(draw(series=[AREA, GAPPY]), 640)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    assert width == 640
    assert height > 400
