"""Open innovation matching: a large firm's need against leap-stage startups, explained."""

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from growth.domain.offers import LeapStartup, MatchStage

# Points each field can give; the total is out of 100.
WEIGHTS = {"technology": 45.0, "sector": 25.0, "stage": 20.0, "open_innovation_need": 10.0}

OutcomeKind = Literal["meeting", "poc", "joint_rnd", "investment", "no_fit"]


class Need(BaseModel):
    need_id: str
    firm_id: str
    title: str
    technologies: list[str] = Field(min_length=1)
    sectors: list[str] = Field(default_factory=list)
    stages: list[MatchStage] = Field(default_factory=list)
    published_at: datetime


class FieldScore(BaseModel):
    """How one field contributed: what was wanted, what matched, and the points given."""

    field: str
    weight: float
    points: float
    wanted: list[str]
    matched: list[str]


class MatchScore(BaseModel):
    startup_id: str
    company_name: str
    score: float
    explanation: list[FieldScore]


def _norm(values: list[str]) -> list[str]:
    return sorted({value.strip().lower() for value in values if value.strip()})


def _field(name: str, wanted: list[str], offered: list[str], *, any_of: bool) -> FieldScore:
    """Technologies score by the share of them covered; a sector or stage counts when it is
    one of those wanted. A need that does not constrain a field gives everyone its points."""
    wanted_n, offered_n = _norm(wanted), set(_norm(offered))
    matched = [value for value in wanted_n if value in offered_n]
    if not wanted_n:
        share = 1.0
    elif any_of:
        share = 1.0 if matched else 0.0
    else:
        share = len(matched) / len(wanted_n)
    weight = WEIGHTS[name]
    return FieldScore(
        field=name, weight=weight, points=round(weight * share, 2), wanted=wanted_n, matched=matched
    )


def score(need: Need, startup: LeapStartup) -> MatchScore:
    fields = [
        _field("technology", need.technologies, startup.technologies, any_of=False),
        _field("sector", need.sectors, [startup.sector], any_of=True),
        _field("stage", list(need.stages), [startup.stage], any_of=True),
        _field("open_innovation_need", ["open_innovation"], startup.needs, any_of=True),
    ]
    return MatchScore(
        startup_id=startup.startup_id,
        company_name=startup.company_name,
        score=round(sum(field.points for field in fields), 2),
        explanation=fields,
    )


def rank(need: Need, startups: list[LeapStartup]) -> list[MatchScore]:
    """Best first; ties by company name, so the order is stable."""
    scores = [score(need, startup) for startup in startups]
    return sorted(scores, key=lambda match: (-match.score, match.company_name))


class InnovationOutcome(BaseModel):
    outcome_id: str
    need_id: str
    firm_id: str
    agency_id: str
    startup_id: str
    outcome: OutcomeKind
    met_on: date
    notes: str = ""
    recorded_at: datetime
