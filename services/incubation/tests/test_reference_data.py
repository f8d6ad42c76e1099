"""The southwest districts ship as reference data, seeded at startup and editable without code."""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from conftest import key_of, serving
from incubation.main import create_app
from incubation.settings import Settings
from services.incubation.tests.kit import TODAY

NAMES = {
    "gangseo": ("강서구", "Gangseo-gu"),
    "gwanak": ("관악구", "Gwanak-gu"),
    "guro": ("구로구", "Guro-gu"),
    "geumcheon": ("금천구", "Geumcheon-gu"),
    "dongjak": ("동작구", "Dongjak-gu"),
    "yeongdeungpo": ("영등포구", "Yeongdeungpo-gu"),
    "yangcheon": ("양천구", "Yangcheon-gu"),
}


async def test_the_seven_districts_are_seeded_with_korean_and_english_names_and_facilities(
    incubation: httpx.AsyncClient,
) -> None:
    districts = (await incubation.get("/districts", headers=key_of("snu"))).json()["items"]

    assert {d["district_id"]: (d["name_ko"], d["name_en"]) for d in districts} == NAMES
    for district in districts:
        assert district["facilities"], district["district_id"]
        for facility in district["facilities"]:
            assert facility["unit_kind"] in ("seat", "room")
            assert facility["capacity"] > 0
            assert facility["monthly_rent_krw"] > 0
            assert facility["occupied"] == 0
        assert {p["district_id"] for p in district["programs"]} == {district["district_id"]}
    assert (await incubation.get("/districts")).status_code == 401
    assert (await incubation.get("/districts/gangnam", headers=key_of("guro"))).status_code == 404


async def test_a_district_or_an_operator_edits_facilities_but_not_another_districts(
    incubation: httpx.AsyncClient,
) -> None:
    url = "/districts/gwanak/facilities/gwanak-s-valley"
    edit = {
        "name": "관악S밸리 2호관",
        "unit_kind": "seat",
        "capacity": 45,
        "monthly_rent_krw": 90_000,
    }

    # Another district's reference data is not its to touch (404); an agency never edits (403).
    assert (await incubation.put(url, json=edit, headers=key_of("guro"))).status_code == 404
    assert (await incubation.put(url, json=edit, headers=key_of("sba"))).status_code == 403
    assert (await incubation.put(url, json=edit, headers=key_of("council"))).status_code == 403
    own = await incubation.put(url, json=edit, headers=key_of("gwanak"))
    assert own.status_code == 200, own.text
    by_operator = await incubation.put(
        url, json={**edit, "capacity": 50}, headers=key_of("operator")
    )
    assert by_operator.json()["capacity"] == 50
    gwanak = (await incubation.get("/districts/gwanak", headers=key_of("gwanak"))).json()
    valley = next(f for f in gwanak["facilities"] if f["facility_id"] == "gwanak-s-valley")
    assert (valley["name"], valley["capacity"]) == ("관악S밸리 2호관", 50)
    hijack = await incubation.put(
        "/districts/guro/facilities/gwanak-s-valley", json=edit, headers=key_of("guro")
    )
    assert hijack.status_code == 409
    assert "another district's" in hijack.json()["detail"]


async def test_capacity_cannot_drop_below_the_seats_already_occupied(
    incubation: httpx.AsyncClient, graduate: Any
) -> None:
    url = "/districts/dongjak/facilities/dongjak-pod"
    pod = {"name": "동작 창업 포드", "unit_kind": "room", "capacity": 2, "monthly_rent_krw": 1}
    await incubation.put(url, json=pod, headers=key_of("dongjak"))
    for _ in range(2):
        case = await graduate("dongjak")
        approved = await incubation.post(
            f"/cases/{case['case_id']}/approval",
            json={"facility_id": "dongjak-pod", "start_date": TODAY.isoformat()},
            headers=key_of("dongjak"),
        )
        assert approved.status_code == 201, approved.text

    shrink = await incubation.put(url, json={**pod, "capacity": 1}, headers=key_of("dongjak"))

    assert shrink.status_code == 409
    assert "2 rooms of dongjak-pod are occupied" in shrink.json()["detail"]
    grow = await incubation.put(url, json={**pod, "capacity": 3}, headers=key_of("dongjak"))
    assert grow.json()["occupied"] == 2


async def test_budgets_and_programs_are_set_by_their_district_without_undoing_grants(
    incubation: httpx.AsyncClient,
) -> None:
    program = {"name": "Gwanak youth consulting", "kinds": ["consulting"]}
    url = "/districts/gwanak/programs/gwanak-youth"
    assert (await incubation.put(url, json=program, headers=key_of("guro"))).status_code == 404
    assert (await incubation.put(url, json=program, headers=key_of("gwanak"))).status_code == 200
    budget_url = "/programs/gwanak-youth/budgets/2027"
    assert (
        await incubation.put(budget_url, json={"total_krw": 10}, headers=key_of("guro"))
    ).status_code == 404
    assert (
        await incubation.put(budget_url, json={"total_krw": -1}, headers=key_of("gwanak"))
    ).status_code == 422
    set_ = await incubation.put(
        budget_url, json={"total_krw": 50_000_000}, headers=key_of("gwanak")
    )
    assert set_.status_code == 201, set_.text
    assert set_.headers["location"] == budget_url
    assert set_.json() == {
        "program_id": "gwanak-youth",
        "year": 2027,
        "total_krw": 50_000_000,
        "remaining_krw": 50_000_000,
    }
    assert (
        await incubation.get("/programs/gwanak-youth/budgets", headers=key_of("guro"))
    ).status_code == 404
    assert (
        await incubation.put(
            "/programs/nope/budgets/2027", json={"total_krw": 1}, headers=key_of("gwanak")
        )
    ).status_code == 404


async def test_a_seed_file_changes_the_reference_data_and_edits_survive_a_restart(
    settings_for: Callable[[str], dict[str, Any]], tmp_path: Path
) -> None:
    packaged = Path(__file__).parents[1] / "src" / "incubation" / "reference_data.json"
    data = json.loads(packaged.read_text("utf-8"))
    data["districts"][0]["facilities"].append(
        {
            "facility_id": "gangseo-new-lab",
            "district_id": "gangseo",
            "name": "강서 신규 랩",
            "unit_kind": "room",
            "capacity": 4,
            "monthly_rent_krw": 250_000,
        }
    )
    seed = tmp_path / "districts.json"
    seed.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    settings = Settings(**settings_for("incubation"), reference_data_path=seed)
    url = "/districts/gangseo/facilities/gangseo-new-lab"
    edit = {"name": "강서 신규 랩", "unit_kind": "room", "capacity": 6, "monthly_rent_krw": 1}

    async with serving(create_app(settings), "incubation") as incubation:
        gangseo = (await incubation.get("/districts/gangseo", headers=key_of("gangseo"))).json()
        assert "gangseo-new-lab" in {f["facility_id"] for f in gangseo["facilities"]}
        assert (await incubation.put(url, json=edit, headers=key_of("operator"))).status_code == 200
    async with serving(create_app(settings), "incubation") as incubation:
        gangseo = (await incubation.get("/districts/gangseo", headers=key_of("gangseo"))).json()

    lab = next(f for f in gangseo["facilities"] if f["facility_id"] == "gangseo-new-lab")
    assert lab["capacity"] == 6
