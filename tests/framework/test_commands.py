import json

import pytest
from django.core.management import CommandError, call_command

from soslokal.framework.models import Dimension, FrameworkVersion

pytestmark = pytest.mark.django_db


def test_load_export_and_import_from_the_command_line(tmp_path, capsys):
    call_command("framework", "load")
    assert "Loaded framework version" in capsys.readouterr().out
    call_command("framework", "load")
    assert "nothing changed" in capsys.readouterr().out

    exported = tmp_path / "framework.json"
    call_command("framework", "export", str(exported))
    data = json.loads(exported.read_text())
    assert len(data["dimensions"]) == 8

    data["version"] = "adapted"
    data["dimensions"][1]["name"]["en"] = "Homes"
    exported.write_text(json.dumps(data))
    call_command("framework", "import", str(exported))
    assert Dimension.objects.get(slug="housing").names["en"] == "Homes"


def test_a_broken_import_says_what_is_wrong_and_changes_nothing(tmp_path):
    call_command("framework", "load")
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema": 1, "version": "x"}')
    with pytest.raises(CommandError, match="nothing changed") as caught:
        call_command("framework", "import", str(broken))
    assert "dimensions: missing" in str(caught.value)
    assert FrameworkVersion.objects.count() == 1


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("tittel: Tilhørighet".encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("framework", "import", str(latin1))


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("framework", "import", str(tmp_path / "nowhere.json"))
