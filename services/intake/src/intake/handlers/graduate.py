"""Graduation to a district, and taking a startup back when the district returns it."""

from datetime import UTC, datetime
from typing import Any

from intake.domain.duplicates import Copy, graduated_elsewhere
from intake.domain.submission import DistrictReturn, Submission
from intake.repository.startups import StartupRepository
from relay_contracts import Envelope
from relay_contracts.incubation import StartupReturnedToUniversity
from relay_contracts.intake import SouthwestDistrict, StartupGraduated, SupportReceived
from relay_eventing import Cause, UnitOfWork, new_event
from relay_eventing.errors import NotFound, RuleViolation


async def graduate_startup(
    unit: UnitOfWork,
    submission: Submission,
    copies: list[Copy],
    district: SouthwestDistrict | None,
    cause: Cause,
) -> list[Envelope[Any]]:
    """Send an admitted startup on to a district, with what the district needs.

    The district is the one it asked for (at submission, or at an earlier graduation) unless
    it names another now; the history keeps the one it asked for before. `copies` are every
    submission of the startup, as read with this one.
    """
    if graduated_elsewhere(submission, copies):
        raise RuleViolation(
            f"startup {submission.startup_id} has already graduated from another university"
        )
    previous_district = submission.desired_district
    submission.graduate(district or previous_district)
    submission.record(
        "graduated",
        cause.actor.user,
        desired_district=submission.desired_district,
        previous_district=previous_district,
    )
    StartupRepository(unit).save_at_end(submission)
    event = StartupGraduated(
        university_id=submission.university_id,
        company_name=submission.company_name,
        stage=submission.stage,
        business_registration_number=submission.business_registration_number,
        sector=submission.sector,
        desired_district=submission.desired_district,
        youth=submission.youth,
        milestones=[m.milestone for m in submission.milestones],
        support_received=[
            SupportReceived(
                program=p.program_id,
                kind=p.kind,
                institution_id=submission.university_id,
                amount_krw=p.amount_krw,
                period_start=p.period_start,
                period_end=p.period_end,
            )
            for p in submission.programs
        ],
    )
    return [new_event(event, startup_id=submission.startup_id, cause=cause)]


async def take_back_returned_startup(unit: UnitOfWork, envelope: Envelope[Any]) -> None:
    """A district returned the startup: it is nurtured again, and the district's reason is kept.

    An unknown startup or one that is not graduated here can never apply: it is dead-lettered.
    """
    returned: StartupReturnedToUniversity = envelope.payload
    repository = StartupRepository(unit)
    startup = await repository.resolve(envelope.startup_id)
    if startup is None:
        raise NotFound(f"startup {envelope.startup_id}")
    submission = await repository.of_university(returned.university_id, startup.startup_id)
    if submission is None:
        raise NotFound(f"submission of {envelope.startup_id} by {returned.university_id}")
    submission.return_from_district(
        DistrictReturn(
            case_id=returned.case_id,
            district_id=returned.district_id,
            reason=returned.reason,
            returned_at=envelope.occurred_at,
        )
    )
    submission.record(
        "returned_by_district",
        envelope.actor.user or returned.district_id,
        case_id=returned.case_id,
        district_id=returned.district_id,
        reason=returned.reason,
        recorded_at=datetime.now(UTC).isoformat(),
    )
    repository.save_at_end(submission)
