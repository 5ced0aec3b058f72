from django.conf import settings
from django.http import HttpRequest

from soslokal.core.sections import staff_links

# Each language named in its own words, as a language switch should (UX.md).
LANGUAGE_NAMES_LOCAL = {"nb": "Norsk bokmål", "nn": "Norsk nynorsk", "en": "English"}


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "site_languages": [
            (code, LANGUAGE_NAMES_LOCAL.get(code, code)) for code, _name in settings.LANGUAGES
        ],
        "contact_email": settings.SOSLOKAL_CONTACT_EMAIL,
        "staff_links": staff_links(),
    }
