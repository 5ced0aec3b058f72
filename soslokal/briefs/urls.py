from django.urls import path

from soslokal.briefs import views

app_name = "briefs"

# Under /briefs/ (soslokal/urls.py). A published version's address never changes.
urlpatterns = [
    path("<str:number>/", views.municipality_briefs, name="municipality"),
    path("<str:number>/<int:brief_id>/", views.brief_latest, name="latest"),
    path("<str:number>/<int:brief_id>/v<int:version>/", views.version_page, name="version"),
    path(
        "<str:number>/<int:brief_id>/v<int:version>/brief.pdf",
        views.version_pdf,
        name="version_pdf",
    ),
]
