"""Receiving graduates and deciding their settlement: approve, decline (refer or return), settle."""

from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4

from incubation.domain.cases import CaseStatus, Decline, Placement, Residency, SettlementCase
from incubation.handlers import Outcome
from incubation.handlers.support import record_university_support
from incubation.repository.cases import CaseRepository
from incubation.repository.growth import HandoffRepository, SnapshotRepository
from incubation.repository.ledger import LedgerRepository
from incubation.repository.reference import ReferenceRepository
from relay_contracts import Envelope
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
from relay_eventing.errors import Forbidden, NotFound, RuleViolation

LIVE = (CaseStatus.OPEN, CaseStatus.APPROVED, CaseStatus.SETTLED)


async def load_case(unit: UnitOfWork, case_id: str, district_id: str) -> SettlementCase:
    """The case, if it is the acting district's own."""
    case = await CaseRepository(unit).get(case_id)
    if case is None:
        raise NotFound(f"case {case_id}")
    case.require_district(district_id)
    return case


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
        opened_at=datetime.now(UTC),
    )
    await cases.add(case)
    return [_case_opened(case, Cause.event(graduated))]


async def approve_settlement(
    unit: UnitOfWork,
    case_id: str,
    district_id: str,
    facility_id: str,
    start_date: date,
    cause: Cause,
) -> Outcome[SettlementCase]:
    """Approve settlement: take a free seat or room in one of the district's facilities."""
    case = await load_case(unit, case_id, district_id)
    reference = ReferenceRepository(unit)
    facility = await reference.facility(facility_id)
    if facility is None:
        raise NotFound(f"facility {facility_id}")
    if facility.district_id != district_id:
        raise Forbidden(f"facility {facility_id} belongs to {facility.district_id}")
    case.require_status(CaseStatus.OPEN, "approved")
    label = await reference.occupy_unit(facility)
    case.approve(Placement(facility_id=facility_id, unit_label=label, start_date=start_date))
    await CaseRepository(unit).save(case)
    approved = SettlementApproved(
        case_id=case.case_id,
        district_id=district_id,
        facility_id=facility_id,
        unit_label=label,
        start_date=start_date,
    )
    return Outcome(case, [new_event(approved, startup_id=case.startup_id, cause=cause)])


async def decline_settlement(
    unit: UnitOfWork, case_id: str, district_id: str, decline: Decline, cause: Cause
) -> Outcome[SettlementCase]:
    """Decline with a reason; refer to another southwest district or return to the university."""
    case = await load_case(unit, case_id, district_id)
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
                "opened_at": datetime.now(UTC),
                "decline": None,
                "status": CaseStatus.OPEN,
                "handoffs": [],
                "version": 0,
            }
        )
        await cases.add(new_case)
        events += [
            new_event(referred, startup_id=startup_id, cause=cause),
            _case_opened(new_case, cause),
        ]
    await cases.save(case)
    return Outcome(case, events)


async def settle_startup(
    unit: UnitOfWork, case_id: str, district_id: str, residency: Residency, cause: Cause
) -> Outcome[SettlementCase]:
    """Record the residency: registered address in the district, move-in, minimum stay."""
    case = await load_case(unit, case_id, district_id)
    case.settle(residency)
    district = await ReferenceRepository(unit).district(district_id)
    if district is None:
        raise NotFound(f"district {district_id}")
    if not district.covers_address(residency.registered_address):
        raise RuleViolation(
            f"registered_address must be in {district.name_ko} ({district.name_en}): "
            f"{residency.registered_address!r}"
        )
    await CaseRepository(unit).save(case)
    settled = StartupSettled(
        case_id=case_id,
        district_id=district_id,
        registered_address=residency.registered_address,
        moved_in_on=residency.moved_in_on,
        minimum_stay_months=residency.minimum_stay_months,
    )
    return Outcome(case, [new_event(settled, startup_id=case.startup_id, cause=cause)])


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
