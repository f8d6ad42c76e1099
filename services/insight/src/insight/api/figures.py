"""The program's figures: the funnel (퍼널) and the outcomes (성과)."""

from dataclasses import asdict
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from insight.api.deps import JournalDep, ViewerDep
from insight.domain.access import Institutions
from insight.domain.funnel import FunnelFilter
from insight.domain.outcomes import Period
from insight.handlers.figures import GroupBy, program_funnel, program_outcomes
from relay_contracts.outcomes import KPI_LABELS

router = APIRouter(tags=["figures"])


def institutions(
    university: Annotated[str | None, Query(description="Only startups it submitted.")] = None,
    district: Annotated[str | None, Query(description="Only startups it had a case of.")] = None,
    agency: Annotated[str | None, Query(description="Only startups offered to it.")] = None,
) -> Institutions:
    return Institutions(university, district, agency)


InstitutionsDep = Annotated[Institutions, Depends(institutions)]
From = Annotated[date | None, Query(alias="from", description="First day of the period.")]
To = Annotated[date | None, Query(alias="to", description="Last day of the period.")]


class StageView(BaseModel):
    stage: str = Field(examples=["settled"])
    label_ko: str = Field(examples=["입주"])
    label_en: str = Field(examples=["settled"])
    count: int = Field(description="Startups that reached the stage.")
    conversion: float | None = Field(description="Share of the previous stage; none for the first.")
    median_days: float | None = Field(description="Median days from this stage to the next.")


class FunnelView(BaseModel):
    startups: int = Field(description="Startups counted (those the filters admit).")
    stages: list[StageView]


@router.get("/funnel")
async def program_funnel_view(
    viewer: ViewerDep,
    journal: JournalDep,
    where: InstitutionsDep,
    start: From = None,
    end: To = None,
    sector: str | None = None,
    youth: Annotated[bool | None, Query(description="청년창업: CEO aged 39 or under.")] = None,
) -> FunnelView:
    """Startups per stage, submitted to enrolled, with conversion and median days per stage.

    The period is of entry (first submission). An institution sees its own work only: its
    startups, with its own stages counted where it acted.
    """
    only = FunnelFilter(where, sector, youth, start, end)
    found = await program_funnel(journal, viewer, only)
    return FunnelView(
        startups=found.startups, stages=[StageView(**asdict(s)) for s in found.stages]
    )


class OutcomeRowView(BaseModel):
    institution_id: str | None = Field(description="None on the total row.")
    startups: int = Field(description="Startups with a snapshot in the period.")
    totals: dict[str, int | None] = Field(
        description="Each startup's latest figure in the period, summed; none if nobody said."
    )
    growth: dict[str, float | None] = Field(
        description="Σ latest ÷ Σ first - 1 over startups with two snapshots in the period."
    )
    operating: int
    reporting_operation: int
    survival_rate: float | None = Field(description="생존율: operating ÷ reporting.")
    gazelles: int = Field(description="가젤기업: revenue +20% a year for 3 consecutive years.")


class OutcomesView(BaseModel):
    by: GroupBy
    rows: list[OutcomeRowView] = Field(description="One per institution, then the total.")
    labels: dict[str, list[str]] = Field(description="KPI -> [Korean, English, unit].")


@router.get("/outcomes")
async def program_outcomes_view(
    viewer: ViewerDep,
    journal: JournalDep,
    where: InstitutionsDep,
    by: GroupBy = "university",
    start: From = None,
    end: To = None,
) -> OutcomesView:
    """Outcome figures (employees, jobs, revenue, investment, exports, IP, survival, gazelles)
    per institution and period, from the district's and the agency's KPI snapshots."""
    rows = await program_outcomes(journal, viewer, by, where, Period(start, end))
    return OutcomesView(
        by=by,
        rows=[OutcomeRowView(**asdict(row)) for row in rows],
        labels={name: list(label) for name, label in KPI_LABELS.items()},
    )
