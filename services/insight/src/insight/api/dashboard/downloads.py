"""The reports, downloaded from the dashboard under its session (the same files as /reports)."""

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from insight.api.dashboard.pages import FiltersDep, guarded
from insight.api.dashboard.session import SignedInDep
from insight.api.deps import JournalDep
from insight.api.files import CSV, XLSX, as_csv, as_xlsx, download
from insight.domain.access import Viewer
from insight.domain.report import StartupQuery, startups_table
from insight.handlers.reports import find_startups, make_funder_report

router = APIRouter(prefix="/dashboard/reports", include_in_schema=False)


@router.get("/funder.{suffix}")
async def funder(
    request: Request,
    suffix: Annotated[str, Path(pattern="^(csv|xlsx)$")],
    viewer: SignedInDep,
    journal: JournalDep,
    chosen: FiltersDep,
) -> Response:
    async def build(viewer: Viewer) -> Response:
        tables = await make_funder_report(journal, viewer, chosen.by, chosen.where, chosen.period)
        if suffix == "xlsx":
            return download(as_xlsx(tables), XLSX, "funder-report.xlsx")
        return download(as_csv(tables, titled=True), CSV, "funder-report.csv")

    return await guarded(request, viewer, build)


@router.get("/startups.csv")
async def startups(
    request: Request, viewer: SignedInDep, journal: JournalDep, chosen: FiltersDep
) -> Response:
    async def build(viewer: Viewer) -> Response:
        query = StartupQuery(chosen.funnel, chosen.stage or None, chosen.q or None)
        rows = await find_startups(journal, viewer, query)
        return download(as_csv([startups_table(rows)], titled=False), CSV, "startups.csv")

    return await guarded(request, viewer, build)
