"""The QR code on a poster is SVG that a phone can read back: decoded here with zxing-cpp from
the very path the SVG draws."""

import re

import zxingcpp

from soslokal.core.qr import QUIET_ZONE, qr_svg

URL = "https://soslokal.skien.kommune.no/s/jxaag7qm/"
PIXELS_PER_MODULE = 4


def dark_modules(svg):
    """The (column, row) of every dark module, read from segno's path: ``M``/``m`` move,
    ``h`` draws a horizontal run one module high, centred on the move's y."""
    d = re.search(r'<path stroke="#000" d="([^"]+)"', svg).group(1)
    x = y = 0.0
    dark = set()
    for command, first, second in re.findall(r"([MmHh])(-?[\d.]+)(?: ?(-?[\d.]+))?", d):
        if command == "M":
            x, y = float(first), float(second)
        elif command == "m":
            x, y = x + float(first), y + float(second)
        else:
            run = float(first)
            dark.update((int(x) + i, int(y)) for i in range(int(run)))
            x += run
    return dark


def raster(svg):
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    dark = dark_modules(svg)
    side = size * PIXELS_PER_MODULE
    pixels = bytearray(b"\xff" * side * side)
    for column, row in dark:
        for dy in range(PIXELS_PER_MODULE):
            start = (row * PIXELS_PER_MODULE + dy) * side + column * PIXELS_PER_MODULE
            pixels[start : start + PIXELS_PER_MODULE] = b"\x00" * PIXELS_PER_MODULE
    return memoryview(pixels).cast("B", (side, side))


def test_the_qr_code_decodes_back_to_the_url():
    found = zxingcpp.read_barcodes(raster(qr_svg(URL, title="QR")))
    assert [code.text for code in found] == [URL]


def test_the_code_keeps_its_quiet_zone_clear():
    svg = qr_svg(URL, title="QR")
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    dark = dark_modules(svg)
    assert min(c for c, _r in dark) == QUIET_ZONE == min(r for _c, r in dark)
    assert max(c for c, _r in dark) == size - QUIET_ZONE - 1


def test_the_svg_is_an_image_named_by_its_title_that_fills_its_box():
    svg = qr_svg(URL, title='QR code that opens <a "link">')
    assert svg.startswith('<svg role="img" viewBox=')
    assert '<title>QR code that opens &lt;a "link"&gt;</title>' in svg
    assert "<?xml" not in svg
    assert "width=" not in svg.split(">", 1)[0]  # sized by the page, not by the code
    assert "style=" not in svg  # the content security policy allows no inline style
