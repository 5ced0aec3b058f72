"""Response headers that hold for every page, and pages for what views refuse."""

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.utils import translation
from django.utils.cache import patch_vary_headers

from soslokal.core.views import error_page

# Everything is served from our own origin; no inline script or style is ever allowed.
# Designsystemet's CSS draws its icons with data: URLs, hence img-src data:.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)


def content_security_policy(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response

    return middleware


def language_from_cookie(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Bokmål unless the visitor chose another language with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many Norwegian
    residents have phones set to English; the municipality's own language comes first, and the
    choice made with the switch persists in a cookie."""
    supported = {code for code, _name in settings.LANGUAGES}

    def middleware(request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response

    return middleware


def refuse_nul_characters(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """No page has a NUL character in its address: answer 404 before a view passes one on
    to PostgreSQL, which cannot store or even compare text that holds it. (Form fields are
    handled where they are read: Django's form fields refuse NUL, and the answer form strips
    it from what residents type.)"""

    def middleware(request: HttpRequest) -> HttpResponse:
        query = request.GET
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in query.getlist(key)) for key in query
        ):
            raise Http404
        return get_response(request)

    return middleware


def method_not_allowed_page(
    get_response: Callable[[HttpRequest], HttpResponseBase],
) -> Callable[[HttpRequest], HttpResponseBase]:
    """A page for a request whose method a view refuses (``require_POST``, ``require_safe``):
    Django answers 405 with an empty body, which a browser shows as its own bare error. Last
    in the list, so that the page has the visitor's language and a CSRF cookie for its
    language switch."""

    def middleware(request: HttpRequest) -> HttpResponseBase:
        response = get_response(request)
        if (
            response.status_code != 405
            or not isinstance(response, HttpResponse)
            or response.content
        ):
            return response
        page = error_page(request, "method")
        page["Allow"] = response["Allow"]
        return page

    return middleware
