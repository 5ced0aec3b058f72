from django.urls import path

from soslokal.surveys import views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_index, name="index"),
    path("<str:code>/", views.survey_start, name="start"),
    path("<str:code>/theme/<id:number>/", views.survey_theme, name="theme"),
    path("<str:code>/about-you/", views.survey_about, name="about"),
    path("<str:code>/check/", views.survey_check, name="check"),
    path("<str:code>/thanks/", views.survey_thanks, name="thanks"),
]
