"""Background loops of incubation: the sweeper that lapses offers nobody answered in time."""

import asyncio
import logging
from collections.abc import Coroutine
from datetime import UTC, datetime
from typing import Any

from incubation.handlers.growth import DUE_BATCH, due_handoffs, expire_handoff
from relay_eventing import ServiceRuntime, UnitOfWork
from relay_eventing.app import BackgroundLoop

log = logging.getLogger(__name__)


async def expire_lapsed_offers(runtime: ServiceRuntime) -> int:
    """Expire every offer past its deadline, one transaction each; returns how many lapsed."""
    now = datetime.now(UTC)

    async def find(unit: UnitOfWork) -> list[str]:
        return await due_handoffs(unit, now)

    expired = 0
    # Batches until the lapsed offers are all expired: each one leaves the query once expired.
    while due := await runtime.read(find):
        lapsed = 0
        for handoff_id in due:

            async def work(unit: UnitOfWork, handoff_id: str = handoff_id) -> int:
                events = await expire_handoff(unit, handoff_id, now)
                unit.emit(*events)
                return len(events)

            # Another process may have expired it first: the version check makes that a no-op.
            lapsed += await runtime.transact(work)
        expired += lapsed
        if len(due) < DUE_BATCH or lapsed == 0:
            break
    return expired


def handoff_sweeper(interval_s: float) -> BackgroundLoop:
    """A background loop for `service_app`, sweeping every `interval_s` seconds."""

    def sweep_handoffs(runtime: ServiceRuntime) -> Coroutine[Any, Any, None]:
        return _sweep_forever(runtime, interval_s)

    return sweep_handoffs


async def _sweep_forever(runtime: ServiceRuntime, interval_s: float) -> None:
    while True:
        try:
            await expire_lapsed_offers(runtime)
        except Exception:
            log.exception("handoff sweep failed; trying again in %.1fs", interval_s)
        await asyncio.sleep(interval_s)
