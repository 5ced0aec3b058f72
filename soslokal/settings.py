"""SOSLOKAL settings: one module, driven by environment variables.

Every variable read here is documented in ``docs/configuration.md``; ``tests/test_docs.py``
fails when one is not. ``SOSLOKAL_ENV=production`` switches on the security settings that
``soslokal check --deploy`` asks for.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Lets generic classes such as ModelAdmin[Model] be written at run time as mypy reads them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from error


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


ENVIRONMENT = env_str("SOSLOKAL_ENV", "development")
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured("SOSLOKAL_ENV must be 'development' or 'production'")
PRODUCTION = ENVIRONMENT == "production"

VAR_DIR = Path(env_str("SOSLOKAL_VAR_DIR", str(PROJECT_DIR / "var")))


def _development_secret_key() -> str:
    """A random key kept outside the repository, made on first use."""
    key_file = VAR_DIR / "dev-secret-key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = env_str("SOSLOKAL_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SOSLOKAL_SECRET_KEY must be set in production")
    SECRET_KEY = _development_secret_key()

DEBUG = env_bool("SOSLOKAL_DEBUG", default=False)
ALLOWED_HOSTS = env_list(
    "SOSLOKAL_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"]
)
CSRF_TRUSTED_ORIGINS = env_list("SOSLOKAL_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "template_partials",
    "soslokal.core",
    "soslokal.framework",
    "soslokal.evidence",
    "soslokal.indicators",
    "soslokal.surveys",
    "soslokal.results",
    "soslokal.workshops",
    "soslokal.briefs",
    "soslokal.decisions",
    "soslokal.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "soslokal.core.middleware.content_security_policy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages only: WhiteNoise answers static files above, precompressed in production. Django
    # pads each compressed page with random bytes against BREACH (docs/architecture.md).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "soslokal.core.middleware.language_from_cookie",
    "soslokal.core.middleware.refuse_nul_characters",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "soslokal.core.middleware.method_not_allowed_page",
]

ROOT_URLCONF = "soslokal.urls"
WSGI_APPLICATION = "soslokal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "soslokal.core.context.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'soslokal.sqlite3'}"),
        conn_max_age=env_int("SOSLOKAL_DB_CONN_MAX_AGE", 0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_redis_url = env_str("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "soslokal.core.cache.RedisCache", "LOCATION": _redis_url}
        if _redis_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Sessions hold the answer form being filled in (and staff logins). With Redis they live there
# alone: no database write for each step of the form. A submitted response is always in the
# database before the thank-you page; a Redis restart without persistence only loses forms
# being filled in. "cached_db" keeps a copy in the database as well.
_SESSION_STORES = {
    "db": "django.contrib.sessions.backends.db",
    "cache": "soslokal.core.sessions",  # Django's cache sessions, a round trip fewer a write
    "cached_db": "django.contrib.sessions.backends.cached_db",
}
_sessions = env_str("SOSLOKAL_SESSIONS", "") or ("cache" if _redis_url else "db")
if _sessions not in _SESSION_STORES:
    raise ImproperlyConfigured(f"SOSLOKAL_SESSIONS must be one of {', '.join(_SESSION_STORES)}")
if _sessions != "db" and not _redis_url:
    raise ImproperlyConfigured(f"SOSLOKAL_SESSIONS={_sessions} needs REDIS_URL")
SESSION_ENGINE = _SESSION_STORES[_sessions]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:staff_home"
LOGOUT_REDIRECT_URL = "core:home"

# Login throttling: this many failed attempts per username or per client address within the
# window lock further attempts for the rest of the window.
SOSLOKAL_LOGIN_MAX_FAILURES = env_int("SOSLOKAL_LOGIN_MAX_FAILURES", 5)
SOSLOKAL_LOGIN_WINDOW_SECONDS = env_int("SOSLOKAL_LOGIN_WINDOW_SECONDS", 900)

# Flood protection per survey: answers beyond this many a minute are kept but flagged for review.
SOSLOKAL_SURVEY_FLOOD_PER_MINUTE = env_int("SOSLOKAL_SURVEY_FLOOD_PER_MINUTE", 300)

# Any figure that rests on fewer respondents than this is suppressed everywhere.
SOSLOKAL_MIN_GROUP = env_int("SOSLOKAL_MIN_GROUP", 5)

LANGUAGE_CODE = "nb"
LANGUAGES = [
    ("nb", _("Norwegian Bokmål")),
    ("nn", _("Norwegian Nynorsk")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
FORMAT_MODULE_PATH = ["soslokal.formats"]  # dates in English as Britain writes them
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    # Static files are served from the source folders; WhiteNoise still expects STATIC_ROOT.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Uploaded files (photos from city labs) are kept here. They are never served from a public URL:
# a staff view hands each one only to the staff of its municipality, so MEDIA_URL is not set.
MEDIA_ROOT = Path(env_str("SOSLOKAL_MEDIA_DIR", str(VAR_DIR / "media")))
# Photos larger than this many megabytes are refused on upload.
SOSLOKAL_PHOTO_MAX_MB = env_int("SOSLOKAL_PHOTO_MAX_MB", 10)
# The largest reference file (RIS, BibTeX, CSV, XLSX …) the evidence library imports.
SOSLOKAL_EVIDENCE_MAX_UPLOAD_MB = env_int("SOSLOKAL_EVIDENCE_MAX_UPLOAD_MB", 20)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "soslokal.core.views.csrf_failure"  # the site's page, not Django's
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    LANGUAGE_COOKIE_HTTPONLY = True
    SECURE_SSL_REDIRECT = env_bool("SOSLOKAL_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SOSLOKAL_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SOSLOKAL_LOG_LEVEL", "INFO")},
    # WeasyPrint reports each step of every PDF at INFO; only its warnings are worth a line.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}

# Shown on the accessibility statement and in the footer as the place to send feedback.
SOSLOKAL_CONTACT_EMAIL = env_str("SOSLOKAL_CONTACT_EMAIL", "")
