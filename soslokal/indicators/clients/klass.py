"""KLASS, Statistics Norway's classification service (``https://data.ssb.no/api/klass/v1``).

``KlassClient.codes(classification, at)`` gives the codes in force on a date and
``changes(classification, from_date, to_date)`` every code change between two dates, such as
the 2020 and 2024 municipal reforms: ``CodeChange("0706", "Sandefjord", "3907", "Sandefjord",
date(2020, 1, 1))``. A code split in two appears as two changes with the same old code; a merger
as several with the same new code.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import httpx

from soslokal.indicators.clients._transport import ClientError, ResponseCache, Sleep, Transport

BASE_URL = "https://data.ssb.no/api/klass/v1"
MUNICIPALITIES = 131
COUNTIES = 104
CITY_DISTRICTS = 103
BASIC_UNITS = 1


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    valid_from: date | None
    valid_to: date | None
    parent: str | None = None


class CodeChange(NamedTuple):
    old_code: str
    old_name: str
    new_code: str
    new_name: str
    date: date


class KlassClient:
    def __init__(
        self,
        *,
        base_url: str = BASE_URL,
        language: str = "nb",
        timeout: float = 30.0,
        retries: int = 4,
        cache_dir: Path | str | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Sleep = time.sleep,
    ) -> None:
        self.language = language
        self._http = Transport(
            base_url=base_url,
            timeout=timeout,
            retries=retries,
            cache=None if cache_dir is None else ResponseCache(cache_dir),
            sleep=sleep,
            transport=transport,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> KlassClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def codes(self, classification: int | str, at: date) -> list[Code]:
        """The classification's codes in force on ``at``."""
        path = f"classifications/{classification}/codesAt.json"
        answer = self._http.get_json(path, {"date": at.isoformat(), "language": self.language})
        return [
            Code(
                code=str(item["code"]),
                name=str(item.get("name") or ""),
                valid_from=_date(item.get("validFrom") or item.get("validFromInRequestedRange")),
                valid_to=_date(item.get("validTo") or item.get("validToInRequestedRange")),
                parent=item.get("parentCode") or None,
            )
            for item in _items(answer, "codes", path)
            if item.get("code")
        ]

    def changes(
        self, classification: int | str, from_date: date, to_date: date | None = None
    ) -> list[CodeChange]:
        """Every code change from ``from_date`` (up to ``to_date``, or today), oldest first."""
        path = f"classifications/{classification}/changes.json"
        answer = self._http.get_json(
            path,
            {
                "from": from_date.isoformat(),
                "to": to_date.isoformat() if to_date else None,
                "language": self.language,
            },
        )
        found = []
        for item in _items(answer, "codeChanges", path):
            occurred = _date(item.get("changeOccurred"))
            if occurred is None:
                raise ClientError(f"GET {path}: a change without a date: {dict(item)}")
            found.append(
                CodeChange(
                    old_code=str(item.get("oldCode") or ""),
                    old_name=str(item.get("oldName") or ""),
                    new_code=str(item.get("newCode") or ""),
                    new_name=str(item.get("newName") or ""),
                    date=occurred,
                )
            )
        return sorted(found, key=lambda change: (change.date, change.old_code, change.new_code))


def _items(answer: Any, key: str, path: str) -> list[Mapping[str, Any]]:
    items = answer.get(key) if isinstance(answer, Mapping) else None
    if not isinstance(items, list):
        raise ClientError(f"GET {path}: the answer has no {key}")
    return [item for item in items if isinstance(item, Mapping)]


def _date(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
