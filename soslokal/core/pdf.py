"""HTML to PDF with WeasyPrint (pure: no Django).

The documents are HTML the server renders, so the PDF and the web page share their markup.
A document may only use what it carries itself: ``data:`` URLs for images, the system's fonts,
and the style sheets handed in here. Nothing is fetched from a file or over the network, so no
text that ends up in a document (a campaign name, an area name) can make the server read a file
or call another host."""

from collections.abc import Sequence


def html_to_pdf(html: str, *, stylesheets: Sequence[str] = ()) -> bytes:
    """The PDF of ``html``, styled by its own ``<style>`` elements and by ``stylesheets``
    (CSS text)."""
    # Imported here, so that a machine without Pango still starts the site; only PDFs need it.
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    # Anything else is left out of the document (WeasyPrint logs it), never fetched.
    fetcher = URLFetcher(allowed_protocols={"data"})
    document = HTML(string=html, url_fetcher=fetcher)
    pdf = document.write_pdf(
        stylesheets=[CSS(string=css, url_fetcher=fetcher) for css in stylesheets],
        pdf_variant="pdf/ua-1",
    )
    if not isinstance(pdf, bytes):  # pragma: no cover - WeasyPrint returns bytes without target
        raise TypeError("WeasyPrint did not return the PDF")
    return pdf
