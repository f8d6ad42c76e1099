"""Bounds every figure a request carries: what BSON can store and what the domain allows."""

from datetime import date, datetime, timedelta, timezone
from typing import Annotated

from pydantic import AfterValidator, Field

# BSON stores integers as int64: a larger number is refused at the door, not by the database.
INT64_MAX = 2**63 - 1
# The program's dates: nothing before the century it began in, nothing past the next.
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
# The program's offices keep Korean time (no daylight saving): "today" is theirs.
KST = timezone(timedelta(hours=9), "KST")

Count = Annotated[int, Field(ge=0, le=INT64_MAX)]
Money = Annotated[int, Field(ge=0, le=INT64_MAX, description="KRW, whole won.")]


def _within_program(day: date) -> date:
    if not EARLIEST <= day <= LATEST:
        raise ValueError(f"must be between {EARLIEST} and {LATEST}")
    return day


def _not_future(day: date) -> date:
    if day > datetime.now(KST).date():
        raise ValueError("must not be in the future")
    return day


# A date the program can plan for (a cohort's start and end).
ProgramDate = Annotated[date, AfterValidator(_within_program)]
# A date something already happened on (a meeting, the figures of a snapshot).
PastDate = Annotated[date, AfterValidator(_within_program), AfterValidator(_not_future)]
