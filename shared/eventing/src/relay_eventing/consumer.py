"""Applying a consumed event once in effect: inbox mark, state and emitted events together."""

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from relay_contracts import Envelope
from relay_eventing.unit_of_work import AlreadyApplied, InboxMark, Transactor, UnitOfWork

log = logging.getLogger(__name__)

EventHandler = Callable[[UnitOfWork, Envelope[Any]], Awaitable[None]]


class EventApplier:
    """Runs a subscriber's handler in a transaction keyed by (consumer, event_id)."""

    def __init__(self, transactor: Transactor, service: str) -> None:
        self._transactor = transactor
        self._service = service
        self.duplicates_absorbed = 0

    async def apply(
        self, consumer: str, envelope: Envelope[Any], handler: EventHandler, *, emits: bool = True
    ) -> bool:
        """Apply once; returns False when the event had already been applied."""

        async def work(unit: UnitOfWork) -> None:
            await handler(unit, envelope)
            if unit.events and not emits:
                raise TypeError(f"projection {consumer} must not emit events")

        try:
            mark = InboxMark(
                f"{self._service}.{consumer}", str(envelope.event_id), envelope.occurred_at
            )
            await self._transactor.run(work, inbox=mark)
        except AlreadyApplied:
            self.duplicates_absorbed += 1
            log.info("absorbed duplicate %s %s", envelope.event_type, envelope.event_id)
            return False
        return True
