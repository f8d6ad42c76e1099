"""Days a district records for its case are checked against the case: nothing before the
startup graduated, nothing in the future, and a day long past only with the reason it is
recorded so late, which is stored and carried in the event."""

from datetime import timedelta
from typing import Any

import httpx

from conftest import eventually, key_of
from services.incubation.tests.kit import TODAY, Graduate, Published

REASON = "approved at the October committee; the paperwork reached the office late"


async def test_an_approval_is_dated_between_graduation_and_today_and_late_only_with_a_reason(
    incubation: httpx.AsyncClient, graduate: Graduate, published: Published
) -> None:
    case = await graduate("gwanak", graduated_on=TODAY - timedelta(days=400))
    url = f"/cases/{case['case_id']}/approval"

    async def approve(days_ago: int, **extra: Any) -> httpx.Response:
        start = (TODAY - timedelta(days=days_ago)).isoformat()
        body = {"facility_id": "gwanak-s-valley", "start_date": start, **extra}
        return await incubation.post(url, json=body, headers=key_of("gwanak"))

    before_graduation = await approve(14 * 31, backdate_reason=REASON)
    assert before_graduation.status_code == 422
    assert before_graduation.json()["detail"][0]["loc"] == ["body", "start_date"]
    assert "before the startup graduated" in before_graduation.json()["detail"][0]["msg"]
    future = await approve(-1)
    assert future.status_code == 422
    assert "future" in future.json()["detail"][0]["msg"]
    unexplained = await approve(60)
    assert unexplained.status_code == 422
    assert unexplained.json()["detail"][0]["loc"] == ["body", "backdate_reason"]
    assert (await approve(60, backdate_reason="")).status_code == 422

    explained = await approve(60, backdate_reason=REASON)

    assert explained.status_code == 201, explained.text
    assert explained.json()["placement"]["backdate_reason"] == REASON
    events = await eventually(lambda: published("SettlementApproved"), what="SettlementApproved")
    assert events[0]["payload"]["backdate_reason"] == REASON


async def test_a_recent_day_needs_no_reason_and_a_graduate_of_last_week_cannot_start_earlier(
    incubation: httpx.AsyncClient, graduate: Graduate
) -> None:
    case = await graduate("guro", graduated_on=TODAY - timedelta(days=7))
    url = f"/cases/{case['case_id']}/approval"
    earlier = {
        "facility_id": "guro-g-valley",
        "start_date": (TODAY - timedelta(days=8)).isoformat(),
        "backdate_reason": REASON,
    }
    refused = await incubation.post(url, json=earlier, headers=key_of("guro"))
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "start_date"]

    week = {"facility_id": "guro-g-valley", "start_date": (TODAY - timedelta(days=7)).isoformat()}
    approved = await incubation.post(url, json=week, headers=key_of("guro"))

    assert approved.status_code == 201, approved.text
    assert approved.json()["placement"]["backdate_reason"] is None


async def test_a_move_in_is_never_in_the_future_and_long_past_only_with_a_reason(
    incubation: httpx.AsyncClient, graduate: Graduate, published: Published
) -> None:
    case = await graduate("dongjak", graduated_on=TODAY - timedelta(days=300))
    start = (TODAY - timedelta(days=200)).isoformat()
    approved = await incubation.post(
        f"/cases/{case['case_id']}/approval",
        json={
            "facility_id": "dongjak-startup-center",
            "start_date": start,
            "backdate_reason": REASON,
        },
        headers=key_of("dongjak"),
    )
    assert approved.status_code == 201, approved.text
    url = f"/cases/{case['case_id']}/settlement"
    residency = {
        "registered_address": "서울특별시 동작구 상도로 369",
        "moved_in_on": (TODAY - timedelta(days=150)).isoformat(),
        "minimum_stay_months": 24,
    }

    future = {**residency, "moved_in_on": (TODAY + timedelta(days=1)).isoformat()}
    assert (await incubation.post(url, json=future, headers=key_of("dongjak"))).status_code == 422
    unexplained = await incubation.post(url, json=residency, headers=key_of("dongjak"))
    assert unexplained.status_code == 422
    assert unexplained.json()["detail"][0]["loc"] == ["body", "backdate_reason"]
    explained = await incubation.post(
        url, json={**residency, "backdate_reason": REASON}, headers=key_of("dongjak")
    )

    assert explained.status_code == 201, explained.text
    assert explained.json()["residency"]["backdate_reason"] == REASON
    events = await eventually(lambda: published("StartupSettled"), what="StartupSettled")
    assert events[0]["payload"]["backdate_reason"] == REASON
    assert events[0]["payload"]["moved_in_on"] == residency["moved_in_on"]
