from django.urls import path

from soslokal.briefs import views

app_name = "briefs"

# Under /briefs/ (soslokal/urls.py). A published version's address never changes.
urlpatterns = [
    path("<str:number>/", views.municipality_briefs, name="municipality"),
    path("<str:number>/<id:brief_id>/", views.brief_latest, name="latest"),
    path("<str:number>/<id:brief_id>/v<id:version>/", views.version_page, name="version"),
    path(
        "<str:number>/<id:brief_id>/v<id:version>/brief.pdf",
        views.version_pdf,
        name="version_pdf",
    ),
]
