from django.urls import path

from soslokal.surveys import staff_views

app_name = "surveys_staff"

urlpatterns = [
    path("", staff_views.campaign_list, name="campaigns"),
    path("new/", staff_views.campaign_create, name="campaign_create"),
    path("<int:campaign_id>/", staff_views.campaign_detail, name="campaign"),
]
