from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from soslokal.core.sections import staff_links

# Each language named in its own words, as a language switch should (UX.md).
LANGUAGE_NAMES_LOCAL = {"nb": "Norsk bokmål", "nn": "Norsk nynorsk", "en": "English"}


def languages_local(codes: list[str] | None = None) -> list[tuple[str, str]]:
    """The site's languages (or those of them in ``codes``), each named in its own words."""
    return [
        (code, LANGUAGE_NAMES_LOCAL.get(code, code))
        for code, _name in settings.LANGUAGES
        if codes is None or code in codes
    ]


def language_cookie_set(response: HttpResponseBase, code: str) -> None:
    """Remember ``code`` as the visitor's language, as Django's ``set_language`` does."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]  # "Lax"
    )


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "site_languages": languages_local(),
        "contact_email": settings.SOSLOKAL_CONTACT_EMAIL,
        "min_group": settings.SOSLOKAL_MIN_GROUP,
        "staff_links": staff_links(),
    }
