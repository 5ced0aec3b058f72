"""The reader of the YAML and JSON files people write (``soslokal.core.datafiles``)."""

import json
import re

import pytest

from soslokal.core.datafiles import (
    ALIASES_REFUSED,
    MAX_DEPTH,
    Checker,
    DataFileError,
    Text,
    load_json,
    load_yaml,
    read_text,
    truth,
    unknown_keys,
    whole_number,
)

# "Billion laughs": ten levels of ten aliases each, 10**10 texts once expanded.
LAUGHS = (
    'lol0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    + "".join(f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]\n" for i in range(1, 10))
)


def refused(text):
    with pytest.raises(DataFileError) as caught:
        load_yaml(text)
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (LAUGHS + "name: x\n", f"line 1: {ALIASES_REFUSED}"),  # unused, and never expanded
        ("name: x\nurl: *l9\n", f"line 2: {ALIASES_REFUSED}"),
        ("a: 1\nurl: &r [*r]\n", f"line 2: {ALIASES_REFUSED}"),
        ("a: &m {b: *m}\n", f"line 1: {ALIASES_REFUSED}"),
        ("base: {nb: x}\nmerged: {<<: *b}\n", f"line 2: {ALIASES_REFUSED}"),
        ("id: !foo adult\n", "line 1: tags such as !foo are not allowed in this file"),
        ("points: !!int seven\n", "line 1: tags such as !!int are not allowed in this file"),
        ("decimals: !!float abc\n", "line 1: tags such as !!float are not allowed"),
        ("x: !!python/object/apply:os.system [ls]\n", "tags such as !!python/object/apply"),
        ("a: " + "[" * 5000 + "]" * 5000 + "\n", f"line 1: nested more than {MAX_DEPTH} levels"),
        ("".join("  " * i + f"k{i}:\n" for i in range(60)), "line 51: nested more than 50"),
        ("a: 1\n? [a, b]\n: c\n", "line 2: a key must be a text, not a list or mapping"),
        ("unit: percent\nunit: persons\n", "the key 'unit' appears twice, on line 1 and on line 2"),
        ("a: 1\n---\nb: 2\n", "line 2: a file holds one document"),
        ("", "line 1: the file is empty"),
        ("# only a comment\n", "line 1: the file is empty"),
        ('a: "x\\0y"\n', "line 1: a text holds the control character U+0000"),
        ('a: "\\ud83d"\n', "line 1: a text holds half a character"),
        ("a: x\x00y\n", "line 1: U+0000 is not allowed in a YAML file"),
        ("a:\n\tb: 1\n", "line 2, column 1: not valid YAML"),
    ],
    ids=[
        "billion-laughs-unused",
        "alias",
        "recursive-list",
        "recursive-map",
        "merge-key",
        "unknown-tag",
        "int-tag",
        "float-tag",
        "python-tag",
        "deep-flow",
        "deep-block",
        "complex-key",
        "duplicate-key",
        "two-documents",
        "empty",
        "comment-only",
        "nul-escape",
        "lone-surrogate",
        "nul-byte",
        "tab",
    ],
)
def test_what_a_data_file_may_not_hold_is_refused_with_its_line(text, expected):
    assert any(expected in problem for problem in refused(text)), refused(text)


def test_every_duplicate_key_is_reported_at_once():
    problems = refused("a: 1\na: 2\nb:\n  c: 1\n  c: 2\n")
    assert problems == [
        "line 2: the key 'a' appears twice, on line 1 and on line 2",
        "line 5: the key 'c' appears twice, on line 4 and on line 5",
    ]


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("04362", "04362"),  # YAML 1.1: the octal number 2290
        ("16.10", "16.10"),  # YAML 1.1: 16.1
        ("0", "0"),
        ("1.10", "1.10"),
        ("no", "no"),  # YAML 1.1: false
        ("NO", "NO"),  # Norway
        ("2026-01-01", "2026-01-01"),  # YAML 1.1: a date
        ("1e3", "1e3"),
        ('"04362"', "04362"),
        ("'it''s'", "it's"),
        ('"\\ud83d\\ude00"', "😀"),  # an ASCII-only writer's emoji
    ],
)
def test_values_are_read_as_written(written, kept):
    value = load_yaml(f"a: {written}\n")["a"]
    assert isinstance(value, Text) and value == kept and value.line == 1


@pytest.mark.parametrize("written", ["", "~", "null", "Null", "NULL"])
def test_nothing_written_is_none(written):
    assert load_yaml(f"a: {written}\nb: 1\n")["a"] is None


def test_mappings_remember_their_lines():
    document = load_yaml("top: 1\nitems:\n  - id: a\n    name: b\n")
    assert document.line == 1 and document.lines == {"top": 1, "items": 2}
    item = document["items"][0]
    assert item.line == 3 and item.lines["name"] == 4 and item["name"].line == 4


@pytest.mark.parametrize(
    ("value", "number"),
    [
        (Text("7", 1, quoted=False), 7),
        (Text("-3", 1, quoted=False), -3),
        (Text("0", 1, quoted=False), 0),
        (Text("7", 1, quoted=True), None),  # "7" in quotes is a text
        (Text("07", 1, quoted=False), None),  # YAML 1.1's octal
        (Text("1_000", 1, quoted=False), None),
        (Text("7.0", 1, quoted=False), None),
        (Text("seven", 1, quoted=False), None),
        (Text("9" * 5000, 1, quoted=False), None),  # more digits than Python reads
        (True, None),
        (12, 12),  # JSON
        (1.5, None),
        (None, None),
    ],
)
def test_whole_numbers(value, number):
    assert whole_number(value) == number


@pytest.mark.parametrize(
    ("value", "answer"),
    [
        (Text("true", 1, quoted=False), True),
        (Text("False", 1, quoted=False), False),
        (Text("true", 1, quoted=True), None),
        (Text("yes", 1, quoted=False), None),
        (Text("no", 1, quoted=False), None),
        (Text("on", 1, quoted=False), None),
        (False, False),
        (0, None),
    ],
)
def test_true_or_false(value, answer):
    assert truth(value) is answer


def test_an_unknown_key_names_the_nearest_and_all_allowed():
    document = load_yaml("unit: x\nunti: y\ncolour: z\n")
    assert list(unknown_keys(document, ["unit", "name"])) == [
        (2, "unknown key 'unti' (did you mean 'unit'?); the keys allowed here are unit, name"),
        (3, "unknown key 'colour'; the keys allowed here are unit, name"),
    ]


def test_the_checker_reports_every_problem_with_its_line():
    document = load_yaml('name: {nb: x}\ncount: "3"\nflag: yes\ntitle: 4\n')
    check = Checker(("nb", "nn"))
    check.mapping(document, 1, "document", keys=["name", "count", "flag"])
    check.texts(document["name"], 1, "name")
    check.whole(document["count"], 1, "count", low=0, high=9)
    check.flag(document["flag"], 1, "flag", default=False)
    check.text(document.get("missing"), 1, "missing")
    assert [str(problem) for problem in check.problems] == [
        "line 4: document: unknown key 'title'; the keys allowed here are name, count, flag",
        "line 1: name: missing the nn text",
        "line 2: count: expected a whole number from 0 to 9, written without quotes",
        "line 3: flag: expected true or false, not 'yes'",
        "line 1: missing: missing",
    ]


def test_a_text_longer_than_its_column_is_refused():
    check = Checker()
    assert check.text(Text("x" * 21, 5, quoted=True), 1, "table", limit=20) == "x" * 21
    assert [str(p) for p in check.problems] == [
        "line 5: table: 21 characters long; at most 20 are kept"
    ]


# JSON ----------------------------------------------------------------------------------------


def test_json_with_escaped_pairs_and_tabs_is_read():
    text = '{\n\t"title": "Tilh\\u00f8righet \\ud83d\\ude00",\n\t"n": [1, 2]\n}'
    assert load_json(text) == {"title": "Tilhørighet 😀", "n": [1, 2]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"title": "\\ud83d"}', "a text holds half a character"),
        ('{"title": "a\\u0000b"}', "control character U+0000"),
        ('{"version": "a", "version": "b"}', "the key 'version' appears twice in one object"),
        ('{"n": NaN}', "NaN is not a number this file may hold"),
        ('{"n": -Infinity}', "-Infinity is not a number"),
        ('{"n": ' + "9" * 5000 + "}", "a number has too many digits"),
        ("[" * 100_000 + "]" * 100_000, "nested more than 50 levels deep"),
        ('{"a": ' * 60 + "1" + "}" * 60, "nested more than 50 levels deep"),
        ('{\n  "a": 1,\n}', "line 3, column 1: not valid JSON"),
        ("", "line 1, column 1: not valid JSON"),
    ],
    ids=[
        "lone-surrogate",
        "nul",
        "duplicate-key",
        "nan",
        "infinity",
        "long-number",
        "very-deep",
        "deep",
        "trailing-comma",
        "empty",
    ],
)
def test_what_a_json_file_may_not_hold_is_refused(text, expected):
    with pytest.raises(DataFileError) as caught:
        load_json(text)
    assert expected in str(caught.value)


# Files ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("a: 1\nb: Tilhørighet\n".encode("cp1252"), "line 2: not UTF-8 text (a byte 0xF8)"),
        ("\ufeffa: 1\n".encode("utf-16-le"), "line 1: the file is UTF-16 text; save it as UTF-8"),
        ("a: 1\n".encode("utf-16"), "line 1: the file is UTF-16 text"),
    ],
    ids=["cp1252", "utf-16-le", "utf-16"],
)
def test_a_file_that_is_not_utf8_names_the_line(tmp_path, data, expected):
    path = tmp_path / "file.yaml"
    path.write_bytes(data)
    with pytest.raises(DataFileError, match=re.escape(expected)):
        read_text(path)


def test_a_byte_order_mark_is_dropped(tmp_path):
    path = tmp_path / "file.json"
    path.write_text(json.dumps({"a": "ø"}), encoding="utf-8-sig")
    assert load_json(read_text(path)) == {"a": "ø"}
