"""The shared transport: retries with backoff, Retry-After, the rate limiter and the cache."""

import httpx
import pytest

from soslokal.indicators.clients._transport import (
    ClientError,
    RateLimiter,
    ResponseCache,
    Transport,
)


class FakeTime:
    """A clock that only moves when someone sleeps."""

    def __init__(self):
        self.now = 1000.0
        self.slept = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


def transport(handler, **options):
    options.setdefault("sleep", FakeTime().sleep)
    options.setdefault("jitter", lambda: 0.0)
    return Transport(
        base_url="https://api.test/v1", transport=httpx.MockTransport(handler), **options
    )


def test_429_then_200_waits_as_retry_after_says():
    answers = [httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200, json=[1])]
    time = FakeTime()
    with transport(lambda request: answers.pop(0), sleep=time.sleep) as http:
        assert http.get_json("things") == [1]
    assert time.slept == [7.0]


def test_retry_after_as_a_date_in_the_past_means_no_wait():
    answers = [
        httpx.Response(503, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}),
        httpx.Response(200, json={}),
    ]
    time = FakeTime()
    with transport(lambda request: answers.pop(0), sleep=time.sleep) as http:
        http.get_json("things")
    assert time.slept == [0.0]


def test_503_until_retries_are_exhausted_is_a_clear_error():
    calls = []

    def handler(request):
        calls.append(request)
        return httpx.Response(503, json={"title": "Service Unavailable", "detail": "Maintenance"})

    time = FakeTime()
    with (
        transport(handler, sleep=time.sleep, retries=3) as http,
        pytest.raises(ClientError) as caught,
    ):
        http.get_json("things", {"lang": "no"})
    assert len(calls) == 4
    # Exponential backoff: half of 1, 2 and 4 seconds with the jitter at its lowest.
    assert time.slept == [0.5, 1.0, 2.0]
    message = str(caught.value)
    assert message == (
        "GET https://api.test/v1/things?lang=no: HTTP 503 Service Unavailable after 4 attempts: "
        "Maintenance"
    )
    assert caught.value.status == 503


def test_jitter_keeps_each_delay_between_half_and_all_of_the_backoff():
    answers = [httpx.Response(500)] * 5 + [httpx.Response(200, json={})]
    time = FakeTime()
    with transport(
        lambda request: answers.pop(0),
        sleep=time.sleep,
        jitter=lambda: 1.0,
        max_backoff=10,
        retries=5,
    ) as http:
        http.get_json("things")
    assert time.slept == [1.0, 2.0, 4.0, 8.0, 10.0]


def test_connection_errors_are_retried_then_reported():
    failures = [httpx.ConnectError("refused")] * 2

    def handler(request):
        if failures:
            raise failures.pop()
        return httpx.Response(200, json={"ok": True})

    with transport(handler) as http:
        assert http.get_json("things") == {"ok": True}

    def always(request):
        raise httpx.ReadTimeout("slow")

    with transport(always, retries=1) as http, pytest.raises(ClientError) as caught:
        http.get_json("things")
    assert str(caught.value) == (
        "GET https://api.test/v1/things: ReadTimeout (slow); gave up after 2 attempts"
    )


def test_client_errors_are_not_retried_and_carry_the_apis_explanation():
    calls = []

    def handler(request):
        calls.append(request)
        return httpx.Response(
            400, json={"title": "Bad Request", "detail": "Value xxx is not valid for Region"}
        )

    with transport(handler) as http, pytest.raises(ClientError, match="is not valid for Region"):
        http.post_json("tables/1/data", {"selection": []})
    assert len(calls) == 1


def test_an_answer_that_is_not_json_is_a_client_error():
    html = httpx.Response(200, text="<html>")
    with transport(lambda request: html) as http, pytest.raises(ClientError, match="not JSON"):
        http.get_json("things")


def test_rate_limiter_sleeps_when_a_31st_call_falls_within_the_minute():
    time = FakeTime()
    limiter = RateLimiter(30, 60.0, clock=time.clock, sleep=time.sleep)
    for _ in range(30):
        limiter.wait()
        time.now += 1.0  # 30 calls, one a second
    assert time.slept == []
    waited = limiter.wait()
    # The first call was at 1000 s; the 31st may go at 1060 s, and it is now 1030 s.
    assert waited == pytest.approx(30.0)
    assert time.slept == [pytest.approx(30.0)]
    limiter.wait()
    assert len(time.slept) == 2  # the 32nd waits for the second call to leave the window


def test_rate_limiter_does_not_sleep_when_calls_are_spread_out():
    time = FakeTime()
    limiter = RateLimiter(30, 60.0, clock=time.clock, sleep=time.sleep)
    for _ in range(100):
        limiter.wait()
        time.now += 2.0
    assert time.slept == []


def test_cache_hit_avoids_the_network(tmp_path):
    calls = []

    def handler(request):
        calls.append(request)
        return httpx.Response(200, json={"n": len(calls)})

    cache = ResponseCache(tmp_path / "cache")
    with transport(handler, cache=cache) as http:
        assert http.get_json("things", {"q": "a"}) == {"n": 1}
        assert http.get_json("things", {"q": "a"}) == {"n": 1}
        assert http.get_json("things", {"q": "b"}) == {"n": 2}
        assert http.post_json("things", {"x": 1}) == b'{"n":3}'
        assert http.post_json("things", {"x": 1}) == b'{"n":3}'
        assert http.post_json("things", {"x": 2}) == b'{"n":4}'
    assert len(calls) == 4
    # A new client with the same directory reads the same answers.
    with transport(handler, cache=ResponseCache(tmp_path / "cache")) as http:
        assert http.get_json("things", {"q": "a"}) == {"n": 1}
    assert len(calls) == 4


def test_failed_answers_are_not_cached(tmp_path):
    answers = [httpx.Response(404), httpx.Response(200, json={})]
    with transport(lambda request: answers.pop(0), cache=ResponseCache(tmp_path)) as http:
        with pytest.raises(ClientError, match="HTTP 404"):
            http.get_json("things")
        assert http.get_json("things") == {}


def test_cache_key_depends_on_method_url_and_body():
    key = ResponseCache.key
    assert key("GET", "https://a/x", b"") != key("POST", "https://a/x", b"")
    assert key("POST", "https://a/x", b"1") != key("POST", "https://a/x", b"2")
    assert key("get", "https://a/x", b"") == key("GET", "https://a/x", b"")
