"""Screening rubrics: weighted criteria, versioned so a past score keeps its meaning."""

from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import BaseModel, Field

from relay_eventing.errors import InvalidField


class Criterion(BaseModel):
    key: str
    title: str
    weight: float = Field(gt=0)


class Rubric(BaseModel):
    rubric_id: str
    version: int
    title: str
    criteria: list[Criterion]


@dataclass(frozen=True)
class Score:
    criterion: str
    score: int
    reviewer: str


def weighted_total(rubric: Rubric, scores: Sequence[Score]) -> float:
    """Each criterion's mean score over its reviewers, weighted; 0 to 100.

    Raises InvalidField naming the score that does not fit the rubric.
    """
    known = {criterion.key for criterion in rubric.criteria}
    for index, score in enumerate(scores):
        if score.criterion not in known:
            raise InvalidField(
                ("body", "scores", index, "criterion"),
                f"{score.criterion!r} is not a criterion of rubric "
                f"{rubric.rubric_id} v{rubric.version} ({', '.join(sorted(known))})",
            )
    missing = sorted(known - {score.criterion for score in scores})
    if missing:
        raise InvalidField(("body", "scores"), f"no score for criteria {', '.join(missing)}")
    total_weight = sum(criterion.weight for criterion in rubric.criteria)
    total = 0.0
    for criterion in rubric.criteria:
        marks = [s.score for s in scores if s.criterion == criterion.key]
        total += criterion.weight * sum(marks) / len(marks)
    return round(total / total_weight, 2)


DEFAULT_RUBRIC = Rubric(
    rubric_id="startup-screening",
    version=1,
    title="University startup screening",
    criteria=[
        Criterion(key="team", title="Team and founder capability", weight=30),
        Criterion(key="market", title="Market and customer need", weight=25),
        Criterion(key="technology", title="Technology and differentiation", weight=25),
        Criterion(key="feasibility", title="Feasibility of the business plan", weight=20),
    ],
)
