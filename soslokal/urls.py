from django.contrib import admin
from django.urls import include, path, register_converter
from django.views.generic import RedirectView
from django.views.i18n import set_language

from soslokal.core.converters import IdConverter

# Before the includes below: their patterns use it.
register_converter(IdConverter, "id")

urlpatterns = [
    # First: the answer form is the busiest part of the site, and no other pattern matches s/.
    path("s/", include("soslokal.surveys.urls")),
    path("", include("soslokal.core.urls")),
    path("framework/", include("soslokal.framework.urls")),
    path("indicators/", include("soslokal.indicators.urls")),
    path("evidence/", include("soslokal.evidence.urls")),
    path("staff/<str:number>/evidence/", include("soslokal.evidence.staff_urls")),
    path("staff/<str:number>/campaigns/", include("soslokal.surveys.staff_urls")),
    path(
        "staff/<str:number>/campaigns/<id:campaign_id>/results/",
        include("soslokal.results.staff_urls"),
    ),
    path("results/", include("soslokal.results.urls")),
    path("staff/<str:number>/labs/", include("soslokal.workshops.staff_urls")),
    path(
        "municipalities/<str:number>/areas/<id:area_id>/",
        include("soslokal.workshops.urls"),
    ),
    path("staff/<str:number>/briefs/", include("soslokal.briefs.staff_urls")),
    path("briefs/", include("soslokal.briefs.urls")),
    path("staff/<str:number>/decisions/", include("soslokal.decisions.staff_urls")),
    path("municipalities/<str:number>/decisions/", include("soslokal.decisions.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    # The admin's own login form would let passwords be tried without the throttle of ours.
    path("admin/login/", RedirectView.as_view(pattern_name="core:login", query_string=True)),
    path("admin/", admin.site.urls),
]

handler400 = "soslokal.core.views.bad_request"
handler403 = "soslokal.core.views.permission_denied"
handler404 = "soslokal.core.views.page_not_found"
handler500 = "soslokal.core.views.server_error"
