import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from soslokal.core.models import Area, Membership, Municipality


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: f"{9000 + n}")
    name = factory.Sequence(lambda n: f"Testkommune {n}")
    county_number = "40"
    county_name = "Telemark"


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = Area.Kind.MUNICIPALITY
    name = factory.SelfAttribute("municipality.name")
    code = factory.SelfAttribute("municipality.number")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    role = Membership.Role.VIEWER


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "surveys.Campaign"
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Stedskompass {n}")
    instruments = ["adult", "children"]
    languages = ["nb", "nn", "en"]
    background = ["neighbourhood", "age_band", "gender"]
    opens_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=1))
    closes_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=30))

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create:
            neighbourhood = AreaFactory(
                municipality=self.municipality, kind=Area.Kind.NEIGHBOURHOOD, code=""
            )
            self.areas.set(extracted or [neighbourhood])


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "surveys.Channel"

    campaign = factory.SubFactory(CampaignFactory)
    kind = "web"


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "surveys.Response"

    channel = factory.SubFactory(ChannelFactory)
    campaign = factory.SelfAttribute("channel.campaign")
    instrument = "adult"
    language = "nb"
    token = factory.Sequence(lambda n: f"response-token-{n:08d}")
    submitted_hour = factory.LazyFunction(
        lambda: timezone.now().replace(minute=0, second=0, microsecond=0)
    )


class LabFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "workshops.Lab"

    municipality = factory.SubFactory(MunicipalityFactory)
    campaign = factory.SubFactory(
        CampaignFactory, municipality=factory.SelfAttribute("..municipality")
    )
    area = factory.LazyAttribute(lambda lab: lab.campaign.areas.first())
    title = factory.Sequence(lambda n: f"Byverksted {n}")
    held_on = factory.LazyFunction(datetime.date.today)
    place = "Biblioteket"
    facilitator = "Kari Nordmann"
    topics = [14, 13]


class IdeaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "workshops.Idea"

    lab = factory.SubFactory(LabFactory)
    topic = 14
    text = factory.Sequence(lambda n: f"Idé {n}")
    themes = [14]


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "workshops.Action"

    lab = factory.SubFactory(LabFactory)
    municipality = factory.SelfAttribute("lab.municipality")
    area = factory.SelfAttribute("lab.area")
    title = factory.Sequence(lambda n: f"Tiltak {n}")
    owner = "Park og idrett"


class PhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "workshops.Photo"

    lab = factory.SubFactory(LabFactory)
    file = factory.Sequence(lambda n: f"labs/test/{n}.jpg")
    format = "jpeg"
    width = 10
    height = 10
    size = 100


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "decisions.Assessment"

    municipality = factory.SubFactory(MunicipalityFactory)
    case_number = factory.Sequence(lambda n: f"2026/{n + 1}")
    title = factory.Sequence(lambda n: f"Sak {n}")
    body = "council"
    meeting_on = factory.LazyFunction(datetime.date.today)


class EvidenceLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "decisions.EvidenceLink"

    judgement = factory.SubFactory("tests.factories.JudgementFactory")
    kind = "action"
    action = factory.SubFactory(
        ActionFactory,
        lab__municipality=factory.SelfAttribute("...judgement.assessment.municipality"),
    )


class JudgementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "decisions.Judgement"

    assessment = factory.SubFactory(AssessmentFactory)
    dimension = "access"


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "decisions.Decision"

    assessment = factory.SubFactory(AssessmentFactory)
    text = "Vedtatt."
    decided_on = factory.LazyFunction(datetime.date.today)
    follow_up_on = factory.LazyFunction(datetime.date.today)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "evidence.Review"

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Review {n}")


class ImportBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "evidence.ImportBatch"

    review = factory.SubFactory(ReviewFactory)
    filename = "search.ris"
    format = "ris"
    status = "done"


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "evidence.Reference"

    review = factory.SubFactory(ReviewFactory)
    title = factory.Sequence(lambda n: f"A study of neighbourhood number {n}")
    abstract = "Residents of the neighbourhood were asked about their trust in each other."
    authors = factory.LazyFunction(lambda: ["Hansen, Kari", "Olsen, Per"])
    year = 2020
