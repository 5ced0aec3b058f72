from django.urls import path

from soslokal.results import views

app_name = "results_staff"

urlpatterns = [
    path("", views.results, name="results"),
    path("results.pdf", views.results_pdf, name="pdf"),
    path("compass.<slug:kind>", views.compass_download, name="compass"),
    path("results.<slug:kind>", views.download, name="download"),
    path("responses.<slug:kind>", views.records, name="records"),
    path("publish/", views.publish, name="publish"),
    path("comments/", views.comments, name="comments"),
]
