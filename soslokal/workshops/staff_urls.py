from django.urls import path

from soslokal.workshops import kit_views, staff_views

app_name = "workshops_staff"

# Under /staff/<number>/labs/ (soslokal/urls.py).
urlpatterns = [
    path("", staff_views.lab_list, name="labs"),
    path("new/", staff_views.lab_create, name="lab_create"),
    path("<id:lab_id>/", staff_views.lab_detail, name="lab"),
    path("<id:lab_id>/edit/", staff_views.lab_edit, name="lab_edit"),
    path("<id:lab_id>/ideas/", staff_views.ideas, name="ideas"),
    path("<id:lab_id>/ideas/<id:idea_id>/", staff_views.idea_edit, name="idea_edit"),
    path("<id:lab_id>/votes/", staff_views.votes, name="votes"),
    path("<id:lab_id>/photos/", staff_views.photos, name="photos"),
    path("<id:lab_id>/actions/new/", staff_views.action_create, name="action_create"),
    path("<id:lab_id>/kit/poster/<slug:lang>.pdf", kit_views.poster_pdf, name="poster_pdf"),
    path("<id:lab_id>/kit/scoring/<slug:lang>.pdf", kit_views.scoring_pdf, name="scoring_pdf"),
    path("<id:lab_id>/kit/agenda/<slug:lang>.pdf", kit_views.agenda_pdf, name="agenda_pdf"),
    path("photos/<id:photo_id>.<slug:kind>", staff_views.photo_file, name="photo"),
    path("photos/<id:photo_id>/delete/", staff_views.photo_delete, name="photo_delete"),
    path("actions/", staff_views.action_list, name="actions"),
    path("actions.csv", staff_views.actions_download, name="actions_csv"),
    path("actions/<id:action_id>/", staff_views.action_edit, name="action_edit"),
]
