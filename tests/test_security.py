import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

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
