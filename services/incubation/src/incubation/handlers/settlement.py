"""Receiving graduates and deciding their settlement: approve, decline (refer or return), settle."""

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any
from uuid import uuid4

from incubation.domain.bounds import RecordingWindow, check_recorded_day, day_of, now, today
from incubation.domain.cases import CaseStatus, Decline, Placement, Residency, SettlementCase
from incubation.handlers import Outcome
from incubation.handlers.support import record_university_support
from incubation.repository.cases import CaseFilter, CaseRepository
from incubation.repository.growth import HandoffRepository, SnapshotRepository
from incubation.repository.ledger import LedgerRepository
from incubation.repository.reference import ReferenceRepository
from relay_contracts import Actor, Envelope
from relay_contracts.incubation import (
    SettlementApproved,
    SettlementCaseOpened,
    SettlementDeclined,
    StartupReferred,
    StartupReturnedToUniversity,
    StartupSettled,
)
from relay_contracts.intake import StartupGraduated, StartupsMerged
from relay_eventing import Cause, UnitOfWork, new_event
from relay_eventing.errors import RuleViolation
from relay_eventing.paging import Page, PageRequest

LIVE = (CaseStatus.OPEN, CaseStatus.APPROVED, CaseStatus.SETTLED)


async def find_cases(
    unit: UnitOfWork, actor: Actor, narrowed: CaseFilter, page: PageRequest
) -> Page[SettlementCase]:
    """The district's queue (or, for the program office, every district's), narrowed."""
    return await CaseRepository(unit).page(actor, narrowed, page)


async def read_case(unit: UnitOfWork, actor: Actor, case_id: str) -> SettlementCase:
    """A case, for its district, the program office or an operator."""
    return await CaseRepository(unit).visible(actor, case_id)


def _case_opened(case: SettlementCase, cause: Cause) -> Envelope[Any]:
    opened = SettlementCaseOpened(
        case_id=case.case_id,
        district_id=case.district_id,
        university_id=case.university_id,
        company_name=case.company_name,
        sector=case.sector,
        referred_by=case.referred_by,
    )
    return new_event(opened, startup_id=case.startup_id, cause=cause)


def _digits(number: str | None) -> str | None:
    """A business registration number as officers search it: its ten digits, no dashes."""
    return number.replace("-", "") if number else None


async def open_settlement_case(
    unit: UnitOfWork, graduated: Envelope[StartupGraduated]
) -> list[Envelope[Any]]:
    """A graduate arrives: open a case in the district it asked for, and note what it received."""
    payload = graduated.payload
    await record_university_support(unit, graduated)
    cases = CaseRepository(unit)
    existing = await cases.of_startup(graduated.startup_id)
    if any(c.district_id == payload.desired_district and c.status in LIVE for c in existing):
        return []
    case = SettlementCase(
        case_id=f"case-{uuid4().hex[:16]}",
        startup_id=graduated.startup_id,
        district_id=payload.desired_district,
        university_id=payload.university_id,
        company_name=payload.company_name,
        sector=payload.sector,
        opened_at=now(),
        stage=payload.stage,
        youth=payload.youth,
        business_registration_number=_digits(payload.business_registration_number),
        graduated_on=day_of(graduated.occurred_at),
    )
    cases.add(case)
    return [_case_opened(case, Cause.event(graduated))]


async def approve_settlement(
    unit: UnitOfWork,
    actor: Actor,
    case_id: str,
    facility_id: str,
    start_date: date,
    backdate_reason: str | None,
    window: RecordingWindow,
) -> Outcome[SettlementCase]:
    """Approve settlement: take a free seat or room in one of the district's facilities."""
    case = await CaseRepository(unit).of_district(actor, case_id)
    reference = ReferenceRepository(unit)
    facility = await reference.facility_of(actor, facility_id)
    case.require_status(CaseStatus.OPEN, "approved")
    check_recorded_day(
        start_date,
        field="start_date",
        earliest=case.arrived_on,
        today=today(),
        backdate_days=window.backdate_days,
        backdate_reason=backdate_reason,
        lead_days=window.seat_lead_days,
    )
    label = await reference.occupy_unit(facility)
    placement = Placement(
        facility_id=facility_id,
        unit_label=label,
        start_date=start_date,
        backdate_reason=backdate_reason,
    )
    case.approve(placement)
    CaseRepository(unit).save_at_end(case)
    approved = SettlementApproved(
        case_id=case.case_id,
        district_id=case.district_id,
        facility_id=facility_id,
        unit_label=label,
        start_date=start_date,
        backdate_reason=backdate_reason,
    )
    cause = Cause.request(actor)
    return Outcome(case, [new_event(approved, startup_id=case.startup_id, cause=cause)])


async def decline_settlement(
    unit: UnitOfWork, actor: Actor, case_id: str, decline: Decline
) -> Outcome[SettlementCase]:
    """Decline with a reason; refer to another southwest district or return to the university."""
    case = await CaseRepository(unit).of_district(actor, case_id)
    district_id = case.district_id
    cause = Cause.request(actor)
    case.decline_with(decline)
    cases = CaseRepository(unit)
    startup_id = case.startup_id
    declined = SettlementDeclined(case_id=case_id, district_id=district_id, reason=decline.reason)
    events = [new_event(declined, startup_id=startup_id, cause=cause)]
    if decline.outcome == "returned":
        returned = StartupReturnedToUniversity(
            case_id=case_id,
            district_id=district_id,
            university_id=case.university_id,
            reason=decline.reason,
        )
        events.append(new_event(returned, startup_id=startup_id, cause=cause))
    else:
        target = decline.referred_to
        assert target is not None
        before = [c for c in await cases.of_startup(startup_id) if c.district_id == target]
        if before:
            raise RuleViolation(
                f"{target} already had case {before[0].case_id} of this startup "
                f"({before[0].status.value})"
            )
        referred = StartupReferred(
            case_id=case_id,
            from_district_id=district_id,
            to_district_id=target,
            university_id=case.university_id,
            company_name=case.company_name,
            sector=case.sector,
            reason=decline.reason,
        )
        # The referral and the receiving district's case commit together: no referral is lost.
        new_case = case.model_copy(
            update={
                "case_id": f"case-{uuid4().hex[:16]}",
                "district_id": target,
                "referred_by": district_id,
                "opened_at": now(),
                "decline": None,
                "status": CaseStatus.OPEN,
                "handoffs": [],
                "version": 0,
            }
        )
        cases.add(new_case)
        events += [
            new_event(referred, startup_id=startup_id, cause=cause),
            _case_opened(new_case, cause),
        ]
    await cases.save(case)
    return Outcome(case, events)


async def settle_startup(
    unit: UnitOfWork, actor: Actor, case_id: str, residency: Residency, window: RecordingWindow
) -> Outcome[SettlementCase]:
    """Record the residency: registered address in the district, move-in, minimum stay."""
    case = await CaseRepository(unit).of_district(actor, case_id)
    district_id = case.district_id
    case.settle(residency)
    check_recorded_day(
        residency.moved_in_on,
        field="moved_in_on",
        earliest=case.arrived_on,
        today=today(),
        backdate_days=window.backdate_days,
        backdate_reason=residency.backdate_reason,
    )
    district = await ReferenceRepository(unit).district(district_id)
    if not district.covers_address(residency.registered_address):
        raise RuleViolation(
            f"registered_address must be in {district.name_ko} ({district.name_en}): "
            f"{residency.registered_address!r}"
        )
    CaseRepository(unit).save_at_end(case)
    settled = StartupSettled(
        case_id=case_id,
        district_id=district_id,
        registered_address=residency.registered_address,
        moved_in_on=residency.moved_in_on,
        minimum_stay_months=residency.minimum_stay_months,
        backdate_reason=residency.backdate_reason,
    )
    event = new_event(settled, startup_id=case.startup_id, cause=Cause.request(actor))
    return Outcome(case, [event])


async def repoint_merged_startup(unit: UnitOfWork, merged: Envelope[StartupsMerged]) -> None:
    """Intake merged two startup records: everything held under the retired id moves over."""
    old, survivor = merged.payload.merged_id, merged.payload.survivor_id
    ledger = LedgerRepository(unit)
    await ledger.lock_startup(survivor)
    await ledger.repoint(old, survivor)
    await CaseRepository(unit).repoint(old, survivor)
    await SnapshotRepository(unit).repoint(old, survivor)
    await HandoffRepository(unit).repoint(old, survivor)


Decision = Callable[[UnitOfWork], Awaitable[Outcome[SettlementCase]]]
