import io

import pytest
from django.core.management import CommandError, call_command


def test_simulate_prints_the_measures(tmp_path):
    rows = ["title,abstract,label_included"]
    for i in range(60):
        relevant = i % 6 == 0
        topic = "trust among neighbours" if relevant else "pipes and water pressure"
        rows.append(f"Study {i} of {topic},We looked at {topic} in town {i}.,{int(relevant)}")
    path = tmp_path / "labelled.csv"
    path.write_text("\n".join(rows))
    out = io.StringIO()
    call_command("evidence", "simulate", str(path), "--runs", "2", stdout=out)
    text = out.getvalue()
    assert "60 records, 10 relevant; 2 runs" in text
    assert "WSS@95" in text and "RRF@10" in text and "ATD" in text
    mean = next(line for line in text.splitlines() if line.startswith("mean"))
    assert float(mean.split()[1].rstrip("%")) > 50  # far better than random on this set
    assert "Ranking update" in text


def test_simulate_refuses_a_file_without_labels(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("title,abstract\nA,b\n")
    with pytest.raises(CommandError, match="labelled"):
        call_command("evidence", "simulate", str(path))


@pytest.mark.parametrize("relevant", [0, 1, 9, 10])
def test_simulate_refuses_a_file_too_one_sided_to_measure(tmp_path, relevant):
    rows = ["title,abstract,label_included"]
    rows += [f"Study {i},Text {i}.,{int(i < relevant)}" for i in range(10)]
    path = tmp_path / "labelled.csv"
    path.write_text("\n".join(rows))
    with pytest.raises(
        CommandError, match="two records labelled relevant and two labelled irrelevant"
    ):
        call_command("evidence", "simulate", str(path))
