"""Sentinels: knowing that a consumer handled every record published before one of ours."""

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from conftest import eventually, publish_raw
from relay_contracts import Envelope
from relay_eventing.events import topic_of
from tests.probe import times_applied


async def pass_sentinel(bootstrap: str, db: AsyncDatabase[Any], sentinel: Envelope[Any]) -> None:
    """Publish `sentinel` behind what its key already holds and wait until it was applied.

    Records with one key share a partition, which a consumer handles in order: once the
    sentinel's effect shows, every earlier record with that key on its topic was handled
    (applied, absorbed or dead-lettered). The consumer must log applications (`log_application`).
    """
    value = sentinel.model_dump_json().encode()
    await publish_raw(bootstrap, topic_of(sentinel), value, key=sentinel.startup_id)

    async def applied() -> bool:
        return await times_applied(db, sentinel) == 1

    await eventually(applied, what=f"the sentinel behind {sentinel.startup_id}")
