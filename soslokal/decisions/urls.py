from django.urls import path

from soslokal.decisions import views

app_name = "decisions"

# Under /municipalities/<number>/decisions/ (soslokal/urls.py).
urlpatterns = [
    path("", views.public_log, name="log"),
]
