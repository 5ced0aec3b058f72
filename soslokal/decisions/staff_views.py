"""Staff pages for impact assessments and the decision log, all scoped to the municipality in
the URL. Analysts write; every member may read."""

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from soslokal.briefs.models import BriefVersion
from soslokal.core.access import staff_view
from soslokal.core.models import Area, Membership
from soslokal.core.pdf import html_to_pdf
from soslokal.decisions import selectors, services
from soslokal.decisions.follow_up import URGENCY, FollowUp
from soslokal.decisions.forms import (
    ActionLinkForm,
    AssessmentForm,
    BriefLinkForm,
    DecisionForm,
    FollowUpForm,
    IndicatorLinkForm,
    JudgementForm,
    SurveyLinkForm,
)
from soslokal.decisions.models import Assessment, Decision, Effect, EvidenceKind, EvidenceLink
from soslokal.decisions.textblock import LANGUAGES, source_line
from soslokal.framework.models import Dimension
from soslokal.indicators.models import Indicator
from soslokal.surveys.models import Campaign
from soslokal.workshops.models import Action

ANALYST = Membership.Role.ANALYST
LANGUAGE_NAMES = {"nb": "Norsk bokmål", "nn": "Norsk nynorsk", "en": "English"}
PRINT_CSS = Path(__file__).resolve().parent / "static" / "decisions" / "print.css"


def _context(membership: Membership, **more: object) -> dict[str, object]:
    return {
        "membership": membership,
        "municipality": membership.municipality,
        "can_edit": membership.allows(ANALYST),
        **more,
    }


def _status(form: object) -> int:
    return 400 if getattr(form, "errors", None) else 200


def _assessment(membership: Membership, assessment_id: int) -> Assessment:
    try:
        return selectors.assessment_get(membership.municipality, assessment_id)
    except Assessment.DoesNotExist as error:
        raise Http404 from error


def _decision(membership: Membership, decision_id: int) -> Decision:
    try:
        return selectors.decision_get(membership.municipality, decision_id)
    except Decision.DoesNotExist as error:
        raise Http404 from error


def _area_choices(membership: Membership) -> list[tuple[object, str]]:
    return [(a.pk, a.name) for a in selectors.areas_of(membership.municipality)]


def _areas(membership: Membership, ids: list[int]) -> list[Area]:
    """The chosen areas; an id that is not one of the municipality's is refused."""
    found = list(selectors.areas_of(membership.municipality).filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationError(_("Choose areas of this municipality."))
    return found


# The decision log


@staff_view()
def log(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Overdue follow-ups first, then what is due soon, then every decision by dimension and
    area; the table below narrows to one dimension or area with plain links."""
    dimension = request.GET.get("dimension", "")
    area = request.GET.get("area", "")
    found = selectors.decision_log(
        membership.municipality, timezone.localdate(), dimension=dimension, area=area
    )
    names = {t.key: t.name for t in found.by_dimension + found.by_area}
    return render(
        request,
        "decisions/staff/log.html",
        _context(
            membership,
            log=found,
            statuses=URGENCY,
            chosen_dimension=names.get(dimension, "") if dimension else "",
            chosen_area=names.get(area, "") if area else "",
        ),
    )


# Assessments


@staff_view()
def assessment_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    return render(
        request,
        "decisions/staff/assessment_list.html",
        _context(membership, assessments=selectors.assessments_of(membership.municipality)),
    )


def _save_assessment(
    request: HttpRequest, membership: Membership, assessment: Assessment | None
) -> HttpResponse:
    initial: dict[str, Any] = {}
    if assessment is not None:
        initial = {
            "case_number": assessment.case_number,
            "title": assessment.title,
            "body": assessment.body,
            "body_name": assessment.body_name,
            "meeting_on": assessment.meeting_on,
            "areas": [a.pk for a in assessment.areas.all()],
        }
    form = AssessmentForm(request.POST or None, areas=_area_choices(membership), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            "case_number": data["case_number"],
            "title": data["title"],
            "body": data["body"],
            "body_name": data["body_name"],
            "meeting_on": data["meeting_on"],
        }
        try:
            areas = _areas(membership, data["areas"])
            if assessment is None:
                assessment = services.assessment_create(
                    municipality=membership.municipality, areas=areas, **fields
                )
                messages.success(request, _("The case is saved. Now assess each dimension."))
            else:
                services.assessment_update(assessment=assessment, areas=areas, **fields)
                messages.success(request, _("Saved."))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            number = membership.municipality.number
            first = selectors.dimension_ids()[:1]
            if not initial and first:  # a new case goes on to its first dimension
                return redirect("decisions_staff:judgement", number, assessment.pk, first[0])
            return redirect("decisions_staff:assessment", number, assessment.pk)
    return render(
        request,
        "decisions/staff/assessment_form.html",
        _context(membership, form=form, assessment=assessment),
        status=_status(form),
    )


@staff_view(role=ANALYST)
def assessment_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    return _save_assessment(request, membership, None)


@staff_view(role=ANALYST)
def assessment_edit(
    request: HttpRequest, membership: Membership, assessment_id: int
) -> HttpResponse:
    return _save_assessment(request, membership, _assessment(membership, assessment_id))


@staff_view(role=ANALYST)
def assessment_delete(
    request: HttpRequest, membership: Membership, assessment_id: int
) -> HttpResponse:
    assessment = _assessment(membership, assessment_id)
    if request.method == "POST":
        services.assessment_delete(assessment=assessment)
        messages.success(request, _("The assessment is removed."))
        return redirect("decisions_staff:assessments", membership.municipality.number)
    return render(
        request,
        "decisions/staff/assessment_delete.html",
        _context(membership, assessment=assessment),
    )


@staff_view()
def assessment_detail(
    request: HttpRequest, membership: Membership, assessment_id: int
) -> HttpResponse:
    assessment = _assessment(membership, assessment_id)
    today = timezone.localdate()
    return render(
        request,
        "decisions/staff/assessment_detail.html",
        _context(
            membership,
            assessment=assessment,
            rows=selectors.judgement_rows(assessment),
            decisions=selectors.decision_rows(
                selectors.decisions_of(membership.municipality).filter(assessment=assessment),
                today,
            ),
            languages=[(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        ),
    )


def _dimension(slug: str) -> Dimension:
    try:
        return selectors.dimension_get(slug)
    except Dimension.DoesNotExist as error:
        raise Http404 from error


def _evidence_forms(membership: Membership, data: Any = None, kind: str = "") -> dict[str, Any]:
    municipality = membership.municipality
    areas = _area_choices(membership)
    themes = sorted(selectors.theme_names().items())
    return {
        "indicator_form": IndicatorLinkForm(
            data if kind == EvidenceKind.INDICATOR else None,
            indicators=[(i.code, i.name) for i in selectors.indicators()],
            areas=areas,
        ),
        "survey_form": SurveyLinkForm(
            data if kind == EvidenceKind.SURVEY else None,
            campaigns=[(c.pk, c.name) for c in selectors.campaigns_of(municipality)],
            themes=[(n, f"{n}. {name}") for n, name in themes],
        ),
        "action_form": ActionLinkForm(
            data if kind == EvidenceKind.ACTION else None,
            actions=[
                (a.pk, f"{a.title} ({a.area.name})") for a in selectors.actions_of(municipality)
            ],
        ),
        "brief_form": BriefLinkForm(
            data if kind == EvidenceKind.BRIEF else None,
            briefs=[
                (v.pk, _("%(title)s, version %(number)s") % {"title": v.title, "number": v.number})
                for v in selectors.brief_versions_of(municipality)
            ],
        ),
    }


def _link_lines(links: list[EvidenceLink], request: HttpRequest) -> list[tuple[int, str]]:
    lang = _ui_language(request)
    themes = selectors.theme_names(lang)
    return [
        (link.pk, source_line(selectors.link_source(link, lang, _absolute(request), themes), lang))
        for link in links
    ]


def _ui_language(request: HttpRequest) -> str:
    code = (getattr(request, "LANGUAGE_CODE", "") or "nb").split("-")[0]
    return code if code in LANGUAGES else "nb"


def _absolute(request: HttpRequest) -> selectors.Absolute:
    return request.build_absolute_uri


def _judgement_page(
    request: HttpRequest,
    membership: Membership,
    assessment: Assessment,
    dimension: Dimension,
    form: JudgementForm,
    evidence: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    rows = selectors.judgement_rows(assessment)
    slugs = [row.dimension.slug for row in rows]
    row = rows[slugs.index(dimension.slug)]
    following = slugs[slugs.index(dimension.slug) + 1] if dimension.slug != slugs[-1] else ""
    return render(
        request,
        "decisions/staff/judgement_form.html",
        _context(
            membership,
            assessment=assessment,
            dimension=dimension,
            position=slugs.index(dimension.slug) + 1,
            total=len(slugs),
            following=following,
            form=form,
            links=_link_lines(row.links, request),
            **evidence,
        ),
        status=status,
    )


@staff_view(role=ANALYST)
def judgement_edit(
    request: HttpRequest, membership: Membership, assessment_id: int, dimension: str
) -> HttpResponse:
    """One dimension: the expected effect, its reason, who is affected and the mitigation,
    then the evidence behind it. Saving goes on to the next dimension."""
    assessment = _assessment(membership, assessment_id)
    chosen = _dimension(dimension)
    judgement = selectors.judgement_of(assessment, chosen.slug)
    initial = (
        {
            "effect": judgement.effect,
            "reason": judgement.reason,
            "groups": judgement.groups,
            "other_groups": judgement.other_groups,
            "mitigation": judgement.mitigation,
        }
        if judgement
        else {"effect": Effect.UNKNOWN}
    )
    form = JudgementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.judgement_save(
                assessment=assessment,
                dimension=chosen.slug,
                effect=data["effect"],
                reason=data["reason"],
                groups=data["groups"],
                other_groups=data["other_groups"],
                mitigation=data["mitigation"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved: %(name)s.") % {"name": chosen.name})
            number = membership.municipality.number
            following = request.POST.get("next", "")
            if following and following in selectors.dimension_ids():
                return redirect("decisions_staff:judgement", number, assessment.pk, following)
            return redirect("decisions_staff:assessment", number, assessment.pk)
    return _judgement_page(
        request,
        membership,
        assessment,
        chosen,
        form,
        _evidence_forms(membership),
        status=_status(form),
    )


def _chosen_source(membership: Membership, kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """The objects an evidence form names, looked up among the municipality's own (an id
    from elsewhere is refused as unknown)."""
    municipality = membership.municipality
    try:
        if kind == EvidenceKind.INDICATOR:
            area = selectors.areas_of(municipality).get(pk=data["area"]) if data["area"] else None
            return {"indicator": selectors.indicators().get(pk=data["indicator"]), "area": area}
        if kind == EvidenceKind.SURVEY:
            return {
                "campaign": selectors.campaigns_of(municipality).get(pk=data["campaign"]),
                "theme": data["theme"],
            }
        if kind == EvidenceKind.BRIEF:
            return {"brief": selectors.brief_versions_of(municipality).get(pk=data["brief"])}
        return {"action": selectors.actions_of(municipality).get(pk=data["action"])}
    except (
        Indicator.DoesNotExist,
        Area.DoesNotExist,
        Campaign.DoesNotExist,
        Action.DoesNotExist,
        BriefVersion.DoesNotExist,
    ):
        raise ValidationError(_("Choose a source from the list.")) from None


@staff_view(role=ANALYST)
@require_POST
def evidence_add(
    request: HttpRequest, membership: Membership, assessment_id: int, dimension: str
) -> HttpResponse:
    assessment = _assessment(membership, assessment_id)
    chosen = _dimension(dimension)
    kind = request.POST.get("kind", "")
    if kind not in EvidenceKind.values:
        kind = EvidenceKind.INDICATOR
    evidence = _evidence_forms(membership, request.POST, kind)
    form = evidence[f"{kind}_form"]
    if form.is_valid():
        try:
            services.evidence_add(
                assessment=assessment,
                dimension=chosen.slug,
                kind=kind,
                note=form.cleaned_data["note"],
                **_chosen_source(membership, kind, form.cleaned_data),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The source is linked."))
            return redirect(
                "decisions_staff:judgement",
                membership.municipality.number,
                assessment.pk,
                chosen.slug,
            )
    judgement = selectors.judgement_of(assessment, chosen.slug)
    judged = JudgementForm(
        initial={
            "effect": judgement.effect if judgement else Effect.UNKNOWN,
            "reason": judgement.reason if judgement else "",
            "groups": judgement.groups if judgement else [],
            "other_groups": judgement.other_groups if judgement else "",
            "mitigation": judgement.mitigation if judgement else "",
        }
    )
    return _judgement_page(request, membership, assessment, chosen, judged, evidence, status=400)


@staff_view(role=ANALYST)
@require_POST
def evidence_remove(
    request: HttpRequest, membership: Membership, assessment_id: int, link_id: int
) -> HttpResponse:
    assessment = _assessment(membership, assessment_id)
    try:
        link = selectors.link_get(assessment, link_id)
    except EvidenceLink.DoesNotExist as error:
        raise Http404 from error
    slug = link.judgement.dimension
    services.evidence_remove(link=link)
    messages.success(request, _("The source is removed."))
    if slug in selectors.dimension_ids():
        return redirect(
            "decisions_staff:judgement", membership.municipality.number, assessment.pk, slug
        )
    return redirect("decisions_staff:assessment", membership.municipality.number, assessment.pk)


# The text block


def _text(
    request: HttpRequest, membership: Membership, assessment_id: int, lang: str
) -> tuple[Assessment, str]:
    if lang not in LANGUAGES:
        raise Http404
    assessment = _assessment(membership, assessment_id)
    text = selectors.assessment_text(assessment, lang, _absolute(request), timezone.localdate())
    return assessment, text


def _filename(assessment: Assessment, lang: str, extension: str) -> str:
    number = assessment.case_number.replace("/", "-")
    return f"vurdering-{number}-{lang}.{extension}"


@staff_view()
def text_block(
    request: HttpRequest, membership: Membership, assessment_id: int, lang: str
) -> HttpResponse:
    """The text block in one language, in a read-only box to select and copy."""
    assessment, text = _text(request, membership, assessment_id, lang)
    return render(
        request,
        "decisions/staff/text_block.html",
        _context(
            membership,
            assessment=assessment,
            text=text,
            lines=text.count("\n") + 2,
            lang=lang,
            language_name=LANGUAGE_NAMES[lang],
            languages=[(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        ),
    )


@staff_view()
def text_block_txt(
    request: HttpRequest, membership: Membership, assessment_id: int, lang: str
) -> HttpResponse:
    assessment, text = _text(request, membership, assessment_id, lang)
    response = HttpResponse(text.encode("utf-8"), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(assessment, lang, "txt")}"'
    return response


@staff_view()
def text_block_pdf(
    request: HttpRequest, membership: Membership, assessment_id: int, lang: str
) -> HttpResponse:
    """The same text as a PDF: the heading, then each part as its own paragraph."""
    assessment, text = _text(request, membership, assessment_id, lang)
    parts = [part.split("\n") for part in text.strip().split("\n\n")]
    html = render_to_string(
        "decisions/print/text_block.html",
        {
            "heading": parts[0][0],
            "intro": parts[0][1:],
            "parts": parts[1:],
            "language": lang,
            "assessment": assessment,
        },
    )
    css = PRINT_CSS.read_text(encoding="utf-8")
    response = HttpResponse(html_to_pdf(html, stylesheets=[css]), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(assessment, lang, "pdf")}"'
    return response


# Decisions


def _decision_form(
    membership: Membership, data: Any = None, initial: dict[str, Any] | None = None
) -> DecisionForm:
    municipality = membership.municipality
    return DecisionForm(
        data,
        dimensions=[(d.slug, d.name) for d in selectors.dimensions()],
        areas=_area_choices(membership),
        indicators=[(i.code, i.name) for i in selectors.indicators()],
        actions=[(a.pk, f"{a.title} ({a.area.name})") for a in selectors.actions_of(municipality)],
        initial=initial or {},
    )


def _decision_fields(membership: Membership, data: dict[str, Any]) -> dict[str, Any]:
    """The decision form's data as ``decision_create`` and ``decision_update`` take it, its
    sources looked up among the municipality's own."""
    municipality = membership.municipality
    indicators = list(selectors.indicators().filter(pk__in=data["indicators"]))
    actions = list(selectors.actions_of(municipality).filter(pk__in=data["actions"]))
    if len(indicators) != len(set(data["indicators"])) or len(actions) != len(set(data["actions"])):
        raise ValidationError(_("Choose a source from the list."))
    return {
        "text": data["text"],
        "decided_on": data["decided_on"],
        "follow_up_on": data["follow_up_on"],
        "is_public": data["is_public"],
        "indicators": indicators,
        "actions": actions,
        "areas": _areas(membership, data["areas"]),
        "dimensions": data["dimensions"],
    }


@staff_view(role=ANALYST)
def decision_create(
    request: HttpRequest, membership: Membership, assessment_id: int
) -> HttpResponse:
    """A decision in the case; its dimensions and areas start as the assessment's."""
    assessment = _assessment(membership, assessment_id)
    judged = [
        row.dimension.slug
        for row in selectors.judgement_rows(assessment)
        if row.effect in (Effect.POSITIVE, Effect.NEGATIVE)
    ]
    initial = {
        "dimensions": judged,
        "areas": [a.pk for a in assessment.areas.all()],
        "decided_on": assessment.meeting_on,
    }
    form = _decision_form(membership, request.POST or None, initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decision_create(assessment=assessment, **_decision_fields(membership, data))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The decision is in the log."))
            return redirect(
                "decisions_staff:assessment", membership.municipality.number, assessment.pk
            )
    return render(
        request,
        "decisions/staff/decision_form.html",
        _context(membership, form=form, assessment=assessment),
        status=_status(form),
    )


@staff_view(role=ANALYST)
def decision_edit(request: HttpRequest, membership: Membership, decision_id: int) -> HttpResponse:
    decision = _decision(membership, decision_id)
    if request.method == "POST" and "delete" in request.POST:
        assessment_id = decision.assessment_id
        services.decision_delete(decision=decision)
        messages.success(request, _("The decision is removed from the log."))
        return redirect("decisions_staff:assessment", membership.municipality.number, assessment_id)
    initial = {
        "text": decision.text,
        "decided_on": decision.decided_on,
        "follow_up_on": decision.follow_up_on,
        "dimensions": decision.dimensions,
        "areas": [a.pk for a in decision.areas.all()],
        "indicators": [i.pk for i in decision.indicators.all()],
        "actions": [a.pk for a in decision.actions.all()],
        "is_public": "yes" if decision.is_public else "no",
    }
    form = _decision_form(membership, request.POST or None, initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decision_update(decision=decision, **_decision_fields(membership, data))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("decisions_staff:log", membership.municipality.number)
    return render(
        request,
        "decisions/staff/decision_form.html",
        _context(membership, form=form, assessment=decision.assessment, decision=decision),
        status=_status(form),
    )


@staff_view(role=ANALYST)
def decision_follow_up(
    request: HttpRequest, membership: Membership, decision_id: int
) -> HttpResponse:
    """Record the follow-up of a decision, or open it again."""
    decision = _decision(membership, decision_id)
    if request.method == "POST" and "reopen" in request.POST:
        services.decision_follow_up(decision=decision, followed_up_on=None)
        messages.success(request, _("The follow-up is open again."))
        return redirect("decisions_staff:log", membership.municipality.number)
    form = FollowUpForm(
        request.POST or None,
        initial={
            "followed_up_on": decision.followed_up_on or timezone.localdate(),
            "note": decision.follow_up_note,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_follow_up(
                decision=decision,
                followed_up_on=form.cleaned_data["followed_up_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The follow-up is recorded."))
            return redirect("decisions_staff:log", membership.municipality.number)
    return render(
        request,
        "decisions/staff/follow_up_form.html",
        _context(
            membership,
            form=form,
            decision=decision,
            done=decision.followed_up_on is not None,
            status=FollowUp,
        ),
        status=_status(form),
    )
