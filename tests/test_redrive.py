"""Operators list dead letters and re-drive them to their topic once the cause is fixed."""

from collections.abc import Callable
from typing import Any

from pymongo import AsyncMongoClient

from conftest import eventually, publish_raw, serving
from relay_contracts.intake import StartupGraduated
from relay_eventing import ServiceSettings
from relay_eventing.redrive import main as redrive_main
from relay_eventing.redrive import read_dead_letters, redrive, select
from tests.probe import REACHABLE_AGAIN, SEEN, create_probe, graduation

DLQ = StartupGraduated.topic + ".dlq"


async def test_a_parked_record_is_applied_once_after_it_is_redriven(
    settings_for: Callable[[str], dict[str, Any]],
    bootstrap: str,
    mongo: AsyncMongoClient[Any],
    capsys: Any,
) -> None:
    settings = ServiceSettings(**{**settings_for("probe"), "consumer_max_attempts": 2})
    seen = mongo[settings.mongo_database][SEEN]
    down = graduation("st-redrive", company_name="unreachable")
    refused = graduation("st-refused-forever", company_name="refused")
    async with serving(create_probe(settings), "probe") as probe:
        for envelope in (down, refused):
            await publish_raw(
                bootstrap,
                StartupGraduated.topic,
                envelope.model_dump_json().encode(),
                key=envelope.startup_id,
            )

        async def both_parked() -> list[Any]:
            letters = await read_dead_letters(bootstrap, DLQ, idle_polls=1)
            return letters if len(letters) == 2 else []

        letters = await eventually(both_parked, what="both records in the dead-letter topic")
        assert await redrive_main(["--bootstrap", bootstrap, "list"]) == 0
        listing = capsys.readouterr().out
        assert "2 dead letters" in listing
        assert "AutoReconnect" in listing
        assert "refused by the probe's rule" in listing

        REACHABLE_AGAIN.add("st-redrive")
        chosen = select(letters, error_contains="AutoReconnect", at=[])
        assert [letter.key for letter in chosen] == [b"st-redrive"]
        assert await redrive(bootstrap, chosen) == 1

        async def applied() -> int:
            return await seen.count_documents({"startup_id": "st-redrive"})

        assert await eventually(applied, what="the re-driven record to be applied") == 1
        # Re-driving it again has no second effect: the event id is unchanged.
        assert await redrive(bootstrap, chosen) == 1

        async def copy_absorbed() -> bool:
            return bool((await probe.get("/health")).json()["duplicates_absorbed"] == 1)

        await eventually(copy_absorbed, what="the second re-drive to be absorbed")
    assert await seen.count_documents({"startup_id": "st-redrive"}) == 1
    assert await seen.count_documents({"startup_id": "st-refused-forever"}) == 0
