"""Bounds of what a district's requests carry: what BSON can store and what the program allows,
and the rule for dates recorded after the fact."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Annotated

from pydantic import AfterValidator, Field

from relay_eventing.errors import InvalidField

# BSON stores integers as int64: a larger number is refused at the door, not by the database.
INT64_MAX = 2**63 - 1
FIRST_YEAR = 2000
LAST_YEAR = 2100
# The district offices keep Korean time (no daylight saving): "today" is theirs.
KST = timezone(timedelta(hours=9), "KST")

Count = Annotated[int, Field(ge=0, le=INT64_MAX)]
Money = Annotated[int, Field(ge=0, le=INT64_MAX, description="KRW, whole won.")]
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR, description="A budget year.")]
Reason = Annotated[str, Field(min_length=1, max_length=2000)]
Text = Annotated[str, Field(min_length=1, max_length=500)]


def today() -> date:
    return datetime.now(KST).date()


def to_millisecond(moment: datetime) -> datetime:
    """A moment as BSON keeps it (milliseconds), so what a create answers is what a read
    returns."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def now() -> datetime:
    return to_millisecond(datetime.now(UTC))


def day_of(moment: datetime) -> date:
    """The calendar day of a moment, in Korean time."""
    return moment.astimezone(KST).date()


def _within_program(day: date) -> date:
    if not date(FIRST_YEAR, 1, 1) <= day <= date(LAST_YEAR, 12, 31):
        raise ValueError(f"must be between {FIRST_YEAR}-01-01 and {LAST_YEAR}-12-31")
    return day


def _not_future(day: date) -> date:
    if day > today():
        raise ValueError("must not be in the future")
    return day


# A day the program can plan for (a grant's period).
ProgramDate = Annotated[date, AfterValidator(_within_program)]
# A day something already happened on (the figures of a snapshot).
PastDate = Annotated[date, AfterValidator(_within_program), AfterValidator(_not_future)]


@dataclass(frozen=True)
class RecordingWindow:
    """How far from today a district may date what it records (the service's settings)."""

    backdate_days: int = 30
    seat_lead_days: int = 0


def check_recorded_day(
    day: date,
    *,
    field: str,
    earliest: date,
    today: date,
    backdate_days: int,
    backdate_reason: str | None,
    lead_days: int = 0,
) -> None:
    """A day the district records for its case (a seat's start, a move-in).

    Nothing before the startup came to the district stage (`earliest`), nothing later than
    `lead_days` from today, and a day more than `backdate_days` in the past only with the
    reason it is recorded so late: backdating is allowed, but never silently.
    """
    if day < earliest:
        raise InvalidField(
            ("body", field), f"{day} is before the startup graduated to the district ({earliest})"
        )
    if day > today + timedelta(days=lead_days):
        raise InvalidField(("body", field), f"{day} is in the future")
    if day < today - timedelta(days=backdate_days) and not backdate_reason:
        raise InvalidField(
            ("body", "backdate_reason"),
            f"{field} {day} is more than {backdate_days} days ago: say why it is recorded late",
        )
