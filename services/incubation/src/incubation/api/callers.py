"""Who may call incubation's routes beyond the shared dependencies, what they narrow lists by,
the service settings routes read, and the answer every create gives.

Each alias is built with the shared `require`, so every caller is checked the same way (its
kind, then incubation's directory of districts); what a caller may touch is decided by the
repository's loaders.
"""

from typing import Annotated

from fastapi import Depends, Path, Query, Request, Response

from incubation.domain.bounds import ProgramDate, RecordingWindow
from incubation.domain.cases import CaseStatus
from incubation.repository.cases import CaseFilter
from incubation.settings import Settings
from relay_contracts import Actor, OrganizationKind
from relay_eventing.access import require
from relay_eventing.errors import InvalidField
from relay_eventing.paging import BusinessNumber

Kind = OrganizationKind

# A district's records, which the program office and operators read too.
DistrictReaderDep = Annotated[Actor, Depends(require(Kind.DISTRICT, Kind.COUNCIL, Kind.OPERATOR))]
# A handoff is followed by its district, the agencies offered it, the program office.
HandoffReaderDep = Annotated[
    Actor, Depends(require(Kind.DISTRICT, Kind.AGENCY, Kind.COUNCIL, Kind.OPERATOR))
]
# A district's reference data is changed by the district itself or by an operator.
StewardDep = Annotated[Actor, Depends(require(Kind.DISTRICT, Kind.OPERATOR))]

Id = Annotated[str, Path(min_length=1, max_length=100)]


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.runtime.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


def recording_window(settings: SettingsDep) -> RecordingWindow:
    return RecordingWindow(
        backdate_days=settings.backdate_days, seat_lead_days=settings.seat_lead_days
    )


WindowDep = Annotated[RecordingWindow, Depends(recording_window)]


def case_filter(
    startup_id: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
    business_registration_number: BusinessNumber = None,
    company_name: Annotated[
        str | None, Query(min_length=1, max_length=200, description="Prefix, in any case.")
    ] = None,
    status: CaseStatus | None = None,
    since: Annotated[
        ProgramDate | None, Query(alias="from", description="Opened on or after this day (KST).")
    ] = None,
    until: Annotated[
        ProgramDate | None, Query(alias="to", description="Opened on or before this day (KST).")
    ] = None,
    district_id: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=100,
            description="For the program office: one district's cases. A district sees its own.",
        ),
    ] = None,
) -> CaseFilter:
    """The filters every service's lists of startups share, on the day a case was opened."""
    if since is not None and until is not None and until < since:
        raise InvalidField(("query", "to"), "must not be before from")
    number = business_registration_number.replace("-", "") if business_registration_number else None
    return CaseFilter(
        startup_id=startup_id,
        business_registration_number=number,
        company_name=company_name,
        status=status,
        since=since,
        until=until,
        district_id=district_id,
    )


CaseFilterDep = Annotated[CaseFilter, Depends(case_filter)]


def created(response: Response, location: str) -> None:
    """Every create answers 201 with the created resource and where it lives."""
    response.status_code = 201
    response.headers["Location"] = location
