"""Startup Relay event contracts: the envelope and one module of payloads per producing service."""

from relay_contracts.envelope import Actor, Envelope, Event, OrganizationKind
from relay_contracts.registry import ALL_EVENTS, topics

__all__ = [
    "ALL_EVENTS",
    "Actor",
    "Envelope",
    "Event",
    "OrganizationKind",
    "topics",
]
