import pytest

from soslokal.framework.schema import (
    REQUIRED_LANGUAGES,
    FrameworkFileError,
    parse_framework_text,
    sdg_sort_key,
)
from soslokal.framework.services import DEFAULT_FRAMEWORK_FILE


@pytest.fixture(scope="module")
def shipped():
    return parse_framework_text(DEFAULT_FRAMEWORK_FILE.read_text(), origin="framework.yaml")


def test_the_shipped_framework_has_eight_dimensions_and_fourteen_themes(shipped):
    assert [d.id for d in shipped.dimensions] == [
        "access",
        "housing",
        "living",
        "social",
        "belonging",
        "safety",
        "voice",
        "adapt",
    ]
    assert [t.number for t in shipped.themes] == list(range(1, 15))


def test_every_text_of_the_shipped_framework_is_in_three_languages(shipped):
    texts = [shipped.title, shipped.summary]
    texts += [d.name for d in shipped.dimensions] + [d.definition for d in shipped.dimensions]
    texts += [t.name for t in shipped.themes] + [t.title for t in shipped.sdg_targets]
    for text in texts:
        assert set(REQUIRED_LANGUAGES) <= set(text)
        assert all(text[language] for language in REQUIRED_LANGUAGES)


def test_the_dimension_theme_links_follow_the_domain_table(shipped):
    links = {d.id: d.themes for d in shipped.dimensions}
    assert links["access"] == [1, 2, 5, 6, 7]
    assert links["social"] == [4, 6, 10]
    assert links["voice"] == [14]
    assert sorted(links["safety"]) == [3, 12, 13]


def test_sdg_targets_sort_numerically():
    assert sorted(["4.10", "4.2", "11.1", "4.a", "1.4"], key=sdg_sort_key) == [
        "1.4",
        "4.2",
        "4.10",
        "4.a",
        "11.1",
    ]


def test_every_problem_is_reported_with_its_place(shipped):
    data = shipped.to_dict()
    data["dimensions"][1]["themes"].append(15)
    del data["dimensions"][2]["name"]["nn"]
    data["themes"][0]["group"] = "elsewhere"
    with pytest.raises(FrameworkFileError) as caught:
        from soslokal.framework.schema import read_framework

        read_framework(data, origin="adapted.json")
    problems = caught.value.problems
    assert "dimensions[1].themes: no theme numbered 15" in problems
    assert "dimensions[2].name: missing the nn text" in problems
    assert any(p.startswith("themes[0].group:") for p in problems)
    assert str(caught.value).startswith("adapted.json: ")


def test_a_sources_language_is_a_language_code(shipped):
    from soslokal.framework.schema import read_framework

    assert {s.id: s.language for s in shipped.sources}["dempsey2011"] == "en"
    data = shipped.to_dict()
    data["sources"][0]["language"] = "English"
    with pytest.raises(FrameworkFileError) as caught:
        read_framework(data, origin="adapted.json")
    assert "sources[0].language: 'English' is not a language code such as en or nb" in (
        caught.value.problems
    )


def test_a_theme_linked_to_no_dimension_is_refused(shipped):
    data = shipped.to_dict()
    for dimension in data["dimensions"]:
        dimension["themes"] = [n for n in dimension["themes"] if n != 14]
    data["dimensions"][6]["themes"] = [13]
    with pytest.raises(FrameworkFileError, match="theme 14 belongs to no dimension"):
        from soslokal.framework.schema import read_framework

        read_framework(data, origin="x")


def test_broken_yaml_names_the_line():
    with pytest.raises(FrameworkFileError, match=r"bad\.yaml: line 3, column 10"):
        parse_framework_text("schema: 1\nversion: x\ntitle: nb: x\n", origin="bad.yaml")


def test_a_document_that_is_not_a_mapping_is_refused():
    with pytest.raises(FrameworkFileError, match="document: expected a mapping"):
        parse_framework_text("- just\n- a list\n", origin="list.yaml")
