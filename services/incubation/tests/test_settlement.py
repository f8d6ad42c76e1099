"""A district receives graduates and decides their settlement: approve, decline, refer, settle."""

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import httpx

from conftest import eventually, key_of, read_topic
from relay_contracts.incubation import SettlementCaseOpened
from services.incubation.tests.kit import TODAY

Graduate = Callable[..., Awaitable[dict[str, Any]]]
Settle = Callable[..., Awaitable[dict[str, Any]]]
Published = Callable[..., Awaitable[list[dict[str, Any]]]]


async def test_a_graduation_opens_a_case_in_the_desired_district_and_on_the_queue_topic(
    incubation: httpx.AsyncClient, graduate: Graduate, bootstrap: str
) -> None:
    case = await graduate("gwanak")

    assert case["status"] == "open"
    assert case["university_id"] == "snu"
    assert (await incubation.get("/cases", headers=key_of("guro"))).json()["items"] == []
    records = await read_topic(bootstrap, SettlementCaseOpened.topic, at_least=1)
    opened = [r for r in records if r.key.decode() == case["startup_id"]]
    assert len(opened) == 1
    assert b'"district_id":"gwanak"' in opened[0].value


async def test_another_district_and_other_organizations_may_not_see_or_decide_a_case(
    incubation: httpx.AsyncClient, graduate: Graduate
) -> None:
    case = await graduate("gwanak")
    case_id = case["case_id"]

    # Another district learns nothing of the case (404); other kinds are refused by kind (403).
    assert (await incubation.get(f"/cases/{case_id}", headers=key_of("guro"))).status_code == 404
    assert (await incubation.get("/cases", headers=key_of("snu"))).status_code == 403
    assert (await incubation.get("/cases", headers=key_of("sba"))).status_code == 403
    assert (await incubation.get("/cases")).status_code == 401
    approve = {"facility_id": "guro-g-valley", "start_date": TODAY.isoformat()}
    assert (
        await incubation.post(f"/cases/{case_id}/approval", json=approve, headers=key_of("guro"))
    ).status_code == 404
    decline = {"reason": "no room", "then": "return"}
    assert (
        await incubation.post(f"/cases/{case_id}/decline", json=decline, headers=key_of("guro"))
    ).status_code == 404
    assert (await incubation.get("/cases/case-nope", headers=key_of("gwanak"))).status_code == 404


async def test_approval_assigns_a_seat_in_one_of_the_districts_own_facilities(
    incubation: httpx.AsyncClient, graduate: Graduate, published: Published
) -> None:
    case = await graduate("gwanak")
    url = f"/cases/{case['case_id']}/approval"

    other = {"facility_id": "guro-g-valley", "start_date": TODAY.isoformat()}
    assert (await incubation.post(url, json=other, headers=key_of("gwanak"))).status_code == 404
    unknown = {"facility_id": "gwanak-nowhere", "start_date": TODAY.isoformat()}
    assert (await incubation.post(url, json=unknown, headers=key_of("gwanak"))).status_code == 404

    body = {"facility_id": "gwanak-s-valley", "start_date": TODAY.isoformat()}
    approved = await incubation.post(url, json=body, headers=key_of("gwanak"))
    assert approved.status_code == 201, approved.text
    assert approved.headers["location"] == f"/cases/{case['case_id']}"
    assert approved.json()["placement"] == {
        "facility_id": "gwanak-s-valley",
        "unit_label": "seat-1",
        "start_date": TODAY.isoformat(),
        "backdate_reason": None,
    }
    again = await incubation.post(url, json=body, headers=key_of("gwanak"))
    assert again.status_code == 409
    assert "approved" in again.json()["detail"]

    events = await eventually(lambda: published("SettlementApproved"), what="SettlementApproved")
    assert events[0]["payload"]["unit_label"] == "seat-1"


async def test_a_declined_startup_referred_to_another_district_gets_a_case_there(
    incubation: httpx.AsyncClient, graduate: Graduate, published: Published
) -> None:
    case = await graduate("gwanak")
    url = f"/cases/{case['case_id']}/decline"

    to_self = {"reason": "full", "then": "refer", "refer_to": "gwanak"}
    assert (await incubation.post(url, json=to_self, headers=key_of("gwanak"))).status_code == 409
    nowhere = {"reason": "full", "then": "refer"}
    missing = await incubation.post(url, json=nowhere, headers=key_of("gwanak"))
    assert missing.status_code == 422
    assert "refer_to" in missing.text
    outside = {"reason": "full", "then": "refer", "refer_to": "gangnam"}
    assert (await incubation.post(url, json=outside, headers=key_of("gwanak"))).status_code == 422

    referral = {"reason": "our seats are full", "then": "refer", "refer_to": "dongjak"}
    declined = await incubation.post(url, json=referral, headers=key_of("gwanak"))
    assert declined.status_code == 200, declined.text
    assert declined.json()["status"] == "declined"

    dongjak = (await incubation.get("/cases", headers=key_of("dongjak"))).json()["items"]
    assert [(c["startup_id"], c["referred_by"], c["status"]) for c in dongjak] == [
        (case["startup_id"], "gwanak", "open")
    ]
    # The referring district keeps its declined case but cannot act on the new one.
    new_case = dongjak[0]["case_id"]
    assert (await incubation.get(f"/cases/{new_case}", headers=key_of("gwanak"))).status_code == 404

    referred = await eventually(lambda: published("StartupReferred"), what="StartupReferred")
    assert referred[0]["payload"]["to_district_id"] == "dongjak"
    opened = await eventually(
        lambda: published("SettlementCaseOpened", at_least=2), what="two SettlementCaseOpened"
    )
    assert {e["payload"]["referred_by"] for e in opened} == {None, "gwanak"}

    back = {"reason": "not our sector", "then": "refer", "refer_to": "gwanak"}
    again = await incubation.post(
        f"/cases/{new_case}/decline", json=back, headers=key_of("dongjak")
    )
    assert again.status_code == 409
    assert "already had case" in again.json()["detail"]


async def test_a_declined_startup_can_be_returned_to_its_university_with_the_reason(
    incubation: httpx.AsyncClient, graduate: Graduate, published: Published
) -> None:
    case = await graduate("guro")
    body = {"reason": "the business plan needs another semester", "then": "return"}

    declined = await incubation.post(
        f"/cases/{case['case_id']}/decline", json=body, headers=key_of("guro")
    )

    assert declined.status_code == 200, declined.text
    assert declined.json()["decline"] == {
        "reason": body["reason"],
        "outcome": "returned",
        "referred_to": None,
    }
    returned = await eventually(
        lambda: published("StartupReturnedToUniversity"), what="StartupReturnedToUniversity"
    )
    assert returned[0]["payload"]["university_id"] == "snu"
    assert returned[0]["payload"]["reason"] == body["reason"]


async def test_settlement_records_an_address_in_the_district_after_the_seat_starts(
    incubation: httpx.AsyncClient, graduate: Graduate, published: Published
) -> None:
    case = await graduate("gwanak")
    url = f"/cases/{case['case_id']}/settlement"
    residency = {
        "registered_address": "서울특별시 관악구 관악로 1",
        "moved_in_on": (TODAY - timedelta(days=2)).isoformat(),
        "minimum_stay_months": 24,
    }
    too_early = await incubation.post(url, json=residency, headers=key_of("gwanak"))
    assert too_early.status_code == 409
    assert "open" in too_early.json()["detail"]

    approve = {
        "facility_id": "gwanak-nakseongdae",
        "start_date": (TODAY - timedelta(days=3)).isoformat(),
    }
    await incubation.post(
        f"/cases/{case['case_id']}/approval", json=approve, headers=key_of("gwanak")
    )
    elsewhere = {**residency, "registered_address": "서울특별시 구로구 디지털로 300"}
    refused = await incubation.post(url, json=elsewhere, headers=key_of("gwanak"))
    assert refused.status_code == 409
    assert "registered_address" in refused.json()["detail"]
    before_start = {**residency, "moved_in_on": (TODAY - timedelta(days=4)).isoformat()}
    assert (
        await incubation.post(url, json=before_start, headers=key_of("gwanak"))
    ).status_code == 409
    negative = {**residency, "minimum_stay_months": -1}
    assert (await incubation.post(url, json=negative, headers=key_of("gwanak"))).status_code == 422

    settled = await incubation.post(url, json=residency, headers=key_of("gwanak"))

    assert settled.status_code == 201, settled.text
    assert settled.headers["location"] == f"/cases/{case['case_id']}"
    assert settled.json()["status"] == "settled"
    events = await eventually(lambda: published("StartupSettled"), what="StartupSettled")
    assert events[0]["payload"]["minimum_stay_months"] == 24
    assert events[0]["payload"]["registered_address"] == residency["registered_address"]
