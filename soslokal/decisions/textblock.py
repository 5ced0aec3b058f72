"""The standard text block for a case document (saksframlegg), in bokmål, nynorsk or English
(pure: no Django).

The text block is a document in a fixed language, whatever language the person making it reads
the site in, so its sentences live here as one table per language rather than in the interface
catalogues. ``text_block`` turns an ``AssessmentText`` (already holding names in the block's
language) into plain text that a case officer pastes into the case document."""

import datetime as dt
from dataclasses import dataclass, field

LANGUAGES = ("nb", "nn", "en")
EFFECTS = ("positive", "negative", "neutral", "unknown")

_NORWEGIAN_MONTHS = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)
MONTHS = {
    "nb": _NORWEGIAN_MONTHS,
    "nn": _NORWEGIAN_MONTHS,
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}
# Small counts in words, as Norwegian text writes them (two to twelve).
NUMBERS = {
    "nb": (
        "null",
        "én",
        "to",
        "tre",
        "fire",
        "fem",
        "seks",
        "sju",
        "åtte",
        "ni",
        "ti",
        "elleve",
        "tolv",
    ),
    "nn": (
        "null",
        "éin",
        "to",
        "tre",
        "fire",
        "fem",
        "seks",
        "sju",
        "åtte",
        "ni",
        "ti",
        "elleve",
        "tolv",
    ),
    "en": (
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
    ),
}

PHRASES: dict[str, dict[str, str]] = {
    "nb": {
        "origin": "{agency}, tabell {table}",
        "body.council": "Kommunestyret",
        "body.executive": "Formannskapet",
        "heading": "Vurdering av sosial bærekraft",
        "demo": "Demodata: dette er ikke en ekte sak.",
        "case": "Sak {number}: {title}",
        "body": "Vedtaksorgan: {body}",
        "meeting": "Møtedato: {date}",
        "areas": "Område: {areas}",
        "areas_many": "Områder: {areas}",
        "intro": (
            "Saken er vurdert opp mot {count} dimensjoner for sosial bærekraft i "
            "rammeverket «{framework}»{version}."
        ),
        "version": " (versjon {version})",
        "summary": "Sammendrag",
        "summary.positive": "Positiv virkning: {names}.",
        "summary.negative": "Negativ virkning: {names}.",
        "summary.neutral": "Ingen vesentlig virkning: {names}.",
        "summary.unknown": "Ukjent virkning: {names}.",
        "effect.positive": "Saken ventes å ha positiv virkning.",
        "effect.negative": "Saken ventes å ha negativ virkning.",
        "effect.neutral": "Saken ventes ikke å ha noen vesentlig virkning.",
        "effect.unknown": "Virkningen er ukjent.",
        "reason": "Begrunnelse: {text}",
        "groups": "Berørte grupper: {groups}.",
        "mitigation": "Avbøtende tiltak: {text}",
        "no_mitigation": "Det er ikke foreslått avbøtende tiltak.",
        "evidence": "Kunnskapsgrunnlag:",
        "no_evidence": "Det er ikke lagt ved kilder.",
        "kind.indicator": "Statistikk",
        "kind.survey": "Innbyggerundersøkelse",
        "kind.action": "Tiltak fra byverksted",
        "kind.brief": "Notat til folkevalgte",
        "theme": "tema «{theme}»",
        "status": "status: {status}",
        "unpublished": "resultatene er ikke publisert ennå",
        "brief.version": "versjon {version}",
        "and": "og",
        "footer": (
            "Vurderingen er laget i SOSLOKAL {date}. Lenkene fører til åpne sider der tallene "
            "og kildene kan etterprøves."
        ),
        "group.children": "barn og unge",
        "group.families": "barnefamilier",
        "group.older": "eldre",
        "group.low_income": "personer med lav inntekt",
        "group.immigrants": "innvandrere",
        "group.disabilities": "personer med funksjonsnedsettelse",
        "group.outside_work": "personer utenfor arbeid og utdanning",
        "group.living_alone": "personer som bor alene",
        "action.planned": "planlagt",
        "action.in_progress": "i gang",
        "action.done": "gjennomført",
        "action.dropped": "lagt bort",
    },
    "nn": {
        "origin": "{agency}, tabell {table}",
        "body.council": "Kommunestyret",
        "body.executive": "Formannskapet",
        "heading": "Vurdering av sosial berekraft",
        "demo": "Demodata: dette er ikkje ei ekte sak.",
        "case": "Sak {number}: {title}",
        "body": "Vedtaksorgan: {body}",
        "meeting": "Møtedato: {date}",
        "areas": "Område: {areas}",
        "areas_many": "Område: {areas}",
        "intro": (
            "Saka er vurdert opp mot {count} dimensjonar for sosial berekraft i "
            "rammeverket «{framework}»{version}."
        ),
        "version": " (versjon {version})",
        "summary": "Samandrag",
        "summary.positive": "Positiv verknad: {names}.",
        "summary.negative": "Negativ verknad: {names}.",
        "summary.neutral": "Ingen vesentleg verknad: {names}.",
        "summary.unknown": "Ukjend verknad: {names}.",
        "effect.positive": "Saka er venta å ha positiv verknad.",
        "effect.negative": "Saka er venta å ha negativ verknad.",
        "effect.neutral": "Saka er ikkje venta å ha nokon vesentleg verknad.",
        "effect.unknown": "Verknaden er ukjend.",
        "reason": "Grunngjeving: {text}",
        "groups": "Grupper som blir påverka: {groups}.",
        "mitigation": "Avbøtande tiltak: {text}",
        "no_mitigation": "Det er ikkje føreslått avbøtande tiltak.",
        "evidence": "Kunnskapsgrunnlag:",
        "no_evidence": "Det er ikkje lagt ved kjelder.",
        "kind.indicator": "Statistikk",
        "kind.survey": "Innbyggjarundersøking",
        "kind.action": "Tiltak frå byverkstad",
        "kind.brief": "Notat til folkevalde",
        "theme": "tema «{theme}»",
        "status": "status: {status}",
        "unpublished": "resultata er ikkje publiserte enno",
        "brief.version": "versjon {version}",
        "and": "og",
        "footer": (
            "Vurderinga er laga i SOSLOKAL {date}. Lenkjene fører til opne sider der tala "
            "og kjeldene kan etterprøvast."
        ),
        "group.children": "born og unge",
        "group.families": "barnefamiliar",
        "group.older": "eldre",
        "group.low_income": "personar med låg inntekt",
        "group.immigrants": "innvandrarar",
        "group.disabilities": "personar med funksjonsnedsetjing",
        "group.outside_work": "personar utanfor arbeid og utdanning",
        "group.living_alone": "personar som bur åleine",
        "action.planned": "planlagt",
        "action.in_progress": "i gang",
        "action.done": "gjennomført",
        "action.dropped": "lagt bort",
    },
    "en": {
        "origin": "{agency}, table {table}",
        "body.council": "Municipal council (kommunestyret)",
        "body.executive": "Executive committee (formannskapet)",
        "heading": "Social sustainability assessment",
        "demo": "Demo data: this is not a real case.",
        "case": "Case {number}: {title}",
        "body": "Decision-making body: {body}",
        "meeting": "Meeting date: {date}",
        "areas": "Area: {areas}",
        "areas_many": "Areas: {areas}",
        "intro": (
            "The case has been assessed against {count} dimensions of social sustainability in "
            "the framework “{framework}”{version}."
        ),
        "version": " (version {version})",
        "summary": "Summary",
        "summary.positive": "Positive effect: {names}.",
        "summary.negative": "Negative effect: {names}.",
        "summary.neutral": "No significant effect: {names}.",
        "summary.unknown": "Effect unknown: {names}.",
        "effect.positive": "The case is expected to have a positive effect.",
        "effect.negative": "The case is expected to have a negative effect.",
        "effect.neutral": "The case is not expected to have any significant effect.",
        "effect.unknown": "The effect is unknown.",
        "reason": "Reason: {text}",
        "groups": "Groups affected: {groups}.",
        "mitigation": "Mitigation: {text}",
        "no_mitigation": "No mitigation has been proposed.",
        "evidence": "Evidence:",
        "no_evidence": "No sources are attached.",
        "kind.indicator": "Statistics",
        "kind.survey": "Residents' survey",
        "kind.action": "City-lab action",
        "kind.brief": "Brief for councillors",
        "theme": "theme “{theme}”",
        "status": "status: {status}",
        "unpublished": "results not yet published",
        "brief.version": "version {version}",
        "and": "and",
        "footer": (
            "Assessment made in SOSLOKAL on {date}. The links lead to public pages where the "
            "figures and sources can be checked."
        ),
        "group.children": "children and young people",
        "group.families": "families with children",
        "group.older": "older people",
        "group.low_income": "people with low income",
        "group.immigrants": "immigrants",
        "group.disabilities": "people with disabilities",
        "group.outside_work": "people outside work and education",
        "group.living_alone": "people who live alone",
        "action.planned": "planned",
        "action.in_progress": "in progress",
        "action.done": "done",
        "action.dropped": "dropped",
    },
}


@dataclass(frozen=True)
class Source:
    """One piece of evidence, with its names already in the block's language."""

    kind: str  # indicator, survey, action, brief
    name: str
    place: str = ""  # the area of an indicator or action
    agency: str = ""  # where a figure comes from: SSB, table 08764
    table: str = ""
    theme: str = ""  # the theme of a survey result
    status: str = ""  # an action's status key
    published: bool = True  # survey results: public yet?
    version: int = 0  # a brief's published version
    url: str = ""
    note: str = ""


@dataclass(frozen=True)
class DimensionText:
    name: str
    effect: str
    reason: str = ""
    groups: tuple[str, ...] = ()  # group keys, in order
    other_groups: str = ""
    mitigation: str = ""
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class AssessmentText:
    case_number: str
    title: str
    body: str  # council, executive, or the name of a committee or other body
    meeting_on: dt.date
    framework: str
    framework_version: str
    made_on: dt.date
    dimensions: list[DimensionText] = field(default_factory=list)
    areas: tuple[str, ...] = ()
    is_demo: bool = False


def long_date(day: dt.date, lang: str) -> str:
    """27. november 2026 (nb, nn) or 27 November 2026 (en)."""
    month = MONTHS[lang][day.month - 1]
    return f"{day.day} {month} {day.year}" if lang == "en" else f"{day.day}. {month} {day.year}"


def joined(items: list[str], lang: str) -> str:
    """a, b og c (no serial comma in Norwegian; none in English either, for one style)."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {PHRASES[lang]['and']} {items[-1]}"


def _count(n: int, lang: str) -> str:
    return NUMBERS[lang][n] if 1 < n < len(NUMBERS[lang]) else str(n)


def _sentence(text: str) -> str:
    """Text someone wrote, as a sentence: trimmed, on one line, ending with a full stop."""
    text = " ".join(text.split())
    return text if not text or text[-1] in ".!?…" else f"{text}."


def source_line(source: Source, lang: str) -> str:
    words = PHRASES[lang]
    parts = [source.name]
    if source.kind == "survey" and source.theme:
        parts.append(words["theme"].format(theme=source.theme))
    if source.place:
        parts.append(source.place)
    described = ", ".join(parts)
    brackets = []
    if source.agency and source.table:
        brackets.append(words["origin"].format(agency=source.agency, table=source.table))
    if source.kind == "action" and source.status:
        status = words.get(f"action.{source.status}", source.status)
        brackets.append(words["status"].format(status=status))
    if source.kind == "brief" and source.version:
        brackets.append(words["brief.version"].format(version=source.version))
    if source.kind == "survey" and not source.published:
        brackets.append(words["unpublished"])
    if brackets:
        described += f" ({'; '.join(brackets)})"
    kind = words.get(f"kind.{source.kind}", source.kind)
    line = f"– {kind}: {described}."
    if source.note:
        line += f" {_sentence(source.note)}"
    if source.url:
        line += f" {source.url}"
    return line


def dimension_lines(number: int, dimension: DimensionText, lang: str) -> list[str]:
    words = PHRASES[lang]
    lines = [f"{number}. {dimension.name}"]
    effect = words[f"effect.{dimension.effect}"]
    if dimension.reason.strip():
        effect += " " + words["reason"].format(text=_sentence(dimension.reason))
    lines.append(effect)
    groups = [words[f"group.{key}"] for key in dimension.groups]
    if dimension.other_groups.strip():
        groups.append(" ".join(dimension.other_groups.split()))
    if groups:
        # Commas only: several group names hold an "og" of their own (barn og unge).
        lines.append(words["groups"].format(groups=", ".join(groups)))
    if dimension.mitigation.strip():
        lines.append(words["mitigation"].format(text=_sentence(dimension.mitigation)))
    elif dimension.effect == "negative":
        lines.append(words["no_mitigation"])
    if dimension.sources:
        lines.append(words["evidence"])
        lines.extend(source_line(source, lang) for source in dimension.sources)
    elif dimension.effect in ("positive", "negative"):
        lines.append(words["no_evidence"])
    return lines


def text_block(assessment: AssessmentText, lang: str) -> str:
    """The text block in ``lang`` (nb, nn or en), as plain text with a blank line between
    its parts, ending with a newline."""
    if lang not in PHRASES:
        raise ValueError(f"no text block in {lang!r}")
    words = PHRASES[lang]
    head = [words["heading"]]
    if assessment.is_demo:
        head.append(words["demo"])
    case = [
        words["case"].format(number=assessment.case_number, title=assessment.title),
        words["body"].format(body=words.get(f"body.{assessment.body}", assessment.body)),
        words["meeting"].format(date=long_date(assessment.meeting_on, lang)),
    ]
    if assessment.areas:
        label = "areas" if len(assessment.areas) == 1 else "areas_many"
        case.append(words[label].format(areas=joined(list(assessment.areas), lang)))
    version = (
        words["version"].format(version=assessment.framework_version)
        if assessment.framework_version
        else ""
    )
    intro = words["intro"].format(
        count=_count(len(assessment.dimensions), lang),
        framework=assessment.framework,
        version=version,
    )
    summary = [words["summary"]]
    for effect in EFFECTS:
        names = [d.name for d in assessment.dimensions if d.effect == effect]
        if names:
            summary.append(words[f"summary.{effect}"].format(names=joined(names, lang)))
    parts = [head, case, [intro], summary]
    parts += [
        dimension_lines(number, dimension, lang)
        for number, dimension in enumerate(assessment.dimensions, start=1)
    ]
    parts.append([words["footer"].format(date=long_date(assessment.made_on, lang))])
    return "\n\n".join("\n".join(part) for part in parts) + "\n"
