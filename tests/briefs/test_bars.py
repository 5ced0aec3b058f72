from soslokal.briefs.bars import Bar, bars_svg


def test_bars_carry_their_values_as_text_and_a_text_alternative():
    svg = bars_svg(
        [Bar("Skien", 12.3, "12,3 %"), Bar("Telemark", 10.1, "10,1 %")],
        title="Low income compared",
        description="Skien: 12,3 %; Telemark: 10,1 %",
        id_prefix="low-income",
    )
    assert 'role="img"' in svg and 'aria-labelledby="low-income-title low-income-desc"' in svg
    assert "12,3 %" in svg and "10,1 %" in svg and "style" not in svg


def test_nothing_to_draw_without_two_bars_or_with_a_negative_value():
    assert bars_svg([Bar("Skien", 1, "1")], title="t", description="d", id_prefix="x") == ""
    two = [Bar("Skien", -1, "-1"), Bar("Norge", 2, "2")]
    assert bars_svg(two, title="t", description="d", id_prefix="x") == ""


def test_text_is_escaped():
    svg = bars_svg(
        [Bar("<b>", 1, "1"), Bar("A&B", 2, "2")], title="<t>", description="d", id_prefix="x"
    )
    assert "<b>" not in svg and "&lt;b&gt;" in svg and "A&amp;B" in svg
