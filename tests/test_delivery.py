"""Delivery guarantees of the eventing runtime, on the real broker and database."""

from collections.abc import Callable
from typing import Any

import httpx
from pymongo import AsyncMongoClient

from conftest import eventually, publish_raw, read_topic, serving
from relay_contracts.intake import StartupGraduated
from relay_eventing import ServiceSettings
from tests.probe import FAILURES_BY_STARTUP, SEEN, create_probe, graduation

GRADUATED = StartupGraduated.topic


async def seen(mongo: AsyncMongoClient[Any], settings: ServiceSettings, startup_id: str) -> int:
    return await mongo[settings.mongo_database][SEEN].count_documents({"startup_id": startup_id})


async def health(client: httpx.AsyncClient) -> dict[str, Any]:
    answer: dict[str, Any] = (await client.get("/health")).json()
    return answer


async def test_a_redelivered_event_has_no_second_effect(
    settings_for: Callable[[str], dict[str, Any]], bootstrap: str, mongo: AsyncMongoClient[Any]
) -> None:
    settings = ServiceSettings(**settings_for("probe"))
    envelope = graduation("st-duplicate")
    value = envelope.model_dump_json().encode()
    async with serving(create_probe(settings), "probe") as probe:
        await publish_raw(bootstrap, GRADUATED, value, key=envelope.startup_id)
        await publish_raw(bootstrap, GRADUATED, value, key=envelope.startup_id)

        async def duplicate_absorbed() -> bool:
            return bool((await health(probe))["duplicates_absorbed"] == 1)

        await eventually(duplicate_absorbed, what="the second copy to be absorbed")
    assert await seen(mongo, settings, "st-duplicate") == 1


async def test_a_poison_message_is_dead_lettered_and_the_consumer_goes_on(
    settings_for: Callable[[str], dict[str, Any]], bootstrap: str, mongo: AsyncMongoClient[Any]
) -> None:
    settings = ServiceSettings(**settings_for("probe"))
    good = graduation("st-after-poison")
    async with serving(create_probe(settings), "probe") as probe:
        # Same key, so the poison sits before the good record on the same partition.
        await publish_raw(
            bootstrap,
            GRADUATED,
            b'{"not": "an envelope"',
            key="st-after-poison",
            headers={"origin": "test"},
        )
        await publish_raw(bootstrap, GRADUATED, b'{"event_id": "nope"}', key="st-after-poison")
        await publish_raw(
            bootstrap, GRADUATED, good.model_dump_json().encode(), key=good.startup_id
        )

        async def seen_after_poison() -> int:
            return await seen(mongo, settings, "st-after-poison")

        assert await eventually(seen_after_poison, what="the good record after the poison") == 1
        assert (await health(probe))["dead_lettered"] == {GRADUATED: 2}

    parked = await read_topic(bootstrap, GRADUATED + ".dlq", at_least=2)
    assert [record.value for record in parked] == [
        b'{"not": "an envelope"',
        b'{"event_id": "nope"}',
    ]
    first = {name: value.decode() for name, value in parked[0].headers}
    assert first["origin"] == "test"
    assert first["x-dlq-original-topic"] == GRADUATED
    assert first["x-dlq-consumer"] == "probe"
    assert first["x-dlq-error"]
    assert parked[0].key == b"st-after-poison"


async def test_an_event_breaking_a_rule_of_the_handler_is_dead_lettered_with_its_reason(
    settings_for: Callable[[str], dict[str, Any]], bootstrap: str, mongo: AsyncMongoClient[Any]
) -> None:
    settings = ServiceSettings(**settings_for("probe"))
    refused = graduation("st-refused", company_name="refused")
    async with serving(create_probe(settings), "probe"):
        await publish_raw(
            bootstrap, GRADUATED, refused.model_dump_json().encode(), key=refused.startup_id
        )
        parked = await read_topic(bootstrap, GRADUATED + ".dlq", at_least=1)
    headers = {name: value.decode() for name, value in parked[0].headers}
    assert headers["x-dlq-error"] == "ValueError: company_name: refused by the probe's rule"
    assert parked[0].value == refused.model_dump_json().encode()
    # The failed attempt wrote nothing: not the state, not the inbox mark.
    assert await seen(mongo, settings, "st-refused") == 0
    assert await mongo[settings.mongo_database]["inbox"].count_documents({}) == 0


async def test_a_record_that_may_pass_later_is_retried_until_it_does(
    settings_for: Callable[[str], dict[str, Any]], bootstrap: str, mongo: AsyncMongoClient[Any]
) -> None:
    settings = ServiceSettings(**settings_for("probe"))
    flaky = graduation("st-flaky", company_name="flaky")
    async with serving(create_probe(settings), "probe") as probe:
        await publish_raw(bootstrap, GRADUATED, flaky.model_dump_json().encode(), key="st-flaky")

        async def applied() -> int:
            return await seen(mongo, settings, "st-flaky")

        assert await eventually(applied, what="the flaky record to be applied") == 1
        assert (await health(probe))["dead_lettered"] == {}
    assert FAILURES_BY_STARTUP["st-flaky"] == 3


async def test_retries_are_bounded_so_one_record_cannot_block_its_partition_forever(
    settings_for: Callable[[str], dict[str, Any]], bootstrap: str, mongo: AsyncMongoClient[Any]
) -> None:
    settings = ServiceSettings(**{**settings_for("probe"), "consumer_max_attempts": 3})
    stuck = graduation("st-stuck", company_name="unreachable")
    behind = graduation("st-stuck", company_name="Behind The Stuck One")
    async with serving(create_probe(settings), "probe"):
        for envelope in (stuck, behind):
            await publish_raw(
                bootstrap, GRADUATED, envelope.model_dump_json().encode(), key="st-stuck"
            )

        async def behind_applied() -> int:
            return await seen(mongo, settings, "st-stuck")

        assert await eventually(behind_applied, what="the record behind the stuck one") == 1
        parked = await read_topic(bootstrap, GRADUATED + ".dlq", at_least=1)
    headers = {name: value.decode() for name, value in parked[0].headers}
    assert headers["x-dlq-attempts"] == "3"
    assert headers["x-dlq-retryable"] == "true"
    assert headers["x-dlq-error"].startswith("AutoReconnect: database unreachable")
    assert FAILURES_BY_STARTUP["st-stuck"] == 3
