"""The dashboard's pages: the funnel with the lag, the outcomes, the startup search, a journey.

Every page reads as the signed-in organization, through the same handlers and scope rules as
the JSON routes; a page it may not see answers 403 with a page saying so.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import RedirectResponse

from insight.api.dashboard.charts import horizontal
from insight.api.dashboard.render import krw, page, percent
from insight.api.dashboard.session import SignedInDep
from insight.api.deps import JournalDep, SettingsDep
from insight.api.journeys import JourneyStep
from insight.domain.access import Institutions, Viewer
from insight.domain.funnel import FunnelFilter
from insight.domain.names import AGENCIES, DISTRICTS, UNIVERSITIES, institution_name
from insight.domain.outcomes import Period
from insight.domain.progress import STAGE_LABELS, STAGES
from insight.domain.report import KPI, StartupQuery
from insight.handlers.figures import GroupBy, program_funnel, program_outcomes
from insight.handlers.journeys import read_journey
from insight.handlers.lag import measure_lag
from insight.handlers.reports import find_startups
from insight.subscribers import consumer_groups
from relay_eventing.errors import Forbidden, InvalidField, NotFound

router = APIRouter(prefix="/dashboard", include_in_schema=False)
PAGE_SIZE = 50
SMALL = {"width": 480, "label_width": 150}
CHARTED = ("employees", "jobs_created", "revenue_krw", "investment_raised_krw", "exports_krw")


def name_of(institution_id: str | None) -> str:
    return institution_name(str(institution_id), "ko")


def _day(text: str, name: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise InvalidField(("query", name), "a day as YYYY-MM-DD") from None


@dataclass(frozen=True)
class Filters:
    """What the pages' filter forms send; a blank field is no filter."""

    university: str = ""
    district: str = ""
    agency: str = ""
    sector: str = ""
    youth: str = ""
    start: str = ""
    end: str = ""
    by: GroupBy = "university"
    stage: str = ""
    q: str = ""

    @property
    def where(self) -> Institutions:
        return Institutions(self.university or None, self.district or None, self.agency or None)

    @property
    def period(self) -> Period:
        return Period(_day(self.start, "from"), _day(self.end, "to"))

    @property
    def funnel(self) -> FunnelFilter:
        youth = {"true": True, "false": False}.get(self.youth)
        period = self.period
        return FunnelFilter(self.where, self.sector or None, youth, period.start, period.end)

    @property
    def query(self) -> str:
        """The filters as a query string, for the report links and the pages' links."""
        values = {
            "university": self.university,
            "district": self.district,
            "agency": self.agency,
            "sector": self.sector,
            "youth": self.youth,
            "from": self.start,
            "to": self.end,
            "stage": self.stage,
            "q": self.q,
        }
        return urlencode({name: value for name, value in values.items() if value})


def filters(
    university: Annotated[str, Query(max_length=100)] = "",
    district: Annotated[str, Query(max_length=100)] = "",
    agency: Annotated[str, Query(max_length=100)] = "",
    sector: Annotated[str, Query(max_length=100)] = "",
    youth: Annotated[str, Query(pattern="^(|true|false)$")] = "",
    start: Annotated[str, Query(alias="from", max_length=10)] = "",
    end: Annotated[str, Query(alias="to", max_length=10)] = "",
    by: GroupBy = "university",
    stage: Annotated[str, Query(pattern="^(|" + "|".join(STAGES) + ")$")] = "",
    q: Annotated[str, Query(max_length=100)] = "",
) -> Filters:
    return Filters(university, district, agency, sector, youth, start, end, by, stage, q)


FiltersDep = Annotated[Filters, Depends(filters)]
CHOICES = {
    "universities": UNIVERSITIES,
    "districts": DISTRICTS,
    "agencies": AGENCIES,
    "stages": [(stage, *STAGE_LABELS[stage]) for stage in STAGES],
}


async def guarded(
    request: Request, viewer: Viewer | None, build: Callable[[Viewer], Awaitable[Response]]
) -> Response:
    """Sign-in first; what the reader may not see becomes a page with the same status."""
    if viewer is None:
        return RedirectResponse("/", status_code=303)
    try:
        return await build(viewer)
    except (Forbidden, NotFound, InvalidField) as error:
        return page(request, "error.html", status=error.status, viewer=viewer, error=error)


@router.get("/funnel")
async def funnel_page(
    request: Request,
    viewer: SignedInDep,
    journal: JournalDep,
    settings: SettingsDep,
    chosen: FiltersDep,
) -> Response:
    async def build(viewer: Viewer) -> Response:
        found = await program_funnel(journal, viewer, chosen.funnel)
        chart = horizontal(
            "퍼널 funnel",
            [
                (f"{s.label_ko} · {s.label_en}", s.count, f"{s.count:,} ({percent(s.conversion)})")
                for s in found.stages
            ],
        )
        lag = await measure_lag(
            settings.kafka_bootstrap_servers, consumer_groups("insight"), settings.lag_timeout_s
        )
        known = [topic.lag for topic in lag if topic.lag is not None]
        return page(
            request,
            "funnel.html",
            viewer=viewer,
            chosen=chosen,
            choices=CHOICES,
            funnel=found,
            chart=chart,
            lag=lag,
            lag_total=sum(known) if len(known) == len(lag) else None,
        )

    return await guarded(request, viewer, build)


@router.get("/outcomes")
async def outcomes_page(
    request: Request, viewer: SignedInDep, journal: JournalDep, chosen: FiltersDep
) -> Response:
    async def build(viewer: Viewer) -> Response:
        rows = await program_outcomes(journal, viewer, chosen.by, chosen.where, chosen.period)
        institutions = [row for row in rows if row.institution_id is not None]
        charts = []
        for name in CHARTED:
            korean, english, unit = KPI[name]
            items = []
            for row in institutions:
                value = row.totals.get(name)
                note = krw(value) if unit == "KRW" else ("-" if value is None else f"{value:,}")
                items.append((name_of(row.institution_id), value, note))
            charts.append(horizontal(f"{korean} · {english}", items, **SMALL))
        survival = [
            (name_of(row.institution_id), row.survival_rate, percent(row.survival_rate))
            for row in institutions
        ]
        charts.append(horizontal("생존율 · survival rate", survival, **SMALL))
        return page(
            request,
            "outcomes.html",
            viewer=viewer,
            chosen=chosen,
            choices=CHOICES,
            rows=rows,
            charts=charts,
            labels=KPI,
        )

    return await guarded(request, viewer, build)


@router.get("/startups")
async def startups_page(
    request: Request,
    viewer: SignedInDep,
    journal: JournalDep,
    chosen: FiltersDep,
    number: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
) -> Response:
    async def build(viewer: Viewer) -> Response:
        query = StartupQuery(chosen.funnel, chosen.stage or None, chosen.q or None)
        rows = await find_startups(journal, viewer, query)
        shown = rows[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
        return page(
            request,
            "startups.html",
            viewer=viewer,
            chosen=chosen,
            choices=CHOICES,
            rows=shown,
            total=len(rows),
            number=number,
            last=max(1, -(-len(rows) // PAGE_SIZE)),
        )

    return await guarded(request, viewer, build)


@router.get("/startups/{startup_id}")
async def journey_page(
    request: Request, startup_id: str, viewer: SignedInDep, journal: JournalDep
) -> Response:
    async def build(viewer: Viewer) -> Response:
        found = await read_journey(journal, viewer, startup_id)
        steps = [JourneyStep.of(entry) for entry in found.entries]
        return page(request, "journey.html", viewer=viewer, journey=found, steps=steps)

    return await guarded(request, viewer, build)
