"""The advice service's clock (an LA setting, default 7 working days) and response times,
counted in working days (weekends and England's bank holidays left out)."""

from __future__ import annotations

import datetime

from authorities.calendar import add_working_days, working_days_between

ONE_DAY = datetime.timedelta(days=1)


def response_due(la, received_on: datetime.date) -> datetime.date:
    """The LA's number of working days after the day the request arrived (not counted)."""
    return add_working_days(received_on, la.advice_response_working_days)


def working_days_left(due_on: datetime.date, today: datetime.date) -> int:
    """Working days after today up to the due day; negative: working days overdue."""
    if due_on >= today:
        return working_days_between(today + ONE_DAY, due_on)
    return -working_days_between(due_on + ONE_DAY, today)


def response_working_days(received_on: datetime.date, answered_on: datetime.date) -> int:
    """Working days from the day after it arrived to the first answer, inclusive (an answer
    the same day is 0)."""
    return working_days_between(received_on + ONE_DAY, answered_on)
