from django.urls import path

from soslokal.evidence import views

app_name = "evidence"

urlpatterns = [
    path("", views.review_index, name="index"),
    path("<id:review_id>/", views.evidence_map, name="map"),
    path("<id:review_id>/themes/", views.evidence_map, {"by": "themes"}, name="map_themes"),
    path(
        "<id:review_id>/<slug:by>/<slug:dimension>/<slug:column>/",
        views.cell,
        name="cell",
    ),
]
