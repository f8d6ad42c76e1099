"""Leap-stage programs: created with cohorts, startups enrolled up to capacity, completed."""

from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4

from growth.domain.programs import Cohort, Enrolment, InvestorMatch, Program, enrolment_key
from growth.handlers.access import leap_startup, own_program
from growth.repository.programs import Cohorts, Enrolments, Programs
from relay_contracts import Actor, Envelope
from relay_contracts.growth import (
    LeapProgramCompleted,
    LeapProgramEnrolled,
    LeapProgramKind,
    SupportGranted,
)
from relay_eventing import Cause, UnitOfWork, new_event
from relay_eventing.errors import NotFound, RuleViolation
from relay_eventing.paging import Page, PageRequest

Events = list[Envelope[Any]]


async def create_program(
    unit: UnitOfWork,
    agency_id: str,
    kind: LeapProgramKind,
    title: str,
    description: str,
    event_name: str | None,
) -> Program:
    program = Program(
        program_id=f"{agency_id}-{kind}-{uuid4().hex[:8]}",
        agency_id=agency_id,
        kind=kind,
        title=title,
        description=description,
        event_name=event_name,
        created_at=datetime.now(UTC),
    )
    await Programs.of(unit).add(program)
    return program


async def add_cohort(
    unit: UnitOfWork,
    agency_id: str,
    program_id: str,
    name: str,
    capacity: int,
    starts_on: date,
    ends_on: date,
) -> Cohort:
    await own_program(unit, agency_id, program_id)
    cohort = Cohort(
        cohort_id=f"{program_id}-c{uuid4().hex[:6]}",
        program_id=program_id,
        agency_id=agency_id,
        name=name,
        capacity=capacity,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    await Cohorts.of(unit).add(cohort)
    return cohort


async def cohort_of(unit: UnitOfWork, agency_id: str, program_id: str, cohort_id: str) -> Cohort:
    await own_program(unit, agency_id, program_id)
    cohort = await Cohorts.of(unit).cohort(cohort_id)
    if cohort is None or cohort.program_id != program_id:
        raise NotFound(f"cohort {cohort_id}")
    return cohort


async def program_with_cohorts(
    unit: UnitOfWork, agency_id: str, program_id: str
) -> tuple[Program, list[Cohort]]:
    program = await own_program(unit, agency_id, program_id)
    return program, await Cohorts.of(unit).of_program(program_id)


async def enrolments_of(
    unit: UnitOfWork, agency_id: str, program_id: str, cohort_id: str, page: PageRequest
) -> Page[Enrolment]:
    await cohort_of(unit, agency_id, program_id, cohort_id)
    return await Enrolments.of(unit).page_of_cohort(cohort_id, page)


async def enrol(
    unit: UnitOfWork, actor: Actor, program_id: str, cohort_id: str, startup_id: str
) -> tuple[Enrolment, Events]:
    """Enrol an accepted startup; the seat is taken by a conditional increment, so the
    capacity holds whichever process enrols concurrently."""
    agency_id = actor.organization_id
    program = await own_program(unit, agency_id, program_id)
    cohort = await cohort_of(unit, agency_id, program_id, cohort_id)
    await leap_startup(unit, agency_id, startup_id)
    if cohort.ends_on < datetime.now(UTC).date():
        raise RuleViolation(f"cohort {cohort_id} ended on {cohort.ends_on}")
    key = enrolment_key(cohort_id, startup_id)
    enrolments = Enrolments.of(unit)
    if await enrolments.enrolment(key) is not None:
        raise RuleViolation(f"{startup_id} is already enrolled in {cohort_id}")
    if not await Cohorts.of(unit).take_seat(cohort):
        raise RuleViolation(f"cohort {cohort_id} is full ({cohort.capacity} seats)")
    enrolment = Enrolment(
        enrolment_id=key,
        agency_id=agency_id,
        program_id=program_id,
        cohort_id=cohort_id,
        startup_id=startup_id,
        kind=program.kind,
        enrolled_at=datetime.now(UTC),
    )
    await enrolments.add(enrolment)
    event = new_event(
        LeapProgramEnrolled(
            agency_id=agency_id, program_id=program_id, cohort_id=cohort_id, kind=program.kind
        ),
        startup_id=startup_id,
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
    """Completion, and a `SupportGranted` for every sum of money it brought."""
    agency_id = actor.organization_id
    cohort = await cohort_of(unit, agency_id, program_id, cohort_id)
    enrolments = Enrolments.of(unit)
    enrolment = await enrolments.enrolment(enrolment_key(cohort_id, startup_id))
    if enrolment is None:
        raise NotFound(f"enrolment of {startup_id} in {cohort_id}")
    done = enrolment.completed(outcome, support_krw, matches, datetime.now(UTC))
    await enrolments.save_completion(done, enrolment.status)
    cause = Cause.request(actor)
    events: Events = [
        new_event(
            LeapProgramCompleted(
                agency_id=agency_id, program_id=program_id, cohort_id=cohort_id, outcome=outcome
            ),
            startup_id=startup_id,
            cause=cause,
        )
    ]
    money: list[tuple[str, LeapProgramKind, int]] = [("support", done.kind, support_krw)]
    money += [
        (f"investor-{i}", "investment_matching", m.amount_krw) for i, m in enumerate(matches, 1)
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
                institution_id=agency_id,
            )
            events.append(new_event(grant, startup_id=startup_id, cause=cause))
    return done, events
