"""Support grants against yearly budgets, and the benefit ledger fed by every institution."""

from datetime import date
from typing import Any
from uuid import uuid4

from incubation.domain.bounds import now
from incubation.domain.ledger import LedgerEntry, find_duplicate
from incubation.domain.reference import DistrictSupportKind
from incubation.domain.support import EligibleProgram, eligible_programs
from incubation.handlers import Outcome
from incubation.repository.cases import CaseRepository
from incubation.repository.ledger import LedgerRepository
from incubation.repository.reference import ReferenceRepository
from relay_contracts import Actor, Envelope
from relay_contracts.growth import SupportGranted as AgencySupportGranted
from relay_contracts.incubation import SupportGranted
from relay_contracts.intake import StartupGraduated
from relay_eventing import Cause, UnitOfWork, new_event
from relay_eventing.errors import RuleViolation
from relay_eventing.paging import Page, PageRequest


async def grant_support(
    unit: UnitOfWork,
    actor: Actor,
    case_id: str,
    *,
    program_id: str,
    kind: DistrictSupportKind,
    amount_krw: int,
    period_start: date,
    period_end: date,
) -> Outcome[LedgerEntry]:
    """Grant support under one of the district's programs, if the ledger and budget allow it."""
    case = await CaseRepository(unit).of_district(actor, case_id)
    district_id = case.district_id
    case.require_supportable()
    reference = ReferenceRepository(unit)
    program = await reference.program_of(actor, program_id)
    if kind not in program.kinds:
        raise RuleViolation(f"program {program_id} grants {', '.join(program.kinds)}, not {kind}")
    ledger = LedgerRepository(unit)
    await ledger.lock_startup(case.startup_id)
    entry = LedgerEntry(
        entry_id=f"grant-{uuid4().hex[:16]}",
        startup_id=case.startup_id,
        case_id=case_id,
        source="incubation",
        institution_id=district_id,
        program=program_id,
        kind=kind,
        amount_krw=amount_krw,
        period_start=period_start,
        period_end=period_end,
        recorded_at=now(),
    )
    duplicate = find_duplicate(entry, await ledger.of_startup(case.startup_id))
    if duplicate is not None:
        raise duplicate
    await reference.debit_budget(program_id, period_start.year, amount_krw)
    ledger.add(entry)
    granted = SupportGranted(
        grant_id=entry.entry_id,
        program_id=program_id,
        kind=kind,
        amount_krw=amount_krw,
        period_start=period_start,
        period_end=period_end,
        institution_id=district_id,
    )
    event = new_event(granted, startup_id=case.startup_id, cause=Cause.request(actor))
    return Outcome(entry, [event])


async def grant_of_case(unit: UnitOfWork, actor: Actor, case_id: str, grant_id: str) -> LedgerEntry:
    """A grant the district made on one of the cases the caller may read."""
    await CaseRepository(unit).visible(actor, case_id)
    return await LedgerRepository(unit).grant_of_case(case_id, grant_id)


async def programs_for_case(
    unit: UnitOfWork, actor: Actor, case_id: str, year: int
) -> list[EligibleProgram]:
    """The grant form: the programs the case can be granted support under in `year`, with
    what each has left, so an officer needs no trip through the district's reference data."""
    case = await CaseRepository(unit).visible(actor, case_id)
    case.require_supportable()
    reference = ReferenceRepository(unit)
    programs = await reference.programs(case.district_id)
    budgets = {p.program_id: await reference.budget(p.program_id, year) for p in programs}
    held = await LedgerRepository(unit).of_startup(case.startup_id)
    return eligible_programs(programs, budgets, held, year)


async def record_university_support(
    unit: UnitOfWork, graduated: Envelope[StartupGraduated]
) -> None:
    """Put what the university stage gave the startup in its ledger.

    Ids are stable, so the same support reported again (a re-sent graduation) is one entry:
    one read finds which are known, and the ledger's head is written only when one is new.
    """
    entries: dict[str, LedgerEntry] = {}
    for support in graduated.payload.support_received:
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
        entries.setdefault(
            entry_id,
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
            ),
        )
    if not entries:
        return
    ledger = LedgerRepository(unit)
    known = await ledger.held(list(entries))
    new = [entry for entry_id, entry in entries.items() if entry_id not in known]
    if new:
        ledger.lock_startup_at_end(graduated.startup_id)
        for entry in new:
            ledger.add(entry)


async def record_agency_grant(
    unit: UnitOfWork, granted: Envelope[AgencySupportGranted]
) -> list[Envelope[Any]]:
    """An agency granted support: the ledger shows it, so no district grants it twice."""
    grant = granted.payload
    ledger = LedgerRepository(unit)
    await ledger.lock_startup(granted.startup_id)
    if not await ledger.contains(grant.grant_id):
        ledger.add(
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
    unit: UnitOfWork, actor: Actor, startup_id: str, page: PageRequest
) -> Page[LedgerEntry]:
    """A district sees the ledger of a startup that has, or had, a case with it; the program
    office and operators see any."""
    await CaseRepository(unit).require_startup_known(actor, startup_id)
    return await LedgerRepository(unit).page_of_startup(startup_id, page)
