from django.urls import path

from soslokal.workshops import views

app_name = "workshops"

# Under /municipalities/<number>/areas/<area_id>/ (soslokal/urls.py).
urlpatterns = [
    path("you-said-we-did/", views.area_follow_up, name="area"),
]
