import pytest
from django.core.management import CommandError, call_command

from soslokal.indicators.models import ImportRun, Observation

pytestmark = pytest.mark.django_db


def test_catalogue_loads_once(framework, capsys):
    call_command("indicators", "catalogue")
    call_command("indicators", "catalogue")
    assert "already loaded" in capsys.readouterr().out


def test_a_broken_catalogue_lists_its_problems(framework, tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("schema: 1\nversion: x\nindicators:\n  - id: Bad Id\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("indicators", "catalogue", str(path))
    assert "nothing changed" in str(caught.value)
    assert "c.yaml, line 4: indicators[0].id" in str(caught.value)


def test_import_reports_rows_and_runs(knowledge_base, tmp_path, capsys):
    path = tmp_path / "f.csv"
    path.write_text("region,period,value\n4003,2024,11.5\n", encoding="utf-8")
    call_command("indicators", "import", str(path), "--indicator", "neet_young")
    assert "f.csv: stored 1 rows" in capsys.readouterr().out
    assert ImportRun.objects.get().who.endswith("(command line)")


def test_a_broken_import_fails_and_stores_nothing(knowledge_base, tmp_path, capsys):
    path = tmp_path / "f.csv"
    path.write_text("region,period,value\n4003,2024,many\n", encoding="utf-8")
    with pytest.raises(CommandError, match="1 of 1 imports failed"):
        call_command("indicators", "import", str(path), "--indicator", "neet_young")
    assert "line 2: 'many' is not a number" in capsys.readouterr().err
    assert not Observation.objects.exists()


def test_fetch_without_a_reachable_api_fails_clearly(knowledge_base, monkeypatch, capsys):
    def unreachable(agency):
        raise ModuleNotFoundError(f"no client for {agency} here")

    monkeypatch.setattr("soslokal.indicators.importing._client", unreachable)
    with pytest.raises(CommandError, match="imports failed"):
        call_command("indicators", "fetch", "--indicator", "population")
    assert "nothing stored" in capsys.readouterr().err
    assert ImportRun.objects.get().status == "failed"
