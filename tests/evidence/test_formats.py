"""Reading reference files: the real exports in tests/data/references with their quirks,
the other formats and encodings, and broken input that must be refused cleanly."""

import codecs
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from soslokal.evidence import formats
from soslokal.evidence.formats import Problem, ReferenceFileError

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "references"  # see its README.md


def read(name):
    return formats.parse((EXAMPLES / name).read_bytes(), name)


@pytest.mark.parametrize(
    ("name", "kind", "records"),
    [
        ("baseline_zotero.ris", "ris", 100),
        ("embase.ris", "ris", 6),
        ("ovid_psycinfo.ris", "ris", 6),
        ("proquest.ris", "ris", 6),
        ("pubmed_zotero.ris", "ris", 6),
        ("pubmed_endnote.txt", "ris", 6),
        ("scopus.ris", "ris", 6),
        ("web_of_science.txt", "ris", 10),
        ("generic_labels.csv", "csv", 6),
    ],
)
def test_every_example_export_is_read_whole(name, kind, records):
    result = read(name)
    assert result.format == kind
    assert len(result.records) == records
    assert not result.skipped
    assert all(r.title for r in result.records)


def test_embase_with_a_byte_order_mark_keeps_its_first_record():
    result = read("embase.ris")
    assert result.encoding == "UTF-8 (BOM)"
    first = result.records[0]
    assert first.title.startswith("Duplication cysts")
    assert first.doi == "10.4103/2303-9027.138783"
    assert first.year == 2014


def test_ovid_numbers_between_records_and_dois_as_urls_are_understood():
    first = read("ovid_psycinfo.ris").records[0]
    assert first.doi == "10.1002/cpp.2398"
    assert first.abstract.startswith("Considering that self-criticism")  # from N2
    assert first.year == 2019  # "2019//"


def test_pubmed_via_endnote_keeps_one_keyword_a_line():
    first = read("pubmed_endnote.txt").records[0]
    assert "Animals" in first.keywords
    assert "Boswellia/*chemistry" in first.keywords
    assert first.authors[0] == "Abdel-Tawab, M."


def test_a_faulty_year_is_noted_not_guessed():
    record = read("faulty_year.ris").records[0]
    assert record.year is None
    assert record.notes == ((formats.Note.YEAR_NOT_UNDERSTOOD, "10 15"),)


def test_missing_titles_are_skipped_with_their_place_and_a_hint():
    result = read("missing_values.csv")
    assert [s.position for s in result.skipped] == [2, 4]
    assert {s.reason for s in result.skipped} == {formats.SkipReason.NO_TITLE}
    assert result.skipped[0].hint.startswith("BACKGROUND")


def test_generic_column_labels_and_list_values():
    record = read("generic_labels.csv").records[0]
    assert record.authors == ("Marx, Karl", "Lindgren, Astrid")
    assert record.keywords == ("Pippi", "Nordwind", "Piraten")
    assert record.year == 2014  # "2014//"
    assert record.label is True


def test_asreview_labels_in_n1_are_read():
    labels = [r.label for r in read("baseline_zotero.ris").records]
    assert labels.count(True) == 3 and labels.count(False) == 3


WOS = """FN Clarivate Analytics Web of Science
VR 1.0
PT J
AU Hansen, K
   Olsen, P
AF Hansen, Kari
   Olsen, Per
TI Trust between neighbours in small
   Norwegian towns
SO JOURNAL OF RURAL STUDIES
DE social trust; neighbourhood
LA English
AB Residents were asked.
PY 2019
DI 10.1016/j.jrurstud.2019.01.001
ER

PT J
AU Berg, A
TI Second record
PY 2020
ER

EF
"""

MEDLINE = """PMID- 21553931
OWN - NLM
TI  - Boswellia serrata: an overall assessment of in vitro, preclinical,
      pharmacokinetic and clinical data.
AB  - Non-steroidal anti-inflammatory drug intake is associated with adverse
      effects.
FAU - Abdel-Tawab, Mona
AU  - Abdel-Tawab M
FAU - Werz, Oliver
LA  - eng
DP  - 2011 Jun 1
JT  - Clinical pharmacokinetics
MH  - Animals
AID - 10.2165/11586800-000000000-00000 [doi]

PMID- 21553932
TI  - Another record.
DP  - 2011
"""

BIBTEX = r"""@comment{exported by JabRef}
@article{hansen2019,
  title = {Trust between {Norwegian} neighbours: a {\O}stfold study},
  author = {Hansen, Kari and M{\"u}ller, J{\"o}rg},
  journal = "Journal of Rural Studies",
  year = 2019,
  doi = {https://doi.org/10.1016/j.jrurstud.2019.01.001},
  keywords = {trust, neighbourhood},
  pages = {1--12},
  langid = {english},
}
@book{berg2020, title={Places}, year={2020}}
@misc{untitled, author={Nobody}}
"""


def test_web_of_science_tagged_text():
    result = formats.parse(WOS.encode(), "savedrecs.txt")
    assert result.format == "wos"
    first, second = result.records
    assert first.title == "Trust between neighbours in small Norwegian towns"
    assert first.authors == ("Hansen, Kari", "Olsen, Per")
    assert first.doi == "10.1016/j.jrurstud.2019.01.001"
    assert first.keywords == ("social trust", "neighbourhood")
    assert (first.year, second.year) == (2019, 2020)


def test_pubmed_medline_format():
    result = formats.parse(MEDLINE.encode(), "pubmed.nbib")
    assert result.format == "medline"
    first = result.records[0]
    assert first.title.endswith("pharmacokinetic and clinical data.")
    assert first.authors == ("Abdel-Tawab, Mona", "Werz, Oliver")
    assert first.doi == "10.2165/11586800-000000000-00000"
    assert first.year == 2011
    assert first.url == "https://pubmed.ncbi.nlm.nih.gov/21553931/"
    assert len(result.records) == 2


def test_bibtex_with_latex_accents_and_a_record_without_title():
    result = formats.parse(BIBTEX.encode(), "library.bib")
    assert result.format == "bibtex"
    first = result.records[0]
    assert first.title == "Trust between Norwegian neighbours: a Østfold study"
    assert first.authors == ("Hansen, Kari", "Müller, Jörg")
    assert first.doi == "10.1016/j.jrurstud.2019.01.001"
    assert first.pages == "1–12"
    assert first.keywords == ("trust", "neighbourhood")
    assert [r.title for r in result.records] == [first.title, "Places"]
    assert [s.position for s in result.skipped] == [3]


def test_xlsx_with_scopus_column_names():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Authors", "Title", "Year", "Source title", "DOI", "Abstract"])
    sheet.append(
        ["Hansen K.; Olsen P.", "Trust in towns", 2019, "Rural Studies", "10.1234/x", "A."]
    )
    sheet.append(["Berg A.", None, 2020, "Cities", None, "No title here."])
    buffer = io.BytesIO()
    book.save(buffer)
    result = formats.parse(buffer.getvalue(), "scopus.xlsx")
    assert result.format == "xlsx"
    (record,) = result.records
    assert record.authors == ("Hansen K.", "Olsen P.")
    assert (record.year, record.journal, record.doi) == (2019, "Rural Studies", "10.1234/x")
    assert [s.position for s in result.skipped] == [2]


def scopus_workbook(change=None):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Title", "Year"])
    sheet.append(["Trust in towns", 2019])
    if change:
        change(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_with_a_formatted_cell_far_below_reads_only_the_table():
    def stray(sheet):  # Excel keeps an empty cell that has a format
        sheet.cell(row=60_000, column=16_384).font = openpyxl.styles.Font(bold=True)

    (record,) = formats.parse(scopus_workbook(stray), "scopus.xlsx").records
    assert record.title == "Trust in towns"


def test_xlsx_with_a_damaged_sheet_is_a_broken_spreadsheet():
    source = zipfile.ZipFile(io.BytesIO(scopus_workbook()))
    damaged = io.BytesIO()
    with zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data[: len(data) // 2] if "sheet1" in item.filename else data)
    with pytest.raises(ReferenceFileError) as caught:
        formats.parse(damaged.getvalue(), "scopus.xlsx")
    assert caught.value.problem is Problem.BROKEN_SPREADSHEET


CSV_NB = "Tittel;Title;Year\nIgnored;Trygghet i nærmiljøet;2021\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (CSV_NB.encode("utf-8"), "UTF-8"),
        (codecs.BOM_UTF8 + CSV_NB.encode("utf-8"), "UTF-8 (BOM)"),
        (CSV_NB.encode("latin-1"), "Windows-1252"),
        (CSV_NB.encode("utf-16"), "UTF-16"),
    ],
)
def test_encodings(data, encoding):
    result = formats.parse(data, "export.csv")
    assert result.encoding == encoding
    assert result.records[0].title == "Trygghet i nærmiljøet"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", Problem.EMPTY),
        (b"   \n\n", Problem.EMPTY),
        (b"\x00\x01\x02\x03binary", Problem.BINARY),
        (b"PK\x03\x04 not really a spreadsheet", Problem.BROKEN_SPREADSHEET),
        (b"just some words without structure", Problem.UNKNOWN_FORMAT),
        (b"name,email\nKari,kari@example.org\n", Problem.NO_TITLE_COLUMN),
        (b"title,abstract\n", Problem.NO_RECORDS),
    ],
)
def test_files_that_are_not_reference_files_are_refused(data, problem):
    with pytest.raises(ReferenceFileError) as caught:
        formats.parse(data, "upload.txt")
    assert caught.value.problem is problem


def test_too_many_records_are_refused():
    data = ("title\n" + "".join(f"Study {n}\n" for n in range(30))).encode()
    with pytest.raises(ReferenceFileError) as caught:
        formats.parse(data, "big.csv", max_records=20)
    assert caught.value.problem is Problem.TOO_MANY_RECORDS


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_give_records_or_a_refusal(data):
    try:
        result = formats.parse(data, "upload")
    except ReferenceFileError:
        return
    assert all(r.title for r in result.records)


RIS_LINES = st.lists(
    st.one_of(
        st.sampled_from(["TY  - JOUR", "ER  -", "TI  - ", "AU  - ", "PY  - ", "DO  - ", ""]),
        st.text(max_size=40),
    ).flatmap(lambda head: st.text(max_size=30).map(lambda tail: head + tail)),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(RIS_LINES)
def test_broken_ris_gives_records_or_a_refusal(lines):
    try:
        result = formats.parse(("TY  - JOUR\n" + "\n".join(lines)).encode(), "x.ris")
    except ReferenceFileError:
        return
    assert result.format == "ris"
    for record in result.records:
        assert record.title and len(record.title) <= formats.TITLE_LIMIT


def test_ris_and_csl_json_carry_the_record_and_its_notes():
    record = formats.Record(
        title="Trust in towns",
        authors=("Hansen, Kari", "UN-Habitat"),
        year=2019,
        journal="Rural Studies",
        doi="10.1234/x",
    )
    item = formats.Export(record, ("SOSLOKAL: included",), id="soslokal-1")
    ris = formats.to_ris([item])
    again = formats.parse(ris.encode(), "export.ris").records[0]
    assert (again.title, again.authors, again.year, again.doi) == (
        record.title,
        record.authors,
        2019,
        "10.1234/x",
    )
    assert again.label is True  # the inclusion label travels in N1
    (entry,) = json.loads(formats.to_csl_json([item]))
    assert entry["author"] == [{"family": "Hansen", "given": "Kari"}, {"literal": "UN-Habitat"}]
    assert entry["issued"] == {"date-parts": [[2019]]}
    assert entry["DOI"] == "10.1234/x" and entry["note"] == "SOSLOKAL: included"
    told = formats.Export(formats.Record(title="Tillit", language="nb"))
    assert "LA  - nb" in formats.to_ris([told])
    assert json.loads(formats.to_csl_json([told]))[0]["language"] == "nb"


def test_the_language_a_file_gives_is_kept_as_a_language_tag():
    assert formats.parse(WOS.encode(), "savedrecs.txt").records[0].language == "en"
    assert formats.parse(MEDLINE.encode(), "pubmed.nbib").records[0].language == "en"
    assert formats.parse(BIBTEX.encode(), "library.bib").records[0].language == "en"
    assert {r.language for r in read("embase.ris").records} == {"en"}  # "LA  - English"
    table = "Title;Language\nTrygghet i nabolaget;Norsk bokmål\nPlaces;nno\nOrte;Deutsch\nX;?\n"
    assert [r.language for r in formats.parse(table.encode(), "refs.csv").records] == [
        "nb",
        "nn",
        "de",
        "",
    ]


@pytest.mark.parametrize(
    ("name", "tag"),
    [
        ("English", "en"),
        ("eng", "en"),
        ("en-GB", "en"),
        ("en_US", "en"),
        ("Norwegian Bokmål", "nb"),
        ("nob", "nb"),
        ("Nynorsk", "nn"),
        ("Norsk", "no"),
        ("swe", "sv"),
        ("eng; nor", ""),  # two languages: neither is the title's for certain
        ("Klingon", ""),
        ("", ""),
    ],
)
def test_language_names_and_codes_become_tags(name, tag):
    assert formats.clean_language(name) == tag


@pytest.mark.parametrize(
    ("title", "abstract", "language"),
    [
        ("Trust between neighbours in the towns of Norway", "", "en"),
        (
            "Medvirkning i planlegging",
            "Hvordan kan kommunen nå barn og unge som ikke deltar på møter?",
            "nb",
        ),
        (
            "Medverknad i planlegging",
            "Korleis kan kommunen nå born og unge som ikkje deltek på møte?",
            "nn",
        ),
        ("Sosial bærekraft i kommunene", "En studie av tiltak for barn og unge i byer.", "no"),
        ("Urban regeneration", "", ""),  # too few words to tell
        ("Barn i byen: the right to play in the city and in the park", "", "en"),
    ],
)
def test_the_language_is_guessed_from_common_words_when_the_file_does_not_say(
    title, abstract, language
):
    assert formats.guess_language(title, abstract) == language
