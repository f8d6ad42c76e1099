"""Startup Relay event contracts: the envelope and one module of payloads per producing service."""

from relay_contracts.envelope import Actor, Envelope, Event, OrganizationKind
from relay_contracts.registry import ALL_EVENTS, event_class_for_topic, topics

__all__ = [
    "ALL_EVENTS",
    "Actor",
    "Envelope",
    "Event",
    "OrganizationKind",
    "event_class_for_topic",
    "topics",
]
