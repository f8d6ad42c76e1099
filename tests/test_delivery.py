"""Delivery guarantees of the eventing runtime, on the real broker and database."""

from collections.abc import Callable
from typing import Any

from pymongo import AsyncMongoClient

from conftest import eventually, publish_raw, read_topic, serving
from relay_contracts.intake import StartupGraduated
from relay_eventing import ServiceSettings
from relay_eventing.redrive import read_dead_letters
from tests.probe import SEEN, Faults, create_probe, graduation, times_applied, unique
from tests.sentinels import pass_sentinel

GRADUATED = StartupGraduated.topic
DLQ = GRADUATED + ".dlq"


async def seen(mongo: AsyncMongoClient[Any], settings: ServiceSettings, startup_id: str) -> int:
    return await mongo[settings.mongo_database][SEEN].count_documents({"startup_id": startup_id})


async def test_a_redelivered_event_has_no_second_effect(
    settings_for: Callable[[str], dict[str, Any]], bootstrap: str, mongo: AsyncMongoClient[Any]
) -> None:
    settings = ServiceSettings(**settings_for("probe"))
    db = mongo[settings.mongo_database]
    startup_id = unique("st-duplicate")
    envelope = graduation(startup_id)
    value = envelope.model_dump_json().encode()
    async with serving(create_probe(settings), "probe"):
        await publish_raw(bootstrap, GRADUATED, value, key=startup_id)
        await publish_raw(bootstrap, GRADUATED, value, key=startup_id)
        # Behind both copies on their partition: once it is applied, both copies were handled.
        await pass_sentinel(bootstrap, db, graduation(startup_id))
        # The second copy was absorbed: not applied again, and not parked either.
        assert await times_applied(db, envelope) == 1
        assert await read_dead_letters(bootstrap) == []
    assert await db[SEEN].count_documents({"_id": str(envelope.event_id)}) == 1


async def test_a_poison_message_is_dead_lettered_and_the_consumer_goes_on(
    settings_for: Callable[[str], dict[str, Any]], bootstrap: str, mongo: AsyncMongoClient[Any]
) -> None:
    settings = ServiceSettings(**settings_for("probe"))
    startup_id = unique("st-after-poison")
    good = graduation(startup_id)
    async with serving(create_probe(settings), "probe"):
        # Same key, so the poison sits before the good record on the same partition.
        await publish_raw(
            bootstrap,
            GRADUATED,
            b'{"not": "an envelope"',
            key=startup_id,
            headers={"origin": "test"},
        )
        await publish_raw(bootstrap, GRADUATED, b'{"event_id": "nope"}', key=startup_id)
        await publish_raw(bootstrap, GRADUATED, good.model_dump_json().encode(), key=startup_id)

        async def seen_after_poison() -> int:
            return await seen(mongo, settings, startup_id)

        assert await eventually(seen_after_poison, what="the good record after the poison") == 1
        # Everything before the good record was handled: exactly the two poison records parked.
        parked = await read_dead_letters(bootstrap)

    assert [(letter.topic, letter.value) for letter in parked] == [
        (DLQ, b'{"not": "an envelope"'),
        (DLQ, b'{"event_id": "nope"}'),
    ]
    first = parked[0].headers
    assert first["origin"] == "test"
    assert first["x-dlq-original-topic"] == GRADUATED
    assert first["x-dlq-consumer"] == "probe"
    assert first["x-dlq-error"]
    assert parked[0].key == startup_id.encode()


async def test_an_event_breaking_a_rule_of_the_handler_is_dead_lettered_with_its_reason(
    settings_for: Callable[[str], dict[str, Any]], bootstrap: str, mongo: AsyncMongoClient[Any]
) -> None:
    settings = ServiceSettings(**settings_for("probe"))
    startup_id = unique("st-refused")
    refused = graduation(startup_id, company_name="refused")
    async with serving(create_probe(settings), "probe"):
        await publish_raw(bootstrap, GRADUATED, refused.model_dump_json().encode(), key=startup_id)
        parked = await read_topic(bootstrap, DLQ, at_least=1)
    headers = {name: value.decode() for name, value in parked[0].headers}
    assert headers["x-dlq-error"] == "ValueError: company_name: refused by the probe's rule"
    assert parked[0].value == refused.model_dump_json().encode()
    # The failed attempt wrote nothing: not the state, not the inbox mark.
    assert await seen(mongo, settings, startup_id) == 0
    assert await mongo[settings.mongo_database]["inbox"].count_documents({}) == 0


async def test_a_record_that_may_pass_later_is_retried_until_it_does(
    settings_for: Callable[[str], dict[str, Any]], bootstrap: str, mongo: AsyncMongoClient[Any]
) -> None:
    settings = ServiceSettings(**settings_for("probe"))
    faults = Faults()
    startup_id = unique("st-flaky")
    flaky = graduation(startup_id, company_name="flaky")
    async with serving(create_probe(settings, faults), "probe"):
        await publish_raw(bootstrap, GRADUATED, flaky.model_dump_json().encode(), key=startup_id)

        async def applied() -> int:
            return await seen(mongo, settings, startup_id)

        assert await eventually(applied, what="the flaky record to be applied") == 1
        assert await read_dead_letters(bootstrap) == []
    assert faults.attempts[startup_id] == 3


async def test_retries_are_bounded_so_one_record_cannot_block_its_partition_forever(
    settings_for: Callable[[str], dict[str, Any]], bootstrap: str, mongo: AsyncMongoClient[Any]
) -> None:
    settings = ServiceSettings(**{**settings_for("probe"), "consumer_max_attempts": 3})
    faults = Faults()
    startup_id = unique("st-stuck")
    stuck = graduation(startup_id, company_name="unreachable")
    behind = graduation(startup_id, company_name="Behind The Stuck One")
    async with serving(create_probe(settings, faults), "probe"):
        for envelope in (stuck, behind):
            await publish_raw(
                bootstrap, GRADUATED, envelope.model_dump_json().encode(), key=startup_id
            )

        async def behind_applied() -> int:
            return await seen(mongo, settings, startup_id)

        assert await eventually(behind_applied, what="the record behind the stuck one") == 1
        parked = await read_topic(bootstrap, DLQ, at_least=1)
    headers = {name: value.decode() for name, value in parked[0].headers}
    assert headers["x-dlq-attempts"] == "3"
    assert headers["x-dlq-retryable"] == "true"
    assert headers["x-dlq-error"].startswith("AutoReconnect: database unreachable")
    assert faults.attempts[startup_id] == 3
