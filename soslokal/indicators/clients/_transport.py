"""What every statistics client shares: one httpx client with timeouts, retries with backoff,
a client-side rate limiter, an on-disk response cache and a progress callback.

Private: the clients (``ssb``, ``fhi``, ``klass``) are the public surface. Every wait goes through
an injectable ``sleep`` and every time reading through an injectable ``clock``, so tests run
without waiting.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import os
import random
import tempfile
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

Sleep = Callable[[float], None]
Clock = Callable[[], float]
Progress = Callable[[int, int, str], None]
"""Called as ``progress(done, total, what)`` after each call of a multi-call operation."""

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 300.0  # seconds: a longer Retry-After is taken as this


class ClientError(Exception):
    """A statistics API gave no usable answer. The message names the request and the reason."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class RateLimiter:
    """At most ``calls`` requests in any ``period`` seconds (a sliding window): before a call
    that would exceed it, sleeps until the oldest call in the window is ``period`` old."""

    def __init__(
        self,
        calls: int,
        period: float,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
    ) -> None:
        if calls < 1 or period <= 0:
            raise ValueError("a rate limit needs at least one call per positive period")
        self.calls = calls
        self.period = period
        self._clock = clock
        self._sleep = sleep
        self._times: deque[float] = deque()

    def wait(self) -> float:
        """Wait until one more call is allowed, record it, and return how long it waited."""
        now = self._clock()
        while self._times and now - self._times[0] >= self.period:
            self._times.popleft()
        waited = 0.0
        if len(self._times) >= self.calls:
            waited = self.period - (now - self._times[0])
            self._sleep(waited)
            now = self._clock()
            self._times.popleft()
        self._times.append(now)
        return waited


class ResponseCache:
    """Successful answers on disk, one file per request: the key is the method, the URL with its
    query and a hash of the body. Delete the directory to empty it."""

    def __init__(self, directory: Path | str) -> None:
        self.directory = Path(directory)

    @staticmethod
    def key(method: str, url: str, body: bytes) -> str:
        digest = hashlib.sha256(body).hexdigest()
        return hashlib.sha256(f"{method.upper()} {url} {digest}".encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.body"

    def get(self, key: str) -> bytes | None:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            return None

    def put(self, key: str, content: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write beside it and rename, so a reader never sees half a file.
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        Path(temporary).replace(path)


@dataclass
class Transport:
    """One base URL behind retries, rate limiting and caching. Use as a context manager or call
    :meth:`close`; a ``client`` passed in is left open (its owner closes it)."""

    base_url: str
    timeout: float = 30.0
    retries: int = 4
    backoff: float = 1.0
    max_backoff: float = 60.0
    rate_limiter: RateLimiter | None = None
    cache: ResponseCache | None = None
    sleep: Sleep = time.sleep
    jitter: Callable[[], float] = random.random
    transport: httpx.BaseTransport | None = None
    client: httpx.Client | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    _owned: bool = field(default=False, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.client is None:
            self.client = httpx.Client(
                transport=self.transport,
                timeout=self.timeout,
                headers={"User-Agent": "SOSLOKAL statistics client", **self.headers},
                follow_redirects=True,
            )
            self._owned = True

    def close(self) -> None:
        if self._owned and self.client is not None:
            self.client.close()

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def url(self, path: str) -> str:
        return f"{self.base_url.rstrip('/')}/{path.lstrip('/')}"

    def get_json(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        return _json(self.request("GET", path, params=params), self.url(path))

    def post_json(self, path: str, body: Any, params: Mapping[str, Any] | None = None) -> bytes:
        """POST ``body`` as JSON and return the raw answer (the caller parses it)."""
        return self.request("POST", path, params=params, body=body)

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
    ) -> bytes:
        """The answer's body, from the cache or from the API after up to ``retries`` retries."""
        assert self.client is not None  # noqa: S101  # set in __post_init__
        content = b"" if body is None else json.dumps(body, ensure_ascii=False).encode()
        request = self.client.build_request(
            method,
            self.url(path),
            params={key: value for key, value in (params or {}).items() if value is not None},
            content=content or None,
            headers={"Content-Type": "application/json"} if content else None,
        )
        where = f"{method} {request.url}"
        key = ResponseCache.key(method, str(request.url), content)
        if self.cache is not None and (cached := self.cache.get(key)) is not None:
            return cached
        attempts = self.retries + 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            if self.rate_limiter is not None:
                self.rate_limiter.wait()
            try:
                response = self.client.send(request)
            except httpx.TransportError as error:
                if last:
                    raise ClientError(
                        f"{where}: {type(error).__name__} ({error or 'no detail'}); "
                        f"gave up after {attempts} attempts"
                    ) from error
                self.sleep(self._delay(attempt, None))
                continue
            if response.status_code in RETRY_STATUSES and not last:
                self.sleep(self._delay(attempt, response))
                continue
            if response.status_code >= 400:
                tried = (
                    f" after {attempts} attempts" if response.status_code in RETRY_STATUSES else ""
                )
                raise ClientError(
                    f"{where}: HTTP {response.status_code} {response.reason_phrase}{tried}"
                    f"{_detail(response)}",
                    status=response.status_code,
                )
            if self.cache is not None:
                self.cache.put(key, response.content)
            return response.content
        raise AssertionError("unreachable")  # pragma: no cover

    def _delay(self, attempt: int, response: httpx.Response | None) -> float:
        """Retry-After when the server says how long; otherwise exponential backoff with
        jitter: between half and all of ``backoff · 2^attempt``, at most ``max_backoff``."""
        if response is not None:
            after = _retry_after(response.headers.get("Retry-After"))
            if after is not None:
                return after
        ceiling = min(self.max_backoff, self.backoff * 2.0**attempt)
        return ceiling * (0.5 + self.jitter() / 2)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            moment = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = moment.timestamp() - time.time()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def _detail(response: httpx.Response) -> str:
    """The API's own explanation (problem+json ``detail``/``title``, or the start of the body)."""
    try:
        problem = response.json()
    except ValueError:
        text = response.text.strip()
        return f": {text[:200]}" if text else ""
    if isinstance(problem, Mapping):
        said = problem.get("detail") or problem.get("title") or problem.get("message")
        if said:
            return f": {said}"
    return ""


def _json(content: bytes, where: str) -> Any:
    try:
        return json.loads(content)
    except ValueError as error:
        raise ClientError(f"GET {where}: the answer is not JSON ({error})") from error
