"""Writes a unit holds for its end: one bulkWrite with the inbox mark and the events, or nothing."""

from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import pytest
from pymongo import AsyncMongoClient
from pymongo.errors import DuplicateKeyError

from relay_contracts import Actor, OrganizationKind
from relay_contracts.intake import StartupRejected
from relay_eventing import Cause, UnitOfWork, new_event
from relay_eventing.errors import Conflict
from relay_eventing.inbox import AlreadyApplied, InboxMark
from relay_eventing.outbox import Outbox
from relay_eventing.unit_of_work import Transactor

SNU = Actor(organization_id="snu", organization_kind=OrganizationKind.UNIVERSITY)


class Stale(Conflict):
    """The document changed since it was read."""


def _transactor(mongo: AsyncMongoClient[Any], name: str) -> Transactor:
    db = mongo[name]
    return Transactor(mongo, db, Outbox(db), max_attempts=3)


def _event() -> Any:
    rejected = StartupRejected(university_id="snu", reason="not yet")
    return new_event(rejected, startup_id="st-1", cause=Cause.request(SNU))


async def test_held_writes_and_events_commit_together(mongo: AsyncMongoClient[Any]) -> None:
    name = f"writes_{uuid4().hex[:8]}"
    transactor = _transactor(mongo, name)

    async def work(unit: UnitOfWork) -> None:
        unit.writes.insert("things", {"_id": "a", "n": 1})
        unit.writes.update("things", {"_id": "b"}, {"$set": {"n": 2}}, upsert=True)
        unit.emit(_event())

    await transactor.run(work)
    assert await mongo[name]["things"].count_documents({}) == 2
    assert await mongo[name]["outbox"].count_documents({}) == 1


async def test_a_conditional_write_that_matched_nothing_commits_nothing(
    mongo: AsyncMongoClient[Any],
) -> None:
    name = f"writes_{uuid4().hex[:8]}"
    transactor = _transactor(mongo, name)
    await mongo[name]["things"].insert_one({"_id": "a", "version": 2})

    async def work(unit: UnitOfWork) -> None:
        unit.writes.insert("things", {"_id": "b"})
        unit.writes.replace(
            "things", {"_id": "a", "version": 1}, {"version": 2}, or_raise=lambda: Stale("a")
        )
        unit.emit(_event())

    with pytest.raises(Stale):
        await transactor.run(work)
    assert await mongo[name]["things"].count_documents({}) == 1
    assert await mongo[name]["outbox"].count_documents({}) == 0


async def test_a_held_insert_of_a_taken_key_raises_duplicate_key(
    mongo: AsyncMongoClient[Any],
) -> None:
    name = f"writes_{uuid4().hex[:8]}"
    transactor = _transactor(mongo, name)
    await mongo[name]["things"].insert_one({"_id": "a"})

    async def work(unit: UnitOfWork) -> None:
        unit.writes.insert("things", {"_id": "a"})

    with pytest.raises(DuplicateKeyError):
        await transactor.run(work)


async def test_a_redelivery_failing_on_what_the_first_left_is_recognised_as_applied(
    mongo: AsyncMongoClient[Any],
) -> None:
    name = f"writes_{uuid4().hex[:8]}"
    transactor = _transactor(mongo, name)
    mark = InboxMark("test.consumer", str(uuid4()), datetime.now(UTC))

    async def once(unit: UnitOfWork) -> None:
        if await unit.db["things"].find_one({"_id": "a"}, session=unit.session):
            raise Conflict("already there")
        unit.writes.insert("things", {"_id": "a"})

    await transactor.run(once, inbox=mark)
    with pytest.raises(AlreadyApplied):
        await transactor.run(once, inbox=mark)

    async def again(unit: UnitOfWork) -> None:
        unit.writes.insert("others", {"_id": "b"})

    with pytest.raises(AlreadyApplied):
        await transactor.run(again, inbox=mark)
    assert await mongo[name]["others"].count_documents({}) == 0
    assert await mongo[name]["inbox"].count_documents({}) == 1


async def test_an_idempotent_unit_absorbs_its_redelivery(mongo: AsyncMongoClient[Any]) -> None:
    name = f"writes_{uuid4().hex[:8]}"
    transactor = _transactor(mongo, name)
    mark = InboxMark("test.projection", str(uuid4()), datetime.now(UTC))

    async def record(unit: UnitOfWork) -> None:
        unit.writes.replace("entries", {"_id": "e1"}, {"fact": 1}, upsert=True)
        unit.writes.update_many("tickets", {"startup_id": "st-1"}, {"$addToSet": {"seen": "x"}})

    await mongo[name]["tickets"].insert_many([{"startup_id": "st-1"}, {"startup_id": "st-1"}])
    await transactor.run_idempotent(record, inbox=mark)
    with pytest.raises(AlreadyApplied):
        await transactor.run_idempotent(record, inbox=mark)
    assert await mongo[name]["entries"].find_one({"_id": "e1"}) == {"_id": "e1", "fact": 1}
    assert await mongo[name]["tickets"].count_documents({"seen": ["x"]}) == 2
    assert await mongo[name]["inbox"].count_documents({}) == 1


async def test_an_idempotent_unit_cut_before_its_mark_runs_again_and_marks(
    mongo: AsyncMongoClient[Any],
) -> None:
    """What a crash between the writes and the mark leaves: the effect without the mark."""
    name = f"writes_{uuid4().hex[:8]}"
    transactor = _transactor(mongo, name)
    mark = InboxMark("test.projection", str(uuid4()), datetime.now(UTC))
    await mongo[name]["entries"].insert_one({"_id": "e1", "fact": 1})

    async def record(unit: UnitOfWork) -> None:
        unit.writes.replace("entries", {"_id": "e1"}, {"fact": 1}, upsert=True)

    await transactor.run_idempotent(record, inbox=mark)
    assert await mongo[name]["entries"].count_documents({}) == 1
    assert await mongo[name]["inbox"].count_documents({"_id": mark.document()["_id"]}) == 1


async def test_an_idempotent_unit_may_not_emit_or_hold_a_conditional_write(
    mongo: AsyncMongoClient[Any],
) -> None:
    name = f"writes_{uuid4().hex[:8]}"
    transactor = _transactor(mongo, name)

    async def emits(unit: UnitOfWork) -> None:
        unit.writes.insert("entries", {"_id": "e1"})
        unit.emit(_event())

    async def conditional(unit: UnitOfWork) -> None:
        unit.writes.update(
            "entries", {"_id": "e2"}, {"$set": {"n": 1}}, or_raise=lambda: Stale("e2")
        )

    for work in (emits, conditional):
        mark = InboxMark("test.projection", str(uuid4()), datetime.now(UTC))
        with pytest.raises(TypeError):
            await transactor.run_idempotent(work, inbox=mark)
    assert await mongo[name]["entries"].count_documents({}) == 0
    assert await mongo[name]["inbox"].count_documents({}) == 0


async def test_a_read_unit_sends_no_commit_and_may_not_write(mongo: AsyncMongoClient[Any]) -> None:
    name = f"writes_{uuid4().hex[:8]}"
    transactor = _transactor(mongo, name)
    await mongo[name]["entries"].insert_one({"_id": "e1", "n": 1})

    async def count(unit: UnitOfWork) -> int:
        assert not unit.session.in_transaction
        return await unit.db["entries"].count_documents({}, session=unit.session)

    async def writes(unit: UnitOfWork) -> None:
        unit.writes.insert("entries", {"_id": "e2"})

    async def emits(unit: UnitOfWork) -> None:
        unit.emit(_event())

    assert await transactor.read(count) == 1
    for work in (writes, emits):
        with pytest.raises(TypeError):
            await transactor.read(work)
    assert await mongo[name]["entries"].count_documents({}) == 1
    assert await mongo[name]["outbox"].count_documents({}) == 0
