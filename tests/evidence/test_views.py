"""The staff pages (import, screening, resolving, coding, exports) and the public map."""

import html
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soslokal.evidence import services
from soslokal.evidence.models import Decision, ImportBatch, Reference, Status
from soslokal.framework.models import Dimension
from tests.evidence.conftest import RIS, ris_records
from tests.factories import ReferenceFactory, ReviewFactory


def staff(review, path=""):
    return f"/staff/{review.municipality.number}/evidence/{review.pk}/{path}"


def test_upload_preview_confirm(client, analyst, review):
    client.force_login(analyst.user)
    upload = SimpleUploadedFile("search.ris", RIS.encode())
    response = client.post(staff(review, "import/"), {"file": upload})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "Social trust in Norwegian neighbourhoods" in page
    assert "Referanse 3: den har ingen tittel." in page
    assert not Reference.objects.exists()
    client.post(response["Location"], {"action": "confirm"})
    assert review.references.count() == 2
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE


def test_a_broken_upload_gets_a_message_not_an_error(client, analyst, review):
    client.force_login(analyst.user)
    upload = SimpleUploadedFile("search.ris", b"\x00\x01\x02garbage")
    response = client.post(staff(review, "import/"), {"file": upload})
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not ImportBatch.objects.exists()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(max_size=3000), name=st.sampled_from(["a.ris", "a.csv", "a.bib", "a.xlsx", "a"])
)
def test_random_uploads_never_give_a_server_error(client, analyst, review, data, name):
    client.force_login(analyst.user)
    response = client.post(staff(review, "import/"), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code in (302, 400)
    # Whatever came in waits for confirmation; nothing is added before it.
    assert not Reference.objects.exists()


def test_screening_by_form_posts_and_the_model_takes_over(client, analyst, review):
    services.import_confirm(
        batch=services.import_preview(
            review=review, filename="s.ris", data=ris_records(40), user=None
        )
    )
    client.force_login(analyst.user)
    url = staff(review, "screen/")
    seen = []
    for _ in range(12):
        page = client.get(url).content.decode()
        reference = Reference.objects.get(
            pk=int(page.split('name="reference" value="')[1].split('"')[0])
        )
        seen.append(reference)
        relevant = "trust" in reference.title
        choice = {"choice": "include"} if relevant else {"choice": "exclude", "reason": "topic"}
        response = client.post(url, {"reference": reference.pk, **choice})
        assert response.status_code == 302
    assert Decision.objects.count() == 12
    # Once both kinds are known, the relevant records come first.
    first_include = next(i for i, r in enumerate(seen) if "trust" in r.title)
    first_exclude = next(i for i, r in enumerate(seen) if "trust" not in r.title)
    after = max(first_include, first_exclude) + 1
    ranked = seen[after : after + 4]
    assert ranked and all("trust" in r.title for r in ranked), [r.title for r in seen]
    from soslokal.evidence.selectors import screening_queue

    assert screening_queue(review, analyst.user).by_model


def test_excluding_without_a_reason_shows_the_record_again(client, analyst, review):
    reference = ReferenceFactory(review=review)
    client.force_login(analyst.user)
    response = client.post(
        staff(review, "screen/"), {"reference": reference.pk, "choice": "exclude"}
    )
    assert response.status_code == 400
    assert reference.title in response.content.decode()
    assert not Decision.objects.exists()


def test_a_viewer_cannot_screen(client, review):
    from tests.factories import MembershipFactory

    viewer = MembershipFactory(municipality=review.municipality)
    client.force_login(viewer.user)
    assert client.get(staff(review, "screen/")).status_code == 403


def test_conflicts_are_listed_and_resolved(client, analyst, review):
    reference = ReferenceFactory(review=review, status=Status.CONFLICT)
    client.force_login(analyst.user)
    assert reference.title in client.get(staff(review, "resolve/")).content.decode()
    client.post(
        staff(review, "resolve/"),
        {"reference": reference.pk, "choice": "exclude", "reason": "design"},
    )
    reference.refresh_from_db()
    assert reference.status == Status.EXCLUDED


def coded(review, framework_dimensions, **values):
    reference = ReferenceFactory(review=review, status=Status.INCLUDED, doi="10.1234/a")
    services.coding_save(
        reference=reference,
        user=None,
        dimensions=framework_dimensions,
        study_type=values.get("study_type", "qualitative"),
        evidence_type=values.get("evidence_type", "empirical"),
        scale=values.get("scale", "local"),
        country=values.get("country", "Norway"),
        findings="Trust grows with meeting places.",
    )
    return reference


def test_coding_form_saves(client, analyst, review, framework):
    reference = ReferenceFactory(review=review, status=Status.INCLUDED)
    social = Dimension.objects.get(slug="social")
    client.force_login(analyst.user)
    url = staff(review, f"included/{reference.pk}/coding/")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "dimensions": [social.pk],
            "study_type": "review",
            "evidence_type": "synthesis",
            "scale": "national",
        },
    )
    assert response.status_code == 302
    assert list(reference.coding.dimensions.all()) == [social]


def test_exports_of_the_included_set(client, analyst, review, framework):
    coded(review, Dimension.objects.filter(slug="social"))
    ReferenceFactory(review=review, status=Status.EXCLUDED)
    client.force_login(analyst.user)
    ris = client.get(staff(review, "included.ris")).content.decode()
    assert ris.count("TY  - ") == 1
    assert "N1  - SOSLOKAL: included" in ris and "dimensions social" in ris
    csl = json.loads(client.get(staff(review, "included.json")).content)
    assert len(csl) == 1 and csl[0]["DOI"] == "10.1234/a"


def test_the_public_map_counts_cells_marks_gaps_and_filters(client, framework):
    review = ReviewFactory(published=True)
    social = Dimension.objects.filter(slug="social")
    coded(review, social, study_type="qualitative", country="Norway")
    coded(review, social, study_type="qualitative", country="Sweden", evidence_type="grey")
    page = client.get(f"/evidence/{review.pk}/").content.decode()
    assert "2 studies" in page or "2 studier" in page
    assert page.count('class="mark gap"') == Dimension.objects.count() * 6 - 1
    filtered = client.get(f"/evidence/{review.pk}/?country=Sweden").content.decode()
    assert "1 studie" in filtered or "1 study" in filtered
    cell = client.get(f"/evidence/{review.pk}/types/social/qualitative/?country=Sweden")
    assert cell.status_code == 200 and cell.content.decode().count("<li>") >= 1
    assert client.get(f"/evidence/{review.pk}/themes/").status_code == 200


def test_a_title_in_another_language_than_the_page_is_marked_with_its_own(client, framework):
    review = ReviewFactory(published=True)
    english = coded(review, Dimension.objects.filter(slug="social"))
    Reference.objects.filter(pk=english.pk).update(language="en")
    url = f"/evidence/{review.pk}/types/social/qualitative/"
    citation = html.escape(english.citation, quote=False)
    assert f'<strong lang="en">{citation}</strong>' in client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    assert f"<strong>{citation}</strong>" in client.get(url).content.decode()
    # The framework's dimension page lists it as a key source, marked the same way.
    client.cookies["django_language"] = "nn"
    page = client.get(reverse("framework:dimension", args=["social"])).content.decode()
    assert f'<span lang="en">{citation}</span>' in page


def test_unpublished_maps_and_unknown_cells_are_not_found(client, framework):
    hidden = ReviewFactory(published=False)
    assert client.get(f"/evidence/{hidden.pk}/").status_code == 404
    shown = ReviewFactory(published=True)
    for path in (
        "types/nope/qualitative/",
        "types/social/nope/",
        "themes/social/99/",
        "other/social/1/",
    ):
        assert client.get(f"/evidence/{shown.pk}/{path}").status_code == 404
    assert client.get(f"/evidence/{shown.pk}/?year_from=abc&scale=zzz").status_code == 200


def test_the_framework_page_lists_key_sources(client, framework):
    review = ReviewFactory(published=True)
    reference = coded(review, Dimension.objects.filter(slug="social"))
    page = client.get("/framework/social/").content.decode()
    assert reference.title in page
    other = client.get("/framework/safety/").content.decode()
    assert reference.title not in other
