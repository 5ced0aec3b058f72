"""A minimal stand-in for ``soslokal.indicators.jsonstat`` with the same public surface, used
only while the real parser is not in this branch (see ``conftest.jsonstat``). It reads the
JSON-stat2 dataset form with either index form and refuses what the real one refuses."""

import itertools
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


class JsonStatError(ValueError):
    pass


@dataclass(frozen=True)
class Dimension:
    code: str
    label: str
    categories: tuple[str, ...]
    labels: dict[str, str]
    role: str | None = None


@dataclass(frozen=True)
class Unit:
    base: str
    decimals: int | None


@dataclass(frozen=True)
class Dataset:
    label: str
    source: str
    updated: str | None
    dimensions: tuple[Dimension, ...]
    values: Sequence[float | None]
    status: Sequence[str | None]
    units: dict[str, Unit] = field(default_factory=dict)

    def dimension(self, code: str) -> Dimension:
        for dimension in self.dimensions:
            if dimension.code == code:
                return dimension
        raise JsonStatError(f"no dimension {code!r}")

    def rows(self) -> Iterator[tuple[tuple[str, ...], float | None, str | None]]:
        combos = itertools.product(*(d.categories for d in self.dimensions))
        for i, codes in enumerate(combos):
            yield codes, self.values[i], self.status[i]


def parse(data: bytes | str | Mapping[str, Any]) -> Dataset:
    try:
        doc = json.loads(data) if isinstance(data, bytes | str) else data
    except ValueError as error:
        raise JsonStatError(f"not JSON: {error}") from error
    if not isinstance(doc, Mapping) or doc.get("class") != "dataset":
        raise JsonStatError("not a JSON-stat2 dataset")
    ids, sizes = doc.get("id"), doc.get("size")
    if not isinstance(ids, list) or not isinstance(sizes, list) or len(ids) != len(sizes):
        raise JsonStatError("id and size must be lists of the same length")
    dimensions = []
    roles = {code: role for role, codes in (doc.get("role") or {}).items() for code in codes}
    for code, size in zip(ids, sizes, strict=True):
        raw = (doc.get("dimension") or {}).get(code)
        if raw is None:
            raise JsonStatError(f"dimension {code!r} is listed in id but missing")
        index = raw.get("category", {}).get("index")
        if isinstance(index, dict):
            categories = tuple(sorted(index, key=index.get))
        elif isinstance(index, list):
            categories = tuple(index)
        else:
            categories = tuple(raw.get("category", {}).get("label", {}))
        if len(categories) != size:
            raise JsonStatError(f"dimension {code!r} has {len(categories)} categories, size {size}")
        labels = raw.get("category", {}).get("label", {})
        dimensions.append(
            Dimension(code, raw.get("label", code), categories, labels, roles.get(code))
        )
    total = 1
    for size in sizes:
        total *= size
    values = doc.get("value")
    if isinstance(values, dict):
        values = [values.get(str(i)) for i in range(total)]
    if not isinstance(values, list) or len(values) != total:
        raise JsonStatError(f"value has {len(values or [])} cells, the sizes give {total}")
    status = doc.get("status")
    if isinstance(status, str):
        status = [status] * total
    elif isinstance(status, dict):
        status = [status.get(str(i)) for i in range(total)]
    elif status is None:
        status = [None] * total
    return Dataset(
        label=doc.get("label", ""),
        source=doc.get("source", ""),
        updated=doc.get("updated"),
        dimensions=tuple(dimensions),
        values=values,
        status=status,
    )
