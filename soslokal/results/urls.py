from django.urls import path

from soslokal.results import views

app_name = "results"

urlpatterns = [
    path("<id:campaign_id>/", views.public_results, name="public"),
    path("<id:campaign_id>/results.pdf", views.public_results_pdf, name="public_pdf"),
]
