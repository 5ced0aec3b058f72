"""QR codes as inline SVG (pure: no Django).

A poster's QR code is drawn by the server as SVG, so the web page, its printout and the PDF show
the same code at any size, with no image file and no script."""

import segno

# Error correction level M restores up to 15 % of the code: enough for a poster that is creased
# or partly covered by a drawing pin, while keeping the modules large.
ERROR_CORRECTION = "m"
QUIET_ZONE = 4  # modules of white around the code, as the standard asks


def qr_svg(data: str, *, title: str) -> str:
    """An ``<svg>`` element encoding ``data``: black on a painted white square (so it scans on
    coloured paper and in dark mode too), no XML declaration and no fixed size, so it fills its
    box; ``title`` is its accessible name."""
    code = segno.make(data, error=ERROR_CORRECTION, micro=False)
    svg = code.svg_inline(
        title=title,
        scale=1,
        border=QUIET_ZONE,
        omitsize=True,
        svgclass="qr",
        lineclass=None,
        dark="#000",
        light="#fff",
    )
    return svg.replace("<svg ", '<svg role="img" ', 1)
