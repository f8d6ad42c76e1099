"""What a person narrows a list by, in the one vocabulary every service's lists share."""

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from growth.domain.bounds import KST
from relay_eventing.documents import company_name_filter


@dataclass(frozen=True)
class ListFilter:
    """None leaves a field unfiltered; `since`/`until` are calendar days in Korean time."""

    startup_id: str | None = None
    business_registration_number: str | None = None
    company_name: str | None = None  # a prefix, in any case
    status: str | None = None
    since: date | None = None
    until: date | None = None

    def with_status(self, status: str) -> "ListFilter":
        return replace(self, status=status)

    def query(self, dated_by: str) -> dict[str, Any]:
        """The Mongo filter; `dated_by` is the list's own date (received, accepted, raised)."""
        query: dict[str, Any] = {}
        if self.startup_id is not None:
            query["startup_id"] = self.startup_id
        if self.business_registration_number is not None:
            query["business_registration_number"] = self.business_registration_number
        if self.company_name:
            query["company_name"] = company_name_filter(self.company_name)
        if self.status is not None:
            query["status"] = self.status
        window: dict[str, datetime] = {}
        if self.since is not None:
            window["$gte"] = datetime.combine(self.since, time(), KST)
        if self.until is not None:
            window["$lt"] = datetime.combine(self.until + timedelta(days=1), time(), KST)
        if window:
            query[dated_by] = window
        return query
