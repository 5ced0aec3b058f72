"""What higher apps contribute to core's pages: page sections and staff-menu entries.

Core must not import the apps built on it, yet its public municipality page should show, say,
the surveys open there, and its staff menu should lead to them. A higher app registers its
parts in its ``AppConfig.ready``; core renders whatever is registered, in order."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from soslokal.core.models import Municipality


class _Ordered(Protocol):
    @property
    def order(self) -> int: ...


T = TypeVar("T", bound=_Ordered)


class _Registry(Generic[T]):
    """Entries kept in ``order``; registering the same entry twice keeps one."""

    def __init__(self) -> None:
        self._entries: list[T] = []

    def register(self, entry: T) -> None:
        if entry not in self._entries:
            self._entries.append(entry)
            self._entries.sort(key=lambda e: e.order)

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._entries))


@dataclass(frozen=True)
class Section:
    """A part of the public municipality page: a template and the function giving its context."""

    template: str
    context: Callable[[Municipality], dict[str, Any]]
    order: int = 100


@dataclass(frozen=True)
class StaffLink:
    """An entry of the staff menu: ``url_name`` takes the municipality number as its argument,
    and the entry is current on every page of ``namespace``."""

    label: str
    url_name: str
    namespace: str
    order: int = 100


@dataclass(frozen=True)
class DimensionSection:
    """A part of the framework's page for one dimension. ``context`` receives the dimension
    (a framework model; core does not need to know it) and returns the template's context, or
    ``None`` when the section has nothing to show."""

    template: str
    context: Callable[[Any], dict[str, Any] | None]
    order: int = 100


_municipality_sections: _Registry[Section] = _Registry()
_dimension_sections: _Registry[DimensionSection] = _Registry()
_staff_links: _Registry[StaffLink] = _Registry()

register_municipality_section = _municipality_sections.register
register_staff_link = _staff_links.register
register_dimension_section = _dimension_sections.register


def municipality_sections(municipality: Municipality) -> list[tuple[str, dict[str, Any]]]:
    return [(s.template, s.context(municipality)) for s in _municipality_sections]


def dimension_sections(dimension: Any) -> list[tuple[str, dict[str, Any]]]:
    """The registered sections of a dimension's page that have something to show."""
    found = []
    for section in _dimension_sections:
        context = section.context(dimension)
        if context is not None:
            found.append((section.template, context))
    return found


def staff_links() -> list[StaffLink]:
    return list(_staff_links)
