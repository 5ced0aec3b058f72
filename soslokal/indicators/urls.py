from django.urls import path

from soslokal.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<str:code>.csv", views.profile_csv, name="profile_csv"),
    path("<str:code>/", views.profile, name="profile"),
]
