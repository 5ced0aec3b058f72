"""Pages rendered once and kept in the process, with the few values that differ per request
filled in: for the busiest public pages (a theme of the answer form is the same page for every
respondent of a survey in one language, apart from the CSRF token and what the respondent
answered before).

A kept page is rendered from its template like any other, once, with a marker standing in for
each *slot*; the text between the markers is kept, and later requests only join it with their
own slot values, escaped as the template would have escaped them. So the page a respondent
gets is exactly what the template renders for them (``tests/core/test_pages.py`` compares).

What may differ between two requests with the same key must be a slot or be part of the key:
the key always holds the template, the language, whether a user is logged in, and the caller's
own part (the survey, the theme ...). The CSRF token (``csrf_token``) and the address for the
language switch to come back to (``next_path``) are slots of every kept page. A request with
messages waiting to be shown gets the page rendered in full, as does one for which the caller
passes ``key=None`` (a page with an error message, say)."""

import secrets
from collections.abc import Callable, Hashable, Mapping
from typing import Any

from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from soslokal.core.cache import ProcessMemo

# Text no template writes by itself and no escaped value can contain (an escaped value has no
# "<"); random per process, so a survey's own texts cannot forge one either.
_MARK = f"<\x00{secrets.token_hex(8)}:"
Skeleton = tuple[tuple[str, ...], tuple[str, ...]]  # the kept texts, and the slots between
# A page's context, given the values of its slots.
Context = Callable[[Mapping[str, str]], Mapping[str, Any]]


class PageCache:
    """Pages kept for ``seconds`` at most; ``clear`` forgets them all (in this process)."""

    def __init__(self, seconds: float, size: int = 2000) -> None:
        self._kept: ProcessMemo[Hashable, Skeleton] = ProcessMemo(seconds, size)

    def clear(self) -> None:
        self._kept.clear()

    def render(
        self,
        request: HttpRequest,
        template: str,
        context: Context,
        *,
        key: Hashable | None,
        slots: Mapping[str, str] | None = None,
        status: int = 200,
    ) -> HttpResponse:
        """``template`` as ``django.shortcuts.render`` would give it, with the context that
        ``context(slots)`` returns. ``context`` places each slot value where the template
        writes it, as it is: the template must write it as ``{{ value }}``, with no filter,
        and may not test it. Slot values are plain text (escaped here) or safe strings.
        ``slots`` may not change what ``context`` returns apart from where it places them."""
        values = {"next_path": request.get_full_path(), **(slots or {})}
        if key is None or get_messages(request):
            html = render_to_string(template, {**context(values), **values}, request)
            return HttpResponse(html, status=status)
        full_key = (
            template,
            get_language(),
            request.user.is_authenticated,
            tuple(sorted(values)),
            key,
        )
        parts, names = self._kept.get(
            full_key, lambda: _skeleton(request, template, context, sorted(values))
        )
        values["csrf_token"] = get_token(request)
        pieces = [parts[0]]
        for name, part in zip(names, parts[1:], strict=True):
            pieces.append(conditional_escape(values[name]))
            pieces.append(part)
        return HttpResponse("".join(pieces), status=status)


def _skeleton(request: HttpRequest, template: str, context: Context, names: list[str]) -> Skeleton:
    # Safe strings: markers pass the template's escaping unchanged.
    marks = {name: mark_safe(f"{_MARK}{name}>") for name in [*names, "csrf_token"]}  # noqa: S308
    html = render_to_string(template, {**context(marks), **marks}, request)
    parts, slots = [], []
    rest = str(html)
    while (start := rest.find(_MARK)) != -1:
        end = rest.index(">", start + len(_MARK))
        parts.append(rest[:start])
        slots.append(rest[start + len(_MARK) : end])
        rest = rest[end + 1 :]
    parts.append(rest)
    return tuple(parts), tuple(slots)
