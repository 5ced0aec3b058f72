import pytest
from django.contrib.auth import get_user_model

from soslokal.core.models import Area, Membership, Municipality


@pytest.fixture
def demo(db):
    from soslokal.demo.services import demo_load

    demo_load()
    return Municipality.objects.get(number="4003")


@pytest.fixture
def gulset(demo):
    return Area.objects.get(municipality=demo, name="Gulset")


def login(client, municipality, role):
    user = get_user_model().objects.create_user(username=f"test-{role}", password="x")
    Membership.objects.create(user=user, municipality=municipality, role=role)
    client.force_login(user)
    client.cookies["django_language"] = "en"  # the interface in English, briefs in their own
    return user


@pytest.fixture
def analyst(client, demo):
    return login(client, demo, Membership.Role.ANALYST)
