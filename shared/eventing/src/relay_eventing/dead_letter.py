"""Dead letters: a record that can never be applied is parked on `<topic>.dlq`, never dropped."""

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any

from aiokafka.errors import KafkaError
from faststream import BaseMiddleware
from faststream.kafka import KafkaBroker
from faststream.message import StreamMessage
from pymongo.errors import ConnectionFailure, PyMongoError

from relay_eventing.unit_of_work import is_transient

log = logging.getLogger(__name__)

DLQ_SUFFIX = ".dlq"
RETRY_PAUSE_S = 0.5


def dead_letter_topic(topic: str) -> str:
    return topic + DLQ_SUFFIX


def is_retryable(error: BaseException) -> bool:
    """Errors that may pass later: the database or broker unreachable, a write conflict."""
    if isinstance(error, ConnectionFailure | KafkaError | OSError | TimeoutError):
        return True
    return isinstance(error, PyMongoError) and is_transient(error)


class DeadLetterStats:
    """Counts what this process dead-lettered, per source topic."""

    def __init__(self) -> None:
        self.by_topic: dict[str, int] = {}

    def record(self, topic: str) -> None:
        self.by_topic[topic] = self.by_topic.get(topic, 0) + 1


def dead_letter_middleware(
    consumer: str, broker_ref: list[KafkaBroker], stats: DeadLetterStats
) -> type[BaseMiddleware]:
    """A consume middleware that parks permanent failures and lets retryable ones be redelivered.

    `broker_ref` is filled once the broker exists, since FastStream takes middlewares at
    construction.
    """

    class DeadLetterMiddleware(BaseMiddleware):
        async def consume_scope(self, call_next: Any, msg: StreamMessage[Any]) -> Any:
            try:
                return await call_next(msg)
            except Exception as error:
                if is_retryable(error):
                    # The record is rewound and redelivered; pause so an outage is not a hot loop.
                    await asyncio.sleep(RETRY_PAUSE_S)
                    raise
                await park(msg, error)
                return None

    async def park(msg: StreamMessage[Any], error: Exception) -> None:
        record = msg.raw_message
        topic = getattr(record, "topic", "unknown")
        headers = {k: v.decode(errors="replace") for k, v in (record.headers or ())}
        headers.update(
            {
                "x-dlq-error": f"{type(error).__name__}: {error}"[:2000],
                "x-dlq-consumer": consumer,
                "x-dlq-attempts": "1",
                "x-dlq-failed-at": datetime.now(UTC).isoformat(),
                "x-dlq-original-topic": topic,
                "x-dlq-original-partition": str(getattr(record, "partition", -1)),
                "x-dlq-original-offset": str(getattr(record, "offset", -1)),
            }
        )
        await broker_ref[0].publish(
            record.value or b"", dead_letter_topic(topic), key=record.key, headers=headers
        )
        stats.record(topic)
        log.warning(
            "dead-lettered %s[%s]@%s for %s: %s",
            topic,
            headers["x-dlq-original-partition"],
            headers["x-dlq-original-offset"],
            consumer,
            headers["x-dlq-error"],
        )

    return DeadLetterMiddleware
