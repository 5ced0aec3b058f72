"""Results pages and files: what staff and the public see, and the small-group rule in each."""

import csv
import io
import re
import zipfile

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soslokal.core.models import Membership
from soslokal.surveys.models import Answer, Response
from tests.factories import MembershipFactory
from tests.results.conftest import add_responses

pytestmark = pytest.mark.django_db

ALL_FOURS = dict.fromkeys(range(1, 15), 4)


def url(name, campaign, *args):
    return reverse(f"results_staff:{name}", args=[campaign.municipality.number, campaign.pk, *args])


def test_the_results_page_leads_with_the_compass_and_three_sentences(client, staff, channel):
    add_responses(channel, 10, scores=ALL_FOURS | {14: 2, 5: 6}, background={"age_band": "20-44"})
    page = client.get(url("results", channel.campaign)).content.decode()
    assert page.index("Lowest scores:") < page.index('role="img"')
    assert "Lowest scores: 14. " not in page and "Influence and sense of control (2.0)" in page
    assert "Natural space (6.0)" in page
    assert page.count("<svg") == 1 and "<title" in page


def test_compass_downloads(client, staff, channel):
    add_responses(channel, 10, scores=ALL_FOURS)
    svg = client.get(url("compass", channel.campaign, "svg"))
    png = client.get(url("compass", channel.campaign, "png"))
    assert svg["Content-Type"].startswith("image/svg+xml") and b"<svg" in svg.content
    assert png.content.startswith(b"\x89PNG")


def test_only_analysts_get_the_record_level_file(client, channel):
    add_responses(channel, 6, scores=ALL_FOURS)
    for role, status in ((Membership.Role.FACILITATOR, 403), (Membership.Role.ANALYST, 200)):
        membership = MembershipFactory(municipality=channel.campaign.municipality, role=role)
        client.force_login(membership.user)
        assert client.get(url("records", channel.campaign, "csv")).status_code == status


def test_the_record_level_file_has_approved_comments_only_and_masked(client, staff, channel):
    first, second = add_responses(channel, 2, scores={1: 3})
    Answer.objects.filter(response=first).update(
        good_now="Ring meg på 400 00 000", moderation=Answer.Moderation.APPROVED
    )
    Answer.objects.filter(response=second).update(good_now="Secret plan")
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(url("records", channel.campaign, "csv")).content.decode("utf-8-sig")
            )
        )
    )
    text = "\n".join(",".join(row) for row in rows)
    assert (
        "400 00 000" not in text and "[phone number removed]" in text.lower()
    ) or "fjernet" in text
    assert "Secret plan" not in text
    assert len(rows) == 3 and rows[1][0] != str(first.pk)


def test_publishing_opens_the_public_page(client, staff, channel):
    add_responses(channel, 10, scores=ALL_FOURS)
    public = reverse("results:public", args=[channel.campaign.pk])
    assert client.get(public).status_code == 404
    client.post(url("publish", channel.campaign), {"publish": "yes"})
    assert client.get(public).status_code == 200
    client.post(url("publish", channel.campaign), {"publish": "no"})
    assert client.get(public).status_code == 404


def test_moderation_approves_and_hides(client, staff, channel):
    (response,) = add_responses(channel, 1, scores={1: 3})
    answer = Answer.objects.get(response=response)
    answer.better = "More benches, mail me at a@b.no"
    answer.save()
    page = client.get(url("comments", channel.campaign)).content.decode()
    assert "a@b.no" not in page and "More benches" in page
    client.post(url("comments", channel.campaign), {"answer": answer.pk, "decision": "approved"})
    answer.refresh_from_db()
    assert answer.moderation == "approved"
    assert (
        client.post(url("comments", channel.campaign), {"answer": "x", "decision": "?"}).status_code
        == 302
    )


def xlsx_rows(content):
    """The cell texts of the first sheet of an XLSX file, row by row (inline strings)."""
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        shared = (
            re.findall(r"<t[^>]*>(.*?)</t>", book.read("xl/sharedStrings.xml").decode())
            if "xl/sharedStrings.xml" in book.namelist()
            else []
        )
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    rows = []
    for row in re.findall(r"<row[^>]*>(.*?)</row>", sheet):
        cells = []
        for kind, value in re.findall(r'<c [^>]*?(?:t="(\w+)")?[^>]*>(?:<v>(.*?)</v>)?', row):
            cells.append(shared[int(value)] if kind == "s" and value else value)
        rows.append(cells)
    return rows


SUPPRESSION = settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SUPPRESSION
@given(sizes=st.tuples(st.integers(0, 12), st.integers(0, 12), st.integers(0, 6)))
def test_no_hidden_figure_reaches_any_page_or_file(client, staff, channel, sizes):
    """Women score 4, men 6 and "another gender" 1 on theme 1: a hidden group's mean must not
    appear in the staff page's group table, the public page, the CSV or the XLSX file."""
    Response.objects.all().delete()
    campaign = channel.campaign
    campaign.results_revision += 1
    campaign.results_published_at = campaign.created_at
    campaign.save()
    women, men, other = sizes
    add_responses(channel, women, scores={1: 4}, background={"gender": "woman"})
    add_responses(channel, men, scores={1: 6}, background={"gender": "man"})
    add_responses(channel, other, scores={1: 1}, background={"gender": "other"})
    labels = {"woman": "Woman", "man": "Man", "other": "Another gender"}
    shown = {}
    from soslokal.core.suppression import hidden_groups

    hidden = hidden_groups({"woman": women, "man": men, "other": other}, 5)
    for key in labels:
        shown[key] = key not in hidden and sizes[list(labels).index(key)] > 0
    # The CSV and XLSX: a group's theme-1 row has a mean only when the group is shown.
    rows = list(
        csv.reader(
            io.StringIO(client.get(url("download", campaign, "csv")).content.decode("utf-8-sig"))
        )
    )
    sheet = xlsx_rows(client.get(url("download", campaign, "xlsx")).content)
    for table in (rows, sheet):
        for key, label in labels.items():
            means = [
                row[6] for row in table[1:] if len(row) > 6 and row[2] == label and row[3] == "1"
            ]
            assert all(bool(mean) == shown[key] for mean in means), (key, sizes, means)
    # The pages: the group table column of a hidden group has a dash for theme 1.
    for page_url in (
        url("results", campaign) + "?by=gender",
        reverse("results:public", args=[campaign.pk]) + "?by=gender",
    ):
        page = client.get(page_url).content.decode()
        for key, label in labels.items():
            if not shown[key] and f">{label}<br>" in page:
                assert f'>{label}<br><span class="source">fewer than 5' in page
        if women + men + other < 5:
            assert "no figures can be shown yet" in page


def test_the_results_pdf_has_the_pages_figures(client, staff, channel):
    from pypdf import PdfReader

    add_responses(channel, 10, scores=ALL_FOURS | {14: 2})
    pdf = client.get(url("pdf", channel.campaign))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert channel.campaign.name in text
    assert "Influence and sense of control (2.0)" in text.replace("\n", " ")
    assert "Figures per theme" in text


def test_the_public_page_offers_no_split_by_a_sensitive_question(client, channel):
    campaign = channel.campaign
    campaign.background = ["age_band", "disability"]
    campaign.results_published_at = campaign.created_at
    campaign.save()
    add_responses(channel, 10, scores=ALL_FOURS, background={"disability": "yes"})
    client.cookies["django_language"] = "en"
    page = client.get(reverse("results:public", args=[campaign.pk]) + "?by=disability")
    assert 'value="disability"' not in page.content.decode()
    assert "Mean score per theme and group" not in page.content.decode()
