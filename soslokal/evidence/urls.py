from django.urls import path

from soslokal.evidence import views

app_name = "evidence"

urlpatterns = [
    path("", views.review_index, name="index"),
    path("<int:review_id>/", views.evidence_map, name="map"),
    path("<int:review_id>/themes/", views.evidence_map, {"by": "themes"}, name="map_themes"),
    path(
        "<int:review_id>/<slug:by>/<slug:dimension>/<slug:column>/",
        views.cell,
        name="cell",
    ),
]
