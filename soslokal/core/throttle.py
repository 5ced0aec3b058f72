"""Login throttling: one place that counts failed logins per username and per client.

Counts live in the cache (shared between app servers when ``REDIS_URL`` is set). Client
addresses are hashed before they become cache keys and are never written to the database."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

_PREFIX = "login-failures"


def _keys(request: HttpRequest, username: str) -> list[str]:
    client = request.META.get("REMOTE_ADDR", "")
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client}".encode()).hexdigest()[:32]
    user = hashlib.sha256(username.strip().casefold().encode()).hexdigest()[:32]
    return [f"{_PREFIX}:client:{digest}", f"{_PREFIX}:user:{user}"]


def login_is_locked(request: HttpRequest, username: str) -> bool:
    counts = cache.get_many(_keys(request, username))
    return any(count >= settings.SOSLOKAL_LOGIN_MAX_FAILURES for count in counts.values())


def login_failure_record(request: HttpRequest, username: str) -> None:
    for key in _keys(request, username):
        if cache.add(key, 1, timeout=settings.SOSLOKAL_LOGIN_WINDOW_SECONDS):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=settings.SOSLOKAL_LOGIN_WINDOW_SECONDS)


def login_failures_clear(request: HttpRequest, username: str) -> None:
    # Only the username's count: a shared client address (a library, a school) stays counted.
    cache.delete(_keys(request, username)[1])
