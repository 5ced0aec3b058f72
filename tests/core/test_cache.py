import secrets

import pytest
import redis

from soslokal.core.cache import ProcessMemo, RedisCache, cache_count

REDIS_URL = "redis://127.0.0.1:6379/15"


def test_counts_in_the_default_cache_go_up_per_key():
    assert [cache_count("a", timeout=60) for _ in range(3)] == [1, 2, 3]
    assert cache_count("b", timeout=60) == 1


@pytest.fixture
def redis_cache():
    backend = RedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{secrets.token_hex(4)}"})
    try:
        backend.get("ping")
    except redis.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    yield backend
    backend.delete_many(["visits", "other"])


def test_a_redis_count_goes_up_and_expires_from_its_first_count(redis_cache):
    assert [redis_cache.count("visits", 120) for _ in range(3)] == [1, 2, 3]
    assert redis_cache.get("visits") == 3
    client = redis_cache._cache.get_client(write=True)
    ttl = client.ttl(redis_cache.make_and_validate_key("visits"))
    assert 0 < ttl <= 120
    assert redis_cache.count("other", 120) == 1


def test_the_redis_client_is_made_once(redis_cache):
    client = redis_cache._cache
    assert client.get_client("a", write=True) is client.get_client("b", write=True)


def test_a_process_memo_keeps_a_value_for_its_seconds_and_forgets_it_on_clear(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr("soslokal.core.cache.time.monotonic", lambda: now[0])
    memo = ProcessMemo(seconds=5)
    made = []

    def make():
        made.append(1)
        return len(made)

    assert [memo.get("k", make), memo.get("k", make)] == [1, 1]
    now[0] += 4.9
    assert memo.get("k", make) == 1
    now[0] += 0.2  # five seconds after it was made
    assert memo.get("k", make) == 2
    memo.clear()
    assert memo.get("k", make) == 3
    assert memo.get("other", make) == 4


def test_a_process_memo_holds_at_most_its_size():
    memo = ProcessMemo(seconds=60, size=3)
    for key in range(10):
        memo.get(key, lambda key=key: key)
    assert len(memo._values) <= 3
    assert memo.get(9, lambda: -1) == 9
