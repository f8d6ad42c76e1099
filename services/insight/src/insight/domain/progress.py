"""How far each startup got: the stages it reached, when, and at which institutions."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from insight.domain.access import Institutions
from insight.domain.entries import JourneyEntry
from insight.domain.journey import Aliases
from relay_contracts import growth, incubation, intake

STAGES: tuple[str, ...] = (
    "submitted",
    "admitted",
    "graduated",
    "settlement_approved",
    "settled",
    "handoff_offered",
    "handoff_accepted",
    "enrolled",
)
STAGE_LABELS: dict[str, tuple[str, str]] = {
    "submitted": ("접수", "submitted"),
    "admitted": ("보육 선정", "admitted"),
    "graduated": ("졸업", "graduated"),
    "settlement_approved": ("입주 승인", "settlement approved"),
    "settled": ("입주", "settled"),
    "handoff_offered": ("도약 연계 제안", "handoff offered"),
    "handoff_accepted": ("연계 수락", "handoff accepted"),
    "enrolled": ("도약 프로그램 참여", "enrolled"),
}
# The event that marks a stage reached, and the facts naming where it happened.
STAGE_EVENTS: dict[str, tuple[str, tuple[str, ...]]] = {
    intake.StartupSubmitted.topic: ("submitted", ("university_id",)),
    intake.DuplicateDetected.topic: ("submitted", ("university_id",)),
    intake.StartupAdmitted.topic: ("admitted", ("university_id",)),
    intake.StartupGraduated.topic: ("graduated", ("university_id",)),
    incubation.SettlementApproved.topic: ("settlement_approved", ("district_id",)),
    incubation.StartupSettled.topic: ("settled", ("district_id",)),
    incubation.GrowthHandoffOffered.topic: ("handoff_offered", ("district_id", "agency_id")),
    growth.GrowthHandoffAccepted.topic: ("handoff_accepted", ("agency_id",)),
    growth.LeapProgramEnrolled.topic: ("enrolled", ("agency_id",)),
}
# Whose work a stage is: a funnel restricted to an institution counts its stages there only.
STAGE_OWNERS: dict[str, tuple[str, ...]] = {
    "submitted": ("university",),
    "admitted": ("university",),
    "graduated": ("university",),
    "settlement_approved": ("district",),
    "settled": ("district",),
    "handoff_offered": ("district", "agency"),
    "handoff_accepted": ("agency",),
    "enrolled": ("agency",),
}
CASE_OPENED = incubation.SettlementCaseOpened.topic
MERGED = intake.StartupsMerged.topic
# Every topic progress is read from (the funnel's and the outcomes' membership).
PROGRESS_TOPICS: tuple[str, ...] = (*STAGE_EVENTS, CASE_OPENED)


@dataclass(frozen=True)
class Occurrence:
    at: datetime
    institutions: frozenset[str]


@dataclass
class Progress:
    """One (canonical) startup's way through the program."""

    startup_id: str
    reached: dict[str, list[Occurrence]] = field(default_factory=dict)
    universities: set[str] = field(default_factory=set)
    districts: set[str] = field(default_factory=set)
    agencies: set[str] = field(default_factory=set)
    sector: str | None = None
    youth: bool | None = None
    entered_on: date | None = None  # the first submission: the funnel's cohort date
    company_name: str | None = None  # the company's, not a person's: what a search finds

    def member_of(self, kind: str) -> set[str]:
        return {"university": self.universities, "district": self.districts}.get(
            kind, self.agencies
        )

    def passed_through(self, where: Institutions) -> bool:
        return all(
            where.of_kind(kind) is None or where.of_kind(kind) in self.member_of(kind)
            for kind in ("university", "district", "agency")
        )

    def first(self, stage: str, where: Institutions) -> datetime | None:
        """When the stage was first reached, counting only the restricted institutions' work."""
        times = [
            occurrence.at
            for occurrence in self.reached.get(stage, ())
            if all(
                where.of_kind(kind) is None or where.of_kind(kind) in occurrence.institutions
                for kind in STAGE_OWNERS[stage]
            )
        ]
        return min(times, default=None)

    def furthest(self, where: Institutions) -> str | None:
        """The last stage of the funnel reached, counted as the funnel under `where` counts."""
        reached = [stage for stage in STAGES if self.first(stage, where) is not None]
        return reached[-1] if reached else None


def progress_of(entries: Iterable[JourneyEntry], aliases: Aliases) -> dict[str, Progress]:
    """Every startup's progress, merged records joined under their surviving id."""
    found: dict[str, Progress] = {}
    for entry in sorted(entries, key=lambda e: (e.occurred_at, e.event_id)):
        startup_id = aliases.canonical(entry.startup_id)
        progress = found.setdefault(startup_id, Progress(startup_id))
        facts = entry.facts
        if entry.topic == CASE_OPENED:
            progress.districts.add(str(facts.get("district_id")))
            continue
        stage, where = STAGE_EVENTS.get(entry.topic, ("", ()))
        if not stage:
            continue
        places = frozenset(str(facts[name]) for name in where if facts.get(name))
        progress.reached.setdefault(stage, []).append(Occurrence(entry.occurred_at, places))
        if stage == "submitted":
            progress.universities.update(places)
            _enter(progress, entry)
        elif stage == "handoff_offered":
            progress.agencies.add(str(facts.get("agency_id")))
    return found


def _enter(progress: Progress, entry: JourneyEntry) -> None:
    facts = entry.facts
    if entry.topic != intake.StartupSubmitted.topic:
        return
    submitted = facts.get("submitted_on")
    on = date.fromisoformat(submitted) if submitted else entry.occurred_at.date()
    if progress.entered_on is None or on < progress.entered_on:
        progress.entered_on = on
    progress.sector = progress.sector or facts.get("sector")
    progress.company_name = progress.company_name or facts.get("company_name")
    if progress.youth is None and facts.get("youth") is not None:
        progress.youth = bool(facts["youth"])
