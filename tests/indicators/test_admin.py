import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_operators_read_import_runs_with_their_errors(admin_client, telemark):
    response = admin_client.get(reverse("admin:indicators_importrun_changelist"))
    assert response.status_code == 200
    assert "education_level.csv" in response.content.decode()
    run = telemark[0]
    page = admin_client.get(reverse("admin:indicators_importrun_change", args=[run.pk]))
    assert page.status_code == 200
    assert admin_client.get(reverse("admin:indicators_importrun_add")).status_code == 403
