"""The text block for a case document, word for word, in bokmål, nynorsk and English."""

import datetime as dt

import pytest

from soslokal.decisions.textblock import (
    AssessmentText,
    DimensionText,
    Source,
    joined,
    long_date,
    text_block,
)

KNOWN = AssessmentText(
    case_number="2026/1234",
    title="Ny barnehage på Gulset",
    body="council",
    meeting_on=dt.date(2026, 3, 12),
    framework="Rammeverk for sosial berekraft",
    framework_version="2026.1",
    made_on=dt.date(2026, 2, 5),
    areas=("Gulset",),
    dimensions=[
        DimensionText(
            "Rettferdig tilgang",
            "positive",
            reason="Barnehagen ligger ved bussen  ",
            groups=("children", "low_income"),
            sources=(
                Source(
                    "indicator",
                    "Barn i lavinntektshushald",
                    place="Gulset",
                    agency="SSB",
                    table="08764",
                    url="https://kommune.example/indicators/4003/#indicator-low_income_children",
                ),
                Source(
                    "survey",
                    "Stedskompasset Skien 2025",
                    theme="Lek og fritid",
                    url="https://kommune.example/results/3/",
                    note="Lågaste skår i området",
                ),
                Source("action", "Vårdugnad", place="Skien", status="done", url=""),
            ),
        ),
        DimensionText(
            "Bustader",
            "negative",
            reason="Tomta tek eit friområde.",
            groups=("older",),
            other_groups="studentar",
        ),
        DimensionText("Tryggleik", "neutral"),
        DimensionText("Medverknad", "unknown", mitigation="Ope møte før vedtak"),
    ],
)

NB = """\
Vurdering av sosial bærekraft

Sak 2026/1234: Ny barnehage på Gulset
Vedtaksorgan: Kommunestyret
Møtedato: 12. mars 2026
Område: Gulset

Saken er vurdert opp mot fire dimensjoner for sosial bærekraft i rammeverket «Rammeverk for sosial berekraft» (versjon 2026.1).

Sammendrag
Positiv virkning: Rettferdig tilgang.
Negativ virkning: Bustader.
Ingen vesentlig virkning: Tryggleik.
Ukjent virkning: Medverknad.

1. Rettferdig tilgang
Saken ventes å ha positiv virkning. Begrunnelse: Barnehagen ligger ved bussen.
Berørte grupper: barn og unge, personer med lav inntekt.
Kunnskapsgrunnlag:
– Statistikk: Barn i lavinntektshushald, Gulset (SSB, tabell 08764). https://kommune.example/indicators/4003/#indicator-low_income_children
– Innbyggerundersøkelse: Stedskompasset Skien 2025, tema «Lek og fritid». Lågaste skår i området. https://kommune.example/results/3/
– Tiltak fra byverksted: Vårdugnad, Skien (status: gjennomført).

2. Bustader
Saken ventes å ha negativ virkning. Begrunnelse: Tomta tek eit friområde.
Berørte grupper: eldre, studentar.
Det er ikke foreslått avbøtende tiltak.
Det er ikke lagt ved kilder.

3. Tryggleik
Saken ventes ikke å ha noen vesentlig virkning.

4. Medverknad
Virkningen er ukjent.
Avbøtende tiltak: Ope møte før vedtak.

Vurderingen er laget i SOSLOKAL 5. februar 2026. Lenkene fører til åpne sider der tallene og kildene kan etterprøves.
"""  # noqa: E501

NN = """\
Vurdering av sosial berekraft

Sak 2026/1234: Ny barnehage på Gulset
Vedtaksorgan: Kommunestyret
Møtedato: 12. mars 2026
Område: Gulset

Saka er vurdert opp mot fire dimensjonar for sosial berekraft i rammeverket «Rammeverk for sosial berekraft» (versjon 2026.1).

Samandrag
Positiv verknad: Rettferdig tilgang.
Negativ verknad: Bustader.
Ingen vesentleg verknad: Tryggleik.
Ukjend verknad: Medverknad.

1. Rettferdig tilgang
Saka er venta å ha positiv verknad. Grunngjeving: Barnehagen ligger ved bussen.
Grupper som blir påverka: born og unge, personar med låg inntekt.
Kunnskapsgrunnlag:
– Statistikk: Barn i lavinntektshushald, Gulset (SSB, tabell 08764). https://kommune.example/indicators/4003/#indicator-low_income_children
– Innbyggjarundersøking: Stedskompasset Skien 2025, tema «Lek og fritid». Lågaste skår i området. https://kommune.example/results/3/
– Tiltak frå byverkstad: Vårdugnad, Skien (status: gjennomført).

2. Bustader
Saka er venta å ha negativ verknad. Grunngjeving: Tomta tek eit friområde.
Grupper som blir påverka: eldre, studentar.
Det er ikkje føreslått avbøtande tiltak.
Det er ikkje lagt ved kjelder.

3. Tryggleik
Saka er ikkje venta å ha nokon vesentleg verknad.

4. Medverknad
Verknaden er ukjend.
Avbøtande tiltak: Ope møte før vedtak.

Vurderinga er laga i SOSLOKAL 5. februar 2026. Lenkjene fører til opne sider der tala og kjeldene kan etterprøvast.
"""  # noqa: E501


def test_the_text_block_in_bokmal_word_for_word():
    assert text_block(KNOWN, "nb") == NB


def test_the_text_block_in_nynorsk_word_for_word():
    assert text_block(KNOWN, "nn") == NN


def test_the_text_block_in_english_names_the_body_with_its_norwegian_name():
    text = text_block(KNOWN, "en")
    assert text.startswith("Social sustainability assessment\n\nCase 2026/1234: Ny barnehage")
    assert "Decision-making body: Municipal council (kommunestyret)\n" in text
    assert "Meeting date: 12 March 2026\n" in text
    assert "Groups affected: children and young people, people with low income.\n" in text
    assert "(SSB, table 08764)" in text and "No mitigation has been proposed." in text


def test_a_committee_is_named_and_demo_data_says_so():
    committee = AssessmentText(
        case_number="26/77-2",
        title="Trafikksikring",
        body="Hovudutval for teknikk",
        meeting_on=dt.date(2026, 11, 27),
        framework="F",
        framework_version="",
        made_on=dt.date(2026, 11, 1),
        areas=("Gulset", "Klyve"),
        is_demo=True,
    )
    nn = text_block(committee, "nn")
    assert nn.startswith(
        "Vurdering av sosial berekraft\nDemodata: dette er ikkje ei ekte sak.\n\n"
        "Sak 26/77-2: Trafikksikring\nVedtaksorgan: Hovudutval for teknikk\n"
        "Møtedato: 27. november 2026\nOmråde: Gulset og Klyve\n"
    )
    assert "i rammeverket «F»." in nn  # no version given, none written
    nb = text_block(committee, "nb")
    assert "Demodata: dette er ikke en ekte sak." in nb and "Områder: Gulset og Klyve" in nb


def test_unpublished_survey_results_are_marked_and_carry_no_link():
    dimension = DimensionText(
        "Tryggleik",
        "positive",
        reason="Betre lys",
        sources=(Source("survey", "Stedskompasset 2026", published=False),),
    )
    assessment = AssessmentText(
        "2026/1",
        "T",
        "executive",
        dt.date(2026, 1, 2),
        "F",
        "1",
        dt.date(2026, 1, 1),
        dimensions=[dimension],
    )
    assert (
        "– Innbyggjarundersøking: Stedskompasset 2026 (resultata er ikkje publiserte enno).\n"
        in text_block(assessment, "nn")
    )
    assert "Vedtaksorgan: Formannskapet" in text_block(assessment, "nb")


def test_unknown_language_is_refused():
    with pytest.raises(ValueError):
        text_block(KNOWN, "se")


def test_dates_and_lists_as_written_in_norwegian():
    assert long_date(dt.date(2026, 11, 27), "nb") == "27. november 2026"
    assert long_date(dt.date(2026, 5, 1), "en") == "1 May 2026"
    assert joined(["a", "b", "c"], "nn") == "a, b og c"
    assert joined(["a"], "nb") == "a"
