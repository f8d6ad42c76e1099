"""Support grants against yearly budgets, and the benefit ledger fed by every institution."""

from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4

from incubation.domain.ledger import LedgerEntry, find_duplicate
from incubation.domain.reference import DistrictSupportKind
from incubation.handlers import Outcome
from incubation.repository.cases import CaseRepository
from incubation.repository.ledger import LedgerRepository
from incubation.repository.reference import ReferenceRepository
from relay_contracts import Envelope
from relay_contracts.growth import SupportGranted as AgencySupportGranted
from relay_contracts.incubation import SupportGranted
from relay_contracts.intake import StartupGraduated
from relay_eventing import Cause, UnitOfWork, new_event
from relay_eventing.errors import Forbidden, NotFound, RuleViolation
from relay_eventing.paging import Page, PageRequest


async def grant_support(
    unit: UnitOfWork,
    case_id: str,
    district_id: str,
    *,
    program_id: str,
    kind: DistrictSupportKind,
    amount_krw: int,
    period_start: date,
    period_end: date,
    cause: Cause,
) -> Outcome[LedgerEntry]:
    """Grant support under one of the district's programs, if the ledger and budget allow it."""
    case = await CaseRepository(unit).get(case_id)
    if case is None:
        raise NotFound(f"case {case_id}")
    case.require_district(district_id)
    case.require_supportable()
    reference = ReferenceRepository(unit)
    program = await reference.program(program_id)
    if program is None:
        raise NotFound(f"program {program_id}")
    if program.district_id != district_id:
        raise Forbidden(f"program {program_id} belongs to {program.district_id}")
    if kind not in program.kinds:
        raise RuleViolation(f"program {program_id} grants {', '.join(program.kinds)}, not {kind}")
    ledger = LedgerRepository(unit)
    await ledger.lock_startup(case.startup_id)
    entry = LedgerEntry(
        entry_id=f"grant-{uuid4().hex[:16]}",
        startup_id=case.startup_id,
        source="incubation",
        institution_id=district_id,
        program=program_id,
        kind=kind,
        amount_krw=amount_krw,
        period_start=period_start,
        period_end=period_end,
        recorded_at=datetime.now(UTC),
    )
    duplicate = find_duplicate(entry, await ledger.of_startup(case.startup_id))
    if duplicate is not None:
        raise duplicate
    await reference.debit_budget(program_id, period_start.year, amount_krw)
    await ledger.add(entry)
    granted = SupportGranted(
        grant_id=entry.entry_id,
        program_id=program_id,
        kind=kind,
        amount_krw=amount_krw,
        period_start=period_start,
        period_end=period_end,
        institution_id=district_id,
    )
    return Outcome(entry, [new_event(granted, startup_id=case.startup_id, cause=cause)])


async def record_university_support(
    unit: UnitOfWork, graduated: Envelope[StartupGraduated]
) -> None:
    """Put what the university stage gave the startup in its ledger."""
    ledger = LedgerRepository(unit)
    await ledger.lock_startup(graduated.startup_id)
    for support in graduated.payload.support_received:
        # Stable id: the same support reported again (a re-sent graduation) is one entry.
        entry_id = ":".join(
            [
                "intake",
                graduated.startup_id,
                support.institution_id,
                support.program,
                support.kind,
                str(support.period_start),
            ]
        )
        if await ledger.contains(entry_id):
            continue
        await ledger.add(
            LedgerEntry(
                entry_id=entry_id,
                startup_id=graduated.startup_id,
                source="intake",
                institution_id=support.institution_id,
                program=support.program,
                kind=support.kind,
                amount_krw=support.amount_krw,
                period_start=support.period_start,
                period_end=support.period_end,
                recorded_at=graduated.occurred_at,
            )
        )


async def record_agency_grant(
    unit: UnitOfWork, granted: Envelope[AgencySupportGranted]
) -> list[Envelope[Any]]:
    """An agency granted support: the ledger shows it, so no district grants it twice."""
    grant = granted.payload
    ledger = LedgerRepository(unit)
    await ledger.lock_startup(granted.startup_id)
    if not await ledger.contains(grant.grant_id):
        await ledger.add(
            LedgerEntry(
                entry_id=grant.grant_id,
                startup_id=granted.startup_id,
                source="growth",
                institution_id=grant.institution_id,
                program=grant.program_id,
                kind=grant.kind,
                amount_krw=grant.amount_krw,
                period_start=grant.period_start,
                period_end=grant.period_end,
                recorded_at=granted.occurred_at,
            )
        )
    return []


async def ledger_of(
    unit: UnitOfWork, startup_id: str, organization_id: str, page: PageRequest
) -> Page[LedgerEntry]:
    """A district sees the ledger of a startup that has, or had, a case with it."""
    cases = await CaseRepository(unit).of_startup(startup_id)
    if not any(case.district_id == organization_id for case in cases):
        raise Forbidden(f"startup {startup_id} has no case in {organization_id}")
    return await LedgerRepository(unit).page_of_startup(startup_id, page)
