"""Sessions in Redis (soslokal.core.sessions): Django's cache sessions, a round trip fewer."""

import secrets

import pytest
import redis
from django.contrib.sessions.backends.base import UpdateError
from django.test import override_settings

from soslokal.core import sessions
from soslokal.core.sessions import SessionStore

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_sessions():
    cache = {
        "BACKEND": "soslokal.core.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": f"test-{secrets.token_hex(4)}",
    }
    with override_settings(CACHES={"default": cache}):
        store = SessionStore()
        try:
            store._cache.get("ping")
        except redis.ConnectionError:
            pytest.skip("no Redis at 127.0.0.1:6379")
        yield store._cache


def test_a_session_is_written_and_read_back(redis_sessions):
    store = SessionStore()
    store["survey:abc"] = {"answers": {"1": {"score": 4}}}
    store.save()
    key = store.session_key
    again = SessionStore(key)
    assert again["survey:abc"] == {"answers": {"1": {"score": 4}}}
    again["survey:abc"] = {"answers": {"1": {"score": 5}}}
    again.save()
    assert SessionStore(key)["survey:abc"] == {"answers": {"1": {"score": 5}}}
    ttl = redis_sessions._cache.get_client(write=True).ttl(
        redis_sessions.make_and_validate_key(store.cache_key)
    )
    assert 0 < ttl <= again.get_expiry_age()


def test_writing_a_session_asks_nothing_first(redis_sessions, monkeypatch):
    store = SessionStore()
    store["a"] = 1
    store.save()
    store = SessionStore(store.session_key)
    store["a"] = 2
    monkeypatch.setattr(redis_sessions, "get", lambda *a, **kw: pytest.fail("read on write"))
    monkeypatch.setattr(SessionStore, "exists", lambda *a: pytest.fail("looked up the key"))
    store.save()
    assert SessionStore().create() is None  # a new session: added, not looked up first


def test_a_session_ended_meanwhile_is_not_written_back(redis_sessions):
    store = SessionStore()
    store["a"] = 1
    store.save()
    other = SessionStore(store.session_key)
    other["a"] = 2
    store.delete()  # ended in another request (a send, a logout)
    with pytest.raises(UpdateError):
        other.save()
    assert SessionStore(store.session_key).load() == {}


def test_a_new_key_never_takes_an_existing_sessions_place(redis_sessions, monkeypatch):
    first = SessionStore()
    first["mine"] = "yes"
    first.save()
    keys = iter([first.session_key, "b" * 32])
    monkeypatch.setattr(sessions, "get_random_string", lambda *a: next(keys))
    second = SessionStore()
    second["other"] = "no"
    second.save()
    assert second.session_key == "b" * 32
    assert SessionStore(first.session_key)["mine"] == "yes"
    SessionStore().delete("b" * 32)
