"""Statistics Norway's PxWebApi v2 (``https://data.ssb.no/api/pxwebapi/v2``).

``SsbClient.tables(query)`` searches tables, ``metadata(table_id)`` describes one (its
dimensions, categories, units and the codelists each dimension offers), ``codelist(id)`` gives
one codelist (such as ``agg_KommSummer``, series summed to today's municipal borders) and
``data(table_id, selection)`` fetches cells by POST as a parsed :class:`~jsonstat.Dataset`.

SSB's limits are kept on the client side: at most 30 calls in any 60 seconds, and at most
800,000 cells per call — a bigger selection is split along its largest splittable dimension
(``Region`` or ``Tid``) into as many calls as it takes, and their answers are merged into one
dataset in the order of the selection. ``ContentsCode`` and ``Tid`` must always be selected.
"""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import product
from pathlib import Path
from typing import Any

import httpx

from soslokal.indicators import jsonstat
from soslokal.indicators.clients._transport import (
    ClientError,
    Clock,
    Progress,
    RateLimiter,
    ResponseCache,
    Sleep,
    Transport,
)

BASE_URL = "https://data.ssb.no/api/pxwebapi/v2"
MAX_CELLS = 800_000
CALLS_PER_WINDOW = 30
WINDOW_SECONDS = 60.0
REQUIRED = ("ContentsCode", "Tid")
SPLITTABLE = ("Region", "Tid")

Selection = Mapping[str, Sequence[str]]


class SelectionError(ValueError):
    """A selection SSB would refuse, or one this client cannot split; the message says why."""


@dataclass(frozen=True)
class TableInfo:
    """One table from a search."""

    id: str
    label: str
    updated: str | None
    first_period: str | None
    last_period: str | None
    variables: tuple[str, ...]
    time_unit: str | None
    discontinued: bool


@dataclass(frozen=True)
class CodelistRef:
    """A codelist a dimension offers (``vs_…`` value set or ``agg_…`` aggregation)."""

    id: str
    label: str
    type: str


@dataclass(frozen=True)
class TableMetadata:
    table_id: str
    metadata: jsonstat.Metadata
    codelists: dict[str, tuple[CodelistRef, ...]]  # dimension code -> codelists it offers
    eliminable: frozenset[str]  # dimensions a selection may leave out

    def dimension(self, code: str) -> jsonstat.Dimension:
        return self.metadata.dimension(code)


@dataclass(frozen=True)
class CodelistValue:
    code: str
    label: str
    value_map: tuple[str, ...]  # the table's own codes this value stands for


@dataclass(frozen=True)
class Codelist:
    id: str
    label: str
    type: str
    values: tuple[CodelistValue, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(value.code for value in self.values)


class SsbClient:
    """PxWebApi v2. Pass ``transport=httpx.MockTransport(…)`` in tests; ``cache_dir`` turns on
    the on-disk response cache; ``progress`` is told ``(done, total, what)`` after each data call.
    """

    def __init__(
        self,
        *,
        base_url: str = BASE_URL,
        lang: str | None = None,
        timeout: float = 60.0,
        retries: int = 4,
        cache_dir: Path | str | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Sleep = time.sleep,
        clock: Clock = time.monotonic,
        progress: Progress | None = None,
        max_cells: int = MAX_CELLS,
    ) -> None:
        self.lang = lang
        self.max_cells = max_cells
        self.progress = progress
        self._http = Transport(
            base_url=base_url,
            timeout=timeout,
            retries=retries,
            rate_limiter=RateLimiter(CALLS_PER_WINDOW, WINDOW_SECONDS, clock=clock, sleep=sleep),
            cache=None if cache_dir is None else ResponseCache(cache_dir),
            sleep=sleep,
            transport=transport,
        )
        self._metadata: dict[str, TableMetadata] = {}
        self._codelists: dict[str, Codelist] = {}

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SsbClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- discovery -----------------------------------------------------------------------

    def tables(
        self, query: str | None = None, *, page: int = 1, page_size: int = 100
    ) -> list[TableInfo]:
        """Tables whose metadata match ``query`` (one page of the search)."""
        answer = self._http.get_json(
            "tables",
            {"query": query, "lang": self.lang, "pageNumber": page, "pageSize": page_size},
        )
        if not isinstance(answer, Mapping) or not isinstance(answer.get("tables"), list):
            raise ClientError("GET tables: the answer has no list of tables")
        return [_table_info(table) for table in answer["tables"] if isinstance(table, Mapping)]

    def metadata(self, table_id: str) -> TableMetadata:
        """The table's dimensions, categories, units and codelists (asked once per client)."""
        if table_id not in self._metadata:
            content = self._http.request(
                "GET", f"tables/{table_id}/metadata", params={"lang": self.lang}
            )
            self._metadata[table_id] = _table_metadata(table_id, content)
        return self._metadata[table_id]

    def codelist(self, codelist_id: str) -> Codelist:
        if codelist_id not in self._codelists:
            answer = self._http.get_json(f"codelists/{codelist_id}", {"lang": self.lang})
            if not isinstance(answer, Mapping) or not isinstance(answer.get("values"), list):
                raise ClientError(f"GET codelists/{codelist_id}: the answer has no values")
            self._codelists[codelist_id] = Codelist(
                id=str(answer.get("id", codelist_id)),
                label=str(answer.get("label", "")),
                type=str(answer.get("type", "")),
                values=tuple(
                    CodelistValue(
                        code=str(value["code"]),
                        label=str(value.get("label", "")),
                        value_map=tuple(str(code) for code in value.get("valueMap") or ()),
                    )
                    for value in answer["values"]
                    if isinstance(value, Mapping) and "code" in value
                ),
            )
        return self._codelists[codelist_id]

    # --- data ----------------------------------------------------------------------------

    def data(
        self,
        table_id: str,
        selection: Selection,
        *,
        codelists: Mapping[str, str] | None = None,
    ) -> jsonstat.Dataset:
        """The selected cells of a table as one dataset.

        ``selection`` maps dimension codes to value codes or PxWebApi expressions (``*``,
        ``?``, ``top(n)``, ``bottom(n)``, ``from(x)``, ``to(x)``, ``range(x,y)``);
        ``codelists`` maps a dimension to the codelist its codes come from
        (``{"Region": "agg_KommSummer"}``). Above ``max_cells`` the request is split."""
        codelists = dict(codelists or {})
        _check_required(table_id, selection)
        if _all_plain(selection):
            counts = {code: len(values) for code, values in selection.items()}
            resolved: dict[str, list[str] | None] = {
                code: list(values) for code, values in selection.items()
            }
        else:
            resolved, counts = self._resolve(table_id, selection, codelists)
        chunks = _plan(dict(selection), resolved, counts, self.max_cells)
        datasets = []
        for done, chunk in enumerate(chunks, start=1):
            body = {
                "selection": [
                    {
                        "variableCode": code,
                        "valueCodes": list(values),
                        **({"codelist": codelists[code]} if code in codelists else {}),
                    }
                    for code, values in chunk.items()
                ]
            }
            content = self._http.post_json(
                f"tables/{table_id}/data",
                body,
                params={"lang": self.lang, "outputFormat": "json-stat2"},
            )
            try:
                datasets.append(jsonstat.parse(content))
            except jsonstat.JsonStatError as error:
                raise ClientError(f"POST tables/{table_id}/data: {error}") from error
            if self.progress is not None:
                self.progress(done, len(chunks), f"SSB {table_id}")
        return datasets[0] if len(datasets) == 1 else merge(datasets)

    def _resolve(
        self, table_id: str, selection: Selection, codelists: Mapping[str, str]
    ) -> tuple[dict[str, list[str] | None], dict[str, int]]:
        """Every selected dimension's codes (None where an expression can only be counted)
        and how many it gives, against the table's metadata or the codelist in use."""
        table = self.metadata(table_id)
        known = {dimension.code for dimension in table.metadata.dimensions}
        resolved: dict[str, list[str] | None] = {}
        counts: dict[str, int] = {}
        for code, values in selection.items():
            if code not in known:
                raise SelectionError(
                    f"table {table_id} has no dimension {code!r} "
                    f"(it has {', '.join(sorted(known))})"
                )
            if code in codelists:
                available = list(self.codelist(codelists[code]).codes)
            else:
                available = list(table.dimension(code).categories)
            resolved[code], counts[code] = _resolve(code, values, available)
        missing = known - set(selection) - table.eliminable
        if missing:
            raise SelectionError(
                f"table {table_id} needs a selection for {', '.join(sorted(missing))} "
                "(it cannot be left out)"
            )
        return resolved, counts


# --- selection: resolving, counting and splitting -------------------------------------------

_EXPRESSION = re.compile(r"^(top|bottom|from|to|range)\((.*)\)$", re.IGNORECASE)


def _check_required(table_id: str, selection: Selection) -> None:
    for code in REQUIRED:
        values = selection.get(code)
        if not values:
            raise SelectionError(
                f"SSB needs {' and '.join(REQUIRED)} in every selection; the selection for "
                f'table {table_id} has no {code} (use ["*"] for all)'
            )
    for code, values in selection.items():
        if isinstance(values, str):
            raise SelectionError(f"the selection of {code} must be a list of codes, not a text")


def _all_plain(selection: Selection) -> bool:
    return all(not _is_expression(value) for values in selection.values() for value in values)


def _is_expression(value: str) -> bool:
    return "*" in value or "?" in value or _EXPRESSION.match(value) is not None


def _resolve(
    code: str, values: Sequence[str], available: list[str]
) -> tuple[list[str] | None, int]:
    picked: list[str] = []
    counted_only = 0
    for value in values:
        match = _EXPRESSION.match(value)
        if match:
            kind, argument = match.group(1).lower(), match.group(2)
            if kind in ("top", "bottom"):
                try:
                    counted_only += min(int(argument), len(available))
                except ValueError:
                    raise SelectionError(f"{code}: {value} needs a whole number") from None
                continue
            picked += _span(code, kind, argument, available)
        elif "*" in value or "?" in value:
            pattern = re.compile(
                "^" + re.escape(value).replace(r"\*", ".*").replace(r"\?", ".") + "$"
            )
            picked += [candidate for candidate in available if pattern.match(candidate)]
        else:
            if value not in available:
                raise SelectionError(f"{code} has no value {value!r}")
            picked.append(value)
    unique = list(dict.fromkeys(picked))
    if counted_only:
        # top(n)/bottom(n) are left to SSB: counted, but this dimension is not split.
        return None, len(unique) + counted_only
    return unique, len(unique)


def _span(code: str, kind: str, argument: str, available: list[str]) -> list[str]:
    bounds = [part.strip() for part in argument.split(",")]
    for bound in bounds:
        if bound not in available:
            raise SelectionError(f"{code}: {kind}({argument}) names no value {bound!r}")
    if kind == "from":
        return available[available.index(bounds[0]) :]
    if kind == "to":
        return available[: available.index(bounds[0]) + 1]
    if len(bounds) != 2:
        raise SelectionError(f"{code}: range needs two values, range(first,last)")
    first, last = available.index(bounds[0]), available.index(bounds[1])
    return available[min(first, last) : max(first, last) + 1]


def _plan(
    selection: dict[str, Sequence[str]],
    resolved: Mapping[str, list[str] | None],
    counts: Mapping[str, int],
    max_cells: int,
) -> list[dict[str, Sequence[str]]]:
    """The selection as calls of at most ``max_cells`` cells each, split along the largest
    splittable dimension with known codes, and again along the next where one is not enough."""
    cells = math.prod(counts.values())
    if cells <= max_cells:
        return [selection]
    candidates = [
        code
        for code in SPLITTABLE
        if code in selection and resolved.get(code) is not None and counts[code] > 1
    ]
    if not candidates:
        raise SelectionError(
            f"the selection gives {cells:,} cells, more than the {max_cells:,} SSB gives in one "
            f"call, and cannot be split: list the codes of {' or '.join(SPLITTABLE)} "
            "explicitly (not top(n)/bottom(n)), or select less"
        )
    along = max(candidates, key=lambda code: counts[code])
    codes = resolved[along]
    assert codes is not None  # noqa: S101  # candidates have known codes
    per_code = cells // len(codes)
    size = max(1, max_cells // per_code)
    calls: list[dict[str, Sequence[str]]] = []
    for start in range(0, len(codes), size):
        part = codes[start : start + size]
        calls += _plan(
            {**selection, along: part},
            {**resolved, along: part},
            {**counts, along: len(part)},
            max_cells,
        )
    return calls


# --- merging split answers ------------------------------------------------------------------


def merge(datasets: Sequence[jsonstat.Dataset]) -> jsonstat.Dataset:
    """One dataset from answers to parts of one selection: every dimension's categories in the
    order they first appear, each cell where it belongs (cells no part gave are None)."""
    first = datasets[0]
    ids = [dimension.code for dimension in first.dimensions]
    for other in datasets[1:]:
        if [dimension.code for dimension in other.dimensions] != ids:
            raise ClientError(
                "the parts of a split request came back with different dimensions: "
                f"{ids} and {[dimension.code for dimension in other.dimensions]}"
            )
    dimensions = []
    for position, code in enumerate(ids):
        categories: dict[str, None] = {}
        labels: dict[str, str] = {}
        for dataset in datasets:
            part = dataset.dimensions[position]
            categories.update(dict.fromkeys(part.categories))
            labels.update(part.labels)
        dimensions.append(
            jsonstat.Dimension(
                code=code,
                label=first.dimensions[position].label,
                categories=tuple(categories),
                labels=labels,
                role=first.dimensions[position].role,
            )
        )
    sizes = [len(dimension.categories) for dimension in dimensions]
    strides = [math.prod(sizes[position + 1 :]) for position in range(len(sizes))]
    where = [
        {category: index * stride for index, category in enumerate(dimension.categories)}
        for dimension, stride in zip(dimensions, strides, strict=True)
    ]
    total = math.prod(sizes)
    values: list[float | None] = [None] * total
    status: list[str | None] = [None] * total
    units: dict[str, jsonstat.Unit] = {}
    for dataset in datasets:
        offsets = [
            [lookup[category] for category in part.categories]
            for lookup, part in zip(where, dataset.dimensions, strict=True)
        ]
        for cell, value, flag in zip(
            map(sum, product(*offsets)), dataset.values, dataset.status, strict=True
        ):
            values[cell] = value
            status[cell] = flag
        units.update(dataset.units)
    return jsonstat.Dataset(
        label=first.label,
        source=first.source,
        updated=max((dataset.updated or "" for dataset in datasets), default="") or None,
        dimensions=tuple(dimensions),
        values=values,
        status=status,
        units=units,
    )


# --- reading the answers --------------------------------------------------------------------


def _table_info(table: Mapping[str, Any]) -> TableInfo:
    return TableInfo(
        id=str(table.get("id", "")),
        label=str(table.get("label") or ""),
        updated=table.get("updated"),
        first_period=table.get("firstPeriod"),
        last_period=table.get("lastPeriod"),
        variables=tuple(str(name) for name in table.get("variableNames") or ()),
        time_unit=table.get("timeUnit"),
        discontinued=bool(table.get("discontinued")),
    )


def _table_metadata(table_id: str, content: bytes) -> TableMetadata:
    try:
        metadata = jsonstat.parse_metadata(content)
    except jsonstat.JsonStatError as error:
        raise ClientError(f"GET tables/{table_id}/metadata: {error}") from error
    described = json.loads(content)["dimension"]  # parse_metadata has checked it is there
    codelists: dict[str, tuple[CodelistRef, ...]] = {}
    eliminable: set[str] = set()
    for dimension in metadata.dimensions:
        extension = described[dimension.code].get("extension")
        if not isinstance(extension, Mapping):
            extension = {}
        if extension.get("elimination"):
            eliminable.add(dimension.code)
        codelists[dimension.code] = tuple(
            CodelistRef(
                id=str(item.get("id", "")),
                label=str(item.get("label", "")),
                type=str(item.get("type", "")),
            )
            for item in extension.get("codelists") or ()
            if isinstance(item, Mapping)
        )
    return TableMetadata(
        table_id=table_id,
        metadata=metadata,
        codelists=codelists,
        eliminable=frozenset(eliminable),
    )
