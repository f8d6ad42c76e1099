"""Reports: the funder report (CSV, XLSX) and the filtered export of startups (CSV)."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response

from insight.api.deps import JournalDep, ViewerDep
from insight.api.figures import From, InstitutionsDep, To
from insight.api.files import CSV, XLSX, as_csv, as_xlsx, download
from insight.domain.access import Institutions
from insight.domain.funnel import FunnelFilter
from insight.domain.outcomes import Period
from insight.domain.progress import STAGES
from insight.domain.report import StartupQuery, startups_table
from insight.handlers.figures import GroupBy
from insight.handlers.reports import find_startups, make_funder_report

router = APIRouter(prefix="/reports", tags=["reports"])

CSV_FILE: dict[int | str, dict[str, Any]] = {
    200: {"description": "A CSV file.", "content": {CSV: {"schema": {"type": "string"}}}}
}
XLSX_FILE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "An XLSX workbook.",
        "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
    }
}
STAGE_PATTERN = "^(" + "|".join(STAGES) + ")$"


def startup_query(
    where: InstitutionsDep,
    start: From = None,
    end: To = None,
    sector: str | None = None,
    youth: Annotated[bool | None, Query(description="청년창업: CEO aged 39 or under.")] = None,
    stage: Annotated[
        str | None,
        Query(pattern=STAGE_PATTERN, description="Only startups that reached this stage."),
    ] = None,
    q: Annotated[
        str | None, Query(max_length=100, description="A piece of the id or company name.")
    ] = None,
) -> StartupQuery:
    return StartupQuery(FunnelFilter(where, sector, youth, start, end), stage, q or None)


StartupQueryDep = Annotated[StartupQuery, Depends(startup_query)]


def name_of(kind: str, where: Institutions, viewer_id: str, period: Period) -> str:
    chosen = where.of_kind(kind) or viewer_id
    days = "-".join(day.isoformat() for day in (period.start, period.end) if day) or "all"
    return f"funder-report-{chosen}-{days}"


@router.get("/funder.csv", response_class=Response, responses=CSV_FILE)
async def funder_csv(
    viewer: ViewerDep,
    journal: JournalDep,
    where: InstitutionsDep,
    by: GroupBy = "university",
    start: From = None,
    end: To = None,
) -> Response:
    """성과 보고서: the summary, the funnel and the outcomes, one titled section each, with
    exactly the figures `/funnel` and `/outcomes` answer for the same query."""
    period = Period(start, end)
    tables = await make_funder_report(journal, viewer, by, where, period)
    name = name_of(by, where, viewer.organization_id, period)
    return download(as_csv(tables, titled=True), CSV, f"{name}.csv")


@router.get("/funder.xlsx", response_class=Response, responses=XLSX_FILE)
async def funder_xlsx(
    viewer: ViewerDep,
    journal: JournalDep,
    where: InstitutionsDep,
    by: GroupBy = "university",
    start: From = None,
    end: To = None,
) -> Response:
    """The funder report as a workbook: one sheet each for the summary, funnel and outcomes."""
    period = Period(start, end)
    tables = await make_funder_report(journal, viewer, by, where, period)
    name = name_of(by, where, viewer.organization_id, period)
    return download(as_xlsx(tables), XLSX, f"{name}.xlsx")


@router.get("/startups.csv", response_class=Response, responses=CSV_FILE)
async def startups_csv(viewer: ViewerDep, journal: JournalDep, query: StartupQueryDep) -> Response:
    """Startups in your scope the filters admit: id, stage reached, institutions, sector,
    youth, day of entry. Whole (an export, not a page); nothing personal is in insight."""
    rows = await find_startups(journal, viewer, query)
    return download(as_csv([startups_table(rows)], titled=False), CSV, "startups.csv")
