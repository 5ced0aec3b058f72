from django.urls import path

from soslokal.framework import views

app_name = "framework"

urlpatterns = [
    path("", views.framework_overview, name="overview"),
    path("framework.json", views.framework_export, name="export"),
    path("<slug:slug>/", views.dimension_detail, name="dimension"),
]
