"""Sessions in the Redis cache (``SOSLOKAL_SESSIONS=cache``), with a round trip fewer per write.

Django's cache sessions ask the cache whether a session is still there before each write, and
whether a new key is free before adding it: two round trips where one will do. Every step of
the answer form writes its session, so this counts (``bench/intake_cpu.py``). The guarantees
stay as they were: a write to a session that has gone (ended in another request) fails with
``UpdateError`` and a new key never takes an existing session's place."""

from typing import Any

from django.contrib.sessions.backends.base import VALID_KEY_CHARS, UpdateError
from django.contrib.sessions.backends.cache import SessionStore as CacheSessionStore
from django.utils.crypto import get_random_string

from soslokal.core.cache import RedisCache


class SessionStore(CacheSessionStore):
    def _get_new_session_key(self) -> str:
        # Not looked up first: ``create`` adds it only if no session has it (SET NX) and draws
        # another key when one does.
        return str(get_random_string(32, VALID_KEY_CHARS))

    def save(self, must_create: bool = False) -> None:
        backend: Any = self._cache  # type: ignore[attr-defined]
        if must_create or self.session_key is None or not isinstance(backend, RedisCache):
            super().save(must_create=must_create)
            return
        data = self._get_session()  # type: ignore[attr-defined]
        age = self.get_expiry_age()
        if age <= 0:  # expired: Django's save removes it
            super().save()
            return
        # Written only if the session is still there (SET XX): the check and the write in one.
        if not backend.replace(self.cache_key, data, age):
            raise UpdateError
