from django.urls import path

from soslokal.evidence import staff_views

app_name = "evidence_staff"

# Under /staff/<number>/evidence/ (soslokal/urls.py).
urlpatterns = [
    path("", staff_views.review_list, name="reviews"),
    path("new/", staff_views.review_create, name="review_create"),
    path("<id:review_id>/", staff_views.review_detail, name="review"),
    path("<id:review_id>/settings/", staff_views.review_edit, name="review_edit"),
    path("<id:review_id>/import/", staff_views.import_upload, name="import"),
    path(
        "<id:review_id>/import/<id:batch_id>/",
        staff_views.import_preview,
        name="import_preview",
    ),
    path("<id:review_id>/screen/", staff_views.screen, name="screen"),
    path("<id:review_id>/resolve/", staff_views.resolve, name="resolve"),
    path(
        "<id:review_id>/records/<id:reference_id>/",
        staff_views.reference_detail,
        name="reference",
    ),
    path("<id:review_id>/included/", staff_views.included_list, name="included"),
    path(
        "<id:review_id>/included/<id:reference_id>/coding/",
        staff_views.coding_edit,
        name="coding",
    ),
    path("<id:review_id>/included.<slug:kind>", staff_views.export, name="export"),
]
