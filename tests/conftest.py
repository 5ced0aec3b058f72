import pytest
from django.core.cache import cache
from django.db import connection

from soslokal.framework.services import DEFAULT_FRAMEWORK_FILE, framework_load_file
from soslokal.surveys.selectors import form_cache_clear


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, with one step before PostgreSQL drops it.

    Playwright's sync API runs an event loop in the test thread, and Django keeps database
    connections per execution context, so a browser test session can leave one connection of
    the test thread behind in a context that no longer runs. PostgreSQL refuses to drop a
    database with a session open, so such leftovers are ended here first."""
    yield
    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


@pytest.fixture(autouse=True)
def _quick_passwords(settings):
    """A password hash costs about a second by design (Django's PBKDF2, a million rounds), and
    the tests make hundreds: users from factories, the demo's three staff users, logins. The
    site itself keeps Django's default hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clear_cache():
    """Login throttling counts live in the cache, and the answer form keeps what it read in
    the process; no test sees another's."""
    cache.clear()
    form_cache_clear()
    yield
    cache.clear()
    form_cache_clear()


@pytest.fixture
def framework(db):
    return framework_load_file(path=DEFAULT_FRAMEWORK_FILE).version
