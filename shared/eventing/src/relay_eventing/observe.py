"""What a service reports about itself: readiness, and the gauges read at scrape time."""

import asyncio
import contextlib
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaConsumer
from prometheus_client import generate_latest

from relay_eventing.runtime import ServiceRuntime


async def readiness(runtime: ServiceRuntime) -> dict[str, bool]:
    """Each condition for taking traffic: database, broker, relay, consumers."""
    checks = {"database": False, "broker": False, "relay": True, "consumers": True}
    with contextlib.suppress(Exception):
        await asyncio.wait_for(runtime.db.command("ping"), 2.0)
        checks["database"] = True
    seen = runtime.broker_watch.last_seen
    now = asyncio.get_running_loop().time()
    # The broker watch talks to the broker every interval; three missed answers is not ready.
    checks["broker"] = (
        seen is not None and now - seen < 3 * runtime.settings.broker_check_interval_s
    )
    if runtime.settings.relay_enabled:
        checks["relay"] = runtime.relay.running
    checks["consumers"] = all(_consumer(s) is not None for s in runtime.broker.subscribers)
    return checks


async def metrics_text(runtime: ServiceRuntime) -> bytes:
    """Refresh the gauges that need a query, then render the whole registry."""
    metrics = runtime.metrics
    with contextlib.suppress(Exception):
        metrics.outbox_pending.set(await runtime.outbox.count_pending())
        oldest = await runtime.outbox.oldest_pending()
        age = (datetime.now(UTC) - oldest).total_seconds() if oldest else 0.0
        metrics.outbox_oldest_age.set(max(age, 0.0))
    with contextlib.suppress(Exception):
        await asyncio.wait_for(_refresh_lag(runtime), 3.0)
    return generate_latest(metrics.registry)


async def consumer_lag(runtime: ServiceRuntime) -> list[dict[str, Any]]:
    """End offset minus committed offset for every partition this process consumes."""
    rows: list[dict[str, Any]] = []
    for subscriber in runtime.broker.subscribers:
        consumer = _consumer(subscriber)
        if consumer is None:
            continue
        partitions = sorted(consumer.assignment())
        if not partitions:
            continue
        ends = await consumer.end_offsets(partitions)
        group = str(getattr(consumer, "_group_id", ""))
        for partition in partitions:
            committed = await consumer.committed(partition)
            end = int(ends.get(partition, 0))
            rows.append(
                {
                    "group": group,
                    "topic": partition.topic,
                    "partition": partition.partition,
                    "end": end,
                    "committed": committed,
                    "lag": end - (committed or 0),
                }
            )
    return rows


async def _refresh_lag(runtime: ServiceRuntime) -> None:
    for row in await consumer_lag(runtime):
        runtime.metrics.consumer_lag.labels(
            group=row["group"], topic=row["topic"], partition=str(row["partition"])
        ).set(row["lag"])


def _consumer(subscriber: Any) -> AIOKafkaConsumer | None:
    consumer = getattr(subscriber, "consumer", None)
    return consumer if isinstance(consumer, AIOKafkaConsumer) else None
