"""An operator's merge of two records of one company into the survivor."""

from typing import Any

from intake.domain.startup import CompanyFacts, Startup
from intake.domain.submission import Status
from intake.repository.startups import StartupRepository
from relay_contracts import Envelope
from relay_contracts.intake import StartupsMerged
from relay_eventing import Cause, UnitOfWork, new_event
from relay_eventing.errors import InvalidField, NotFound, RuleViolation


async def _unmerged(repository: StartupRepository, startup_id: str) -> Startup:
    startup = await repository.startup(startup_id)
    if startup is None:
        raise NotFound(f"startup {startup_id}")
    if startup.merged_into:
        raise RuleViolation(f"startup {startup_id} was already merged into {startup.merged_into}")
    return startup


async def merge_startups(
    unit: UnitOfWork, survivor_id: str, merged_id: str, reason: str, cause: Cause
) -> list[Envelope[Any]]:
    """Retire `merged_id` into `survivor_id`: its keys and submissions now point at the survivor.

    A university that had submitted both keeps its survivor submission; the other is marked
    merged, so no university ends with two submissions of one startup.
    """
    if survivor_id == merged_id:
        raise InvalidField(("body", "merged_id"), "must differ from survivor_id")
    repository = StartupRepository(unit)
    survivor = await _unmerged(repository, survivor_id)
    merged = await _unmerged(repository, merged_id)
    await repository.retire_into(merged_id, survivor_id, reason)
    await repository.move_keys(merged_id, survivor_id)
    brn = survivor.business_registration_number or merged.business_registration_number
    facts = CompanyFacts(
        stage="early" if brn else survivor.stage,
        business_registration_number=brn,
        registered_on=survivor.registered_on or merged.registered_on,
    )
    for submission in await repository.of_startup(merged_id):
        kept = await repository.of_university(submission.university_id, survivor_id)
        if kept is None:
            submission.startup_id = survivor_id
        else:
            submission.status = Status.MERGED
        submission.record(
            "merged", cause.actor.user, survivor_id=survivor_id, merged_id=merged_id, reason=reason
        )
        await repository.save(submission)
    # The company's facts are one: every submission of the survivor now shows the same ones.
    await repository.record_company_facts(survivor_id, facts)
    event = StartupsMerged(survivor_id=survivor_id, merged_id=merged_id, reason=reason)
    return [new_event(event, startup_id=survivor_id, cause=cause)]
