from django.urls import path

from soslokal.decisions import staff_views

app_name = "decisions_staff"

# Under /staff/<number>/decisions/ (soslokal/urls.py).
urlpatterns = [
    path("", staff_views.log, name="log"),
    path("cases/", staff_views.assessment_list, name="assessments"),
    path("cases/new/", staff_views.assessment_create, name="assessment_create"),
    path("cases/<id:assessment_id>/", staff_views.assessment_detail, name="assessment"),
    path("cases/<id:assessment_id>/edit/", staff_views.assessment_edit, name="assessment_edit"),
    path(
        "cases/<id:assessment_id>/delete/",
        staff_views.assessment_delete,
        name="assessment_delete",
    ),
    path(
        "cases/<id:assessment_id>/dimensions/<slug:dimension>/",
        staff_views.judgement_edit,
        name="judgement",
    ),
    path(
        "cases/<id:assessment_id>/dimensions/<slug:dimension>/evidence/",
        staff_views.evidence_add,
        name="evidence_add",
    ),
    path(
        "cases/<id:assessment_id>/evidence/<id:link_id>/remove/",
        staff_views.evidence_remove,
        name="evidence_remove",
    ),
    path("cases/<id:assessment_id>/text/<slug:lang>/", staff_views.text_block, name="text"),
    path(
        "cases/<id:assessment_id>/text/<slug:lang>.txt",
        staff_views.text_block_txt,
        name="text_txt",
    ),
    path(
        "cases/<id:assessment_id>/text/<slug:lang>.pdf",
        staff_views.text_block_pdf,
        name="text_pdf",
    ),
    path(
        "cases/<id:assessment_id>/decisions/new/",
        staff_views.decision_create,
        name="decision_create",
    ),
    path("<id:decision_id>/", staff_views.decision_edit, name="decision"),
    path("<id:decision_id>/follow-up/", staff_views.decision_follow_up, name="follow_up"),
]
