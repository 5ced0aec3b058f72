"""Staff pages for city labs, all scoped to the municipality in the URL: plan a lab, record its
ideas, votes and photos, turn ideas into actions and follow them up."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from soslokal.core.access import staff_view
from soslokal.core.context import languages_local
from soslokal.core.models import Area, Membership
from soslokal.core.templatetags.soslokal import number
from soslokal.surveys import selectors as surveys
from soslokal.surveys.models import Campaign
from soslokal.workshops import exports, selectors, services
from soslokal.workshops.forms import ActionForm, IdeaForm, LabForm, PhotoForm, VotesForm
from soslokal.workshops.models import Action, Idea, Lab, Photo, Sector
from soslokal.workshops.photos import MEDIA_TYPES

FACILITATOR = Membership.Role.FACILITATOR
KIT = [
    (
        "workshops_staff:poster_pdf",
        gettext_lazy("Compass poster (A3)"),
        gettext_lazy("The survey's results for the area, with the lab's topics marked."),
    ),
    (
        "workshops_staff:scoring_pdf",
        gettext_lazy("Group scoring sheet"),
        gettext_lazy(
            "One for each group: the score the group agrees on for each theme, and notes."
        ),
    ),
    (
        "workshops_staff:agenda_pdf",
        gettext_lazy("Agenda"),
        gettext_lazy("The parts of the day with suggested times, to fill in."),
    ),
]


def _lab(membership: Membership, lab_id: int) -> Lab:
    try:
        return selectors.lab_get(membership.municipality, lab_id)
    except Lab.DoesNotExist as error:
        raise Http404 from error


def _context(membership: Membership, **more: object) -> dict[str, object]:
    return {
        "membership": membership,
        "municipality": membership.municipality,
        "can_edit": membership.allows(FACILITATOR),
        **more,
    }


def _status(form: object) -> int:
    return 400 if getattr(form, "errors", None) else 200


@staff_view()
def lab_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    municipality = membership.municipality
    return render(
        request,
        "workshops/staff/lab_list.html",
        _context(
            membership,
            labs=selectors.labs_of(municipality),
            actions=selectors.actions_of(municipality),
        ),
    )


def _topic_choices(priorities: selectors.Priorities) -> list[tuple[int, str]]:
    """Every theme, lowest score first, each with its score where the survey has one."""
    return [
        (
            score.number,
            _("%(theme)s (%(score)s)") % {"theme": score.name, "score": number(score.mean, 1)}
            if score.mean is not None
            else _("%(theme)s (no figure)") % {"theme": score.name},
        )
        for score in priorities.ranked
    ]


def _group_choices(lab: Lab | None, priorities: selectors.Priorities) -> list[tuple[str, str]]:
    keys = list(priorities.under_represented)
    if lab is not None:
        keys += [key for key in lab.groups if key not in keys]
    return [(key, selectors.group_label(key)) for key in keys]


def _chosen(membership: Membership, request: HttpRequest) -> tuple[Campaign, Area] | None:
    """The survey and area named in the query string, or None when not both are given."""
    campaign_id, area_id = request.GET.get("campaign", ""), request.GET.get("area", "")
    if not (campaign_id.isascii() and campaign_id.isdigit()):
        return None
    try:
        campaign = surveys.campaign_get(membership.municipality, int(campaign_id))
    except Campaign.DoesNotExist as error:
        raise Http404 from error
    areas = {str(area.pk): area for area in selectors.lab_areas(campaign)}
    if area_id not in areas:
        if area_id:
            raise Http404
        return None
    return campaign, areas[area_id]


@staff_view(role=FACILITATOR)
def lab_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    """First choose the survey and area (links), then plan the lab; its topics are the two
    themes with the lowest score there, which staff may change."""
    municipality = membership.municipality
    chosen = _chosen(membership, request)
    if chosen is None:
        return render(
            request,
            "workshops/staff/lab_choose.html",
            _context(membership, campaigns=selectors.campaigns_for_labs(municipality)),
        )
    campaign, area = chosen
    priorities = selectors.survey_priorities(campaign, area)
    form = LabForm(
        request.POST or None,
        areas=selectors.lab_areas(campaign),
        topics=_topic_choices(priorities),
        groups=_group_choices(None, priorities),
        initial={
            "area": area.pk,
            "title": _("City lab: %(area)s") % {"area": area.name},
            "topics": priorities.lowest,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            lab = services.lab_create(
                municipality=municipality,
                campaign=campaign,
                area=_area_of(campaign, data["area"]),
                title=data["title"],
                held_on=data["held_on"],
                place=data["place"],
                facilitator=data["facilitator"],
                topics=data["topics"],
                sectors=form.sectors(),
                groups=form.groups(),
                notes=data["notes"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The city lab is planned."))
            return redirect("workshops_staff:lab", municipality.number, lab.pk)
    return render(
        request,
        "workshops/staff/lab_form.html",
        _context(membership, form=form, campaign=campaign, area=area, priorities=priorities),
        status=_status(form),
    )


def _area_of(campaign: Campaign, area_id: int) -> Area:
    for area in selectors.lab_areas(campaign):
        if area.pk == area_id:
            return area
    raise ValidationError(_("Choose one of the survey's areas."))


@staff_view()
def lab_detail(request: HttpRequest, membership: Membership, lab_id: int) -> HttpResponse:
    lab = _lab(membership, lab_id)
    return render(
        request,
        "workshops/staff/lab_detail.html",
        _context(
            membership,
            lab=lab,
            topics=selectors.ideas_by_topic(lab),
            photos=selectors.photos_of(lab),
            actions=lab.actions.all(),
            sectors=[(label, lab.sectors.get(value, 0)) for value, label in _sectors()],
            groups=[(selectors.group_label(key), n) for key, n in lab.groups.items()],
            languages=_languages(lab),
            kit=KIT,
        ),
    )


def _sectors() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in Sector.choices]


def _languages(lab: Lab) -> list[tuple[str, str]]:
    return languages_local(lab.campaign.languages)


@staff_view(role=FACILITATOR)
def lab_edit(request: HttpRequest, membership: Membership, lab_id: int) -> HttpResponse:
    lab = _lab(membership, lab_id)
    priorities = selectors.survey_priorities(lab.campaign, lab.area)
    initial = {
        "area": lab.area_id,
        "title": lab.title,
        "held_on": lab.held_on,
        "place": lab.place,
        "facilitator": lab.facilitator,
        "topics": lab.topics,
        "notes": lab.notes,
        **{f"sector_{key}": n for key, n in lab.sectors.items()},
        **{f"group_{key}": n for key, n in lab.groups.items()},
    }
    form = LabForm(
        request.POST or None,
        areas=selectors.lab_areas(lab.campaign),
        topics=_topic_choices(priorities),
        groups=_group_choices(lab, priorities),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.lab_update(
                lab=lab,
                area=_area_of(lab.campaign, data["area"]),
                title=data["title"],
                held_on=data["held_on"],
                place=data["place"],
                facilitator=data["facilitator"],
                topics=data["topics"],
                sectors=form.sectors(),
                groups=form.groups(),
                notes=data["notes"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("workshops_staff:lab", membership.municipality.number, lab.pk)
    return render(
        request,
        "workshops/staff/lab_form.html",
        _context(
            membership,
            form=form,
            lab=lab,
            campaign=lab.campaign,
            area=lab.area,
            priorities=priorities,
        ),
        status=_status(form),
    )


def _idea_form(lab: Lab, data: object = None, **kwargs: object) -> IdeaForm:
    names = selectors.theme_names()
    return IdeaForm(
        data,
        topics=[(n, names.get(n, str(n))) for n in lab.topics],
        themes=sorted(names.items()),
        dimensions=selectors.dimensions(),
        **kwargs,
    )


@staff_view(role=FACILITATOR)
def ideas(request: HttpRequest, membership: Membership, lab_id: int) -> HttpResponse:
    """The lab's ideas by topic, and a form to add one more (it comes back empty, ready for
    the next, keeping the topic)."""
    lab = _lab(membership, lab_id)
    topic = request.GET.get("topic", "")
    form = _idea_form(
        lab,
        request.POST or None,
        initial={"topic": int(topic) if topic.isascii() and topic.isdigit() else lab.topics[0]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.idea_create(
                lab=lab,
                topic=data["topic"],
                text=data["text"],
                themes=data["themes"],
                dimensions=data["dimensions"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The idea is saved. Add the next one below."))
            url = f"{request.path}?topic={data['topic']}#idea-form"
            return redirect(url)
    return render(
        request,
        "workshops/staff/ideas.html",
        _context(membership, lab=lab, topics=selectors.ideas_by_topic(lab), form=form),
        status=_status(form),
    )


@staff_view(role=FACILITATOR)
def idea_edit(
    request: HttpRequest, membership: Membership, lab_id: int, idea_id: int
) -> HttpResponse:
    lab = _lab(membership, lab_id)
    try:
        idea = selectors.idea_get(lab, idea_id)
    except Idea.DoesNotExist as error:
        raise Http404 from error
    form = _idea_form(
        lab,
        request.POST if request.method == "POST" and "delete" not in request.POST else None,
        initial={
            "topic": idea.topic,
            "text": idea.text,
            "themes": idea.themes,
            "dimensions": idea.dimensions,
        },
    )
    if request.method == "POST":
        try:
            if "delete" in request.POST:
                services.idea_delete(idea=idea)
                messages.success(request, _("The idea is removed."))
                return redirect("workshops_staff:ideas", membership.municipality.number, lab.pk)
            if form.is_valid():
                data = form.cleaned_data
                services.idea_update(
                    idea=idea,
                    topic=data["topic"],
                    text=data["text"],
                    themes=data["themes"],
                    dimensions=data["dimensions"],
                )
                messages.success(request, _("Saved."))
                return redirect("workshops_staff:ideas", membership.municipality.number, lab.pk)
        except ValidationError as error:
            form.add_error(None, error)
    return render(
        request,
        "workshops/staff/idea_form.html",
        _context(membership, lab=lab, idea=idea, form=form),
        status=_status(form),
    )


@staff_view(role=FACILITATOR)
def votes(request: HttpRequest, membership: Membership, lab_id: int) -> HttpResponse:
    """Every idea's dot-votes on one screen, entered after the session."""
    lab = _lab(membership, lab_id)
    topics = selectors.ideas_by_topic(lab)
    form = VotesForm(request.POST or None, ideas=[i for t in topics for i in t.ideas])
    if request.method == "POST" and form.is_valid():
        try:
            services.idea_votes_set(lab=lab, votes=form.votes())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The votes are saved."))
            return redirect("workshops_staff:lab", membership.municipality.number, lab.pk)
    fields = {name: form[name] for name in form.fields}
    return render(
        request,
        "workshops/staff/votes.html",
        _context(
            membership,
            lab=lab,
            form=form,
            topics=[(t, [(i, fields[f"idea_{i.pk}"]) for i in t.ideas]) for t in topics],
        ),
        status=_status(form),
    )


@staff_view()
def photos(request: HttpRequest, membership: Membership, lab_id: int) -> HttpResponse:
    lab = _lab(membership, lab_id)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not membership.allows(FACILITATOR):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.photo_add(
                    lab=lab, upload=form.cleaned_data["photo"], caption=form.cleaned_data["caption"]
                )
            except ValidationError as error:
                form.add_error("photo", error)
            else:
                messages.success(
                    request, _("The photo is saved, without location or camera details.")
                )
                return redirect("workshops_staff:photos", membership.municipality.number, lab.pk)
    return render(
        request,
        "workshops/staff/photos.html",
        _context(membership, lab=lab, photos=selectors.photos_of(lab), form=form),
        status=_status(form),
    )


@staff_view()
def photo_file(
    request: HttpRequest, membership: Membership, photo_id: int, kind: str
) -> HttpResponse:
    """A photo, for the municipality's staff only; never from a public URL."""
    try:
        photo = selectors.photo_get(membership.municipality, photo_id)
    except Photo.DoesNotExist as error:
        raise Http404 from error
    if kind != photo.extension:
        raise Http404
    try:
        with default_storage.open(photo.file.name, "rb") as handle:
            content = handle.read()
    except FileNotFoundError as error:
        raise Http404 from error
    response = HttpResponse(content, content_type=MEDIA_TYPES[photo.format])
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Disposition"] = f'inline; filename="photo-{photo.pk}.{kind}"'
    return response


@staff_view(role=FACILITATOR)
@require_POST
def photo_delete(request: HttpRequest, membership: Membership, photo_id: int) -> HttpResponse:
    try:
        photo = selectors.photo_get(membership.municipality, photo_id)
    except Photo.DoesNotExist as error:
        raise Http404 from error
    lab_id = photo.lab_id
    services.photo_delete(photo=photo)
    messages.success(request, _("The photo is removed."))
    return redirect("workshops_staff:photos", membership.municipality.number, lab_id)


def _action_form(lab: Lab | None, data: object = None, **kwargs: object) -> ActionForm:
    ideas = list(lab.ideas.order_by("topic", "-votes", "pk")) if lab else []
    return ActionForm(
        data,
        ideas=[(idea.pk, idea.text) for idea in ideas],
        dimensions=selectors.dimensions(),
        **kwargs,
    )


def _ideas_chosen(lab: Lab | None, ids: list[int]) -> list[Idea]:
    return list(lab.ideas.filter(pk__in=ids)) if lab else []


@staff_view(role=FACILITATOR)
def action_create(request: HttpRequest, membership: Membership, lab_id: int) -> HttpResponse:
    """A new action on the lab's ideas; ``?idea=`` ticks the ideas it starts from."""
    lab = _lab(membership, lab_id)
    ticked = [int(i) for i in request.GET.getlist("idea") if i.isascii() and i.isdigit()]
    form = _action_form(lab, request.POST or None, initial={"ideas": ticked})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            action = services.action_create(
                lab=lab,
                title=data["title"],
                description=data["description"],
                owner=data["owner"],
                owner_kind=data["owner_kind"],
                status=data["status"],
                due_on=data["due_on"],
                ideas=_ideas_chosen(lab, data["ideas"]),
                effects=form.effects(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The action is saved as number %(id)s; the public page shows it.")
                % {"id": action.pk},
            )
            return redirect("workshops_staff:lab", membership.municipality.number, lab.pk)
    return render(
        request,
        "workshops/staff/action_form.html",
        _context(membership, lab=lab, form=form),
        status=_status(form),
    )


@staff_view(role=FACILITATOR)
def action_edit(request: HttpRequest, membership: Membership, action_id: int) -> HttpResponse:
    try:
        action = selectors.action_get(membership.municipality, action_id)
    except Action.DoesNotExist as error:
        raise Http404 from error
    initial = {
        "title": action.title,
        "description": action.description,
        "owner": action.owner,
        "owner_kind": action.owner_kind,
        "status": action.status,
        "due_on": action.due_on,
        "ideas": [idea.pk for idea in action.ideas.all()],
        **{f"effect_{slug}": effect for slug, effect in action.effects.items()},
    }
    form = _action_form(action.lab, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.action_update(
                action=action,
                title=data["title"],
                description=data["description"],
                owner=data["owner"],
                owner_kind=data["owner_kind"],
                status=data["status"],
                due_on=data["due_on"],
                ideas=_ideas_chosen(action.lab, data["ideas"]),
                effects=form.effects(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("workshops_staff:actions", membership.municipality.number)
    return render(
        request,
        "workshops/staff/action_form.html",
        _context(membership, lab=action.lab, action=action, form=form),
        status=_status(form),
    )


@staff_view()
def action_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    return render(
        request,
        "workshops/staff/action_list.html",
        _context(membership, actions=selectors.actions_of(membership.municipality)),
    )


@staff_view()
def actions_download(request: HttpRequest, membership: Membership) -> HttpResponse:
    content = exports.actions_csv(
        selectors.actions_of(membership.municipality), selectors.dimensions()
    )
    response = HttpResponse(content.encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    filename = f"actions-{membership.municipality.number}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
