from django.urls import path

from soslokal.surveys import entry_views, staff_views

app_name = "surveys_staff"

urlpatterns = [
    path("", staff_views.campaign_list, name="campaigns"),
    path("new/", staff_views.campaign_create, name="campaign_create"),
    path("<id:campaign_id>/", staff_views.campaign_detail, name="campaign"),
    path("<id:campaign_id>/paper/", entry_views.paper_entry, name="paper_entry"),
    path(
        "<id:campaign_id>/paper/<id:response_id>/settle/",
        entry_views.paper_settle,
        name="paper_settle",
    ),
    path("<id:campaign_id>/group/", entry_views.group_entry, name="group_entry"),
    path("<id:campaign_id>/poster/", staff_views.campaign_poster, name="poster"),
    path("<id:campaign_id>/poster.pdf", staff_views.campaign_poster_pdf, name="poster_pdf"),
    path(
        "<id:campaign_id>/paper/<slug:version>/<slug:lang>.pdf",
        staff_views.campaign_paper_form,
        name="paper_form",
    ),
]
