"""Staff pages for city labs: who may do what, and each step from planning to actions."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from soslokal.core.models import Membership
from soslokal.workshops.models import Action, Idea, Lab, Photo
from tests.factories import ActionFactory, IdeaFactory, LabFactory
from tests.workshops.conftest import member
from tests.workshops.test_photos import jpeg_with_gps, png

pytestmark = pytest.mark.django_db


def url(name, municipality, *args):
    return reverse(f"workshops_staff:{name}", args=[municipality.number, *args])


@pytest.fixture
def lab(campaign, areas):
    return LabFactory(campaign=campaign, municipality=campaign.municipality, area=areas[0])


def test_the_city_labs_are_in_the_staff_menu(client, facilitator, municipality):
    page = client.get(reverse("core:staff_municipality", args=[municipality.number]))
    assert url("labs", municipality) in page.content.decode()


def test_planning_starts_from_a_survey_and_an_area(client, facilitator, campaign, areas):
    page = client.get(url("lab_create", campaign.municipality)).content.decode()
    for area in areas:
        assert f"?campaign={campaign.pk}&amp;area={area.pk}" in page
    assert "Skien: all the survey's areas" in page


def test_the_plan_offers_the_two_lowest_themes_and_the_groups_not_heard(
    client, facilitator, campaign, areas
):
    form = url("lab_create", campaign.municipality) + f"?campaign={campaign.pk}&area={areas[0].pk}"
    page = client.get(form).content.decode()
    checked = set(__import__("re").findall(r'name="topics" value="(\d+)" id="[^"]+" checked', page))
    assert checked == {"14", "13"}
    assert page.index("Influence and sense of control (2.5)") < page.index(
        "Care and maintenance (3.0)"
    )
    assert 'name="group_16-19"' in page and 'name="group_20-44"' in page
    response = client.post(
        form,
        {
            "area": areas[0].pk,
            "title": "Byverksted i Skien",
            "held_on": "2026-05-12",
            "place": "Biblioteket",
            "facilitator": "Kari Nordmann",
            "topics": ["14", "13"],
            "sector_residents": "12",
            "sector_municipality": "2",
            "group_20-44": "3",
        },
    )
    lab = Lab.objects.get()
    assert response.status_code == 302 and response["Location"] == url(
        "lab", campaign.municipality, lab.pk
    )
    assert lab.topics == [14, 13] and lab.participants == 14 and lab.groups == {"20-44": 3}


def test_a_plan_with_mistakes_is_shown_again_with_the_errors(client, facilitator, campaign, areas):
    form = url("lab_create", campaign.municipality) + f"?campaign={campaign.pk}&area={areas[0].pk}"
    response = client.post(
        form, {"area": areas[0].pk, "title": "Lab", "topics": ["14"], "sector_other": "x"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="error-summary"' in page and 'aria-invalid="true"' in page
    assert 'value="Lab"' in page  # what was typed stays
    assert not Lab.objects.exists()


def test_an_area_outside_the_survey_is_not_found(client, facilitator, campaign):
    other = LabFactory().area
    response = client.get(
        url("lab_create", campaign.municipality) + f"?campaign={campaign.pk}&area={other.pk}"
    )
    assert response.status_code == 404


def test_viewers_see_labs_but_change_nothing(client, lab):
    member(client, lab.municipality, Membership.Role.VIEWER)
    assert client.get(url("labs", lab.municipality)).status_code == 200
    page = client.get(url("lab", lab.municipality, lab.pk))
    assert (
        page.status_code == 200
        and url("lab_edit", lab.municipality, lab.pk) not in page.content.decode()
    )
    for name in ("lab_create", "actions"):
        assert client.get(url(name, lab.municipality)).status_code == (
            403 if name == "lab_create" else 200
        )
    for name in ("lab_edit", "ideas", "votes", "action_create"):
        assert client.get(url(name, lab.municipality, lab.pk)).status_code == 403
    upload = SimpleUploadedFile("a.png", png())
    assert (
        client.post(url("photos", lab.municipality, lab.pk), {"photo": upload}).status_code == 403
    )
    assert not Photo.objects.exists()


def test_ideas_are_added_one_after_another(client, facilitator, lab):
    ideas_url = url("ideas", lab.municipality, lab.pk)
    response = client.post(
        ideas_url, {"topic": "13", "text": "Ryddedugnad", "dimensions": ["social"]}
    )
    assert response["Location"] == f"{ideas_url}?topic=13#idea-form"
    page = client.get(response["Location"]).content.decode()
    assert "Ryddedugnad" in page and 'name="topic"' in page
    idea = Idea.objects.get()
    assert idea.topic == 13 and idea.dimensions == ["social"]


def test_an_idea_is_changed_or_removed(client, facilitator, lab):
    idea = IdeaFactory(lab=lab, topic=14)
    edit = url("idea_edit", lab.municipality, lab.pk, idea.pk)
    client.post(edit, {"topic": "13", "text": "Bedre lys"})
    idea.refresh_from_db()
    assert (idea.topic, idea.text) == (13, "Bedre lys")
    client.post(edit, {"delete": "yes"})
    assert not Idea.objects.exists()


def test_votes_are_entered_on_one_screen(client, facilitator, lab):
    first, second, third = (IdeaFactory(lab=lab, topic=t) for t in (14, 14, 13))
    votes_url = url("votes", lab.municipality, lab.pk)
    page = client.get(votes_url).content.decode()
    assert page.count('inputmode="numeric"') == 3
    response = client.post(
        votes_url, {f"idea_{first.pk}": "7", f"idea_{second.pk}": "0", f"idea_{third.pk}": "12"}
    )
    assert response.status_code == 302
    assert dict(Idea.objects.values_list("pk", "votes")) == {
        first.pk: 7,
        second.pk: 0,
        third.pk: 12,
    }


def test_votes_with_a_mistake_save_nothing(client, facilitator, lab):
    first, second = IdeaFactory(lab=lab), IdeaFactory(lab=lab)
    response = client.post(
        url("votes", lab.municipality, lab.pk),
        {f"idea_{first.pk}": "7", f"idea_{second.pk}": "many"},
    )
    assert response.status_code == 400 and 'aria-invalid="true"' in response.content.decode()
    assert set(Idea.objects.values_list("votes", flat=True)) == {0}


def test_a_photo_is_uploaded_stripped_and_shown_to_staff_only(client, facilitator, lab, media_root):
    photos_url = url("photos", lab.municipality, lab.pk)
    upload = SimpleUploadedFile("IMG_0001.jpg", jpeg_with_gps(), content_type="image/jpeg")
    response = client.post(photos_url, {"photo": upload, "caption": "Gruppe 1"})
    assert response.status_code == 302
    photo = Photo.objects.get()
    file_url = url("photo", lab.municipality, photo.pk, "jpg")
    assert file_url in client.get(photos_url).content.decode()
    served = client.get(file_url)
    assert served["Content-Type"] == "image/jpeg" and "private" in served["Cache-Control"]
    content = b"".join(served)
    assert not Image.open(io.BytesIO(content)).getexif() and b"SpyCam" not in content
    assert client.get(url("photo", lab.municipality, photo.pk, "png")).status_code == 404
    client.logout()
    assert client.get(file_url).status_code == 302  # to the login page


def test_a_refused_photo_is_explained_beside_the_field(client, facilitator, lab, media_root):
    upload = SimpleUploadedFile("flipover.jpg", png(), content_type="image/jpeg")
    response = client.post(url("photos", lab.municipality, lab.pk), {"photo": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert "holds a PNG picture" in page and 'href="#id_photo"' in page
    assert not Photo.objects.exists() and not list(media_root.rglob("*.*"))


def test_a_photo_is_removed(client, facilitator, lab):
    client.post(
        url("photos", lab.municipality, lab.pk), {"photo": SimpleUploadedFile("a.png", png())}
    )
    photo = Photo.objects.get()
    client.post(url("photo_delete", lab.municipality, photo.pk))
    assert not Photo.objects.exists()


def test_an_idea_becomes_an_action(client, facilitator, lab):
    idea = IdeaFactory(lab=lab, text="Innbyggermøte")
    new = url("action_create", lab.municipality, lab.pk)
    page = client.get(f"{new}?idea={idea.pk}").content.decode()
    assert f'value="{idea.pk}" id="id_ideas_0" checked' in page
    response = client.post(
        new,
        {
            "title": "Innbyggermøte hvert halvår",
            "owner": "Plan og samfunn",
            "owner_kind": "organisation",
            "status": "in_progress",
            "due_on": "2026-10-01",
            "ideas": [str(idea.pk)],
            **{
                f"effect_{d}": "unknown"
                for d in ("access", "housing", "living", "social", "belonging", "safety", "adapt")
            },
            "effect_voice": "positive",
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.effects == {"voice": "positive"} and list(action.ideas.all()) == [idea]
    edit = url("action_edit", lab.municipality, action.pk)
    assert edit in client.get(url("actions", lab.municipality)).content.decode()


def test_the_actions_file_has_a_row_per_action_and_runs_no_formulas(client, facilitator, lab):
    ActionFactory(
        lab=lab, title='=HYPERLINK("http://evil")', status="done", effects={"voice": "positive"}
    )
    response = client.get(url("actions_csv", lab.municipality))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    header, row = rows
    assert row[header.index("Action")].startswith("'=")
    assert row[header.index("Status")] == "Done"
    assert row[header.index("Expected effect: Voice and influence")] == "Positive"
    assert row[header.index("Expected effect: Safety and trust")] == "Unknown"
