"""The funder report and the list of startups, over what the reader may see."""

from dataclasses import replace
from datetime import UTC, datetime

from insight.domain.access import Institutions, Viewer
from insight.domain.funnel import FunnelFilter
from insight.domain.outcomes import Period
from insight.domain.report import (
    ReportScope,
    StartupQuery,
    StartupRow,
    Table,
    funder_report,
    startup_rows,
)
from insight.handlers.figures import GroupBy, program_funnel, program_outcomes, read_progress
from insight.repository import Journal


async def make_funder_report(
    journal: Journal, viewer: Viewer, by: GroupBy, where: Institutions, period: Period
) -> list[Table]:
    """The funnel and the outcomes exactly as `/funnel` and `/outcomes` answer them for the
    same reader, institutions and period (the funnel's period being of entry)."""
    only = FunnelFilter(where=where, entered_from=period.start, entered_to=period.end)
    funnel = await program_funnel(journal, viewer, only)
    outcomes = await program_outcomes(journal, viewer, by, where, period)
    scope = ReportScope(
        by=by,
        where=viewer.scope(where),
        period=period,
        reader=viewer.organization_id,
        made_at=datetime.now(UTC),
    )
    return funder_report(scope, funnel, outcomes)


async def find_startups(journal: Journal, viewer: Viewer, query: StartupQuery) -> list[StartupRow]:
    """Startups in the reader's scope that the query admits; stages counted as the funnel does."""
    scoped = replace(query, only=replace(query.only, where=viewer.scope(query.only.where)))
    _, progresses = await read_progress(journal)
    return startup_rows(progresses.values(), scoped)
