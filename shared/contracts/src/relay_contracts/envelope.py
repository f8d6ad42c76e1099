"""The one envelope every Startup Relay event travels in, and the base of every payload."""

from datetime import datetime
from enum import StrEnum
from typing import ClassVar, Generic, TypeVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field


class OrganizationKind(StrEnum):
    """The kinds of institution that sign the agreement, plus the operators and the services."""

    UNIVERSITY = "university"
    DISTRICT = "district"
    AGENCY = "agency"
    # The program office of the agreement: reads across institutions, acts nowhere.
    COUNCIL = "council"
    OPERATOR = "operator"
    STARTUP = "startup"
    SERVICE = "service"


class Actor(BaseModel):
    """Who caused an event: an organization and, when known, the person acting for it."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    organization_id: str = Field(description="Id of the organization.", examples=["snu"])
    organization_kind: OrganizationKind = Field(description="Kind of the organization.")
    user: str | None = Field(
        default=None, description="The person acting for the organization, when known."
    )


class Event(BaseModel):
    """Base of every event payload.

    A subclass names its topic as `<producer>.<event>.v<major>`; changes within a major version
    are additive with defaults, and readers ignore fields they do not know.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    topic: ClassVar[str]

    @classmethod
    def event_type(cls) -> str:
        return cls.__name__

    @classmethod
    def schema_version(cls) -> int:
        return int(cls.topic.rsplit(".v", 1)[1])

    @classmethod
    def producer(cls) -> str:
        return cls.topic.split(".", 1)[0]


P = TypeVar("P", bound=Event)


class Envelope(BaseModel, Generic[P]):
    """Metadata shared by every event, around the producer's payload.

    `startup_id` is the Kafka key, so the events of one startup stay in order on one partition.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    event_id: UUID = Field(description="Unique id of this event; consumers deduplicate on it.")
    event_type: str = Field(
        description="Name of the payload's class.", examples=["StartupSubmitted"]
    )
    schema_version: int = Field(description="Major version of the payload, as in the topic.")
    occurred_at: datetime = Field(description="When the fact happened (UTC).")
    startup_id: str = Field(description="Canonical id of the startup; the Kafka key.")
    correlation_id: UUID = Field(description="Id shared by every event of one business flow.")
    causation_id: UUID | None = Field(
        default=None, description="Id of the event that caused this one; none for a request."
    )
    actor: Actor = Field(description="Organization (and user) that caused the event.")
    payload: P = Field(description="The producer's data for this event.")
