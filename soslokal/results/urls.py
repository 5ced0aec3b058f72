from django.urls import path

from soslokal.results import views

app_name = "results"

urlpatterns = [
    path("<int:campaign_id>/", views.public_results, name="public"),
    path("<int:campaign_id>/results.pdf", views.public_results_pdf, name="public_pdf"),
]
