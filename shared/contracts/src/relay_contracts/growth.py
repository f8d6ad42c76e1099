"""Events produced by the growth service (the agency stage)."""

from datetime import date
from typing import ClassVar, Literal

from pydantic import Field

from relay_contracts.envelope import Event
from relay_contracts.outcomes import OutcomeFigures
from relay_contracts.support import SupportGrantFields


class GrowthHandoffAccepted(Event):
    """An agency accepted a handoff offer; the startup enters its leap-stage support."""

    topic: ClassVar[str] = "growth.growth-handoff-accepted.v1"

    handoff_id: str = Field(description="Id of the handoff process (from the offer).")
    agency_id: str = Field(description="Agency that accepted.", examples=["sba"])


class GrowthHandoffDeclined(Event):
    """An agency declined a handoff offer, with its reason; the district may re-offer it."""

    topic: ClassVar[str] = "growth.growth-handoff-declined.v1"

    handoff_id: str = Field(description="Id of the handoff process (from the offer).")
    agency_id: str = Field(description="Agency that declined.", examples=["sba"])
    reason: str = Field(description="Why the agency declined.")


class LeapProgramEnrolled(Event):
    """A startup was enrolled in a cohort of an agency's leap-stage program."""

    topic: ClassVar[str] = "growth.leap-program-enrolled.v1"

    agency_id: str = Field(description="Agency running the program.")
    program_id: str = Field(description="Program.")
    cohort_id: str = Field(description="Cohort.")
    kind: str = Field(
        description="Kind of program: an id of growth's program kinds (GET /program-kinds), "
        "reference data an operator extends; investment_matching, export, open_innovation, "
        "rnd, patent and hiring since the first version.",
        examples=["investment_matching", "ceo_forum"],
    )


class LeapProgramCompleted(Event):
    """A startup completed a cohort of a leap-stage program, with its outcome."""

    topic: ClassVar[str] = "growth.leap-program-completed.v1"

    agency_id: str = Field(description="Agency running the program.")
    program_id: str = Field(description="Program.")
    cohort_id: str = Field(description="Cohort.")
    outcome: str = Field(description="What came of it.", examples=["matched with 2 investors"])


class SupportGranted(SupportGrantFields, Event):
    """An agency granted money or in-kind support; the same shape incubation uses."""

    topic: ClassVar[str] = "growth.support-granted.v1"


class OpenInnovationOutcomeRecorded(Event):
    """A meeting between a startup and a large firm's need led to an outcome."""

    topic: ClassVar[str] = "growth.open-innovation-outcome-recorded.v1"

    need_id: str = Field(description="The firm's published need.")
    firm_id: str = Field(description="Large or mid-size firm.", examples=["lg-electronics"])
    outcome: Literal["meeting", "poc", "joint_rnd", "investment", "no_fit"] = Field(
        description="Outcome of the meeting."
    )
    met_on: date = Field(description="Date of the meeting.")


class OutcomeSnapshotRecorded(Event):
    """A KPI snapshot of a leap-stage startup, with the gazelle flag derived."""

    topic: ClassVar[str] = "growth.outcome-snapshot-recorded.v1"

    agency_id: str = Field(description="Agency recording it.")
    as_of: date = Field(description="Date the figures describe.")
    employees: int = Field(ge=0, description="Employees.")
    revenue_krw: int = Field(ge=0, description="Revenue over the last 12 months, KRW.")
    investment_raised_krw: int = Field(ge=0, description="Investment raised to date, KRW.")
    ip_registered: int = Field(ge=0, description="IP registered.")
    exports_krw: int = Field(ge=0, description="Exports over the last 12 months, KRW.")
    operating: bool = Field(description="Still operating.")
    gazelle: bool = Field(description="Yearly growth of 20% or more (derived).")
    outcomes: OutcomeFigures | None = Field(
        default=None,
        description="The same figures in the program's one KPI vocabulary (성과지표); "
        "none from producers that predate it.",
    )


class DifficultyRaised(Event):
    """A company, or an institution on its behalf, raised a difficulty (애로사항)."""

    topic: ClassVar[str] = "growth.difficulty-raised.v1"

    ticket_id: str = Field(description="Difficulty ticket.")
    category: str = Field(
        description="Kind of difficulty: an id of growth's difficulty categories "
        "(GET /difficulty-categories), reference data an operator extends; funding, space, "
        "hiring, regulation and sales_channel since the first version.",
        examples=["funding", "technology"],
    )
    routed_to: str = Field(description="Institution responsible for answering it.")


class DifficultyResolved(Event):
    """A difficulty ticket was answered and closed."""

    topic: ClassVar[str] = "growth.difficulty-resolved.v1"

    ticket_id: str = Field(description="Difficulty ticket.")
    answered_by: str = Field(description="Institution that answered.")
    resolution: str = Field(description="The answer.")
