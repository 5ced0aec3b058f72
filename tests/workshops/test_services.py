"""Everything that changes city labs, ideas, votes, photos and actions."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import override
from PIL import Image

from soslokal.workshops import services
from soslokal.workshops.models import Action, Idea, Lab, Photo
from tests.factories import ActionFactory, CampaignFactory, IdeaFactory, LabFactory
from tests.workshops.test_photos import jpeg_with_gps, png

pytestmark = pytest.mark.django_db


def plan(campaign, area, **changes):
    fields = {
        "municipality": campaign.municipality,
        "campaign": campaign,
        "area": area,
        "title": "Byverksted på Gulset",
        "held_on": dt.date(2026, 5, 12),
        "place": "Gulset skole",
        "facilitator": "Kari Nordmann",
        "topics": [14, 13],
        "sectors": {"residents": 12, "business": 0, "voluntary": 3},
        "groups": {"20-44": 4},
    } | changes
    return services.lab_create(**fields)


def test_a_lab_is_planned_on_a_survey_for_one_of_its_areas_or_all_of_them(campaign, areas):
    root, gulset, _klyve = areas
    lab = plan(campaign, gulset)
    assert lab.topics == [14, 13] and lab.participants == 15
    assert lab.sectors == {"residents": 12, "voluntary": 3}  # nobody from business: left out
    assert plan(campaign, root).area == root


def test_a_lab_elsewhere_or_on_another_municipalitys_survey_is_refused(campaign, areas):
    other = CampaignFactory()
    with pytest.raises(ValidationError):
        plan(campaign, other.areas.first())
    with pytest.raises(ValidationError):
        plan(other, areas[1], municipality=campaign.municipality)
    assert not Lab.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"topics": []},
        {"topics": [15]},
        {"topics": [3, 3]},
        {"topics": [1, 2, 3, 4, 5, 6]},
        {"sectors": {"press": 2}},
        {"sectors": {"residents": -1}},
        {"groups": {"teenagers": 2}},
        {"title": "  "},
        {"place": ""},
        {"facilitator": "x" * 151},
    ],
)
def test_a_lab_with_impossible_details_is_refused(campaign, areas, changes):
    with pytest.raises(ValidationError):
        plan(campaign, areas[1], **changes)
    assert not Lab.objects.exists()


def test_a_topic_with_ideas_cannot_be_dropped_but_others_can(campaign, areas):
    lab = plan(campaign, areas[1], topics=[14, 13, 3])
    services.idea_create(lab=lab, topic=14, text="Innbyggermøte")
    same = {
        "area": lab.area,
        "title": lab.title,
        "held_on": lab.held_on,
        "place": lab.place,
        "facilitator": lab.facilitator,
        "sectors": lab.sectors,
        "groups": lab.groups,
    }
    services.lab_update(lab=lab, topics=[14, 13], **same)
    with pytest.raises(ValidationError):
        services.lab_update(lab=lab, topics=[13], **same)
    lab.refresh_from_db()
    assert lab.topics == [14, 13]


def test_an_idea_belongs_to_a_topic_of_its_lab_and_is_tagged_with_it(framework):
    lab = LabFactory(topics=[14, 13])
    idea = services.idea_create(
        lab=lab, topic=13, text=" Ryddedugnad ", themes=[4], dimensions=["social", "access"]
    )
    assert idea.text == "Ryddedugnad" and idea.themes == [4, 13]
    assert idea.dimensions == ["access", "social"]  # in the framework's order
    for wrong in ({"topic": 3}, {"dimensions": ["happiness"]}, {"themes": [0]}, {"text": ""}):
        with pytest.raises(ValidationError):
            services.idea_create(lab=lab, **({"topic": 14, "text": "x"} | wrong))
    assert Idea.objects.count() == 1


def test_votes_are_set_for_every_idea_at_once():
    lab = LabFactory()
    first, second = IdeaFactory(lab=lab), IdeaFactory(lab=lab)
    assert services.idea_votes_set(lab=lab, votes={first.pk: 7, second.pk: 0}) == 1
    first.refresh_from_db()
    assert first.votes == 7


def test_votes_for_another_labs_idea_change_nothing():
    lab = LabFactory()
    own, foreign = IdeaFactory(lab=lab), IdeaFactory()
    with pytest.raises(ValidationError):
        services.idea_votes_set(lab=lab, votes={own.pk: 4, foreign.pk: 9})
    with pytest.raises(ValidationError):
        services.idea_votes_set(lab=lab, votes={own.pk: -1})
    assert set(Idea.objects.values_list("votes", flat=True)) == {0}


def test_an_idea_an_action_builds_on_stays():
    action = ActionFactory()
    idea = IdeaFactory(lab=action.lab)
    action.ideas.add(idea)
    with pytest.raises(ValidationError):
        services.idea_delete(idea=idea)
    services.idea_delete(idea=IdeaFactory(lab=action.lab))
    assert list(Idea.objects.all()) == [idea]


def stored_files(media_root):
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


def test_a_photo_is_stored_without_its_exif(media_root):
    lab = LabFactory()
    upload = SimpleUploadedFile("IMG_0042.jpg", jpeg_with_gps(), content_type="image/jpeg")
    photo = services.photo_add(lab=lab, upload=upload, caption="Flipover fra gruppe 1")
    (stored,) = stored_files(media_root)
    assert str(stored).endswith(photo.file.name) and stored.suffix == ".jpg"
    assert "IMG_0042" not in photo.file.name
    content = stored.read_bytes()
    assert b"Exif" not in content and b"SpyCam" not in content
    assert not Image.open(io.BytesIO(content)).getexif()
    assert (photo.width, photo.height, photo.size) == (64, 48, len(content))


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("flipover.jpg", png(), "holds a PNG picture"),
        ("notes.jpg", b"just text", "not a photo we can read"),
    ],
)
def test_a_refused_photo_stores_nothing_and_says_why(media_root, name, content, words):
    lab = LabFactory()
    with override("en"), pytest.raises(ValidationError) as refused:
        services.photo_add(lab=lab, upload=SimpleUploadedFile(name, content))
    assert words in " ".join(refused.value.messages)
    assert not Photo.objects.exists() and not stored_files(media_root)


def test_a_photo_over_the_limit_is_refused_with_the_limit(settings, media_root):
    settings.SOSLOKAL_PHOTO_MAX_MB = 1
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"\0" * (1024 * 1024))
    with override("en"), pytest.raises(ValidationError) as refused:
        services.photo_add(lab=LabFactory(), upload=big)
    assert "larger than 1 MB" in refused.value.messages[0]
    assert not Photo.objects.exists() and not stored_files(media_root)


def test_removing_a_photo_or_a_lab_removes_the_files(media_root):
    lab = LabFactory()
    photos = [
        services.photo_add(lab=lab, upload=SimpleUploadedFile(f"{n}.png", png())) for n in (1, 2)
    ]
    ActionFactory(lab=lab)
    services.photo_delete(photo=photos[0])
    assert len(stored_files(media_root)) == 1
    services.lab_delete(lab=lab)
    assert not stored_files(media_root)
    assert not Lab.objects.exists() and not Action.objects.exists()


def test_an_action_on_a_labs_ideas_keeps_only_the_effects_someone_judged(framework):
    lab = LabFactory()
    idea = IdeaFactory(lab=lab)
    action = services.action_create(
        lab=lab,
        title="Vårdugnad",
        owner="Park og idrett",
        status=Action.Status.IN_PROGRESS,
        due_on=dt.date(2026, 6, 1),
        ideas=[idea],
        effects={"social": "positive", "voice": "unknown", "safety": "neutral"},
    )
    assert action.area == lab.area and action.municipality == lab.municipality
    assert action.effects == {"social": "positive", "safety": "neutral"}
    assert list(action.ideas.all()) == [idea]


@pytest.mark.parametrize(
    "wrong",
    [
        {"status": "maybe"},
        {"owner_kind": "robot"},
        {"owner": ""},
        {"title": " "},
        {"effects": {"happiness": "positive"}},
        {"effects": {"social": "great"}},
    ],
)
def test_an_impossible_action_is_refused(framework, wrong):
    lab = LabFactory()
    with pytest.raises(ValidationError):
        services.action_create(lab=lab, **({"title": "Tiltak", "owner": "Bydrift"} | wrong))
    assert not Action.objects.exists()


def test_an_action_builds_only_on_its_own_labs_ideas(framework):
    action = ActionFactory()
    with pytest.raises(ValidationError):
        services.action_create(lab=action.lab, title="T", owner="O", ideas=[IdeaFactory()])
    with pytest.raises(ValidationError):
        services.action_update(
            action=action,
            title="T",
            owner="O",
            owner_kind="organisation",
            status="done",
            due_on=None,
            ideas=[IdeaFactory()],
            effects={},
        )


def test_an_action_changes_status(framework):
    action = ActionFactory()
    services.action_update(
        action=action,
        title="Vårdugnad",
        owner="Park og idrett",
        owner_kind="organisation",
        status="done",
        due_on=None,
        ideas=[],
        effects={"voice": "negative"},
    )
    action.refresh_from_db()
    assert action.status == "done" and action.effects == {"voice": "negative"}
