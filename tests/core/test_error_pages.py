"""What a visitor sees when the site refuses a request: the site's own page in their language,
never Django's bare English one or an empty body."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from soslokal.core.models import Membership
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/framework/", "/accessibility/"]


def in_language(client, language):
    client.cookies["django_language"] = language
    return client


def assert_site_page(response, language, title):
    page = response.content.decode()
    assert f'<html lang="{language}"' in page
    assert 'class="site-header"' in page
    with translation.override(language):
        assert f'<h1 class="ds-heading" data-size="lg">{translation.gettext(title)}</h1>' in page


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_a_refused_method_gets_a_page_in_the_visitors_language(client, language):
    response = in_language(client, language).get(reverse("core:logout"))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert_site_page(response, language, "This page cannot do that")


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_are_read_only(client, path):
    assert client.head(path).status_code == 200
    for method in (client.post, client.put, client.delete):
        response = method(path)
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD"


def test_a_form_sent_without_its_code_gets_a_page_that_says_what_to_do(client):
    browser = in_language(Client(enforce_csrf_checks=True), "nn")
    response = browser.post(reverse("core:login"), {"username": "a", "password": "b"})
    assert response.status_code == 403
    assert_site_page(response, "nn", "The form could not be sent")


def test_too_many_fields_get_the_sites_page_for_a_bad_request(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    fields = {f"field{number}": "x" for number in range(20)}
    response = in_language(client, "en").post(reverse("core:login"), fields)
    assert response.status_code == 400
    assert_site_page(response, "en", "The page could not take what was sent")


def test_a_page_a_member_may_not_see_gets_the_sites_page(client):
    membership = MembershipFactory(role=Membership.Role.VIEWER)
    client.force_login(membership.user)
    url = reverse("core:staff_members", args=[membership.municipality.number])
    response = in_language(client, "nb").get(url)
    assert response.status_code == 403
    assert_site_page(response, "nb", "No access")
