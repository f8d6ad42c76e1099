"""Delivery guarantees of the eventing runtime, on the real broker and database."""

from collections.abc import Callable
from typing import Any

import httpx
from incubation.main import create_app as create_incubation
from incubation.settings import Settings as IncubationSettings
from pymongo import AsyncMongoClient
from relay_contracts import Actor, Envelope, OrganizationKind
from relay_contracts.intake import StartupGraduated
from relay_eventing import Cause, new_event

from conftest import eventually, publish_raw, read_topic, serving

GRADUATED = StartupGraduated.topic
SNU = Actor(organization_id="snu", organization_kind=OrganizationKind.UNIVERSITY)


def graduation(startup_id: str) -> Envelope[Any]:
    payload = StartupGraduated(
        university_id="snu",
        company_name=f"Company {startup_id}",
        stage="early",
        business_registration_number="1208147521",
        sector="ai",
        desired_district="gwanak",
        youth=True,
        milestones=["prototype"],
    )
    return new_event(payload, startup_id=startup_id, cause=Cause.request(SNU))


async def cases_of(
    mongo: AsyncMongoClient[Any], settings: IncubationSettings, startup_id: str
) -> int:
    return await mongo[settings.mongo_database]["cases"].count_documents({"startup_id": startup_id})


async def health(client: httpx.AsyncClient) -> dict[str, Any]:
    answer: dict[str, Any] = (await client.get("/health")).json()
    return answer


async def test_a_redelivered_event_has_no_second_effect(
    settings_for: Callable[[str], dict[str, Any]], bootstrap: str, mongo: AsyncMongoClient[Any]
) -> None:
    settings = IncubationSettings(**settings_for("incubation"))
    envelope = graduation("st-duplicate")
    value = envelope.model_dump_json().encode()
    async with serving(create_incubation(settings), "incubation") as incubation:
        await publish_raw(bootstrap, GRADUATED, value, key=envelope.startup_id)
        await publish_raw(bootstrap, GRADUATED, value, key=envelope.startup_id)

        async def duplicate_absorbed() -> bool:
            return bool((await health(incubation))["duplicates_absorbed"] == 1)

        await eventually(duplicate_absorbed, what="the second copy to be absorbed")
    assert await cases_of(mongo, settings, "st-duplicate") == 1


async def test_a_poison_message_is_dead_lettered_and_the_consumer_goes_on(
    settings_for: Callable[[str], dict[str, Any]], bootstrap: str, mongo: AsyncMongoClient[Any]
) -> None:
    settings = IncubationSettings(**settings_for("incubation"))
    good = graduation("st-after-poison")
    async with serving(create_incubation(settings), "incubation") as incubation:
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

        async def case_opened() -> int:
            return await cases_of(mongo, settings, "st-after-poison")

        assert await eventually(case_opened, what="the good record after the poison") == 1
        assert (await health(incubation))["dead_lettered"] == {GRADUATED: 2}

    parked = await read_topic(bootstrap, GRADUATED + ".dlq", at_least=2)
    assert [record.value for record in parked] == [
        b'{"not": "an envelope"',
        b'{"event_id": "nope"}',
    ]
    first = {name: value.decode() for name, value in parked[0].headers}
    assert first["origin"] == "test"
    assert first["x-dlq-original-topic"] == GRADUATED
    assert first["x-dlq-consumer"] == "incubation"
    assert first["x-dlq-error"]
    assert parked[0].key == b"st-after-poison"


async def test_an_event_breaking_a_domain_rule_is_dead_lettered_with_its_reason(
    settings_for: Callable[[str], dict[str, Any]], bootstrap: str
) -> None:
    settings = IncubationSettings(**settings_for("incubation"))
    envelope = graduation("st-bad-district").model_dump(mode="json")
    envelope["payload"]["desired_district"] = "gangnam"
    async with serving(create_incubation(settings), "incubation"):
        await publish_raw(
            bootstrap,
            GRADUATED,
            Envelope[Any].model_validate(envelope).model_dump_json().encode(),
            key="st-bad-district",
        )
        parked = await read_topic(bootstrap, GRADUATED + ".dlq", at_least=1)
    error = dict(parked[0].headers)["x-dlq-error"].decode()
    assert "desired_district" in error
