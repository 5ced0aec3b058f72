"""Where a decision's follow-up stands on a given day (pure: no Django).

A decision names the day its effects are to be checked. Until somebody records that check, the
follow-up is not due, then due soon (within ``DUE_SOON_DAYS``), then overdue; once recorded it is
done, whatever the dates."""

import datetime as dt
from enum import StrEnum

DUE_SOON_DAYS = 30


class FollowUp(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    NOT_DUE = "not_due"
    DONE = "done"


# Most urgent first: the order overviews list them in.
URGENCY = [FollowUp.OVERDUE, FollowUp.DUE_SOON, FollowUp.NOT_DUE, FollowUp.DONE]


def follow_up_status(
    *,
    follow_up_on: dt.date,
    followed_up_on: dt.date | None,
    today: dt.date,
    soon_days: int = DUE_SOON_DAYS,
) -> FollowUp:
    if followed_up_on is not None:
        return FollowUp.DONE
    if follow_up_on < today:
        return FollowUp.OVERDUE
    if follow_up_on <= today + dt.timedelta(days=soon_days):
        return FollowUp.DUE_SOON
    return FollowUp.NOT_DUE


def days_overdue(follow_up_on: dt.date, today: dt.date) -> int:
    return max(0, (today - follow_up_on).days)
