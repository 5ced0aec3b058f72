"""The public decision log of a municipality: what its bodies decided on cases assessed for
social sustainability, and whether the follow-up has been done. Only decisions staff marked as
public are shown, and nothing of the assessment's working notes."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from soslokal.core.models import Municipality
from soslokal.decisions import selectors
from soslokal.decisions.follow_up import URGENCY


@require_safe
def public_log(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, number=number)
    found = selectors.decision_log(municipality, timezone.localdate(), public=True)
    return render(
        request,
        "decisions/public_log.html",
        {"municipality": municipality, "log": found, "statuses": URGENCY},
    )
