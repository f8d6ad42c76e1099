"""Schema evolution: added fields, a v2 topic beside v1, and old stored documents."""

import json
from collections.abc import Callable
from typing import Any, ClassVar

from fastapi import FastAPI
from pydantic import Field
from pymongo import AsyncMongoClient

from conftest import eventually, publish_raw, serving
from relay_contracts import Envelope, Event
from relay_contracts.intake import StartupGraduated
from relay_eventing import Cause, ServiceRuntime, ServiceSettings, UnitOfWork, new_event
from relay_eventing.app import service_app
from relay_eventing.redrive import read_dead_letters
from relay_eventing.topics import ensure_topics
from relay_eventing.upcasting import upcast_document
from tests.probe import (
    SEEN,
    SNU,
    create_probe,
    graduation,
    log_application,
    times_applied,
    unique,
)
from tests.sentinels import pass_sentinel


class NoteTaken(Event):
    """Version 1: a free-text note about a startup."""

    topic: ClassVar[str] = "probe.note-taken.v1"
    note: str = Field(description="The note.")


class NoteTakenV2(Event):
    """Version 2 renames the text and adds its language: a breaking change, so a new topic."""

    topic: ClassVar[str] = "probe.note-taken.v2"
    text: str = Field(description="The note.")
    language: str = Field(description="Language of the note.")


def upcast_note_v1_v2(old: NoteTaken) -> NoteTakenV2:
    return NoteTakenV2(text=old.note, language="ko")


async def record_note(unit: UnitOfWork, envelope: Envelope[Any]) -> None:
    payload: NoteTakenV2 = envelope.payload
    await unit.db[SEEN].replace_one(
        {"_id": str(envelope.event_id)},
        {"text": payload.text, "language": payload.language, "version": envelope.schema_version},
        upsert=True,
        session=unit.session,
    )
    await log_application(unit, envelope)


def create_note_reader(settings: ServiceSettings) -> FastAPI:
    runtime = ServiceRuntime(settings, "notes")
    runtime.subscribe(
        NoteTakenV2, "record_note", record_note, upcast_from={NoteTaken: upcast_note_v1_v2}
    )
    return service_app(runtime, routers=[])


def encoded(envelope: Envelope[Any]) -> bytes:
    return envelope.model_dump_json().encode()


async def test_a_v2_topic_is_consumed_beside_v1_and_an_event_on_both_counts_once(
    settings_for: Callable[[str], dict[str, Any]], bootstrap: str, mongo: AsyncMongoClient[Any]
) -> None:
    await ensure_topics(
        bootstrap, [NoteTaken.topic, NoteTakenV2.topic], partitions=3, replication_factor=1
    )
    settings = ServiceSettings(**settings_for("notes"))
    db = mongo[settings.mongo_database]
    startup_id = unique("st-notes")
    cause = Cause.request(SNU)
    old = new_event(NoteTaken(note="시제품 완성"), startup_id=startup_id, cause=cause)
    new = new_event(NoteTakenV2(text="IR deck", language="en"), startup_id=startup_id, cause=cause)
    # During the switch the producer publishes one event on both topics, with one event id.
    both_v1 = new_event(NoteTaken(note="both"), startup_id=startup_id, cause=cause)
    both_v2 = both_v1.model_copy(update={"payload": upcast_note_v1_v2(both_v1.payload)})

    async with serving(create_note_reader(settings), "notes"):
        await publish_raw(bootstrap, NoteTaken.topic, encoded(old), key=startup_id)
        await publish_raw(bootstrap, NoteTakenV2.topic, encoded(new), key=startup_id)
        await publish_raw(bootstrap, NoteTaken.topic, encoded(both_v1), key=startup_id)
        await publish_raw(bootstrap, NoteTakenV2.topic, encoded(both_v2), key=startup_id)
        # One behind the records on each topic: once both are applied, every copy was handled.
        sentinels = [
            new_event(NoteTaken(note="sentinel"), startup_id=startup_id, cause=cause),
            new_event(
                NoteTakenV2(text="sentinel", language="en"), startup_id=startup_id, cause=cause
            ),
        ]
        for sentinel in sentinels:
            await pass_sentinel(bootstrap, db, sentinel)
        # The shared event counts once: its second copy absorbed, neither applied nor parked.
        assert await times_applied(db, both_v1) == 1
        assert await read_dead_letters(bootstrap) == []

    notes_by_id = {d["_id"]: d async for d in db[SEEN].find({})}
    assert set(notes_by_id) == {str(e.event_id) for e in (old, new, both_v1, *sentinels)}
    assert notes_by_id[str(old.event_id)] == {
        "_id": str(old.event_id),
        "text": "시제품 완성",
        "language": "ko",
        "version": 2,
    }
    assert notes_by_id[str(new.event_id)]["language"] == "en"
    assert notes_by_id[str(both_v1.event_id)]["text"] == "both"


async def test_a_v1_reader_keeps_working_when_the_producer_adds_fields(
    settings_for: Callable[[str], dict[str, Any]], bootstrap: str, mongo: AsyncMongoClient[Any]
) -> None:
    settings = ServiceSettings(**settings_for("probe"))
    startup_id = unique("st-newer-producer")
    document = graduation(startup_id).model_dump(mode="json")
    document["payload"]["founded_year"] = 2025
    document["trace_parent"] = "00-abc-def-01"
    async with serving(create_probe(settings), "probe"):
        await publish_raw(
            bootstrap,
            StartupGraduated.topic,
            json.dumps(document).encode(),
            key=startup_id,
        )

        async def applied() -> int:
            seen = mongo[settings.mongo_database][SEEN]
            return await seen.count_documents({"startup_id": startup_id})

        assert await eventually(applied, what="the richer event to be applied") == 1


def founders_from_ceo_name(old: dict[str, Any]) -> dict[str, Any]:
    document = {key: value for key, value in old.items() if key != "ceo_name"}
    return {**document, "founders": [{"name": old["ceo_name"], "role": "ceo"}]}


def district_renamed(old: dict[str, Any]) -> dict[str, Any]:
    document = {key: value for key, value in old.items() if key != "desired_district"}
    return {**document, "district": old["desired_district"]}


def test_a_stored_document_of_an_old_shape_is_upcast_on_read() -> None:
    steps = {1: founders_from_ceo_name, 2: district_renamed}
    v1 = {"_id": "st-1", "ceo_name": "Park Jiwoo", "desired_district": "guro"}
    assert upcast_document(dict(v1), steps, current=3) == {
        "_id": "st-1",
        "founders": [{"name": "Park Jiwoo", "role": "ceo"}],
        "district": "guro",
        "schema_version": 3,
    }
    current = {"_id": "st-2", "schema_version": 3, "district": "gwanak"}
    assert upcast_document(current, steps, current=3) == current
