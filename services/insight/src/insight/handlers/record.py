"""Recording a consumed event in the journal: the one write insight makes."""

from typing import Any

from insight.domain.entries import entry_from
from insight.repository import Journal
from relay_contracts import Envelope
from relay_eventing import UnitOfWork


async def record_event(unit: UnitOfWork, envelope: Envelope[Any]) -> None:
    """Keep the event's entry (ids and allow-listed facts); emits nothing.

    Nothing is derived at write time, so events may arrive in any order across topics: the
    journey, the funnel and the outcomes are computed from the entries when read.
    """
    await Journal.record(unit, entry_from(envelope))
