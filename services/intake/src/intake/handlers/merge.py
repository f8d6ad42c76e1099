"""An operator's merge of two records of one company into the survivor."""

from datetime import UTC, datetime
from typing import Any

from intake.adapters.repository import StartupRepository
from intake.domain.errors import IntakeRuleViolation, InvalidField, NotFound
from intake.domain.submission import Status
from relay_contracts import Envelope
from relay_contracts.intake import StartupsMerged
from relay_eventing import Cause, UnitOfWork, new_event


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
    survivor = await repository.startup(survivor_id)
    merged = await repository.startup(merged_id)
    for startup_id, startup in ((survivor_id, survivor), (merged_id, merged)):
        if startup is None:
            raise NotFound(f"startup {startup_id} not found")
        if startup.get("merged_into"):
            raise IntakeRuleViolation(
                f"startup {startup_id} was already merged into {startup['merged_into']}"
            )
    assert survivor is not None
    assert merged is not None
    await repository.update_startup(
        merged_id,
        {"merged_into": survivor_id, "merged_at": datetime.now(UTC), "merge_reason": reason},
    )
    await repository.repoint_keys(merged_id, survivor_id)
    facts = {
        name: survivor.get(name) or merged.get(name)
        for name in ("business_registration_number", "registered_on")
    }
    facts["stage"] = "early" if facts["business_registration_number"] else survivor["stage"]
    await repository.update_startup(survivor_id, facts)
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
    await repository.set_on_startup(survivor_id, facts)
    event = StartupsMerged(survivor_id=survivor_id, merged_id=merged_id, reason=reason)
    return [new_event(event, startup_id=survivor_id, cause=cause)]
