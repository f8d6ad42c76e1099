"""A journal entry: what insight keeps of one event, whichever service produced it."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from insight.domain.catalog import CATALOG, STARTUP, EventView
from relay_contracts import Envelope, Event, OrganizationKind

HOLDING_KINDS = {OrganizationKind.UNIVERSITY, OrganizationKind.DISTRICT, OrganizationKind.AGENCY}


class JourneyEntry(BaseModel):
    """One event of a startup, reduced to what the read models need."""

    model_config = ConfigDict(frozen=True)

    event_id: str
    event_type: str
    topic: str
    service: str = Field(description="The producer.")
    occurred_at: datetime
    startup_id: str = Field(description="The startup id the event was published under.")
    correlation_id: str
    causation_id: str | None
    actor_id: str = Field(description="Organization acting.")
    actor_kind: str
    record_field: str = Field(description="Which id of its producer the event changed.")
    record_id: str
    institutions: list[str] = Field(description="Institutions that held the startup by it.")
    facts: dict[str, Any] = Field(description="The allow-listed payload fields, JSON-encoded.")


def view_of(topic: str) -> EventView:
    view = CATALOG.get(topic)
    if view is None:
        # Every topic of the registry is catalogued (a test checks); an unknown one keeps ids only.
        return EventView(STARTUP, (), (), topic, topic)
    return view


def entry_from(envelope: Envelope[Any]) -> JourneyEntry:
    """The entry of a consumed event: ids and the allow-listed facts, nothing else."""
    payload = envelope.payload
    if not isinstance(payload, Event):
        raise TypeError(f"payload of {envelope.event_type} is not an event")
    view = view_of(payload.topic)
    fields = payload.model_dump(mode="json")
    facts = {name: fields[name] for name in view.facts if name in fields}
    record = fields.get(view.record) if view.record != STARTUP else None
    actor = envelope.actor
    return JourneyEntry(
        event_id=str(envelope.event_id),
        event_type=envelope.event_type,
        topic=payload.topic,
        service=payload.producer(),
        occurred_at=envelope.occurred_at,
        startup_id=envelope.startup_id,
        correlation_id=str(envelope.correlation_id),
        causation_id=str(envelope.causation_id) if envelope.causation_id else None,
        actor_id=actor.organization_id,
        actor_kind=actor.organization_kind.value,
        record_field=view.record if record else STARTUP,
        record_id=str(record) if record else envelope.startup_id,
        institutions=_institutions(view, facts, actor.organization_id, actor.organization_kind),
        facts=facts,
    )


def _institutions(
    view: EventView, facts: dict[str, Any], actor_id: str, actor_kind: OrganizationKind
) -> list[str]:
    found: list[str] = [actor_id] if actor_kind in HOLDING_KINDS else []
    for name in view.institutions:
        value = facts.get(name)
        values = value if isinstance(value, list) else [value]
        found.extend(str(item) for item in values if item)
    return sorted(set(found))
