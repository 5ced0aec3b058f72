"""HTML becomes a PDF, and a PDF never reads a file or the network, whatever its text says."""

import io

from pypdf import PdfReader

from soslokal.core.pdf import html_to_pdf
from soslokal.surveys.instrument import PICTOGRAM_DIR
from soslokal.surveys.printing import pictogram_data_url


def document(body):
    head = '<!DOCTYPE html><html lang="nb"><head><title>Prøve</title></head>'
    return f"{head}<body>{body}</body></html>"


def drawing(pdf):
    """What the first page draws (its content stream)."""
    return PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data()


def test_html_becomes_a_pdf_with_its_text_in_norwegian_letters():
    pdf = html_to_pdf(document("<h1>Blåbærsyltetøy</h1>"), stylesheets=["h1 { font-size: 20pt }"])
    assert pdf.startswith(b"%PDF")
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Blåbærsyltetøy" in text


def test_an_image_it_carries_is_drawn_but_a_file_or_a_host_is_never_read():
    empty = drawing(html_to_pdf(document("<p>Ja</p>")))
    carried = html_to_pdf(document(f'<p>Ja</p><img src="{pictogram_data_url("good")}" alt="">'))
    assert drawing(carried) != empty
    for source in ((PICTOGRAM_DIR / "good.svg").as_uri(), "http://127.0.0.1:9/good.svg"):
        pdf = html_to_pdf(document(f'<p>Ja</p><img src="{source}" alt="">'))
        assert drawing(pdf) == empty
