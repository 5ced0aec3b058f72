"""Every interface string is translated into bokmål and nynorsk, and the compiled catalogues
the site actually uses say the same as the sources."""

import gettext
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parent.parent / "soslokal" / "locale"


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_the_catalogue_is_complete(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    assert not [entry.msgid for entry in catalogue.untranslated_entries()]
    assert not [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert len(catalogue) > 100


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_the_compiled_catalogue_matches_its_source(language):
    folder = LOCALE / language / "LC_MESSAGES"
    source = polib.pofile(str(folder / "django.po"))
    with (folder / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [e.msgid for e in source if e.msgstr and compiled_text(compiled, e) != e.msgstr]
    assert not stale, "run `make messages` to compile the catalogues"


def compiled_text(compiled, entry):
    if entry.msgctxt:
        return compiled.pgettext(entry.msgctxt, entry.msgid)
    return compiled.gettext(entry.msgid)
