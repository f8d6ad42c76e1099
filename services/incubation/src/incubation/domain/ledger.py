"""The benefit ledger and the duplicate-benefit rules: applying for two is allowed, receiving two
is not."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel

from relay_contracts.support import SupportKind
from relay_eventing.errors import RuleViolation

LedgerSource = Literal["incubation", "intake", "growth"]


class LedgerEntry(BaseModel):
    """One support a startup received, from any institution."""

    entry_id: str
    startup_id: str
    # The district's case a grant was made on; none for what other institutions granted.
    case_id: str | None = None
    source: LedgerSource
    institution_id: str
    program: str
    kind: SupportKind
    amount_krw: int
    # A support reported without a period is taken as ongoing: the cautious reading.
    period_start: date | None = None
    period_end: date | None = None
    recorded_at: datetime

    def overlaps(self, other: "LedgerEntry") -> bool:
        return (self.period_start or date.min) <= (other.period_end or date.max) and (
            other.period_start or date.min
        ) <= (self.period_end or date.max)


@dataclass(frozen=True)
class DuplicateRule:
    """A grant of `kind` is refused while the startup receives one of `conflicts_with`."""

    kind: SupportKind
    conflicts_with: frozenset[SupportKind]
    period: Literal["overlapping", "ever"]
    institutions: Literal["any", "same", "other"]
    why: str


RULES: tuple[DuplicateRule, ...] = (
    DuplicateRule(
        "rent_subsidy",
        frozenset({"rent_subsidy"}),
        "overlapping",
        "any",
        "the rent of a month is subsidised once, by one institution",
    ),
    DuplicateRule(
        "settlement_grant",
        frozenset({"settlement_grant"}),
        "ever",
        "any",
        "a startup settles once, so it receives one settlement grant",
    ),
    DuplicateRule(
        "consulting",
        frozenset({"consulting"}),
        "overlapping",
        "same",
        "an institution pays for one consulting engagement at a time",
    ),
    DuplicateRule(
        "consulting",
        frozenset({"mentoring"}),
        "overlapping",
        "other",
        "paid consulting does not run alongside another institution's mentoring",
    ),
)


class DuplicateBenefit(RuleViolation):
    """The grant would duplicate a benefit the startup already receives."""

    def __init__(self, entry: LedgerEntry, rule: DuplicateRule) -> None:
        period = f"{entry.period_start or '…'} to {entry.period_end or '…'}"
        super().__init__(
            f"duplicate benefit: the startup already receives {entry.kind} grant "
            f"{entry.entry_id} from {entry.institution_id} ({entry.program}, {period}, "
            f"{entry.amount_krw} KRW); {rule.why}"
        )
        self.conflicting = entry
        self.rule = rule


def _applies(rule: DuplicateRule, requested: LedgerEntry, held: LedgerEntry) -> bool:
    if rule.kind != requested.kind or held.kind not in rule.conflicts_with:
        return False
    if rule.period == "overlapping" and not requested.overlaps(held):
        return False
    same = held.institution_id == requested.institution_id
    return rule.institutions == "any" or (rule.institutions == "same") == same


def find_duplicate(
    requested: LedgerEntry, ledger: Iterable[LedgerEntry], rules: Iterable[DuplicateRule] = RULES
) -> DuplicateBenefit | None:
    """The first held benefit a rule says the requested grant would duplicate, if any.

    A rule binds both ways: consulting is refused while another institution's mentoring runs,
    and so is mentoring while consulting runs, whichever was received first.
    """
    rules = tuple(rules)
    for held in ledger:
        if held.entry_id == requested.entry_id:
            continue
        for rule in rules:
            if _applies(rule, requested, held) or _applies(rule, held, requested):
                return DuplicateBenefit(held, rule)
    return None
