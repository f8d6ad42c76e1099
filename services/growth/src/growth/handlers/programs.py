"""Leap-stage programs: created with cohorts, startups enrolled up to capacity, completed."""

from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4

from growth.domain import clock
from growth.domain.programs import (
    INVESTMENT_MATCHING,
    Cohort,
    Enrolment,
    InvestorMatch,
    Program,
    enrolment_key,
)
from growth.repository.offers import Portfolio
from growth.repository.programs import Cohorts, Enrolments, Programs
from growth.repository.reference import ProgramKinds
from relay_contracts import Actor, Envelope
from relay_contracts.growth import LeapProgramCompleted, LeapProgramEnrolled, SupportGranted
from relay_contracts.support import SupportKind
from relay_eventing import Cause, UnitOfWork, new_event
from relay_eventing.errors import RuleViolation
from relay_eventing.paging import Page, PageRequest

Events = list[Envelope[Any]]


async def create_program(
    unit: UnitOfWork,
    actor: Actor,
    kind: str,
    title: str,
    description: str,
    event_name: str | None,
) -> Program:
    """A program of a kind the reference data holds (an operator adds kinds, not a release)."""
    await ProgramKinds.of(unit).known(kind, ("body", "kind"))
    agency_id = actor.organization_id
    program = Program(
        program_id=f"{agency_id}-{kind}-{uuid4().hex[:8]}",
        agency_id=agency_id,
        kind=kind,
        title=title,
        description=description,
        event_name=event_name,
        created_at=clock.now(),
    )
    await Programs.of(unit).add(program)
    return program


async def add_cohort(
    unit: UnitOfWork,
    actor: Actor,
    program_id: str,
    name: str,
    capacity: int,
    starts_on: date,
    ends_on: date,
) -> Cohort:
    program = await Programs.of(unit).run_by(actor, program_id)
    cohort = Cohort(
        cohort_id=f"{program_id}-c{uuid4().hex[:6]}",
        program_id=program_id,
        agency_id=program.agency_id,
        name=name,
        capacity=capacity,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    await Cohorts.of(unit).add(cohort)
    return cohort


async def cohort_of(
    unit: UnitOfWork, actor: Actor, program_id: str, cohort_id: str
) -> tuple[Program, Cohort]:
    program = await Programs.of(unit).run_by(actor, program_id)
    return program, await Cohorts.of(unit).in_program(program, cohort_id)


async def program_with_cohorts(
    unit: UnitOfWork, actor: Actor, program_id: str
) -> tuple[Program, list[Cohort]]:
    program = await Programs.of(unit).run_by(actor, program_id)
    return program, await Cohorts.of(unit).of_program(program_id)


async def enrolments_of(
    unit: UnitOfWork, actor: Actor, program_id: str, cohort_id: str, page: PageRequest
) -> Page[Enrolment]:
    _, cohort = await cohort_of(unit, actor, program_id, cohort_id)
    return await Enrolments.of(unit).page_of_cohort(cohort.cohort_id, page)


async def enrolment_of(
    unit: UnitOfWork, actor: Actor, program_id: str, cohort_id: str, startup_id: str
) -> Enrolment:
    _, cohort = await cohort_of(unit, actor, program_id, cohort_id)
    return await Enrolments.of(unit).in_cohort(cohort, startup_id)


async def enrol(
    unit: UnitOfWork, actor: Actor, program_id: str, cohort_id: str, startup_id: str
) -> tuple[Enrolment, Events]:
    """Enrol a startup the agency holds; the seat is taken by a conditional increment, so the
    capacity holds whichever process enrols concurrently."""
    program, cohort = await cohort_of(unit, actor, program_id, cohort_id)
    held = await Portfolio.of(unit).held_by(actor, startup_id)
    if cohort.ends_on < datetime.now(UTC).date():
        raise RuleViolation(f"cohort {cohort_id} ended on {cohort.ends_on}")
    key = enrolment_key(cohort_id, held.startup_id)
    enrolments = Enrolments.of(unit)
    if await enrolments.enrolment(key) is not None:
        raise RuleViolation(f"{startup_id} is already enrolled in {cohort_id}")
    if not await Cohorts.of(unit).take_seat(cohort):
        raise RuleViolation(f"cohort {cohort_id} is full ({cohort.capacity} seats)")
    enrolment = Enrolment(
        enrolment_id=key,
        agency_id=program.agency_id,
        program_id=program_id,
        cohort_id=cohort_id,
        startup_id=held.startup_id,
        kind=program.kind,
        enrolled_at=clock.now(),
    )
    await enrolments.add(enrolment)
    event = new_event(
        LeapProgramEnrolled(
            agency_id=program.agency_id,
            program_id=program_id,
            cohort_id=cohort_id,
            kind=program.kind,
        ),
        startup_id=held.startup_id,
        cause=Cause.request(actor),
    )
    return enrolment, [event]


async def complete(
    unit: UnitOfWork,
    actor: Actor,
    program_id: str,
    cohort_id: str,
    startup_id: str,
    outcome: str,
    support_krw: int,
    matches: list[InvestorMatch],
) -> tuple[Enrolment, Events]:
    """Completion, and a `SupportGranted` for every sum of money it brought, of the kind the
    benefit ledger knows the program's kind by."""
    program, cohort = await cohort_of(unit, actor, program_id, cohort_id)
    enrolments = Enrolments.of(unit)
    enrolment = await enrolments.in_cohort(cohort, startup_id)
    done = enrolment.completed(outcome, support_krw, matches, clock.now())
    await enrolments.save_completion(done, enrolment.status)
    support_kind = (await ProgramKinds.of(unit).kind(program.kind)).support_kind
    cause = Cause.request(actor)
    events: Events = [
        new_event(
            LeapProgramCompleted(
                agency_id=program.agency_id,
                program_id=program_id,
                cohort_id=cohort_id,
                outcome=outcome,
            ),
            startup_id=done.startup_id,
            cause=cause,
        )
    ]
    money: list[tuple[str, SupportKind, int]] = [("support", support_kind, support_krw)]
    money += [
        (f"investor-{i}", INVESTMENT_MATCHING, m.amount_krw) for i, m in enumerate(matches, 1)
    ]
    for suffix, kind, amount in money:
        if amount > 0:
            grant = SupportGranted(
                grant_id=f"growth:{done.enrolment_id}:{suffix}",
                program_id=program_id,
                kind=kind,
                amount_krw=amount,
                period_start=cohort.starts_on,
                period_end=cohort.ends_on,
                institution_id=program.agency_id,
            )
            events.append(new_event(grant, startup_id=done.startup_id, cause=cause))
    return done, events
