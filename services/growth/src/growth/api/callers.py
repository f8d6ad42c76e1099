"""Who may call growth's routes beyond the shared ones, the list filters, and the create answer.

Each alias is built with the shared `require`, so every caller is checked the same way (its
kind, then growth's directory of agencies); what a caller may touch is decided by the
repository's loaders.
"""

from dataclasses import replace
from typing import Annotated

from fastapi import Depends, Query, Request, Response

from growth.domain.bounds import ProgramDate
from growth.repository.directory import AgencyDirectory
from growth.repository.filters import ListFilter
from relay_contracts import Actor, OrganizationKind
from relay_eventing.access import require
from relay_eventing.errors import InvalidField
from relay_eventing.paging import BusinessNumber

Kind = OrganizationKind

# An agency's own records, which the program office and operators read too.
AgencyReaderDep = Annotated[Actor, Depends(require(Kind.AGENCY, Kind.COUNCIL, Kind.OPERATOR))]
# A firm's need is published for it by an agency or an operator.
NeedPublisherDep = Annotated[Actor, Depends(require(Kind.AGENCY, Kind.OPERATOR))]
# Difficulties are raised by the company itself or by an institution holding it.
TicketRaiserDep = Annotated[
    Actor,
    Depends(require(Kind.STARTUP, Kind.UNIVERSITY, Kind.DISTRICT, Kind.AGENCY)),
]
TicketReaderDep = Annotated[
    Actor,
    Depends(
        require(
            Kind.STARTUP, Kind.UNIVERSITY, Kind.DISTRICT, Kind.AGENCY, Kind.COUNCIL, Kind.OPERATOR
        )
    ),
]


def agency_directory(request: Request) -> AgencyDirectory:
    directory = request.app.state.directory
    if not isinstance(directory, AgencyDirectory):
        raise TypeError("growth runs with its agency directory")
    return directory


DirectoryDep = Annotated[AgencyDirectory, Depends(agency_directory)]


def dated_filter(
    startup_id: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
    since: Annotated[
        ProgramDate | None, Query(alias="from", description="On or after this day (KST).")
    ] = None,
    until: Annotated[
        ProgramDate | None, Query(alias="to", description="On or before this day (KST).")
    ] = None,
) -> ListFilter:
    """A startup and a window of days: what every list of growth narrows by."""
    if since is not None and until is not None and until < since:
        raise InvalidField(("query", "to"), "must not be before from")
    return ListFilter(startup_id=startup_id, since=since, until=until)


DatedFilterDep = Annotated[ListFilter, Depends(dated_filter)]


def list_filter(
    dated: DatedFilterDep,
    business_registration_number: BusinessNumber = None,
    company_name: Annotated[
        str | None, Query(min_length=1, max_length=200, description="Prefix, in any case.")
    ] = None,
) -> ListFilter:
    """The filters every service's lists of startups share (`status` is each list's own)."""
    number = business_registration_number.replace("-", "") if business_registration_number else None
    return replace(dated, business_registration_number=number, company_name=company_name)


ListFilterDep = Annotated[ListFilter, Depends(list_filter)]


def created(response: Response, location: str) -> None:
    """Every create answers 201 with the created resource and where it lives."""
    response.status_code = 201
    response.headers["Location"] = location
