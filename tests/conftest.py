import pytest
from django.core.cache import cache

from soslokal.framework.services import DEFAULT_FRAMEWORK_FILE, framework_load_file


@pytest.fixture(autouse=True)
def _clear_cache():
    """Login throttling counts live in the cache; no test sees another's."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def framework(db):
    return framework_load_file(path=DEFAULT_FRAMEWORK_FILE).version
