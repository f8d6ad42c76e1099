"""Who reads startups, and the filters a person searches them by (the program's one vocabulary)."""

from datetime import date
from typing import Annotated

from fastapi import Depends, Query

from intake.api.schemas import ID_PATTERN, UNIVERSITY_ID_PATTERN
from intake.domain.identity import company_search_keys
from intake.domain.submission import Stage, Status
from intake.repository.search import SubmissionFilter
from relay_contracts import Actor
from relay_contracts.intake import SouthwestDistrict
from relay_eventing.access import Kind, require
from relay_eventing.errors import InvalidField

# A university reads the startups it holds; the program office and operators read them all.
StartupReaderDep = Annotated[Actor, Depends(require(Kind.UNIVERSITY, Kind.COUNCIL, Kind.OPERATOR))]

BRN_SEARCH_PATTERN = r"^\d{3}-?\d{2}-?\d{5}$"


def submission_filter(
    startup_id: Annotated[
        str | None, Query(pattern=ID_PATTERN, description="A startup's id (a merged id too).")
    ] = None,
    business_registration_number: Annotated[
        str | None, Query(pattern=BRN_SEARCH_PATTERN, description="사업자등록번호, dashes or not.")
    ] = None,
    company_name: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=200,
            description="The start of the company name; case, spacing and legal form ignored.",
        ),
    ] = None,
    status: Status | None = None,
    from_: Annotated[
        date | None, Query(alias="from", description="Submitted on or after this day.")
    ] = None,
    to: Annotated[date | None, Query(description="Submitted on or before this day.")] = None,
    university_id: Annotated[
        str | None,
        Query(pattern=UNIVERSITY_ID_PATTERN, description="The council's and operators' filter."),
    ] = None,
    stage: Stage | None = None,
    sector: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
    district: Annotated[
        SouthwestDistrict | None, Query(description="The district it wants to settle in.")
    ] = None,
    submitted_from: Annotated[
        date | None, Query(deprecated=True, description="The older name of `from`.")
    ] = None,
    submitted_to: Annotated[
        date | None, Query(deprecated=True, description="The older name of `to`.")
    ] = None,
) -> SubmissionFilter:
    first_day = from_ or submitted_from
    last_day = to or submitted_to
    if first_day is not None and last_day is not None and last_day < first_day:
        raise InvalidField(("query", "to"), "must not be before `from`")
    if company_name is not None and not company_search_keys(company_name):
        raise InvalidField(("query", "company_name"), "needs at least one letter or digit")
    return SubmissionFilter(
        startup_id=startup_id,
        university_id=university_id,
        business_registration_number=(
            None
            if business_registration_number is None
            else business_registration_number.replace("-", "")
        ),
        company_name=company_name,
        stage=stage,
        status=status,
        sector=sector,
        district=district,
        submitted_from=first_day,
        submitted_to=last_day,
    )


FilterDep = Annotated[SubmissionFilter, Depends(submission_filter)]
