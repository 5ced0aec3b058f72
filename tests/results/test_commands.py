import pytest
from django.core.management import CommandError, call_command

from tests.results.conftest import add_responses

pytestmark = pytest.mark.django_db


def test_export_writes_the_same_tables_as_the_page(channel, tmp_path):
    add_responses(channel, 6, scores={1: 3}, background={"gender": "woman"})
    add_responses(channel, 2, scores={1: 7}, background={"gender": "man"})
    out = tmp_path / "results.csv"
    call_command("surveys", "export", str(channel.campaign.pk), "--out", str(out), "--lang", "en")
    text = out.read_text(encoding="utf-8-sig")
    assert "Woman" in text and ",3.0," in text
    man_rows = [line for line in text.splitlines() if ",Man,1," in line]
    assert man_rows and all("Not shown: fewer than 5 answers" in line for line in man_rows)


def test_export_of_records_to_xlsx(channel, tmp_path):
    add_responses(channel, 3, scores={1: 3})
    out = tmp_path / "records.xlsx"
    call_command("surveys", "export", str(channel.campaign.pk), "--records", "--out", str(out))
    assert out.read_bytes().startswith(b"PK")


def test_export_of_an_unknown_campaign_says_so(tmp_path):
    with pytest.raises(CommandError, match="no campaign 999"):
        call_command("surveys", "export", "999", "--out", str(tmp_path / "x.csv"))
