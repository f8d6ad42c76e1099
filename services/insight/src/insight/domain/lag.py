"""How far behind the producers insight reads: per source topic and partition."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PartitionLag:
    partition: int
    end_offset: int
    committed_offset: int | None  # None: the group committed nothing there yet
    lag: int


@dataclass(frozen=True)
class TopicLag:
    topic: str
    consumer_group: str
    lag: int | None  # None when it could not be measured; `reason` says why
    partitions: list[PartitionLag]
    reason: str | None = None


def partition_lag(partition: int, start: int, end: int, committed: int | None) -> PartitionLag:
    """Records still to read: from the committed offset (or the log's start) to its end."""
    position = committed if committed is not None and committed >= 0 else None
    behind = end - max(position if position is not None else start, start)
    return PartitionLag(partition, end, position, max(behind, 0))
