"""The program's funnel: how many startups reached each stage, conversion, days per stage."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from statistics import median

from insight.domain.access import Institutions
from insight.domain.progress import STAGE_LABELS, STAGES, Progress


@dataclass(frozen=True)
class FunnelFilter:
    """Which startups a funnel counts: those that passed through `where`, of a sector, youth
    or not, that entered the program (first submission) between `entered_from` and `entered_to`.
    """

    where: Institutions = field(default_factory=Institutions)
    sector: str | None = None
    youth: bool | None = None
    entered_from: date | None = None
    entered_to: date | None = None

    def admits(self, progress: Progress) -> bool:
        if not progress.passed_through(self.where):
            return False
        if self.sector is not None and progress.sector != self.sector:
            return False
        if self.youth is not None and progress.youth is not self.youth:
            return False
        if self.entered_from is None and self.entered_to is None:
            return True
        entered = progress.entered_on
        if entered is None:
            return False
        return (self.entered_from is None or entered >= self.entered_from) and (
            self.entered_to is None or entered <= self.entered_to
        )


@dataclass(frozen=True)
class StageFigures:
    stage: str
    label_ko: str
    label_en: str
    count: int
    conversion: float | None  # share of the previous stage's count; None for the first stage
    median_days: float | None  # median days from reaching this stage to reaching the next


@dataclass(frozen=True)
class Funnel:
    startups: int
    stages: list[StageFigures]


def funnel(progresses: Iterable[Progress], only: FunnelFilter) -> Funnel:
    """Counts per stage over the startups `only` admits; each stage counts at the institutions
    `only.where` names, so a district's funnel shows its own approvals and settlements."""
    chosen = [progress for progress in progresses if only.admits(progress)]
    reached = [{stage: p.first(stage, only.where) for stage in STAGES} for p in chosen]
    figures: list[StageFigures] = []
    previous: int | None = None
    for index, stage in enumerate(STAGES):
        count = sum(1 for times in reached if times[stage] is not None)
        durations = []
        if index + 1 < len(STAGES):
            following = STAGES[index + 1]
            for times in reached:
                start, end = times[stage], times[following]
                if start is not None and end is not None:
                    durations.append(max((end - start).total_seconds(), 0.0) / 86_400)
        label_ko, label_en = STAGE_LABELS[stage]
        figures.append(
            StageFigures(
                stage=stage,
                label_ko=label_ko,
                label_en=label_en,
                count=count,
                conversion=rate(count, previous) if previous is not None else None,
                median_days=round(median(durations), 3) if durations else None,
            )
        )
        previous = count
    return Funnel(startups=len(chosen), stages=figures)


def rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
