"""One JSON-stat 2.0 dataset parser for every source SOSLOKAL reads.

Statistics Norway (and Statistics Sweden, which runs the same PxWebApi) give a dimension's
``category.index`` as an object ``{code: position}``; the FHI open API gives it as a list
``[code, …]``; either may leave it out when a dimension has a single category. Values come as a
list or, sparse, as an object ``{position: value}``; status flags (``..`` missing, ``.`` not
applicable, ``:`` confidential) as an object ``{position: flag}``, a list, or one string for every
cell. All of them end up in one :class:`Dataset` whose ``values`` and ``status`` are row-major over
the dimensions in the order of ``id``, as the format defines.

Plain Python with no Django: the parse of an 800,000-cell response (the most SSB gives in one
call) takes a fraction of a second, mostly ``json.loads``; ``bench/indicators.py`` measures it.
Anything malformed raises :class:`JsonStatError` naming what is wrong, never another exception.
"""

from __future__ import annotations

import csv
import json
import math
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import product
from typing import Any, TextIO

__all__ = [
    "Dataset",
    "Dimension",
    "JsonStatError",
    "Metadata",
    "Unit",
    "parse",
    "parse_metadata",
    "to_csv",
]

ROLES = ("time", "geo", "metric")
# Twelve times the most SSB gives in one answer (800,000): a sparse file that declares more
# would have this parser hold a list of that many empty cells.
MAX_CELLS = 10_000_000

_NUMBER_TYPES = frozenset({int, float, type(None)})
_STATUS_TYPES = frozenset({str, type(None)})


class JsonStatError(ValueError):
    """The input is not a JSON-stat 2.0 dataset SOSLOKAL can read; the message says why."""


@dataclass(frozen=True)
class Dimension:
    code: str
    label: str
    categories: tuple[str, ...]
    labels: dict[str, str]
    role: str | None = None

    def __len__(self) -> int:
        return len(self.categories)


@dataclass(frozen=True)
class Unit:
    base: str
    decimals: int | None


@dataclass(frozen=True)
class Metadata:
    """What a dataset says about itself without its cells (PxWebApi's ``/metadata`` answer)."""

    label: str
    source: str
    updated: str | None
    dimensions: tuple[Dimension, ...]
    units: dict[str, Unit]

    def dimension(self, code: str) -> Dimension:
        return _find_dimension(self.dimensions, code)

    @property
    def size(self) -> int:
        """The number of cells the dimensions give."""
        return math.prod(len(dimension) for dimension in self.dimensions)


@dataclass(frozen=True)
class Dataset:
    label: str
    source: str
    updated: str | None
    dimensions: tuple[Dimension, ...]
    values: Sequence[float | None]
    status: Sequence[str | None]
    units: dict[str, Unit]

    def dimension(self, code: str) -> Dimension:
        """The dimension with this code; JsonStatError naming the ones there are if none."""
        return _find_dimension(self.dimensions, code)

    def rows(self) -> Iterator[tuple[tuple[str, ...], float | None, str | None]]:
        """Tidy rows: the category code per dimension (in dimension order), the value, the status
        flag."""
        # Row-major order is exactly the order itertools.product walks the categories in, so the
        # codes of every cell come from C code rather than per-cell index arithmetic.
        codes = product(*(dimension.categories for dimension in self.dimensions))
        return zip(codes, self.values, self.status, strict=False)


def parse(data: bytes | str | Mapping[str, Any]) -> Dataset:
    """A JSON-stat 2.0 dataset (text, bytes or already-decoded JSON) as a :class:`Dataset`."""
    document = _load(data)
    metadata = _metadata(document)
    cells = metadata.size
    if cells > MAX_CELLS:
        raise JsonStatError(
            f"the dimensions give {cells:,} cells, more than this parser reads ({MAX_CELLS:,})"
        )
    if "value" not in document:
        raise JsonStatError("the dataset has no value")
    values = _values(document["value"], cells)
    status = _status(document.get("status"), cells)
    return Dataset(
        label=metadata.label,
        source=metadata.source,
        updated=metadata.updated,
        dimensions=metadata.dimensions,
        values=values,
        status=status,
        units=metadata.units,
    )


def parse_metadata(data: bytes | str | Mapping[str, Any]) -> Metadata:
    """The dimensions, labels and units of a JSON-stat 2.0 dataset; its values are not read
    (PxWebApi's metadata answer is a dataset with an empty ``value``)."""
    return _metadata(_load(data))


def to_csv(dataset: Dataset, out: TextIO) -> int:
    """Write tidy CSV: one column per dimension code, then ``value`` and ``status``.

    Missing values and flags are empty cells. Returns the number of rows written (without the
    header)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*(dimension.code for dimension in dataset.dimensions), "value", "status"])
    writer.writerows((*codes, value, flag) for codes, value, flag in dataset.rows())
    return len(dataset.values)


# --- reading -------------------------------------------------------------------------------


def _reject_constant(name: str) -> float:
    raise JsonStatError(f"not JSON: {name} is not a number JSON allows")


def _load(data: bytes | str | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(data, Mapping):
        document: Any = data
    else:
        try:
            document = json.loads(data, parse_constant=_reject_constant)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise JsonStatError(f"not JSON: {error}") from error
        except RecursionError as error:
            raise JsonStatError("not JSON this parser can read: nested too deeply") from error
    if not isinstance(document, Mapping):
        raise JsonStatError(f"not a JSON-stat dataset: the JSON is a {_kind(document)}")
    kind = document.get("class")
    if kind != "dataset":
        if kind is None:
            raise JsonStatError(
                'not a JSON-stat 2.0 dataset: "class" is missing '
                "(JSON-stat 1.x, or not JSON-stat at all)"
            )
        raise JsonStatError(f'not a JSON-stat 2.0 dataset: class is "{kind}"')
    return document


def _metadata(document: Mapping[str, Any]) -> Metadata:
    ids = _required(document, "id")
    sizes = _required(document, "size")
    dimensions = _required(document, "dimension")
    if not isinstance(ids, list) or not all(isinstance(code, str) for code in ids):
        raise JsonStatError("id must be a list of dimension codes")
    if not ids:
        raise JsonStatError("id is empty: a dataset needs at least one dimension")
    if len(set(ids)) != len(ids):
        raise JsonStatError(f"id names a dimension twice: {_duplicates(ids)}")
    if not isinstance(sizes, list) or not all(type(size) is int for size in sizes):
        raise JsonStatError("size must be a list of whole numbers")
    if len(sizes) != len(ids):
        raise JsonStatError(f"size has {len(sizes)} entries but id names {len(ids)} dimensions")
    if not isinstance(dimensions, Mapping):
        raise JsonStatError("dimension must be an object")
    roles = _roles(document.get("role"))
    parsed = tuple(
        _dimension(code, size, dimensions.get(code), roles.get(code))
        for code, size in zip(ids, sizes, strict=True)
    )
    return Metadata(
        label=_text(document.get("label")),
        source=_text(document.get("source")),
        updated=_text(document.get("updated")) or None,
        dimensions=parsed,
        units=_units(document, dimensions, ids),
    )


def _dimension(code: str, size: int, spec: Any, role: str | None) -> Dimension:
    where = f"dimension {code!r}"
    if spec is None:
        raise JsonStatError(f"{where} is in id but not in dimension")
    if not isinstance(spec, Mapping):
        raise JsonStatError(f"{where} must be an object")
    if size < 1:
        raise JsonStatError(f"{where} has size {size}; every dimension needs a category")
    category = spec.get("category")
    if not isinstance(category, Mapping):
        raise JsonStatError(f"{where} has no category")
    labels = category.get("label")
    if labels is None:
        labels = {}
    elif not isinstance(labels, Mapping):
        raise JsonStatError(f"{where}: category.label must be an object")
    categories = _categories(where, size, category.get("index"), labels)
    return Dimension(
        code=code,
        label=_text(spec.get("label")) or code,
        categories=categories,
        labels={key: _text(labels.get(key)) or key for key in categories},
        role=role,
    )


def _categories(where: str, size: int, index: Any, labels: Mapping[str, Any]) -> tuple[str, ...]:
    if index is None:
        # JSON-stat lets a single-category dimension leave its index out.
        if len(labels) == 1:
            codes: list[str] = [str(next(iter(labels)))]
        else:
            raise JsonStatError(f"{where} has no category.index")
    elif isinstance(index, list):
        if not all(isinstance(key, str) for key in index):
            raise JsonStatError(f"{where}: category.index must list category codes")
        if len(set(index)) != len(index):
            raise JsonStatError(f"{where}: category.index repeats {_duplicates(index)}")
        codes = index
    elif isinstance(index, Mapping):
        codes = _positions(where, size, index)
    else:
        raise JsonStatError(f"{where}: category.index must be an object or a list")
    if len(codes) != size:
        raise JsonStatError(f"{where} has {len(codes)} categories but size gives {size}")
    return tuple(codes)


def _positions(where: str, size: int, index: Mapping[str, Any]) -> list[str]:
    if len(index) != size:
        raise JsonStatError(f"{where} has {len(index)} categories but size gives {size}")
    slots: list[str | None] = [None] * size
    for key, position in index.items():
        if type(position) is not int:
            raise JsonStatError(f"{where}: the index of {key!r} is not a whole number")
        if not 0 <= position < size:
            raise JsonStatError(
                f"{where}: index position {position} of {key!r} is out of range (size {size})"
            )
        taken = slots[position]
        if taken is not None:
            raise JsonStatError(
                f"{where}: index position {position} is given to both {taken!r} and {key!r}"
            )
        slots[position] = key
    return slots  # type: ignore[return-value]  # every slot is filled: size keys, no repeats


def _roles(role: Any) -> dict[str, str]:
    if role is None:
        return {}
    if not isinstance(role, Mapping):
        raise JsonStatError("role must be an object")
    found: dict[str, str] = {}
    for name in ROLES:
        codes = role.get(name) or []
        if not isinstance(codes, list):
            raise JsonStatError(f"role.{name} must be a list of dimension codes")
        for code in codes:
            if isinstance(code, str):
                found.setdefault(code, name)
    return found


def _units(
    document: Mapping[str, Any], dimensions: Mapping[str, Any], ids: list[str]
) -> dict[str, Unit]:
    """Units per category of the dimension(s) that carry ``category.unit`` (SSB: ContentsCode).

    Where a unit gives no decimals, PxWebApi's table-wide ``extension.px.decimals`` stands in."""
    extension = document.get("extension")
    px = extension.get("px") if isinstance(extension, Mapping) else None
    fallback = px.get("decimals") if isinstance(px, Mapping) else None
    default_decimals = fallback if type(fallback) is int else None
    units: dict[str, Unit] = {}
    for code in ids:
        category = dimensions[code].get("category") or {}
        given = category.get("unit")
        if given is None:
            continue
        if not isinstance(given, Mapping):
            raise JsonStatError(f"dimension {code!r}: category.unit must be an object")
        for key, unit in given.items():
            if not isinstance(unit, Mapping):
                raise JsonStatError(f"dimension {code!r}: the unit of {key!r} must be an object")
            decimals = unit.get("decimals")
            if decimals is not None and type(decimals) is not int:
                raise JsonStatError(
                    f"dimension {code!r}: the decimals of {key!r} are not a whole number"
                )
            units[key] = Unit(
                base=_text(unit.get("base")) or _text(unit.get("label")),
                decimals=default_decimals if decimals is None else decimals,
            )
    return units


def _values(value: Any, cells: int) -> Sequence[float | None]:
    if isinstance(value, list):
        if len(value) != cells:
            raise JsonStatError(f"value has {len(value)} entries but the dimensions give {cells}")
        # One pass in C over the types; only a bad dataset pays for finding the culprit.
        if not set(map(type, value)) <= _NUMBER_TYPES:
            position, bad = next(
                (i, v) for i, v in enumerate(value) if type(v) not in _NUMBER_TYPES
            )
            raise JsonStatError(f"value[{position}] is not a number: {bad!r}")
        _check_finite(value)
        return value
    if isinstance(value, Mapping):
        dense = _spread_sparse("value", value, cells, _NUMBER_TYPES, "a number")
        _check_finite(dense)
        return dense
    if value is None:
        raise JsonStatError(f"value is null but the dimensions give {cells} cells")
    raise JsonStatError(f"value must be a list or an object, not a {_kind(value)}")


def _check_finite(values: list[Any]) -> None:
    """A number too large for a float (``1e400``) is read as infinity; refused. (JSON has no
    NaN, and its literals are refused as the file is read.) Two passes in C."""
    for infinite in (math.inf, -math.inf):
        if infinite in values:
            raise JsonStatError(
                f"value[{values.index(infinite)}] is too large a number to be a figure"
            )


def _status(status: Any, cells: int) -> Sequence[str | None]:
    if status is None or status == "" or status == {} or status == []:
        return [None] * cells
    if isinstance(status, str):
        return [status] * cells
    if isinstance(status, list):
        if len(status) != cells:
            raise JsonStatError(f"status has {len(status)} entries but the dimensions give {cells}")
        if not set(map(type, status)) <= _STATUS_TYPES:
            position, bad = next(
                (i, s) for i, s in enumerate(status) if type(s) not in _STATUS_TYPES
            )
            raise JsonStatError(f"status[{position}] is not a text flag: {bad!r}")
        if "" in status:
            return [flag or None for flag in status]
        return status
    if isinstance(status, Mapping):
        dense = _spread_sparse("status", status, cells, _STATUS_TYPES, "a text flag")
        if "" in dense:
            return [flag or None for flag in dense]
        return dense
    raise JsonStatError(f"status must be a list, an object or a text, not a {_kind(status)}")


def _spread_sparse(
    what: str, entries: Mapping[Any, Any], cells: int, types: frozenset[object], kind: str
) -> list[Any]:
    """A sparse ``value`` or ``status`` object as a list of ``cells`` entries, None where it
    gives none. Its keys are cell numbers in the digits 0-9 only: int() would also take " 3",
    "1_0" and other scripts' digits. Checked and spread in C, a pass at a time; only a bad
    file pays for finding the culprit."""
    keys, found = list(entries), list(entries.values())
    if not (
        set(map(type, keys)) <= {str} and "".join(keys).isascii() and all(map(str.isdigit, keys))
    ):
        bad = next(k for k in keys if not (isinstance(k, str) and k.isascii() and k.isdigit()))
        raise JsonStatError(f"{what} has a position that is not a cell number (0, 1, 2 …): {bad!r}")
    positions = list(map(int, keys))
    if positions and max(positions) >= cells:
        beyond = next(p for p in positions if p >= cells)
        raise JsonStatError(
            f"{what} position {beyond} is out of range: the dimensions give {cells} cells"
        )
    if not set(map(type, found)) <= types:
        key, entry = next((k, e) for k, e in zip(keys, found, strict=True) if type(e) not in types)
        raise JsonStatError(f"{what}[{key}] is not {kind}: {entry!r}")
    dense: list[Any] = [None] * cells
    deque(map(dense.__setitem__, positions, found), maxlen=0)
    return dense


# --- small helpers -------------------------------------------------------------------------


def _find_dimension(dimensions: Sequence[Dimension], code: str) -> Dimension:
    for dimension in dimensions:
        if dimension.code == code:
            return dimension
    there = ", ".join(dimension.code for dimension in dimensions)
    raise JsonStatError(f"the dataset has no dimension {code!r} (it has {there})")


def _required(document: Mapping[str, Any], key: str) -> Any:
    if key not in document or document[key] is None:
        raise JsonStatError(f'the dataset has no "{key}"')
    return document[key]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _duplicates(codes: Sequence[str]) -> str:
    seen: set[str] = set()
    repeated = [code for code in codes if code in seen or seen.add(code)]  # type: ignore[func-returns-value]
    return ", ".join(repr(code) for code in dict.fromkeys(repeated))


def _kind(value: Any) -> str:
    return {
        list: "list",
        dict: "object",
        str: "text",
        int: "number",
        float: "number",
        bool: "boolean",
    }.get(type(value), type(value).__name__)
