"""Submitting a startup: one canonical startup per real company, whoever submits it."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4

from intake.domain.duplicates import Copy, live
from intake.domain.identity import MatchedOn, identity_keys
from intake.domain.startup import CompanyFacts, Startup
from intake.domain.submission import (
    DuplicateFlag,
    Founder,
    Stage,
    Submission,
    is_youth,
)
from intake.repository.startups import StartupRepository, new_submission_id
from relay_contracts import Envelope
from relay_contracts.intake import DuplicateDetected, SouthwestDistrict, StartupSubmitted
from relay_eventing import Cause, UnitOfWork, new_event
from relay_eventing.errors import RuleViolation


@dataclass(frozen=True)
class NewSubmission:
    university_id: str
    company_name: str
    stage: Stage
    business_registration_number: str | None
    registered_on: date | None
    founders: list[Founder]
    sector: str
    description: str
    desired_district: SouthwestDistrict
    submitted_on: date
    contact: dict[str, Any] = field(default_factory=dict)
    documents: list[dict[str, Any]] = field(default_factory=list)

    def ceo(self) -> Founder:
        return next(founder for founder in self.founders if founder.role == "ceo")


async def _match(
    repository: StartupRepository, keys: list[tuple[str, MatchedOn]], owners: dict[str, str | None]
) -> tuple[Startup, MatchedOn] | None:
    """The startup an identity key already names, strongest key first; `owners` keeps what was
    looked up, so the claims below need not read the keys again."""
    owners.update(await repository.owners_of([key for key, _ in keys]))
    for key, kind in keys:
        owner = owners[key]
        if owner is not None:
            startup = await repository.resolve(owner)
            if startup is not None:
                return startup, kind
    return None


@dataclass(frozen=True)
class Submitted:
    submission: Submission
    copies: list[Copy]
    """Every submission of the startup, this one included."""
    events: list[Envelope[Any]]


async def submit_startup(
    unit: UnitOfWork, new: NewSubmission, cause: Cause, *, look_up: bool = True
) -> Submitted:
    """Record a university's submission, linked to the startup it is if that is already known.

    Without `look_up` the company is taken to be new and nothing is read: the identity keys'
    unique index refuses it at the end of the unit when a startup already holds one of its
    keys, and the caller runs it again, looking up. Most companies are new, so most
    submissions cost one write and the commit. A concurrent submission of the same company
    fails the same way and links when run again.
    """
    repository = StartupRepository(unit)
    ceo = new.ceo()
    keys = identity_keys(
        new.business_registration_number, ceo.name, ceo.birth_date, new.company_name
    )
    owners: dict[str, str | None] = dict.fromkeys(key for key, _ in keys)
    match = await _match(repository, keys, owners) if look_up else None
    stage: Stage = new.stage
    brn, registered_on = new.business_registration_number, new.registered_on
    duplicate: DuplicateFlag | None = None
    others: list[Copy] = []
    if match is None:
        startup_id = f"st-{uuid4().hex[:16]}"
        repository.add_startup(
            Startup(
                startup_id=startup_id,
                company_name=new.company_name,
                stage=stage,
                business_registration_number=brn,
                registered_on=registered_on,
                created_at=datetime.now(UTC),
                first_university_id=new.university_id,
            )
        )
    else:
        startup, matched_on = match
        startup_id = startup.startup_id
        copies = (await repository.copies_of([startup_id]))[startup_id]
        mine = next((c for c in copies if c.university_id == new.university_id), None)
        if mine is not None:
            raise RuleViolation(
                f"{new.university_id} already submitted this company as startup {startup_id} "
                f"(submission {mine.submission_id})"
            )
        others = live(copies)
        duplicate = DuplicateFlag(
            matched_on=matched_on,
            existing_university_ids=sorted({s.university_id for s in others}),
        )
        if startup.business_registration_number is not None:
            # The company's registration is a fact about it, not about who submitted it.
            stage, brn = "early", startup.business_registration_number
            registered_on = startup.registered_on or registered_on
        elif brn is not None:
            await repository.record_company_facts(
                startup_id,
                CompanyFacts(
                    stage="early", business_registration_number=brn, registered_on=registered_on
                ),
            )
    for key, kind in keys:
        # Within this transaction a key read as free stays free to us; a concurrent claim
        # makes one of the two commits fail on the unique index, and that one links on retry.
        if owners[key] is None:
            repository.claim(key, startup_id, kind)

    submission = Submission(
        submission_id=new_submission_id(),
        startup_id=startup_id,
        university_id=new.university_id,
        company_name=new.company_name,
        stage=stage,
        business_registration_number=brn,
        registered_on=registered_on,
        founders=new.founders,
        sector=new.sector,
        description=new.description,
        desired_district=new.desired_district,
        contact=new.contact,
        documents=new.documents,
        youth=is_youth(ceo.birth_date, new.submitted_on),
        submitted_on=new.submitted_on,
        duplicate=duplicate,
    )
    by = cause.actor.user
    submission.record("submitted", by)
    if duplicate is not None:
        submission.record("duplicate_detected", by, matched_on=duplicate.matched_on)
    repository.add(submission)
    return Submitted(submission, [*others, Copy.of(submission)], _events(submission, cause))


def _events(submission: Submission, cause: Cause) -> list[Envelope[Any]]:
    submitted = StartupSubmitted(
        university_id=submission.university_id,
        company_name=submission.company_name,
        stage=submission.stage,
        business_registration_number=submission.business_registration_number,
        sector=submission.sector,
        desired_district=submission.desired_district,
        youth=submission.youth,
        submitted_on=submission.submitted_on,
        submission_id=submission.submission_id,
    )
    events = [new_event(submitted, startup_id=submission.startup_id, cause=cause)]
    if submission.duplicate is not None:
        events.append(duplicate_detected(submission, submission.duplicate, cause))
    return events


def duplicate_detected(submission: Submission, flag: DuplicateFlag, cause: Cause) -> Envelope[Any]:
    """The announcement of a submission linked to a startup other universities hold."""
    detected = DuplicateDetected(
        submission_id=submission.submission_id,
        university_id=submission.university_id,
        matched_on=flag.matched_on,
        existing_university_ids=flag.existing_university_ids,
    )
    return new_event(detected, startup_id=submission.startup_id, cause=cause)
