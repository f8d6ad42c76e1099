"""The funder report (CSV, XLSX) and the startup export, opened as a funder would open them."""

import csv
import io
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from conftest import eventually, key_of
from services.insight.tests.conftest import Publish, caught_up
from services.insight.tests.kit import program_with_outcomes

Rows = list[list[str]]


@pytest.fixture(scope="module")
async def published(insight: httpx.AsyncClient, publish: Publish) -> None:
    await publish(*program_with_outcomes())
    await eventually(lambda: caught_up(insight), what="insight to read the program")


async def fetched(insight: httpx.AsyncClient, path: str, reader: str, **query: str) -> bytes:
    answer = await insight.get(path, params=query, headers=key_of(reader))
    assert answer.status_code == 200, answer.text
    return answer.content


def sections(content: bytes) -> dict[str, Rows]:
    """The titled sections of the funder CSV: title -> header and rows."""
    assert content.startswith(b"\xef\xbb\xbf"), "a BOM, so spreadsheet programs read Korean"
    found: dict[str, Rows] = {}
    current: Rows = []
    for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))):
        if not row:
            current = []
        elif not current and len(row) == 1 and row[0] not in found:
            current = found.setdefault(row[0], [])
        else:
            current.append(row)
    return found


def as_text(value: Any) -> str:
    return "" if value is None else str(value)


async def json_figures(
    insight: httpx.AsyncClient, reader: str, **query: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    funnel_query = {k: v for k, v in query.items() if k != "by"}
    funnel = await insight.get("/funnel", params=funnel_query, headers=key_of(reader))
    outcomes = await insight.get("/outcomes", params=query, headers=key_of(reader))
    assert funnel.status_code == outcomes.status_code == 200
    return funnel.json(), outcomes.json()


def expected_funnel(funnel: dict[str, Any]) -> list[list[Any]]:
    return [
        [s["stage"], s["label_ko"], s["label_en"], s["count"], s["conversion"], s["median_days"]]
        for s in funnel["stages"]
    ]


def expected_outcomes(outcomes: dict[str, Any]) -> list[list[Any]]:
    counted = ["employees", "jobs_created", "revenue_krw", "investment_raised_krw"]
    counted += ["exports_krw", "ip_filed", "ip_registered"]
    growing = ["employees", "revenue_krw", "investment_raised_krw", "exports_krw"]
    return [
        [
            row["institution_id"],
            row["startups"],
            *(row["totals"][name] for name in counted),
            *(row["growth"][name] for name in growing),
            row["operating"],
            row["reporting_operation"],
            row["survival_rate"],
            row["gazelles"],
        ]
        for row in outcomes["rows"]
    ]


def outcome_cells(row: list[Any]) -> list[Any]:
    """An outcomes row without the institution's names (columns 2 and 3)."""
    return [row[0], *row[3:]]


@pytest.mark.usefixtures("published")
@pytest.mark.parametrize(
    ("reader", "query"),
    [
        ("council", {"by": "district"}),
        ("council", {"by": "university", "from": "2024-01-01", "to": "2024-12-31"}),
        ("gwanak", {"by": "university"}),
    ],
)
async def test_the_funder_csv_holds_exactly_the_funnel_and_outcome_figures(
    insight: httpx.AsyncClient, reader: str, query: dict[str, str]
) -> None:
    funnel, outcomes = await json_figures(insight, reader, **query)
    report = sections(await fetched(insight, "/reports/funder.csv", reader, **query))
    assert list(report) == ["개요 (summary)", "퍼널 (funnel)", "성과 (outcomes)"]
    funnel_header, *funnel_rows = report["퍼널 (funnel)"]
    assert funnel_header[:4] == [
        "단계 코드 (stage code)",
        "단계 (stage)",
        "stage",
        "기업 수 (startups)",
    ]
    assert funnel_rows == [[as_text(v) for v in row] for row in expected_funnel(funnel)]
    outcome_header, *outcome_rows = report["성과 (outcomes)"]
    assert "고용 (employees)" in outcome_header
    assert "가젤기업 (gazelles)" in outcome_header
    assert [outcome_cells(row) for row in outcome_rows] == [
        [as_text(v) for v in row] for row in expected_outcomes(outcomes)
    ]
    summary = {row[0]: row[1] for row in report["개요 (summary)"][1:]}
    assert summary["퍼널 대상 기업 (startups in the funnel)"] == str(funnel["startups"])
    assert summary["작성 기관 (prepared by)"] == reader


@pytest.mark.usefixtures("published")
async def test_the_funder_workbook_holds_the_same_figures_as_typed_cells(
    insight: httpx.AsyncClient,
) -> None:
    funnel, outcomes = await json_figures(insight, "council", by="district")
    content = await fetched(insight, "/reports/funder.xlsx", "council", by="district")
    book = load_workbook(io.BytesIO(content), read_only=True)
    assert book.sheetnames == ["개요 (summary)", "퍼널 (funnel)", "성과 (outcomes)"]
    funnel_rows = [list(row) for row in book["퍼널 (funnel)"].iter_rows(values_only=True)]
    assert funnel_rows[1:] == expected_funnel(funnel)
    outcome_rows = [list(row) for row in book["성과 (outcomes)"].iter_rows(values_only=True)]
    assert [outcome_cells(row) for row in outcome_rows[1:]] == expected_outcomes(outcomes)
    gwanak = outcome_rows[2]
    assert gwanak[:3] == ["gwanak", "관악구", "Gwanak-gu"]
    assert outcome_rows[-1][:3] == [None, "합계", "total"]
    assert funnel_rows[1][3] == 4  # four startups submitted, as a number a funder can sum


def exported(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.mark.usefixtures("published")
async def test_the_startup_export_lists_what_the_filters_admit_and_nothing_personal(
    insight: httpx.AsyncClient,
) -> None:
    everyone = exported(await fetched(insight, "/reports/startups.csv", "council"))
    by_id = {row["기업 ID (startup id)"]: row for row in everyone}
    assert set(by_id) == {"st-a", "st-b", "st-c", "st-d"}
    whole = by_id["st-a"]
    assert whole["도달 단계 코드 (stage reached)"] == "enrolled"
    assert whole["도달 단계 (stage reached)"] == "도약 프로그램 참여"
    assert (whole["대학 (universities)"], whole["자치구 (districts)"]) == ("snu", "gwanak")
    assert whole["지원기관 (agencies)"] == "kosme sba"
    assert (whole["업종 (sector)"], whole["청년창업 (youth)"]) == ("ai", "true")
    assert whole["최초 접수일 (entered on)"] == "2025-03-02"
    assert by_id["st-b"]["도달 단계 코드 (stage reached)"] == "admitted"
    text = (await fetched(insight, "/reports/startups.csv", "council")).decode("utf-8-sig")
    for personal in ("Prof. Park", "1208147521", "관악구 남부순환로", "Company st-a"):
        assert personal not in text

    settled = exported(await fetched(insight, "/reports/startups.csv", "council", stage="settled"))
    assert sorted(row["기업 ID (startup id)"] for row in settled) == ["st-a", "st-c"]
    hardware = exported(
        await fetched(insight, "/reports/startups.csv", "council", sector="hardware")
    )
    assert [row["기업 ID (startup id)"] for row in hardware] == ["st-d"]
    snu = exported(await fetched(insight, "/reports/startups.csv", "snu"))
    assert sorted(row["기업 ID (startup id)"] for row in snu) == ["st-a", "st-b", "st-d"]
    funnel = await insight.get("/funnel", headers=key_of("snu"))
    counts = {stage["stage"]: stage["count"] for stage in funnel.json()["stages"]}
    reached = exported(await fetched(insight, "/reports/startups.csv", "snu", stage="admitted"))
    assert len(reached) == counts["admitted"]


@pytest.mark.usefixtures("published")
@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
async def test_an_odd_institution_id_in_the_query_still_makes_a_file_with_a_safe_name(
    insight: httpx.AsyncClient, suffix: str
) -> None:
    odd = {"agency": '기관\x01\u0092"; x=1', "by": "agency"}
    answer = await insight.get(f"/reports/funder.{suffix}", params=odd, headers=key_of("council"))
    assert answer.status_code == 200
    disposition = answer.headers["content-disposition"]
    assert disposition.isascii()
    assert disposition.count('"') == 2
