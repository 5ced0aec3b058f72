"""Every gettext call of the surveys app gets a plain literal, so that xgettext (``make
messages``) extracts it: a call inside an f-string, or on a text built at run time, is never
translated and shows in English on bokmål and nynorsk pages."""

import ast
from pathlib import Path

import pytest

SURVEYS = Path(__file__).resolve().parents[2] / "soslokal" / "surveys"
# Each gettext function, with how many of its first arguments are texts to extract.
GETTEXT = {
    "_": 1,
    "gettext": 1,
    "gettext_lazy": 1,
    "gettext_noop": 1,
    "ngettext": 2,
    "ngettext_lazy": 2,
    "pgettext": 2,
    "pgettext_lazy": 2,
}


def gettext_calls(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in GETTEXT:
            yield node


def untranslatable(source):
    """The line of each gettext call in ``source`` that xgettext cannot extract."""
    tree = ast.parse(source)
    in_f_strings = {
        call.lineno
        for joined in ast.walk(tree)
        if isinstance(joined, ast.JoinedStr)
        for call in gettext_calls(joined)
    }
    not_literal = {
        call.lineno
        for call in gettext_calls(tree)
        if len(call.args) < GETTEXT[call.func.id]
        or not all(
            isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            for arg in call.args[: GETTEXT[call.func.id]]
        )
    }
    return sorted(in_f_strings | not_literal)


def test_the_check_finds_a_call_xgettext_would_miss():
    assert untranslatable("shown = f\"{score} · {_('with comments')}\"") == [1]
    assert untranslatable("label = _(name)") == [1]
    assert untranslatable('label = pgettext("prefix", f"{name}:")') == [1]
    assert untranslatable('shown = _("%(score)s · with comments") % {"score": 3}') == []


@pytest.mark.parametrize(
    "path", sorted(SURVEYS.rglob("*.py")), ids=lambda path: str(path.relative_to(SURVEYS))
)
def test_every_gettext_call_of_the_surveys_app_is_on_a_literal(path):
    assert untranslatable(path.read_text(encoding="utf-8")) == []
