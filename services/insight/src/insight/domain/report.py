"""The funder report (성과 보고서) and the startup export, as tables labelled in Korean and English.

Built from the very values `/funnel` and `/outcomes` answer (the same domain functions give
them), so a report never disagrees with the API or the dashboard. Cells are plain values; the
files (CSV, XLSX) are made from these tables in `api/`.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from insight.domain.access import Institutions
from insight.domain.funnel import Funnel, FunnelFilter
from insight.domain.names import INSTITUTIONS
from insight.domain.outcomes import COUNTED, COUNTED_IP, GROWING, OutcomeRow, Period
from insight.domain.progress import STAGE_LABELS, Progress
from relay_contracts.outcomes import KPI_LABELS

Cell = str | int | float | None
KINDS = {"university": ("대학", "university"), "district": ("자치구", "district")}
AGENCY = ("지원기관", "agency")
# Korean label, English label and unit of each KPI, looked up by the names rows carry.
KPI: dict[str, tuple[str, str, str]] = {str(name): names for name, names in KPI_LABELS.items()}


def label(korean: str, english: str) -> str:
    """A person's label: the Korean term with the English one beside it."""
    return f"{korean} ({english})"


@dataclass(frozen=True)
class Table:
    name: str  # a sheet's name
    columns: list[str]
    rows: list[list[Cell]]


@dataclass(frozen=True)
class ReportScope:
    """What a funder report covers and for whom it was made."""

    by: str
    where: Institutions
    period: Period
    reader: str
    made_at: datetime


def institution_names(institution_id: str | None) -> tuple[str, str]:
    if institution_id is None:
        return ("합계", "total")
    return INSTITUTIONS.get(institution_id, (institution_id, institution_id))


def kind_label(kind: str) -> str:
    return label(*KINDS.get(kind, AGENCY))


def cover(scope: ReportScope, funnel: Funnel) -> Table:
    period = scope.period
    rows: list[list[Cell]] = [
        [label("보고서", "report"), label("창업 전주기 성과 보고서", "funder report")],
        [label("작성 기관", "prepared by"), scope.reader],
        [label("작성 시각", "made at"), scope.made_at.isoformat(timespec="seconds")],
        [label("기간 시작", "from"), period.start.isoformat() if period.start else None],
        [label("기간 끝", "to"), period.end.isoformat() if period.end else None],
        [label("성과 집계 기준", "outcomes by"), kind_label(scope.by)],
        [label("퍼널 대상 기업", "startups in the funnel"), funnel.startups],
    ]
    for kind in ("university", "district", "agency"):
        chosen = scope.where.of_kind(kind)
        if chosen is not None:
            rows.append([kind_label(kind), chosen, *institution_names(chosen)])
    notes = (
        "퍼널: 기간은 최초 접수일 기준 · funnel: the period is of entry (first submission)",
        "성과: 기간 내 최신 기록의 합 · outcomes: each startup's latest figures in the period",
    )
    rows.extend([[label("주석", "note"), note] for note in notes])
    return Table(label("개요", "summary"), [label("항목", "item"), label("값", "value")], rows)


def funnel_table(funnel: Funnel) -> Table:
    columns = [
        label("단계 코드", "stage code"),
        label("단계", "stage"),
        "stage",
        label("기업 수", "startups"),
        label("전환율", "conversion"),
        label("중앙값 일수", "median days"),
    ]
    rows: list[list[Cell]] = [
        [s.stage, s.label_ko, s.label_en, s.count, s.conversion, s.median_days]
        for s in funnel.stages
    ]
    return Table(label("퍼널", "funnel"), columns, rows)


def outcome_columns() -> list[str]:
    kpis = [label(KPI[name][0], KPI[name][1]) for name in (*COUNTED, *COUNTED_IP)]
    growth = [label(f"{KPI[name][0]} 증가율", f"{KPI[name][1]} growth") for name in GROWING]
    return [
        label("기관 코드", "institution id"),
        label("기관", "institution"),
        "institution",
        label("기업 수", "startups"),
        *kpis,
        *growth,
        label("운영 중", "operating"),
        label("운영 여부 보고", "reporting operation"),
        label("생존율", "survival rate"),
        label("가젤기업", "gazelles"),
    ]


def outcomes_table(rows: Iterable[OutcomeRow]) -> Table:
    table: list[list[Cell]] = []
    for row in rows:
        korean, english = institution_names(row.institution_id)
        table.append(
            [
                row.institution_id,
                korean,
                english,
                row.startups,
                *(row.totals.get(name) for name in (*COUNTED, *COUNTED_IP)),
                *(row.growth.get(name) for name in GROWING),
                row.operating,
                row.reporting_operation,
                row.survival_rate,
                row.gazelles,
            ]
        )
    return Table(label("성과", "outcomes"), outcome_columns(), table)


def funder_report(scope: ReportScope, funnel: Funnel, outcomes: list[OutcomeRow]) -> list[Table]:
    """The summary, the funnel and the outcomes: one sheet each (one section each in CSV)."""
    return [cover(scope, funnel), funnel_table(funnel), outcomes_table(outcomes)]


@dataclass(frozen=True)
class StartupRow:
    """What insight knows of a startup: ids, how far it got, where, sector, youth. No person."""

    startup_id: str
    company_name: str | None
    stage: str | None
    universities: list[str]
    districts: list[str]
    agencies: list[str]
    sector: str | None
    youth: bool | None
    entered_on: str | None

    @property
    def stage_labels(self) -> tuple[str, str]:
        return STAGE_LABELS.get(self.stage or "", ("-", "-"))


@dataclass(frozen=True)
class StartupQuery:
    """The funnel's filters, a stage reached (as the funnel counts it) and a piece of text."""

    only: FunnelFilter
    reached: str | None = None
    text: str | None = None

    def admits(self, progress: Progress) -> bool:
        if not self.only.admits(progress):
            return False
        if self.reached is not None and progress.first(self.reached, self.only.where) is None:
            return False
        if not self.text:
            return True
        wanted = self.text.casefold()
        return (
            wanted in progress.startup_id.casefold()
            or wanted in (progress.company_name or "").casefold()
        )


def startup_rows(progresses: Iterable[Progress], query: StartupQuery) -> list[StartupRow]:
    """The startups the query admits, newest entry first, then by id."""
    rows = [
        StartupRow(
            startup_id=p.startup_id,
            company_name=p.company_name,
            stage=p.furthest(query.only.where),
            universities=sorted(p.universities),
            districts=sorted(p.districts),
            agencies=sorted(p.agencies),
            sector=p.sector,
            youth=p.youth,
            entered_on=p.entered_on.isoformat() if p.entered_on else None,
        )
        for p in progresses
        if query.admits(p)
    ]
    rows.sort(key=lambda row: row.startup_id)
    rows.sort(key=lambda row: row.entered_on or "", reverse=True)
    return rows


def startups_table(rows: Iterable[StartupRow]) -> Table:
    """The export: ids and codes, no company contact, founder or free text."""
    columns = [
        label("기업 ID", "startup id"),
        label("도달 단계 코드", "stage reached"),
        label("도달 단계", "stage reached"),
        label("대학", "universities"),
        label("자치구", "districts"),
        label("지원기관", "agencies"),
        label("업종", "sector"),
        label("청년창업", "youth"),
        label("최초 접수일", "entered on"),
    ]
    table: list[list[Cell]] = [
        [
            row.startup_id,
            row.stage,
            row.stage_labels[0],
            " ".join(row.universities),
            " ".join(row.districts),
            " ".join(row.agencies),
            row.sector,
            None if row.youth is None else str(row.youth).lower(),
            row.entered_on,
        ]
        for row in rows
    ]
    return Table(label("기업", "startups"), columns, table)
