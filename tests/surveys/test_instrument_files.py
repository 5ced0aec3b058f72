"""An instrument file written by a person: what it may not hold, each refused with the file,
the line and the problem, by ``read_instrument`` and by ``soslokal surveys check``."""

import time

import pytest
from django.core.management import CommandError, call_command

from soslokal.surveys.instrument import (
    INSTRUMENT_DIR,
    MAX_LENGTHS,
    InstrumentFileError,
    load_instrument,
    read_instrument,
)
from soslokal.surveys.models import Response

ADULT = (INSTRUMENT_DIR / "adult.yaml").read_text(encoding="utf-8")
# Six levels of ten aliases: a million texts once expanded, unused by the instrument.
LAUGHS = (
    'x0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    + "".join(f"x{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]\n" for i in range(1, 7))
)


def line_of(text, fragment):
    return next(number for number, line in enumerate(text.splitlines(), 1) if fragment in line)


ID_LINE = line_of(ADULT, "id: adult")
POINTS_LINE = line_of(ADULT, "points: 7")

BROKEN = {
    "billion-laughs": (LAUGHS + ADULT, "line 1: anchors and aliases (& and *) are not allowed"),
    "recursive-alias": (
        ADULT.replace("id: adult", "id: adult\nloop: &r [*r]"),
        f"line {ID_LINE + 1}: anchors and aliases",
    ),
    "merge-key": (
        ADULT.replace("id: adult", "id: adult\nbase: &b {nb: x}\nmerged: {<<: *b}"),
        f"line {ID_LINE + 1}: anchors and aliases",
    ),
    "unknown-tag": (
        ADULT.replace("id: adult", "id: !foo adult"),
        f"line {ID_LINE}: tags such as !foo are not allowed",
    ),
    "int-tag": (
        ADULT.replace("points: 7", "points: !!int seven"),
        f"line {POINTS_LINE}: tags such as !!int are not allowed",
    ),
    "5000-digits": (
        ADULT.replace("- theme: 1\n", "- theme: " + "9" * 5000 + "\n"),
        "themes[0].theme: expected a whole number",
    ),
    "5000-deep": (
        ADULT.replace("id: adult", "id: adult\ndeep: " + "[" * 5000 + "]" * 5000),
        f"line {ID_LINE + 1}: nested more than 50 levels deep",
    ),
    "duplicate-key": (
        ADULT.replace("  points: 7", "  points: 7\n  points: 3"),
        f"line {POINTS_LINE + 1}: the key 'points' appears twice, on line {POINTS_LINE} and on",
    ),
    "misspelt-key": (
        ADULT.replace("audience: adult", "audience: adult\naudeince: youth"),
        "document: unknown key 'audeince' (did you mean 'audience'?); the keys allowed here are",
    ),
    "misspelt-theme-key": (
        ADULT.replace("    question:", "    qeustion:", 1),
        "themes[0]: unknown key 'qeustion' (did you mean 'question'?)",
    ),
    "no-version": (ADULT.replace('version: "2026.1"\n', ""), "line 1: version: missing"),
    "long-version": (
        ADULT.replace('version: "2026.1"', 'version: "' + "v" * 41 + '"'),
        "version: 41 characters long; at most 40 are kept",
    ),
    "quoted-points": (
        ADULT.replace("points: 7", 'points: "7"'),
        "scale.points: expected a whole number from 1 to 7, written without quotes",
    ),
    "two-documents": (ADULT + "---\nid: other\n", "a file holds one document"),
    "comment-only": ("# nothing yet\n", "line 1: the file is empty"),
}


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_a_bad_instrument_is_refused_with_line_and_problem(case):
    text, expected = BROKEN[case]
    with pytest.raises(InstrumentFileError) as caught:
        read_instrument(text, origin="adult.yaml")
    assert any(expected in problem for problem in caught.value.problems), caught.value.problems


def test_an_unused_alias_block_is_refused_at_once():
    nine_levels = LAUGHS + "".join(
        f"x{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]\n" for i in range(7, 10)
    )
    started = time.monotonic()
    with pytest.raises(InstrumentFileError, match="anchors and aliases"):
        read_instrument(nine_levels + ADULT, origin="adult.yaml")
    assert time.monotonic() - started < 5  # 10**10 texts were never made


def test_a_version_that_looks_like_a_date_is_kept_as_written():
    dated = read_instrument(ADULT.replace('version: "2026.1"', "version: 2026-01-01"), origin="a")
    assert dated.version == "2026-01-01"


def test_the_length_limits_are_the_database_columns():
    assert MAX_LENGTHS["id"] == Response._meta.get_field("instrument").max_length
    assert MAX_LENGTHS["version"] == Response._meta.get_field("instrument_version").max_length


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (ADULT.encode("cp1252"), r"adult\.yaml, line \d+: not UTF-8 text"),
        (("\ufeff" + ADULT).encode("utf-16-le"), r"adult\.yaml, line 1: the file is UTF-16 text"),
        (("\ufeff" + ADULT).encode("utf-8"), None),  # a byte order mark is fine
    ],
    ids=["cp1252", "utf-16", "utf-8-bom"],
)
def test_the_encoding_is_checked(tmp_path, data, expected):
    path = tmp_path / "adult.yaml"
    path.write_bytes(data)
    if expected is None:
        assert load_instrument(path).id == "adult"
        return
    with pytest.raises(InstrumentFileError, match=expected):
        load_instrument(path)


@pytest.mark.parametrize("case", ["billion-laughs", "unknown-tag", "5000-deep", "no-version"])
def test_surveys_check_reports_the_problem_without_a_traceback(tmp_path, case):
    text, expected = BROKEN[case]
    path = tmp_path / "adult.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("surveys", "check", str(path))
    assert str(caught.value).startswith("adult.yaml, line ")
    assert f"adult.yaml, {expected}" in str(caught.value)
