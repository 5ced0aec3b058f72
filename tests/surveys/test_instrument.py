import pytest

from soslokal.surveys.instrument import (
    INSTRUMENT_DIR,
    InstrumentFileError,
    load_instrument,
    read_instrument,
    shipped_instruments,
)


@pytest.fixture(scope="module")
def adult_text():
    return (INSTRUMENT_DIR / "adult.yaml").read_text(encoding="utf-8")


def test_the_four_versions_are_shipped_in_three_languages():
    instruments = {instrument.id: instrument for instrument in shipped_instruments()}
    assert set(instruments) == {"adult", "youth", "children", "easy_read"}
    for instrument in instruments.values():
        assert [theme.theme for theme in instrument.themes] == list(range(1, 15))
        assert set(instrument.languages) >= {"nb", "nn", "en"}
        for theme in instrument.themes:
            for texts in (theme.question, theme.help, theme.good_now, theme.better):
                assert all(texts[language] for language in ("nb", "nn", "en"))


def test_children_answer_on_three_points_with_pictograms_and_text_alternatives():
    children = next(i for i in shipped_instruments() if i.id == "children")
    assert children.scale.points == 3
    assert [label.value for label in children.scale.labels] == [1, 2, 3]
    for label in children.scale.labels:
        assert label.pictogram
        assert all(label.alt[language] for language in ("nb", "nn", "en"))


def test_the_others_answer_on_seven_points():
    for instrument in shipped_instruments():
        if instrument.id != "children":
            assert instrument.scale.points == 7
            assert instrument.scale.labels == []


def line_of(text, fragment):
    return next(number for number, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_a_missing_translation_is_named_with_file_and_line(adult_text):
    lines = adult_text.splitlines()
    question = next(i for i, line in enumerate(lines) if line.strip().startswith("question:"))
    nynorsk = next(i for i in range(question, len(lines)) if lines[i].strip().startswith("nn:"))
    lines[nynorsk] = lines[nynorsk].replace("nn:", "se:")
    with pytest.raises(InstrumentFileError) as caught:
        read_instrument("\n".join(lines), origin="adult.yaml")
    # The texts of the question start on the line after "question:".
    expected = f"adult.yaml, line {question + 2}: themes[0].question: missing the nn text"
    assert expected in str(caught.value)


def test_a_theme_out_of_range_is_refused(adult_text):
    broken = adult_text.replace("theme: 14", "theme: 15", 1)
    with pytest.raises(InstrumentFileError, match="themes 1 to 14"):
        read_instrument(broken, origin="adult.yaml")


def test_broken_yaml_names_the_line():
    text = "schema: 1\nid: adult\ntitle: {nb: x\n"
    with pytest.raises(
        InstrumentFileError, match=r"^bad\.yaml, line \d+, column \d+: not valid YAML"
    ):
        read_instrument(text, origin="bad.yaml")


def test_an_unknown_audience_and_scale_are_refused(adult_text):
    broken = adult_text.replace("audience: adult", "audience: pensioners").replace(
        "points: 7", "points: 5"
    )
    with pytest.raises(InstrumentFileError) as caught:
        read_instrument(broken, origin="adult.yaml")
    problems = caught.value.problems
    assert any("audience: must be one of" in problem for problem in problems)
    assert any("scale.points: must be 3 or 7" in problem for problem in problems)
    assert problems == sorted(problems, key=lambda p: int(p.split()[1].rstrip(":")))


def test_an_empty_or_non_utf8_file_is_refused(tmp_path):
    with pytest.raises(InstrumentFileError, match="empty"):
        read_instrument("", origin="empty.yaml")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("title: {nb: Tilhørighet}".encode("latin-1"))
    with pytest.raises(InstrumentFileError, match=r"latin\.yaml, line 1: not UTF-8"):
        load_instrument(latin)


def test_a_new_language_is_a_data_change(adult_text):
    # Adding Northern Sami to the title asks for it everywhere else too.
    with_sami = adult_text.replace("title:\n  nb:", "title:\n  se: Báikekompássa\n  nb:", 1)
    if with_sami == adult_text:
        pytest.skip("title is not written as a block mapping in adult.yaml")
    with pytest.raises(InstrumentFileError, match="missing the se text"):
        read_instrument(with_sami, origin="adult.yaml")
