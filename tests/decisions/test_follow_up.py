import datetime as dt

from soslokal.decisions.follow_up import FollowUp, days_overdue, follow_up_status

TODAY = dt.date(2026, 5, 20)


def status(follow_up_on, followed_up_on=None):
    return follow_up_status(follow_up_on=follow_up_on, followed_up_on=followed_up_on, today=TODAY)


def test_a_follow_up_is_overdue_from_the_day_after_its_date():
    assert status(dt.date(2026, 5, 20)) == FollowUp.DUE_SOON
    assert status(dt.date(2026, 5, 19)) == FollowUp.OVERDUE
    assert days_overdue(dt.date(2026, 5, 10), TODAY) == 10


def test_due_soon_means_within_thirty_days():
    assert status(dt.date(2026, 6, 19)) == FollowUp.DUE_SOON
    assert status(dt.date(2026, 6, 20)) == FollowUp.NOT_DUE


def test_a_recorded_follow_up_is_done_whatever_the_dates():
    assert status(dt.date(2020, 1, 1), dt.date(2020, 2, 1)) == FollowUp.DONE
