"""A group's committed offset past a partition's end is read from the partition's start.

After a broker loss the recreated partitions start again at offset 0, but an offset committed
for a record read from the lost broker can still reach the new one: a record in flight when
the broker went is acked (committed) after it came back. Apache Kafka answers a fetch past the
end with OFFSET_OUT_OF_RANGE and the consumer resets to the earliest (`auto_offset_reset`);
tansu, the development broker, waits there, so the group skipped every record written before
the partition grew past that offset (84 acceptances in one 10,000-startup chaos run). On each
assignment this listener compares the group's committed offsets with the partitions' ends
and reads a partition whose offset is past its end from the start: the inbox absorbs what was
applied before, on either broker.
"""

import logging
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, TopicPartition

log = logging.getLogger(__name__)


class RewindPastTheEnd(ConsumerRebalanceListener):  # type: ignore[misc]
    """Set `subscriber` once the FastStream subscriber exists; its consumer is read lazily,
    as FastStream builds it at start."""

    def __init__(self) -> None:
        self.subscriber: Any = None

    async def on_partitions_revoked(self, revoked: set[TopicPartition]) -> None:
        """Nothing to do: offsets are committed after each record's unit of work."""

    async def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
        consumer = getattr(self.subscriber, "consumer", None)
        if not isinstance(consumer, AIOKafkaConsumer) or not assigned:
            return
        ends = await consumer.end_offsets(list(assigned))
        for partition in sorted(assigned):
            committed = await consumer.committed(partition)
            if committed is not None and committed > ends[partition]:
                log.warning(
                    "committed offset %d of %s[%d] is past its end %d (the broker lost the "
                    "partition): reading it from the start",
                    committed,
                    partition.topic,
                    partition.partition,
                    ends[partition],
                )
                await consumer.seek_to_beginning(partition)
