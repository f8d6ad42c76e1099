"""The one outcome vocabulary (성과지표) of the program: every KPI figure, named once.

Both stages that record KPI snapshots (the district's `GrowthSnapshotRecorded`, the agency's
`OutcomeSnapshotRecorded`) say the same things under these names; a figure a source does not
report is `None` (unknown), never 0.
"""

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

KpiName = Literal[
    "employees",
    "jobs_created",
    "revenue_krw",
    "investment_raised_krw",
    "exports_krw",
    "ip_filed",
    "ip_registered",
    "still_operating",
]


class OutcomeFigures(BaseModel):
    """The KPI figures of one startup at one date, in the program's one vocabulary."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    employees: int | None = Field(
        default=None, ge=0, description="고용 · Employees on the payroll (persons)."
    )
    jobs_created: int | None = Field(
        default=None,
        description="일자리 창출 · Net jobs created since it entered the program (persons).",
    )
    revenue_krw: int | None = Field(
        default=None, ge=0, description="매출 · Revenue over the last 12 months (KRW)."
    )
    investment_raised_krw: int | None = Field(
        default=None, ge=0, description="투자유치 · Investment raised to date (KRW)."
    )
    exports_krw: int | None = Field(
        default=None, ge=0, description="수출 · Exports over the last 12 months (KRW)."
    )
    ip_filed: int | None = Field(
        default=None, ge=0, description="특허 출원 · IP applications filed (count)."
    )
    ip_registered: int | None = Field(
        default=None, ge=0, description="특허 등록 · IP registered (count)."
    )
    still_operating: bool | None = Field(
        default=None, description="생존 · Still operating at the date (survival)."
    )


class OutcomeSnapshot(BaseModel):
    """Figures of one startup as of a date, and the institution that recorded them."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    startup_id: str = Field(description="Canonical id of the startup.")
    as_of: date = Field(description="Date the figures describe.")
    recorded_by: str = Field(description="Institution that recorded them.", examples=["gwanak"])
    figures: OutcomeFigures = Field(description="The figures, in the one vocabulary.")


KPI_LABELS: dict[KpiName, tuple[str, str, str]] = {
    "employees": ("고용", "employees", "persons"),
    "jobs_created": ("일자리 창출", "jobs created", "persons"),
    "revenue_krw": ("매출", "revenue", "KRW"),
    "investment_raised_krw": ("투자유치", "investment raised", "KRW"),
    "exports_krw": ("수출", "exports", "KRW"),
    "ip_filed": ("특허 출원", "IP filed", "count"),
    "ip_registered": ("특허 등록", "IP registered", "count"),
    "still_operating": ("생존", "still operating", "yes/no"),
}
"""Korean label, English label and unit of each figure, for reports and dashboards."""
