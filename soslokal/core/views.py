from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_POST, require_safe
from django_stubs_ext import StrOrPromise

from soslokal.core import selectors, services
from soslokal.core.access import staff_view
from soslokal.core.forms import LoginForm, MemberAddForm, MemberRoleForm
from soslokal.core.models import Area, Membership, Municipality
from soslokal.core.sections import municipality_sections
from soslokal.core.throttle import login_failure_record, login_failures_clear, login_is_locked


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"municipalities": selectors.municipalities_public()})


@require_safe
def municipality_detail(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, number=number)
    tree = selectors.area_tree(municipality)
    root = tree[0].area if tree else None
    return render(
        request,
        "core/municipality_detail.html",
        {
            "municipality": municipality,
            "tree": tree,
            "population": selectors.population_latest(root) if root else None,
            "sections": municipality_sections(municipality),
        },
    )


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    form = LoginForm(request, data=request.POST or None)
    locked = False
    if request.method == "POST":
        username = request.POST.get("username", "")
        locked = login_is_locked(request, username)
        if not locked and form.is_valid():
            login_failures_clear(request, username)
            login(request, form.get_user())
            return HttpResponseRedirect(next_url or reverse("core:staff_home"))
        if not locked:
            login_failure_record(request, username)
    status = 429 if locked else (400 if form.errors else 200)
    return render(
        request,
        "core/login.html",
        {"form": form, "locked": locked, "next": next_url},
        status=status,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("core:home")


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    memberships = selectors.memberships_of_user(request.user)
    return render(request, "core/staff_home.html", {"memberships": memberships})


@staff_view()
def staff_municipality(request: HttpRequest, membership: Membership) -> HttpResponse:
    municipality = membership.municipality
    return render(
        request,
        "core/staff_municipality.html",
        {
            "membership": membership,
            "municipality": municipality,
            "tree": selectors.area_tree(municipality),
        },
    )


@staff_view()
def staff_area(request: HttpRequest, membership: Membership, area_id: int) -> HttpResponse:
    try:
        area = selectors.area_get(membership.municipality, area_id)
    except Area.DoesNotExist as error:
        raise Http404 from error
    return render(
        request,
        "core/staff_area.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "area": area,
            "population": selectors.population_latest(area),
        },
    )


@staff_view(role=Membership.Role.ADMIN)
def staff_members(request: HttpRequest, membership: Membership) -> HttpResponse:
    municipality = membership.municipality
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.member_add(
                municipality=municipality,
                username=form.cleaned_data["username"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            form.add_error("username", error)
        else:
            user = added.membership.user.get_username()
            if added.new_password:
                messages.success(
                    request,
                    _(
                        "Created the account %(user)s. Its first password is %(password)s – "
                        "pass it on, and ask them to change it after logging in. "
                        "It is not shown again."
                    )
                    % {"user": user, "password": added.new_password},
                )
            else:
                messages.success(request, _("%(user)s now has a role here.") % {"user": user})
            return redirect("core:staff_members", municipality.number)
    return render(
        request,
        "core/staff_members.html",
        {
            "membership": membership,
            "municipality": municipality,
            "members": selectors.members_of(municipality),
            "roles": Membership.Role.choices,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@staff_view(role=Membership.Role.ADMIN)  # the tenant check first: outsiders learn nothing
@require_POST
def staff_member_change(
    request: HttpRequest, membership: Membership, membership_id: int
) -> HttpResponse:
    municipality = membership.municipality
    try:
        member = selectors.membership_get(municipality, membership_id)
    except Membership.DoesNotExist as error:
        raise Http404 from error
    form = MemberRoleForm(request.POST)
    try:
        if request.POST.get("action") == "remove":
            services.membership_revoke(membership=member)
            messages.success(
                request, _("%(user)s no longer has a role here.") % {"user": member.user}
            )
        elif form.is_valid():
            services.membership_change_role(membership=member, role=form.cleaned_data["role"])
            messages.success(request, _("Saved the role of %(user)s.") % {"user": member.user})
        else:
            messages.error(request, _("Choose one of the roles."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("core:staff_members", municipality.number)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


class Refusal(NamedTuple):
    status: int
    title: StrOrPromise
    lead: StrOrPromise


# Lazy: the texts are read in the language of each request.
REFUSALS = {
    "bad_request": Refusal(
        400,
        gettext_lazy("The page could not take what was sent"),
        gettext_lazy(
            "Your browser sent more than this page takes, or something it could not read. "
            "Go back and try again. If you sent a file, try a smaller one."
        ),
    ),
    "no_access": Refusal(
        403,
        gettext_lazy("No access"),
        gettext_lazy(
            "You do not have access to this page. If you need it, ask someone who manages "
            "SOSLOKAL for your municipality."
        ),
    ),
    "no_csrf_code": Refusal(
        403,
        gettext_lazy("The form could not be sent"),
        gettext_lazy(
            "For your safety, a form is only taken with the code its page gave it when it was "
            "opened. That code was missing or out of date: the page may have been open for a "
            "long time, or your browser does not keep cookies for this site. Go back, reload "
            "the page and send the form again."
        ),
    ),
    "method": Refusal(
        405,
        gettext_lazy("This page cannot do that"),
        gettext_lazy(
            "The address was used in a way this page does not take: logging out, for example, "
            "is done with the Log out button, not by opening an address. Use the links and "
            "buttons on the site."
        ),
    ),
}


def error_page(request: HttpRequest, refusal: str) -> HttpResponse:
    """The site's page for a request it refuses (a key of ``REFUSALS``), in the visitor's
    language and layout: Django's own are bare English pages or empty bodies."""
    status, title, lead = REFUSALS[refusal]
    return render(request, "error.html", {"title": title, "lead": lead}, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error_page(request, "bad_request")


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error_page(request, "no_access")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without the code its page gave it (``CSRF_FAILURE_VIEW``)."""
    return error_page(request, "no_csrf_code")


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the failure may lie in one of them.
    template = loader.get_template("500.html")
    return HttpResponse(template.render({"title": _("Something went wrong")}), status=500)


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password is changed."))
        return redirect("core:staff_home")
    return render(
        request, "core/password_change.html", {"form": form}, status=400 if form.errors else 200
    )
