"""The time a record is stamped with: to the millisecond, as the database keeps it, so what a
create answers is exactly what a later read of the same record answers."""

from datetime import UTC, datetime


def now() -> datetime:
    moment = datetime.now(UTC)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)
