"""The included set of a review as RIS (inclusion label and coding in ``N1``) and CSL-JSON."""

from soslokal.evidence import formats, selectors
from soslokal.evidence.models import Reference, Review

KINDS = {"ris": "ris", "json": "json"}  # URL suffix → file suffix; json is CSL-JSON
MEDIA_TYPES = {
    "ris": "application/x-research-info-systems",
    "json": "application/vnd.citationstyles.csl+json",
}


def _notes(reference: Reference) -> tuple[str, ...]:
    notes = ["SOSLOKAL: included"]
    coding = getattr(reference, "coding", None)
    if coding is not None:
        dimensions = ", ".join(d.slug for d in coding.dimensions.all())
        notes.append(
            f"SOSLOKAL coding: dimensions {dimensions}; study type {coding.study_type}; "
            f"evidence type {coding.evidence_type}; scale {coding.scale}"
            + (f"; country {coding.country}" if coding.country else "")
        )
    return tuple(notes)


def included_export(review: Review, kind: str) -> tuple[str, str]:
    items = [
        formats.Export(selectors.record_of(r), _notes(r), id=f"soslokal-{r.pk}")
        for r in selectors.included(review)
    ]
    text = formats.to_ris(items) if kind == "ris" else formats.to_csl_json(items)
    return text, f"{MEDIA_TYPES[kind]}; charset=utf-8"
