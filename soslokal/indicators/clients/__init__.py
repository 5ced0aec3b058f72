"""Clients for the statistics APIs SOSLOKAL reads: ``ssb`` (PxWebApi v2), ``fhi`` (the FHI open
API) and ``klass`` (SSB's classifications). Pure Python over httpx, no Django.

All three share one private transport: timeouts, retries with exponential backoff and jitter on
429, 5xx and connection errors (honouring ``Retry-After``), an optional on-disk response cache,
and (SSB) a client-side limit of 30 calls per 60 seconds. A failed request raises
:class:`ClientError`.
"""

from typing import TextIO

from soslokal.indicators.clients._transport import ClientError, Progress, RateLimiter, ResponseCache

__all__ = ["ClientError", "Progress", "RateLimiter", "ResponseCache", "progress_bar"]


def progress_bar(stream: TextIO, *, width: int = 30) -> Progress:
    """A ``progress`` callback that draws ``SSB 07459 [#########.....] 3/5`` on ``stream``
    (standard error in the command), redrawn in place, ending the line when done."""

    def show(done: int, total: int, what: str) -> None:
        filled = width * done // total if total else width
        stream.write(f"\r{what} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return show
