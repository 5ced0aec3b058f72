"""The smallest Django application: one view, no middleware, no database.

The intake benchmark serves it with the same gunicorn settings as SOSLOKAL, so the figures of
the answer form can be read against what Django and gunicorn cost on this machine at all:
``gunicorn --pythonpath bench bare:application``."""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-only-not-a-secret",  # noqa: S106
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"Hello, world", content_type="text/plain")


urlpatterns = [path("", hello)]
application = get_wsgi_application()
