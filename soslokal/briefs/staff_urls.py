from django.urls import path

from soslokal.briefs import views

app_name = "briefs_staff"

# Under /staff/<number>/briefs/ (soslokal/urls.py).
urlpatterns = [
    path("", views.brief_list, name="briefs"),
    path("new/", views.brief_create, name="brief_create"),
    path("<id:brief_id>/", views.brief_edit, name="brief"),
    path("<id:brief_id>/draft.pdf", views.brief_preview_pdf, name="draft_pdf"),
    path("<id:brief_id>/publish/", views.brief_publish, name="publish"),
]
