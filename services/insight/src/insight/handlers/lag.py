"""Measuring insight's lag: end offsets against its consumer groups' committed offsets.

The admin calls are asked with explicit partitions: tansu, the embedded broker, closes the
connection on an offset fetch for "every partition". Whatever the broker cannot answer turns
into a topic whose lag is None with the reason, never an error of the request.
"""

import asyncio
from collections.abc import Mapping

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError

from insight.domain.lag import TopicLag, partition_lag

UNMEASURABLE = (KafkaError, OSError, TimeoutError, ValueError, KeyError, TypeError)


async def measure_lag(
    bootstrap_servers: str, groups: Mapping[str, str], timeout_s: float
) -> list[TopicLag]:
    """Lag of each consumer group (group id -> the topic it reads), within `timeout_s`."""
    try:
        return await asyncio.wait_for(_measure(bootstrap_servers, groups), timeout_s)
    except UNMEASURABLE as error:
        reason = f"the broker did not answer: {type(error).__name__}: {error}"
        return [TopicLag(topic, group, None, [], reason) for group, topic in groups.items()]


async def _measure(bootstrap_servers: str, groups: Mapping[str, str]) -> list[TopicLag]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    reader = AIOKafkaConsumer(bootstrap_servers=bootstrap_servers, enable_auto_commit=False)
    await admin.start()
    try:
        await reader.start()
        await reader.topics()  # loads the metadata partitions_for_topic reads
        partitions = {
            topic: [
                TopicPartition(topic, n) for n in sorted(reader.partitions_for_topic(topic) or ())
            ]
            for topic in set(groups.values())
        }
        every = [tp for tps in partitions.values() for tp in tps]
        ends = await reader.end_offsets(every) if every else {}
        starts = await reader.beginning_offsets(every) if every else {}
        measured = []
        for group, topic in sorted(groups.items(), key=lambda item: item[1]):
            measured.append(await _group_lag(admin, group, topic, partitions[topic], starts, ends))
        return measured
    finally:
        await reader.stop()
        await admin.close()


async def _group_lag(
    admin: AIOKafkaAdminClient,
    group: str,
    topic: str,
    partitions: list[TopicPartition],
    starts: Mapping[TopicPartition, int],
    ends: Mapping[TopicPartition, int],
) -> TopicLag:
    if not partitions:
        return TopicLag(topic, group, None, [], "the topic does not exist on the broker")
    try:
        committed = await admin.list_consumer_group_offsets(group, partitions=partitions)
    except UNMEASURABLE as error:
        reason = f"committed offsets unavailable: {type(error).__name__}: {error}"
        return TopicLag(topic, group, None, [], reason)
    rows = [
        partition_lag(
            tp.partition,
            starts[tp],
            ends[tp],
            committed[tp].offset if tp in committed else None,
        )
        for tp in partitions
    ]
    return TopicLag(topic, group, sum(row.lag for row in rows), rows)
