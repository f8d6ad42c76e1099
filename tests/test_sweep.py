"""The relay's safety sweep: what another process of the service committed is published too."""

from collections.abc import Callable
from typing import Any

import httpx
from pymongo import AsyncMongoClient

from conftest import eventually, key_of, read_topic, serving
from intake.main import create_app as create_intake
from intake.settings import Settings as IntakeSettings
from relay_contracts.intake import StartupSubmitted
from relay_devstack.servers import free_port
from tests.test_crash_recovery import intake_process


def submission(company: str) -> dict[str, Any]:
    return {
        "company_name": company,
        "stage": "pre_startup",
        "founders": [{"name": f"CEO of {company}", "birth_date": "1994-09-30", "role": "ceo"}],
        "sector": "robotics",
        "desired_district": "gwanak",
        "description": "Delivery robots for traditional markets.",
        "contact": {"name": f"CEO of {company}", "email": "ceo@sweep.example"},
    }


async def test_a_record_another_process_committed_is_swept_and_published(
    settings_for: Callable[[str], dict[str, Any]], bootstrap: str, mongo: AsyncMongoClient[Any]
) -> None:
    values = settings_for("intake")
    outbox = mongo[values["mongo_database"]]["outbox"]

    async def published(startup_id: str) -> bool:
        record = await outbox.find_one({"key": startup_id})
        return record is not None and record["published"] is True

    async with serving(create_intake(IntakeSettings(**values)), "intake") as here:
        # This process's own commit is handed to its relay: the relay is running and past the
        # full sweep it makes when it starts.
        mine = await here.post("/startups", json=submission("Here Labs"), headers=key_of("snu"))
        assert mine.status_code == 201, mine.text
        await eventually(lambda: published(mine.json()["startup_id"]), what="our own record")

        # Another process of intake, whose relay is off: its record is in the shared outbox
        # and only this process's periodic sweep can publish it.
        port = free_port()
        with intake_process({**values, "relay_enabled": False}, port):
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as there:
                theirs = await there.post(
                    "/startups", json=submission("There Labs"), headers=key_of("snu")
                )
        assert theirs.status_code == 201, theirs.text
        their_id = theirs.json()["startup_id"]
        await eventually(lambda: published(their_id), what="the other process's record swept")

    records = await read_topic(bootstrap, StartupSubmitted.topic, at_least=2)
    keys = [record.key.decode() for record in records]
    assert sorted(keys) == sorted([mine.json()["startup_id"], their_id])
