"""The grant form: which of a district's programs a case can still be granted support under."""

from collections.abc import Mapping, Sequence

from pydantic import BaseModel, Field

from incubation.domain.ledger import RULES, LedgerEntry
from incubation.domain.reference import Budget, DistrictSupportKind, Program


class ExcludedKind(BaseModel):
    """A kind the program grants that this startup can never receive again."""

    kind: DistrictSupportKind
    conflicting_grant: str = Field(description="The ledger entry that rules it out.")
    why: str


class EligibleProgram(BaseModel):
    """A program the case is eligible for in a year, and what the program has left."""

    program_id: str
    name: str
    year: int
    kinds: list[DistrictSupportKind] = Field(description="Kinds it may still grant this case.")
    total_krw: int
    remaining_krw: int
    excluded: list[ExcludedKind] = Field(
        default_factory=list,
        description="Kinds the program grants that the benefit ledger rules out for good; a "
        "kind limited per period is checked against the grant's period when it is made.",
    )


def _ruled_out(
    kind: DistrictSupportKind, district_id: str, held: Sequence[LedgerEntry]
) -> ExcludedKind | None:
    for rule in RULES:
        if rule.kind != kind or rule.period != "ever":
            continue
        for entry in held:
            same = entry.institution_id == district_id
            by_whom = rule.institutions == "any" or (rule.institutions == "same") == same
            if entry.kind in rule.conflicts_with and by_whom:
                return ExcludedKind(kind=kind, conflicting_grant=entry.entry_id, why=rule.why)
    return None


def eligible_programs(
    programs: Sequence[Program],
    budgets: Mapping[str, Budget | None],
    held: Sequence[LedgerEntry],
    year: int,
) -> list[EligibleProgram]:
    """The programs with money left in `year` and a kind the startup may still receive."""
    eligible: list[EligibleProgram] = []
    for program in sorted(programs, key=lambda p: p.program_id):
        budget = budgets.get(program.program_id)
        if budget is None or budget.remaining_krw <= 0:
            continue
        excluded = [
            found
            for kind in program.kinds
            if (found := _ruled_out(kind, program.district_id, held)) is not None
        ]
        kinds = [kind for kind in program.kinds if kind not in {e.kind for e in excluded}]
        if kinds:
            eligible.append(
                EligibleProgram(
                    program_id=program.program_id,
                    name=program.name,
                    year=year,
                    kinds=kinds,
                    total_krw=budget.total_krw,
                    remaining_krw=budget.remaining_krw,
                    excluded=excluded,
                )
            )
    return eligible
