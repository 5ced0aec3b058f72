"""The shared cache: Django's Redis cache with two savings, and one way to count in a window.

Every answer to a survey passes through here (its session, its flood count), so a round trip
or an object saved per operation shows in how many answers a server takes a second
(``bench/intake.py``)."""

import time
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

# Adds one and, on the first count, sets the expiry: atomic and one round trip. A plain INCR
# with an EXPIRE after it would be two, and a key could be left behind without expiry.
_COUNT_SCRIPT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""


class _Client(RedisCacheClient):
    """Keeps one ``redis.Redis`` per connection pool; Django makes a new one for every
    operation. A ``redis.Redis`` is safe to share between threads: each command takes its own
    connection from the pool."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}
        self._count_script: Any = None

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        # Django's own (private, untyped) pool handling, as its get_client does it.
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client

    def replace(self, key: str, value: Any, timeout: int) -> bool:
        client = self.get_client(key, write=True)
        value = self._serializer.dumps(value)  # type: ignore[attr-defined]
        return bool(client.set(key, value, ex=timeout, xx=True))

    def count(self, key: str, timeout: int) -> int:
        if self._count_script is None:
            self._count_script = self.get_client(write=True).register_script(_COUNT_SCRIPT)
        client = self.get_client(key, write=True)
        return int(self._count_script(keys=[key], args=[timeout], client=client))


class RedisCache(DjangoRedisCache):
    """``REDIS_URL``'s cache (``settings.CACHES``)."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _Client

    def replace(self, key: str, value: Any, timeout: int) -> bool:
        """Store ``value`` under ``key`` for ``timeout`` (> 0) seconds only if the key holds a
        value already, in one round trip (SET XX); whether it did."""
        key = self.make_and_validate_key(key)
        client: _Client = self._cache  # type: ignore[attr-defined]
        return client.replace(key, value, timeout)

    def count(self, key: str, timeout: int) -> int:
        key = self.make_and_validate_key(key)
        client: _Client = self._cache  # type: ignore[attr-defined]
        return client.count(key, timeout)


def cache_count(key: str, timeout: int) -> int:
    """Add one to the count under ``key`` and return it; the count is forgotten ``timeout``
    seconds after its first one. Shared between processes when the cache is Redis."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return backend.count(key, timeout)
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=timeout)
        return 1


class ProcessMemo(Generic[K, V]):
    """Values kept in this process's memory for ``seconds``, for reads on every request of a
    busy page that change seldom (a survey's settings, say) and would otherwise each cost a
    database query. ``clear`` forgets everything, for this process only: other processes
    see a change when their copy is ``seconds`` old. Safe to share between threads: at worst
    two threads make the same value at the same time."""

    def __init__(self, seconds: float, size: int = 1000) -> None:
        self.seconds = seconds
        self.size = size
        self._values: dict[K, tuple[float, V]] = {}

    def get(self, key: K, make: Callable[[], V]) -> V:
        now = time.monotonic()
        found = self._values.get(key)
        if found is not None and found[0] > now:
            return found[1]
        value = make()
        if len(self._values) >= self.size:
            self._values = {}  # bounded: a flood of unknown keys cannot grow it without end
        self._values[key] = (now + self.seconds, value)
        return value

    def clear(self) -> None:
        self._values = {}
