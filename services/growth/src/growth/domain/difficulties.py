"""Difficulty tickets (애로사항): raised, routed, answered, closed; aged and flagged overdue."""

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field

from relay_eventing.errors import Forbidden, RuleViolation


class TicketStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"


def desk_for(holding_agency: str | None, category_desk: str) -> str:
    """The agency that holds the startup answers for it; the category's desk otherwise."""
    return holding_agency or category_desk


class Ticket(BaseModel):
    ticket_id: str
    startup_id: str
    category: str = Field(description="A difficulty category of the reference data.")
    description: str
    raised_by: str
    routed_to: str
    raised_at: datetime
    status: TicketStatus = TicketStatus.OPEN
    answer: str | None = None
    answered_by: str | None = None
    answered_at: datetime | None = None
    closed_at: datetime | None = None
    holders: list[str] = Field(
        default_factory=list,
        description="Institutions holding the startup (its university, district, agency): each"
        " sees the ticket.",
    )
    version: int = 0

    def concerns(self, organization_id: str) -> bool:
        """Raised by it, routed to it, about it, or about a startup it holds."""
        return organization_id in {self.raised_by, self.routed_to, self.startup_id, *self.holders}

    def age_at(self, now: datetime) -> float:
        end = self.closed_at or now
        return (end - self.raised_at).total_seconds()

    def overdue_at(self, now: datetime, answer_within_s: float) -> bool:
        """Unanswered for longer than the institution has to answer."""
        return self.status is TicketStatus.OPEN and self.age_at(now) > answer_within_s

    def answered_with(self, organization_id: str, answer: str, now: datetime) -> "Ticket":
        if organization_id != self.routed_to:
            raise Forbidden(f"ticket {self.ticket_id} is routed to {self.routed_to}")
        if self.status is TicketStatus.CLOSED:
            raise RuleViolation(f"ticket {self.ticket_id} is closed")
        return self.model_copy(
            update={
                "status": TicketStatus.ANSWERED,
                "answer": answer,
                "answered_by": organization_id,
                "answered_at": now,
                "version": self.version + 1,
            }
        )

    def closed_by(self, organization_id: str, now: datetime) -> "Ticket":
        if organization_id not in {self.raised_by, self.routed_to, self.startup_id}:
            raise Forbidden(f"ticket {self.ticket_id} is not yours to close")
        if self.status is not TicketStatus.ANSWERED:
            raise RuleViolation(f"ticket {self.ticket_id} is {self.status.value}, not answered")
        return self.model_copy(
            update={"status": TicketStatus.CLOSED, "closed_at": now, "version": self.version + 1}
        )
