import xml.etree.ElementTree as ET

from soslokal.indicators.sparkline import sparkline_svg

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg):
    return ET.fromstring(svg)  # noqa: S314 (our own output, not untrusted input)


def draw(values, **kwargs):
    return sparkline_svg(
        values, title="Trend <x>", description="From 1 to 3 & more", id_prefix="t1", **kwargs
    )


def test_a_sparkline_is_an_accessible_standalone_svg_without_styles():
    svg = draw([1.0, 2.0, 3.0])
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "t1-title t1-desc"
    assert root.find(f"{SVG}title").text == "Trend <x>"
    assert root.find(f"{SVG}desc").text == "From 1 to 3 & more"
    assert "style" not in svg
    assert len(root.findall(f"{SVG}polyline")) == 1


def test_a_missing_value_breaks_the_line():
    root = parse(draw([1.0, 2.0, None, 3.0, 4.0]))
    assert len(root.findall(f"{SVG}polyline")) == 2


def test_higher_values_are_drawn_higher_and_the_newest_is_marked():
    root = parse(draw([1.0, 5.0]))
    points = [
        tuple(map(float, p.split(","))) for p in root.find(f"{SVG}polyline").get("points").split()
    ]
    assert points[1][1] < points[0][1]
    marker = root.findall(f"{SVG}circle")[-1]
    assert (float(marker.get("cx")), float(marker.get("cy"))) == points[1]


def test_fewer_than_two_values_draw_nothing():
    assert draw([None, 2.0]) == ""
    assert draw([]) == ""


def test_a_flat_series_is_drawn_in_the_middle():
    root = parse(draw([2.0, 2.0, 2.0]))
    ys = {p.split(",")[1] for p in root.find(f"{SVG}polyline").get("points").split()}
    assert ys == {"16"}
