from soslokal.evidence import dedupe
from soslokal.evidence.formats import Record


def test_titles_normalise_case_accents_and_punctuation():
    assert dedupe.normalise_title(
        "Trygghet i <i>nærmiljøet</i>: en studie!"
    ) == dedupe.normalise_title("TRYGGHET I NÆRMILJØET – EN STUDIE")


def test_a_different_year_or_first_author_is_a_different_study():
    base = Record(title="Editorial", year=2019, authors=("Hansen, K",))
    plan = dedupe.plan(
        [
            base,
            Record(title="Editorial", year=2020, authors=("Hansen, K",)),
            Record(title="Editorial", year=2019, authors=("Berg, A",)),
            Record(title="Editorial."),  # nothing disagrees: the same as the first
        ]
    )
    assert len(plan.records) == 3
    assert [(m.duplicate, m.kept, m.matched_by) for m in plan.merges] == [(3, 0, "title")]


def test_two_different_dois_are_two_works_even_with_one_title():
    plan = dedupe.plan(
        [Record(title="Report", doi="10.1234/a"), Record(title="Report", doi="10.1234/b")]
    )
    assert len(plan.records) == 2


def test_a_duplicate_of_an_existing_record_fills_its_gaps():
    existing = [Record(title="Trust in towns", year=2019)]
    plan = dedupe.plan(
        [Record(title="Trust in Towns", doi="10.1234/t", abstract="We asked.", year=2019)], existing
    )
    assert plan.records == []
    (merge,) = plan.merges
    assert merge.into_existing and merge.fields_taken == ("abstract", "doi")
    assert plan.existing_updates[0].doi == "10.1234/t"
