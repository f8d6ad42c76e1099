"""A pre-startup registers its company, and a number already known links it to that company."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from intake.domain.duplicates import live, why_not_linked
from intake.domain.identity import brn_key
from intake.domain.startup import CompanyFacts, Startup
from intake.domain.submission import DuplicateFlag, Submission
from intake.handlers.merge import merge_startups
from intake.handlers.submit import duplicate_detected
from intake.repository.startups import StartupRepository
from relay_contracts import Envelope
from relay_contracts.intake import StartupRegistered
from relay_eventing import Cause, UnitOfWork, new_event
from relay_eventing.errors import RuleViolation


@dataclass(frozen=True)
class Registration:
    events: list[Envelope[Any]]
    # A linked submission was written at once and moved to the company's startup.
    linked: bool


async def register_company(
    unit: UnitOfWork,
    submission: Submission,
    brn: str,
    registered_on: date,
    cause: Cause,
    *,
    look_up: bool,
) -> Registration:
    """The pre-startup registered its company: it becomes early, and its number identifies it.

    A number another record already holds means both records are one company. The answer is
    the one a submission of a known company gets: linked to it and flagged as a duplicate for
    review. Where linking cannot keep every submission as it is, nothing changes and the
    refusal says why, for an operator to merge.

    Without `look_up` the number is claimed blindly, as most numbers are new: a taken one fails
    the unit on the unique index, and the unit runs again looking the holder up.
    """
    repository = StartupRepository(unit)
    key = brn_key(brn)
    owner_id = await repository.owner_of(key) if look_up else None
    company = None if owner_id is None else await repository.resolve(owner_id)
    submission.register_company(brn, registered_on)
    submission.record("registered", cause.actor.user, business_registration_number=brn)
    if company is not None and company.startup_id != submission.startup_id:
        return Registration(
            await _link(unit, submission, company, brn, registered_on, cause), linked=True
        )
    if owner_id is None:
        repository.claim(key, submission.startup_id, "business_registration_number")
    repository.save_at_end(submission)
    repository.record_company_facts_at_end(
        submission.startup_id,
        CompanyFacts(stage="early", business_registration_number=brn, registered_on=registered_on),
    )
    return Registration([_registered(submission, brn, registered_on, cause)], linked=False)


async def _link(
    unit: UnitOfWork,
    submission: Submission,
    company: Startup,
    brn: str,
    registered_on: date,
    cause: Cause,
) -> list[Envelope[Any]]:
    """Merge the pre-startup's record into the company's (every service follows the merge) and
    flag this submission as the duplicate it turned out to be."""
    repository = StartupRepository(unit)
    pre_startup_id = submission.startup_id
    copies = await repository.copies_of([pre_startup_id, company.startup_id])
    known = copies[company.startup_id]
    reason = why_not_linked(submission.university_id, copies[pre_startup_id], known)
    if reason is not None:
        raise RuleViolation(
            f"business registration number {brn} belongs to startup {company.startup_id}, and "
            f"startup {pre_startup_id} cannot be linked to it: {reason}; ask an operator to "
            "merge the two records"
        )
    await repository.save(submission)
    merged = await merge_startups(
        unit,
        company.startup_id,
        pre_startup_id,
        f"{submission.university_id} registered the company as {brn}, "
        f"already known as startup {company.startup_id}",
        cause,
    )
    linked = await repository.submission(submission.submission_id)
    flag = DuplicateFlag(
        matched_on="business_registration_number",
        existing_university_ids=sorted({copy.university_id for copy in live(known)}),
    )
    linked.duplicate = flag
    linked.record(
        "duplicate_detected",
        cause.actor.user,
        matched_on=flag.matched_on,
        linked_to=company.startup_id,
    )
    await repository.save(linked)
    return [
        *merged,
        # The company's own registration date wins over the one the university typed.
        _registered(linked, brn, linked.registered_on or registered_on, cause),
        duplicate_detected(linked, flag, cause),
    ]


def _registered(
    submission: Submission, brn: str, registered_on: date, cause: Cause
) -> Envelope[Any]:
    event = StartupRegistered(
        university_id=submission.university_id,
        business_registration_number=brn,
        registered_on=registered_on,
    )
    return new_event(event, startup_id=submission.startup_id, cause=cause)
