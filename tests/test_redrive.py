"""Operators list dead letters and re-drive them to their topic once the cause is fixed."""

from collections.abc import Callable
from typing import Any

from pymongo import AsyncMongoClient

from conftest import eventually, publish_raw, serving
from relay_contracts.intake import StartupGraduated
from relay_eventing import ServiceSettings
from relay_eventing.redrive import main as redrive_main
from relay_eventing.redrive import read_dead_letters, redrive, select
from tests.probe import SEEN, Faults, create_probe, graduation, times_applied, unique
from tests.sentinels import pass_sentinel

DLQ = StartupGraduated.topic + ".dlq"


async def test_a_parked_record_is_applied_once_after_it_is_redriven(
    settings_for: Callable[[str], dict[str, Any]],
    bootstrap: str,
    mongo: AsyncMongoClient[Any],
    capsys: Any,
) -> None:
    settings = ServiceSettings(**{**settings_for("probe"), "consumer_max_attempts": 2})
    db = mongo[settings.mongo_database]
    seen = db[SEEN]
    faults = Faults()
    down = graduation(unique("st-redrive"), company_name="unreachable")
    refused = graduation(unique("st-refused-forever"), company_name="refused")
    async with serving(create_probe(settings, faults), "probe"):
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

        faults.reachable_again.add(down.startup_id)
        chosen = select(letters, error_contains="AutoReconnect", at=[])
        assert [letter.key for letter in chosen] == [down.startup_id.encode()]
        assert await redrive(bootstrap, chosen) == 1

        async def applied() -> int:
            return await seen.count_documents({"startup_id": down.startup_id})

        assert await eventually(applied, what="the re-driven record to be applied") == 1
        # Re-driving it again has no second effect: the event id is unchanged.
        assert await redrive(bootstrap, chosen) == 1
        # Behind the second copy: once it is applied, that copy was absorbed or parked again.
        await pass_sentinel(bootstrap, db, graduation(down.startup_id))
        assert await times_applied(db, down) == 1
        assert await read_dead_letters(bootstrap, DLQ) == letters, "the copy was parked again"
    assert await seen.count_documents({"_id": str(down.event_id)}) == 1
    assert await seen.count_documents({"startup_id": refused.startup_id}) == 0
