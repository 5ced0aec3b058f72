import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "name"),
    [("nb", "Rettferdig tilgang"), ("en", "Equitable access")],
)
def test_the_framework_page_names_the_dimensions_in_the_chosen_language(
    client, framework, language, name
):
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert name in client.get(reverse("framework:overview")).content.decode()


def test_each_dimension_has_its_own_page_with_themes_and_targets(client, framework):
    for dimension in framework_dimensions():
        response = client.get(reverse("framework:dimension", args=[dimension.slug]))
        assert response.status_code == 200
        page = response.content.decode()
        assert dimension.names["nb"] in page
        for theme in dimension.themes.all():
            assert theme.names["nb"] in page
        for target in dimension.sdg_targets.all():
            assert target.code in page


@pytest.mark.parametrize(
    ("language", "citation"),
    [("nb", '<li lang="en">Dempsey, N.'), ("en", "<li>Dempsey, N.")],
)
def test_a_cited_work_in_another_language_than_the_page_is_marked(
    client, framework, language, citation
):
    client.cookies["django_language"] = language
    slug = framework_dimensions().first().slug
    page = client.get(reverse("framework:dimension", args=[slug])).content.decode()
    assert citation in page
    if language == "nb":  # a Norwegian work on a bokmål page is not marked
        assert "<li>Folkehelseinstituttet (FHI)." in page
        assert '<li lang="nb">' not in page
    else:
        assert '<li lang="nb">Folkehelseinstituttet (FHI).' in page


def test_an_unknown_dimension_is_not_found(client, framework):
    assert client.get("/framework/no-such-dimension/").status_code == 404


def test_the_json_export_is_a_download_that_loads_again(client, framework):
    response = client.get(reverse("framework:export"))
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["schema"] == 1
    assert data["version"] == framework.version


def test_without_a_framework_the_page_says_how_to_load_one(client, db):
    response = client.get(reverse("framework:overview"))
    assert response.status_code == 200
    assert "soslokal framework load" in response.content.decode()


def framework_dimensions():
    from soslokal.framework.selectors import dimensions_with_links

    return dimensions_with_links()
