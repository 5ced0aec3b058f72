"""Tenant scoping: the one gate every staff view goes through.

A staff URL names its municipality (``/staff/<number>/…``). ``staff_view`` resolves it from
the user's memberships only, so a member of another municipality gets 404, and a member whose
role is too low gets 403. Views receive the municipality and membership as arguments and pass
the municipality on to selectors."""

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from soslokal.core.models import Membership, Municipality

P = ParamSpec("P")
StaffView = Callable[Concatenate[HttpRequest, Membership, P], HttpResponse]


def membership_for(request: HttpRequest, number: str) -> Membership:
    """The requesting user's membership in municipality ``number``, or 404."""
    user = request.user
    if not user.is_authenticated:
        raise Http404
    if user.is_superuser:
        try:
            municipality = Municipality.objects.get(number=number)
        except Municipality.DoesNotExist as error:
            raise Http404 from error
        return Membership(user=user, municipality=municipality, role=Membership.Role.ADMIN)
    try:
        return Membership.objects.select_related("municipality").get(
            user=user, municipality__number=number
        )
    except Membership.DoesNotExist as error:
        raise Http404 from error


def staff_view(
    role: str = Membership.Role.VIEWER,
) -> Callable[[StaffView[P]], Callable[..., HttpResponse]]:
    """Decorate a view ``view(request, membership, **kwargs)`` served under ``<str:number>``."""

    def decorator(view: StaffView[P]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(
            request: HttpRequest, number: str, *args: P.args, **kwargs: P.kwargs
        ) -> HttpResponse:
            membership = membership_for(request, number)
            if not membership.allows(role):
                raise PermissionDenied
            return view(request, membership, *args, **kwargs)

        return wrapper

    return decorator
