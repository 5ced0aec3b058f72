import html
import re

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from soslokal.core.models import Membership
from soslokal.core.views import server_error
from tests.factories import AreaFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def login_post(client, username, password):
    return client.post(reverse("core:login"), {"username": username, "password": password})


def test_staff_pages_need_a_login(client):
    response = client.get(reverse("core:staff_home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


def test_a_member_logs_in_and_sees_their_municipality(client):
    membership = MembershipFactory()
    response = login_post(client, membership.user.username, PASSWORD)
    assert response.status_code == 302
    page = client.get(reverse("core:staff_home"))
    assert membership.municipality.name in page.content.decode()


def test_login_is_locked_after_repeated_failures_even_with_the_right_password(client, settings):
    settings.SOSLOKAL_LOGIN_MAX_FAILURES = 3
    user = UserFactory()
    for _ in range(3):
        assert login_post(client, user.username, "wrong").status_code == 400
    response = login_post(client, user.username, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_admin_logs_in_through_the_throttled_login(client, settings, django_user_model):
    settings.SOSLOKAL_LOGIN_MAX_FAILURES = 3
    operator = django_user_model.objects.create_superuser("operator", password=PASSWORD)
    response = client.get("/admin/")
    assert response.status_code == 302
    login_page = client.get(response["Location"])
    assert login_page.status_code == 302
    assert login_page["Location"] == reverse("core:login") + "?next=/admin/"
    for _ in range(3):
        login_post(client, operator.username, "wrong")
    client.post("/admin/login/", {"username": operator.username, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert login_post(client, operator.username, PASSWORD).status_code == 429


def test_login_redirects_only_to_this_site(client):
    user = UserFactory()
    response = client.post(
        reverse("core:login"),
        {"username": user.username, "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("core:staff_home")


def test_a_viewer_may_not_manage_members(client):
    membership = MembershipFactory(role=Membership.Role.VIEWER)
    client.force_login(membership.user)
    url = reverse("core:staff_members", args=[membership.municipality.number])
    assert client.get(url).status_code == 403
    membership.role = Membership.Role.ADMIN
    membership.save()
    assert client.get(url).status_code == 200


def test_an_area_page_shows_its_population(client):
    membership = MembershipFactory()
    area = AreaFactory(municipality=membership.municipality)
    client.force_login(membership.user)
    response = client.get(reverse("core:staff_area", args=[area.municipality.number, area.pk]))
    assert response.status_code == 200
    assert "Vi har ikke folketall for dette området." in response.content.decode()


@pytest.mark.parametrize(
    ("language", "heading"),
    [("nb", "Fant ikke siden"), ("nn", "Fann ikkje sida"), ("en", "Page not found")],
)
def test_the_404_page_speaks_the_chosen_language(client, language, heading):
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert heading in response.content.decode()
    assert f'lang="{language}"' in response.content.decode()


@pytest.mark.parametrize(
    ("language", "heading"),
    [("nb", "Noe gikk galt"), ("nn", "Noko gjekk gale"), ("en", "Something went wrong")],
)
def test_the_500_page_speaks_the_chosen_language(language, heading):
    request = RequestFactory().get("/")
    with translation.override(language):
        response = server_error(request)
    assert response.status_code == 500
    assert heading in response.content.decode()


def test_the_language_choice_persists_across_pages(client):
    response = client.post(reverse("set_language"), {"language": "nn", "next": "/framework/"})
    assert response.status_code == 302
    cookie = response.cookies["django_language"]
    assert cookie.value == "nn"
    assert int(cookie["max-age"]) >= 30 * 24 * 3600
    assert 'lang="nn"' in client.get("/accessibility/").content.decode()


def test_bokmal_is_the_default_language_whatever_the_browser_asks(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="nb"' in response.content.decode()
    assert response["Content-Language"] == "nb"


def test_every_page_sends_a_strict_content_security_policy(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


def test_an_administrator_adds_a_new_colleague_who_can_then_log_in(client):
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    client.force_login(admin.user)
    url = reverse("core:staff_members", args=[admin.municipality.number])
    response = client.post(url, {"username": "kari", "role": "analyst"}, follow=True)
    shown = re.search(r"Det første passordet er (\S+) –", response.content.decode())
    assert shown, "the new password is shown once"
    membership = Membership.objects.get(user__username="kari")
    assert membership.role == Membership.Role.ANALYST
    assert membership.user.check_password(html.unescape(shown.group(1)))
    assert shown.group(1) not in client.get(url).content.decode()


def test_an_administrator_changes_a_role_and_removes_a_member(client):
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    other = MembershipFactory(municipality=admin.municipality)
    client.force_login(admin.user)
    url = reverse("core:staff_member_change", args=[admin.municipality.number, other.pk])
    client.post(url, {"action": "role", "role": "facilitator"})
    other.refresh_from_db()
    assert other.role == Membership.Role.FACILITATOR
    client.post(url, {"action": "remove"})
    assert not Membership.objects.filter(pk=other.pk).exists()


def test_the_last_administrator_cannot_step_down(client):
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    client.force_login(admin.user)
    url = reverse("core:staff_member_change", args=[admin.municipality.number, admin.pk])
    response = client.post(url, {"action": "role", "role": "viewer"}, follow=True)
    admin.refresh_from_db()
    assert admin.role == Membership.Role.ADMIN
    assert "minst én administrator" in response.content.decode()


def test_adding_without_a_username_says_so_and_changes_nothing(client):
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    client.force_login(admin.user)
    url = reverse("core:staff_members", args=[admin.municipality.number])
    response = client.post(url, {"username": "", "role": "viewer"})
    assert response.status_code == 400
    assert Membership.objects.count() == 1


def test_a_user_changes_their_password(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    response = client.post(
        reverse("core:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a much longer passphrase 42",
            "new_password2": "a much longer passphrase 42",
        },
    )
    assert response.status_code == 302
    membership.user.refresh_from_db()
    assert membership.user.check_password("a much longer passphrase 42")
