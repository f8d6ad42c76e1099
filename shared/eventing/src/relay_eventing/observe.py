"""What a service reports about itself: readiness, and the gauges read at scrape time."""

import asyncio
import contextlib
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
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
    """End offset minus committed offset of every partition each of the service's groups reads.

    Read from the broker (the group's committed offsets), not from this process's consumers, so
    a stopped or rebalancing consumer shows the lag it is building up.
    """
    bootstrap = runtime.settings.kafka_bootstrap_servers
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    reader = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await admin.start()
    await reader.start()
    try:
        await reader.topics()
        rows: list[dict[str, Any]] = []
        for group, topic in runtime.consumer_groups:
            partitions = [
                TopicPartition(topic, number)
                for number in sorted(reader.partitions_for_topic(topic) or ())
            ]
            if not partitions:
                continue
            ends = await reader.end_offsets(partitions)
            # Explicit partitions: tansu cannot answer the form that lists them itself.
            committed = await admin.list_consumer_group_offsets(group, partitions=partitions)
            for partition in partitions:
                done = committed.get(partition)
                offset = done.offset if done is not None and done.offset >= 0 else 0
                end = int(ends.get(partition, 0))
                rows.append(
                    {
                        "group": group,
                        "topic": topic,
                        "partition": partition.partition,
                        "end": end,
                        "committed": offset,
                        "lag": max(end - offset, 0),
                    }
                )
        return rows
    finally:
        await reader.stop()
        await admin.close()


async def _refresh_lag(runtime: ServiceRuntime) -> None:
    for row in await consumer_lag(runtime):
        runtime.metrics.consumer_lag.labels(
            group=row["group"], topic=row["topic"], partition=str(row["partition"])
        ).set(row["lag"])


def _consumer(subscriber: Any) -> AIOKafkaConsumer | None:
    consumer = getattr(subscriber, "consumer", None)
    return consumer if isinstance(consumer, AIOKafkaConsumer) else None
