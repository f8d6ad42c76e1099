"""Intake consumes incubation's StartupReturnedToUniversity from the real broker."""

import json
from typing import Any

from conftest import eventually, key_of, publish_raw, read_topic
from relay_contracts import Actor, OrganizationKind
from relay_contracts.incubation import StartupReturnedToUniversity
from relay_eventing import Cause, new_event
from relay_eventing.outbox import headers_for
from services.intake.tests.kit import Intake, startup_body

GWANAK = Actor(organization_id="gwanak", organization_kind=OrganizationKind.DISTRICT)


async def _publish_return(intake: Intake, startup_id: str, university_id: str) -> None:
    returned = StartupReturnedToUniversity(
        case_id="case-77",
        district_id="gwanak",
        university_id=university_id,
        reason="no prototype space free until spring",
    )
    envelope = new_event(returned, startup_id=startup_id, cause=Cause.request(GWANAK))
    await publish_raw(
        intake.bootstrap,
        returned.topic,
        envelope.model_dump_json().encode(),
        key=startup_id,
        headers=headers_for(envelope),
    )


async def test_a_startup_returned_by_the_district_is_nurtured_again_with_its_reason(
    intake: Intake,
) -> None:
    startup_id = await intake.admitted("snu")
    assert (await intake.post("snu", f"/startups/{startup_id}/graduation")).status_code == 200

    await _publish_return(intake, startup_id, "snu")

    async def nurtured_again() -> dict[str, Any] | None:
        view = (await intake.client.get(f"/startups/{startup_id}", headers=key_of("snu"))).json()
        return view if view["status"] == "nurturing" else None

    view = await eventually(nurtured_again, what="the startup back in nurturing")
    assert view["returns"][0]["reason"] == "no prototype space free until spring"
    assert view["returns"][0]["district_id"] == "gwanak"
    assert view["returns"][0]["case_id"] == "case-77"
    assert view["history"][-1]["what"] == "returned_by_district"
    again = await intake.post("snu", f"/startups/{startup_id}/graduation")
    assert again.status_code == 200


async def test_a_return_of_a_startup_intake_never_saw_is_dead_lettered(intake: Intake) -> None:
    await intake.submit("snu", startup_body())
    await _publish_return(intake, "st-never-seen", "snu")

    [parked] = await read_topic(
        intake.bootstrap, StartupReturnedToUniversity.topic + ".dlq", at_least=1
    )
    headers = {name: value.decode() for name, value in parked.headers}
    assert "st-never-seen" in headers["x-dlq-error"]
    assert json.loads(parked.value)["startup_id"] == "st-never-seen"
