import pytest
from django.core.management import CommandError, call_command

from soslokal.surveys.instrument import INSTRUMENT_DIR


def test_the_shipped_instruments_check_clean(capsys):
    call_command("surveys", "check")
    out = capsys.readouterr().out
    assert "children.yaml: children 2026.1, 14 themes, 3-point scale" in out
    assert out.count("languages nb, nn, en") == 4


def test_a_broken_file_is_reported_with_its_line(tmp_path):
    broken = tmp_path / "polish.yaml"
    text = (INSTRUMENT_DIR / "adult.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace("points: 7", "points: seven"), encoding="utf-8")
    with pytest.raises(
        CommandError, match=r"polish\.yaml, line \d+: scale\.points: expected a whole"
    ):
        call_command("surveys", "check", str(broken), str(tmp_path / "missing.yaml"))
