"""Incubation use cases: each takes the unit of work and returns what it decided and the events
to emit."""

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from relay_contracts import Actor, Envelope, OrganizationKind

T = TypeVar("T")

# Events the service causes on its own (a deadline passing) are signed by the service.
SERVICE_ACTOR = Actor(organization_id="incubation", organization_kind=OrganizationKind.SERVICE)


@dataclass
class Outcome(Generic[T]):
    """What a use case decided, and the events that tell the others."""

    value: T
    events: list[Envelope[Any]] = field(default_factory=list)
