"""Startup Relay eventing runtime: outbox relay, inbox, subscriber defaults, dead letters."""

from relay_eventing.events import Cause, new_event
from relay_eventing.runtime import ServiceRuntime
from relay_eventing.settings import ServiceSettings
from relay_eventing.unit_of_work import UnitOfWork

__all__ = ["Cause", "ServiceRuntime", "ServiceSettings", "UnitOfWork", "new_event"]
