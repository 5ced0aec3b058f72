import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import Resolver404, resolve

PROJECT = Path(__file__).resolve().parent.parent


def run_soslokal(*args, **env):
    # The browser tests' async-safety switch must not leak into a production check.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "soslokal", *args],
        cwd=PROJECT,
        env={**inherited, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deployment_check():
    result = run_soslokal(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SOSLOKAL_ENV="production",
        SOSLOKAL_SECRET_KEY=secrets.token_urlsafe(60),
        SOSLOKAL_ALLOWED_HOSTS="soslokal.example.no",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_soslokal("check", SOSLOKAL_ENV="production", SOSLOKAL_SECRET_KEY="")
    assert result.returncode != 0
    assert "SOSLOKAL_SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_session_cookies_are_http_only(client, django_user_model):
    django_user_model.objects.create_user("anne", password="correct horse battery")
    response = client.post("/login/", {"username": "anne", "password": "correct horse battery"})
    assert response.cookies["sessionid"]["httponly"]


def test_no_secret_is_committed():
    tracked = subprocess.run(
        ["git", "ls-files"],  # noqa: S607
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    assert "var/dev-secret-key" not in tracked
    settings_text = (PROJECT / "soslokal" / "settings.py").read_text()
    assert "django-insecure" not in settings_text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/s/ab%00c/",
        "/s/ab%00c/check/",
        "/indicators/40%0003/",
        "/indicators/40%0003.csv",
        "/municipalities/40%0003/",
        "/results/1/?by=age%00band",
    ],
)
def test_a_nul_character_in_an_address_is_not_found_not_a_crash(client, path):
    # PostgreSQL refuses text holding NUL; the address never reaches a query.
    assert client.get(path).status_code == 404
    assert client.post(path, {"token": "a\x00b"}).status_code == 404


TOO_LARGE = "99999999999999999999"  # past any 64-bit integer column


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        f"/briefs/4003/{TOO_LARGE}/",
        f"/briefs/4003/{TOO_LARGE}/v1/",
        f"/briefs/4003/1/v{TOO_LARGE}/brief.pdf",
        f"/results/{TOO_LARGE}/",
        f"/evidence/{TOO_LARGE}/",
        f"/s/abc/theme/{TOO_LARGE}/",
        f"/municipalities/4003/areas/{TOO_LARGE}/",
    ],
)
def test_an_id_too_large_for_the_database_is_not_found_not_a_crash(client, path):
    # A lookup through a foreign key with such a number fails in the database itself.
    assert client.get(path).status_code == 404


def test_the_largest_id_the_addresses_take_fits_the_database():
    assert int("9" * 18) < 2**63 - 1
    assert resolve("/briefs/4003/" + "9" * 18 + "/").kwargs["brief_id"] == int("9" * 18)
    with pytest.raises(Resolver404):
        resolve("/briefs/4003/" + "9" * 19 + "/")


@pytest.mark.django_db
def test_a_forged_token_with_nul_is_never_looked_up(client, framework):
    from tests.factories import ChannelFactory

    channel = ChannelFactory()
    response = client.post(f"/s/{channel.code}/check/", {"token": "a\x00b" * 8})
    assert response.status_code == 302
