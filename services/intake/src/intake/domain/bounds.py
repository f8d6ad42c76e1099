"""Bounds of every number and date intake accepts: what BSON stores, what the program means."""

from datetime import date, datetime, timedelta, timezone
from typing import Annotated

from pydantic import Field

INT64_MAX = 2**63 - 1
# The program's calendar: no record of it is dated before 2000 or after 2100.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2100, 12, 31)
# A rubric is revised a few times a year; a version beyond this is a typo, not a revision.
MAX_RUBRIC_VERSION = 10_000

Money = Annotated[int, Field(ge=0, le=INT64_MAX, description="KRW, whole won.")]
RubricVersion = Annotated[int, Field(ge=1, le=MAX_RUBRIC_VERSION)]


# The program's days are Seoul's: a submission at 08:00 KST is dated that day, not the UTC one.
KST = timezone(timedelta(hours=9))


def today() -> date:
    return datetime.now(KST).date()


def in_program_years(value: date) -> date:
    """A date of the program's calendar (2000 to 2100)."""
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError(f"must be between {FIRST_DAY} and {LAST_DAY}")
    return value


def in_the_past(value: date) -> date:
    """Something that already happened: not in the future, not before the program's calendar."""
    if value > today():
        raise ValueError("must not be in the future")
    return in_program_years(value)
