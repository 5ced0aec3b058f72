"""Finding duplicate references and merging them (pure: no Django).

Two records are the same study when their DOIs agree, or when their titles agree once
normalised (case, accents, punctuation and spacing ignored) and neither their years nor their
first authors' surnames disagree (a value missing on one side does not disagree). Matching is
transitive: if A matches B by DOI and B matches C by title, all three are one study.

A group of duplicates keeps one record: one already in the library if there is any (the
earliest), else the first in the file. The others are merged into it: each field the kept
record lacks is taken from the first duplicate that has it, and ``Merge`` says which fields."""

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace

from soslokal.evidence.formats import Record

MERGED_FIELDS = (
    "abstract",
    "authors",
    "year",
    "journal",
    "doi",
    "url",
    "keywords",
    "volume",
    "issue",
    "pages",
)


def normalise_title(title: str) -> str:
    text = unicodedata.normalize("NFKD", title)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"<[^>]+>", " ", text)  # <i>…</i> in some exports
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def first_author_surname(authors: Sequence[str]) -> str:
    if not authors:
        return ""
    first = authors[0]
    surname = first.split(",")[0] if "," in first else (first.split() or [""])[0]
    return normalise_title(surname)


@dataclass(frozen=True)
class Key:
    doi: str
    title: str
    year: int | None
    author: str


def key(record: Record) -> Key:
    return Key(
        record.doi.lower(),
        normalise_title(record.title),
        record.year,
        first_author_surname(record.authors),
    )


def _same_study(a: Key, b: Key) -> str:
    """How ``a`` and ``b`` match: ``"doi"``, ``"title"`` or ``""`` when they do not."""
    if a.doi and a.doi == b.doi:
        return "doi"
    if a.doi and b.doi:
        return ""  # two different DOIs are two different works, whatever the title says
    if not a.title or a.title != b.title:
        return ""
    if a.year and b.year and a.year != b.year:
        return ""
    if a.author and b.author and a.author != b.author:
        return ""
    return "title"


@dataclass(frozen=True)
class Merge:
    """Record ``duplicate`` (a position among the new records) is merged into ``kept``: an
    existing record's index when ``into_existing``, else a new record's index."""

    duplicate: int
    kept: int
    into_existing: bool
    matched_by: str
    fields_taken: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    records: list[Record]  # the new records to add, merged, in file order
    record_index: list[int]  # their positions among the new records
    merges: list[Merge]
    existing_updates: dict[int, Record]  # existing index → the record with fields filled in


def plan(new: Sequence[Record], existing: Sequence[Record] = ()) -> Plan:
    """Which of ``new`` to add, and which merge into another (new or ``existing``)."""
    existing_keys = [key(r) for r in existing]
    by_doi: dict[str, int] = {}
    by_title: dict[str, list[int]] = {}
    # Existing records are nodes 0…E-1, new ones E…E+N-1.
    offset = len(existing)
    all_keys = existing_keys + [key(r) for r in new]
    parent = list(range(len(all_keys)))
    how: dict[int, str] = {}

    def find(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def union(a: int, b: int, matched: str) -> None:
        ra, rb = find(a), find(b)
        if ra == rb:
            return
        if ra > rb:
            ra, rb = rb, ra
        parent[rb] = ra  # the lower node (existing first, then file order) stays the root
        how.setdefault(max(a, b), matched)

    for node, k in enumerate(all_keys):
        if k.doi:
            if k.doi in by_doi:
                if node >= offset:
                    union(by_doi[k.doi], node, "doi")
            else:
                by_doi[k.doi] = node
        if k.title:
            for other in by_title.get(k.title, []):
                matched = _same_study(all_keys[other], k)
                if matched and not (node < offset and other < offset):
                    union(other, node, matched)
                    break
            by_title.setdefault(k.title, []).append(node)

    merged: dict[int, Record] = {}
    merges: list[Merge] = []
    keep: list[int] = []
    for index, record in enumerate(new):
        node = offset + index
        root = find(node)
        if root == node:
            keep.append(index)
            merged[node] = record
            continue
        target = merged.get(root) or (existing[root] if root < offset else new[root - offset])
        filled, taken = fill(target, record)
        merged[root] = filled
        merges.append(
            Merge(
                duplicate=index,
                kept=root if root < offset else root - offset,
                into_existing=root < offset,
                matched_by=how.get(node) or _same_study(all_keys[root], all_keys[node]) or "doi",
                fields_taken=taken,
            )
        )
    return Plan(
        records=[merged[offset + i] for i in keep],
        record_index=keep,
        merges=merges,
        existing_updates={n: r for n, r in merged.items() if n < offset and r is not existing[n]},
    )


def fill(kept: Record, duplicate: Record) -> tuple[Record, tuple[str, ...]]:
    """``kept`` with each empty field taken from ``duplicate``, and the names of those fields."""
    changes: dict[str, object] = {}
    for name in MERGED_FIELDS:
        if not getattr(kept, name) and getattr(duplicate, name):
            changes[name] = getattr(duplicate, name)
    if kept.label is None and duplicate.label is not None:
        changes["label"] = duplicate.label
    taken = tuple(n for n in changes if n != "label")
    return (replace(kept, **changes) if changes else kept), taken  # type: ignore[arg-type]
