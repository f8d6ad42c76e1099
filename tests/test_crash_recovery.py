"""A service process killed between its outbox write and the publish loses nothing on restart."""

import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from pymongo import AsyncMongoClient

from conftest import as_environment, eventually, key_of, publish_raw, serving
from incubation.main import create_app as create_incubation
from incubation.settings import Settings as IncubationSettings
from relay_devstack import processes
from relay_devstack.servers import free_port, wait_for_port
from relay_eventing.dead_letter import dead_letter_topic
from relay_eventing.redrive import DeadLetter, read_dead_letters

SUBMISSION = {
    "company_name": "Gwanak Robotics",
    "stage": "pre_startup",
    "founders": [{"name": "Lee Seojun", "birth_date": "1994-09-30", "role": "ceo"}],
    "sector": "robotics",
    "desired_district": "gwanak",
    "description": "Delivery robots for traditional markets.",
    "contact": {"name": "Lee Seojun", "email": "seojun@gwanak-robotics.example"},
}
MARKER = b"marker: not an envelope"


@contextmanager
def intake_process(values: dict[str, Any], port: int) -> Iterator[subprocess.Popen[bytes]]:
    environment = {
        **os.environ,
        **as_environment("INTAKE_", {**values, "http_port": port}),
    }
    process = processes.spawn(
        [sys.executable, "-m", "relay_eventing", "intake"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process, timeout_s=60)
        yield process
    finally:
        processes.end(process, timeout_s=20)


async def test_events_written_before_a_kill_are_delivered_once_after_restart(
    settings_for: Callable[[str], dict[str, Any]], bootstrap: str, mongo: AsyncMongoClient[Any]
) -> None:
    intake_values = settings_for("intake")
    incubation_settings = IncubationSettings(**settings_for("incubation"))
    outbox = mongo[intake_values["mongo_database"]]["outbox"]
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"

    # The relay is off, so the process dies with its events written but not yet published.
    with intake_process({**intake_values, "relay_enabled": False}, port) as process:
        async with httpx.AsyncClient(base_url=base_url, headers=key_of("snu")) as intake:
            submitted = await intake.post("/startups", json=SUBMISSION)
            assert submitted.status_code == 201, submitted.text
            startup_id = submitted.json()["startup_id"]
            scores = [
                {"criterion": criterion, "score": 75, "reviewer": "prof-choi"}
                for criterion in ("team", "market", "technology", "feasibility")
            ]
            steps = [
                (f"/startups/{startup_id}/screenings", {"scores": scores}),
                (f"/startups/{startup_id}/decision", {"decision": "admit"}),
                (f"/startups/{startup_id}/graduation", None),
            ]
            for path, body in steps:
                answer = await intake.post(path, json=body)
                assert answer.status_code in {200, 201}, answer.text
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    pending = [record async for record in outbox.find({"published": False}).sort("_id", 1)]
    assert [record["event_type"] for record in pending] == [
        "StartupSubmitted",
        "ScreeningCompleted",
        "StartupAdmitted",
        "StartupGraduated",
    ]

    # The other window: a copy of the graduation reached the broker before the crash, but the
    # record was never marked, so the restarted relay sends it again.
    graduation = pending[3]
    await publish_raw(
        bootstrap,
        graduation["topic"],
        bytes(graduation["value"]),
        key=startup_id,
        headers=graduation["headers"],
    )

    parked_at = dead_letter_topic(graduation["topic"])
    async with serving(create_incubation(incubation_settings), "incubation"):
        with intake_process(intake_values, port):

            async def all_published() -> bool:
                return await outbox.count_documents({"published": False}) == 0

            await eventually(all_published, what="the restarted relay to publish the backlog")

            # A marker behind both copies on their partition: once incubation parked it, it had
            # handled both copies before it.
            await publish_raw(bootstrap, graduation["topic"], MARKER, key=startup_id)

            async def marker_parked() -> list[DeadLetter]:
                letters = await read_dead_letters(bootstrap, parked_at, idle_polls=1)
                return letters if any(letter.value == MARKER for letter in letters) else []

            letters = await eventually(marker_parked, what="incubation to handle both copies")

    # The second copy was absorbed: not parked, and no second case or second event from it.
    assert [(letter.value, letter.headers["x-dlq-consumer"]) for letter in letters] == [
        (MARKER, "incubation")
    ]
    incubation_db = mongo[incubation_settings.mongo_database]
    assert await incubation_db["cases"].count_documents({"startup_id": startup_id}) == 1
    opened = {"key": startup_id, "event_type": "SettlementCaseOpened"}
    assert await incubation_db["outbox"].count_documents(opened) == 1
