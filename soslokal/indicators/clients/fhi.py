"""The FHI open API (``https://statistikk-data.fhi.no/api/open/v1``): public-health statistics.

``FhiClient.tables(source)`` lists a source's tables (``nokkel`` holds the public-health
profile's indicators), ``query(source, table_id)`` gives the body that asks for a whole table,
and ``data(source, table_id, dimensions)`` posts FHI's body format and returns the json-stat2
answer parsed. FHI's answers differ from SSB's: ``category.index`` is a list, periods look like
``2022_2024`` and ``source``/``role`` are often null; the one parser reads both.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx

from soslokal.indicators import jsonstat
from soslokal.indicators.clients._transport import (
    ClientError,
    Progress,
    ResponseCache,
    Sleep,
    Transport,
)

BASE_URL = "https://statistikk-data.fhi.no/api/open/v1"
_TOP = re.compile(r"^(top|bottom)\((\d+)\)$", re.IGNORECASE)


@dataclass(frozen=True)
class FhiTable:
    id: str
    title: str
    published_at: str | None
    modified_at: str | None


def dimension_filter(code: str, values: Sequence[str]) -> dict[str, Any]:
    """One entry of FHI's ``dimensions`` list: ``["*"]`` or any value with ``*`` asks with the
    ``all`` filter, a single ``top(n)``/``bottom(n)`` with that filter, anything else lists the
    items. (FHI's ``bottom(n)`` gives the newest periods.)"""
    if isinstance(values, str):
        raise ValueError(f"the values of {code} must be a list, not a text")
    if len(values) == 1 and (match := _TOP.match(values[0])):
        return {"code": code, "filter": match.group(1).lower(), "values": [match.group(2)]}
    if any("*" in value for value in values):
        return {"code": code, "filter": "all", "values": list(values)}
    return {"code": code, "filter": "item", "values": list(values)}


class FhiClient:
    def __init__(
        self,
        *,
        base_url: str = BASE_URL,
        timeout: float = 60.0,
        retries: int = 4,
        cache_dir: Path | str | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Sleep = time.sleep,
        progress: Progress | None = None,
    ) -> None:
        self.progress = progress
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

    def __enter__(self) -> FhiClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def tables(self, source: str, *, modified_after: date | None = None) -> list[FhiTable]:
        answer = self._http.get_json(
            f"{source}/table",
            {"modifiedAfter": modified_after.isoformat() if modified_after else None},
        )
        if not isinstance(answer, list):
            raise ClientError(f"GET {source}/table: the answer is not a list of tables")
        return [
            FhiTable(
                id=str(table.get("tableId")),
                title=str(table.get("title") or ""),
                published_at=table.get("publishedAt"),
                modified_at=table.get("modifiedAt"),
            )
            for table in answer
            if isinstance(table, Mapping) and table.get("tableId") is not None
        ]

    def query(self, source: str, table_id: str | int) -> dict[str, Any]:
        """FHI's own body for the whole table (every dimension, every category)."""
        answer = self._http.get_json(f"{source}/table/{table_id}/query")
        if not isinstance(answer, dict) or not isinstance(answer.get("dimensions"), list):
            raise ClientError(f"GET {source}/table/{table_id}/query: no dimensions in the answer")
        return answer

    def data(
        self,
        source: str,
        table_id: str | int,
        dimensions: Mapping[str, Sequence[str]],
        *,
        max_rows: int | None = None,
    ) -> jsonstat.Dataset:
        """The selected cells as a dataset; ``dimensions`` maps each dimension code (``GEO``,
        ``AAR``, ``KJONN``, ``ALDER``, ``MEASURE_TYPE``, …) to its values."""
        response: dict[str, Any] = {"format": "json-stat2"}
        if max_rows is not None:
            response["maxRowCount"] = max_rows
        body = {
            "dimensions": [dimension_filter(code, values) for code, values in dimensions.items()],
            "response": response,
        }
        path = f"{source}/table/{table_id}/data"
        content = self._http.post_json(path, body)
        try:
            dataset = jsonstat.parse(content)
        except jsonstat.JsonStatError as error:
            raise ClientError(f"POST {path}: {error}") from error
        if self.progress is not None:
            self.progress(1, 1, f"FHI {source} {table_id}")
        return dataset
