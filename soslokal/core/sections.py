"""Page sections that higher apps contribute to core's pages.

Core must not import the apps built on it, yet its public municipality page should show, say,
the surveys open there. A higher app registers a section in its ``AppConfig.ready``: a template
and a function that gives its context; core renders whatever is registered, in order."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from soslokal.core.models import Municipality


@dataclass(frozen=True)
class Section:
    template: str
    context: Callable[[Municipality], dict[str, Any]]
    order: int = 100


_MUNICIPALITY_SECTIONS: list[Section] = []


def register_municipality_section(section: Section) -> None:
    if section not in _MUNICIPALITY_SECTIONS:
        _MUNICIPALITY_SECTIONS.append(section)
        _MUNICIPALITY_SECTIONS.sort(key=lambda s: s.order)


def municipality_sections(municipality: Municipality) -> list[tuple[str, dict[str, Any]]]:
    return [(s.template, s.context(municipality)) for s in _MUNICIPALITY_SECTIONS]


@dataclass(frozen=True)
class StaffLink:
    """An entry of the staff menu: ``url_name`` takes the municipality number as its argument,
    and the entry is current on every page of ``namespace``."""

    label: str
    url_name: str
    namespace: str
    order: int = 100


_STAFF_LINKS: list[StaffLink] = []


def register_staff_link(link: StaffLink) -> None:
    if link not in _STAFF_LINKS:
        _STAFF_LINKS.append(link)
        _STAFF_LINKS.sort(key=lambda entry: entry.order)


def staff_links() -> list[StaffLink]:
    return list(_STAFF_LINKS)
