"""Messages between the services themselves, not business events: they travel outside the
envelope and are not part of `ALL_EVENTS`.

`ResendControl` asks a producer to send part of its log again after a broker loss, and carries
the producer's answer. A request names, per consumer group and topic, the time from which the
group may have missed records (`since`), or none for the whole topic.
"""

from datetime import datetime
from typing import ClassVar, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field


class ResendPoint(BaseModel):
    """One consumer group's need on one topic."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    group: str = Field(description="The consumer group that may have missed records.")
    topic: str = Field(description="The topic it consumes from the producer.")
    since: datetime | None = Field(
        default=None,
        description="Send again every record sent from this time on; none: the whole topic.",
    )


class ResendControl(BaseModel):
    """A consumer's request for records again (`requested`), or a producer's answer (`queued`)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    topic: ClassVar[str] = "relay.control.resend.v1"

    kind: Literal["requested", "queued"] = Field(description="Request, or the producer's answer.")
    request_id: UUID = Field(description="Id of the request; an answer repeats it.")
    requester: str = Field(description="The consuming service that asked.")
    producer: str = Field(description="The service asked (by the contracts, the topics' owner).")
    points: list[ResendPoint] = Field(default_factory=list, description="What is asked for.")
    queued: int = Field(default=0, ge=0, description="In an answer: records queued again.")
    at: datetime = Field(description="When the request or answer was made (UTC).")
