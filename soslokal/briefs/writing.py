"""The draft texts of a brief, written from its figures in the brief's language.

Short sentences, concrete words, each number with its unit and what it is compared with. Staff
edit these texts before publishing; the figures beside them stay as the data gives them."""

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

SECTIONS = ["thing1", "thing2", "thing3", "challenges", "voices", "heard", "evidence", "measures"]
SUMMARY = ("thing1", "thing2", "thing3")
MAX_LENGTH = {"thing1": 400, "thing2": 400, "thing3": 400}
DEFAULT_MAX_LENGTH = 1500


def max_length(section: str) -> int:
    return MAX_LENGTH.get(section, DEFAULT_MAX_LENGTH)


def _join(words: list[str]) -> str:
    if len(words) < 2:
        return "".join(words)
    return _("%(first)s and %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def _figure_sentence(item: dict[str, Any]) -> str:
    """ "Low income: Skien 12.3 %, Telemark 10.1 %, Norway 9.0 % (2023)."."""
    others = [f"{c['name']} {c['value']}" for c in item["compared"] if c["value"]]
    return _("%(indicator)s: %(place)s %(value)s, %(others)s (%(period)s).") % {
        "indicator": item["name"],
        "place": item["region"],
        "value": item["value"],
        "others": ", ".join(others),
        "period": item["period"],
    }


def _lowest_sentence(voices: dict[str, Any]) -> str:
    low = voices["lowest"][0]
    return _(
        "Residents are least content with %(theme)s. It scored %(mean)s on a scale from 1 to "
        "%(points)s."
    ) % {"theme": low["name"].lower(), "mean": low["mean"], "points": voices["points"]}


def texts_generate(content: dict[str, Any]) -> dict[str, str]:
    """A first text for every section of the brief."""
    with translation.override(content["language"]):
        place = content["area_label"]
        challenges, voices, heard = content["challenges"], content["voices"], content["heard"]
        measures = content["measures"]
        texts: dict[str, str] = {}

        if challenges:
            texts["challenges"] = _(
                "These figures are clearly worse than in the county and in the whole country. "
                "They show where the need is greatest."
            )
            texts["thing1"] = _figure_sentence(challenges[0])
        else:
            texts["challenges"] = _(
                "No figure is clearly worse than in both the county and the whole country. "
                "The figures below are worse than in at least one area we compare with."
            )
            texts["thing1"] = _(
                "The official figures for %(place)s are not clearly worse than in the county "
                "and the country."
            ) % {"place": place}

        if voices and voices["lowest"]:
            texts["voices"] = ngettext(
                "%(n)s resident answered the place survey.",
                "%(n)s residents answered the place survey.",
                voices["respondents_raw"],
            ) % {"n": voices["respondents"]}
            texts["voices"] += " " + _(
                "Each theme got a score from 1 to %(points)s. A low score means much to improve."
            ) % {"points": voices["points"]}
            texts["voices"] += " " + _lowest_sentence(voices)
            if voices["highest"]:
                high = voices["highest"][0]
                texts["voices"] += " " + _("They are most content with %(theme)s (%(mean)s).") % {
                    "theme": high["name"].lower(),
                    "mean": high["mean"],
                }
            texts["thing2"] = _lowest_sentence(voices)
        else:
            texts["voices"] = _("There is no published place survey for %(place)s yet.") % {
                "place": place
            }
            texts["thing2"] = _(
                "We have not yet asked the residents of %(place)s what they think."
            ) % {"place": place}

        if heard and heard["under"]:
            texts["heard"] = _(
                "Fewer people %(groups)s answered than their share of the residents. Their "
                "views count for less in the figures. Ask them in other ways too."
            ) % {"groups": _join(heard["under"])}
        elif heard:
            texts["heard"] = _("Every age group took part about as much as the others.")
        else:
            texts["heard"] = _("We cannot yet say who has been heard.")

        if measures:
            texts["measures"] = _(
                "Residents and the municipality have agreed on these measures. They show "
                "what can be done locally."
            )
            texts["thing3"] = ngettext(
                "%(n)s local measure is planned, under way or done: %(title)s.",
                "%(n)s local measures are planned, under way or done. The first: %(title)s.",
                len(measures),
            ) % {"n": len(measures), "title": measures[0]["title"]}
        else:
            texts["measures"] = _("No local measures are recorded yet.")
            texts["thing3"] = (
                texts["heard"]
                if heard and heard["under"]
                else _("A city lab can turn these findings into local measures.")
            )
        texts["evidence"] = _(
            "Research explains why these parts of social sustainability matter. The sources "
            "are listed at the end."
        )
        return {section: texts.get(section, "") for section in SECTIONS}
