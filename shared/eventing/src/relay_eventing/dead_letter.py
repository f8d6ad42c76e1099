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

from relay_eventing.metrics import RuntimeMetrics
from relay_eventing.unit_of_work import is_transient

log = logging.getLogger(__name__)

DLQ_SUFFIX = ".dlq"


def dead_letter_topic(topic: str) -> str:
    return topic + DLQ_SUFFIX


def is_retryable(error: BaseException) -> bool:
    """Errors that may pass later: the database or broker unreachable, a write conflict."""
    if isinstance(error, ConnectionFailure | KafkaError | OSError | TimeoutError):
        return True
    return isinstance(error, PyMongoError) and is_transient(error)


class RetryPolicy:
    """How often a record whose failure may pass later is tried before it is parked.

    Attempts are counted per record in this process; the pause doubles each time, so an outage
    of the database or broker shorter than the whole budget costs no dead letter.
    """

    def __init__(self, max_attempts: int, first_pause_s: float, max_pause_s: float) -> None:
        self.max_attempts = max_attempts
        self.first_pause_s = first_pause_s
        self.max_pause_s = max_pause_s
        self._attempts: dict[tuple[str, int, int], int] = {}

    def failed(self, record: Any) -> int:
        key = (getattr(record, "topic", ""), getattr(record, "partition", -1), record.offset)
        self._attempts[key] = attempts = self._attempts.get(key, 0) + 1
        return attempts

    def settled(self, record: Any) -> None:
        key = (getattr(record, "topic", ""), getattr(record, "partition", -1), record.offset)
        self._attempts.pop(key, None)

    def pause_after(self, attempts: int) -> float:
        return float(min(self.first_pause_s * 2 ** (attempts - 1), self.max_pause_s))


class DeadLetters:
    """The consume middleware of a service: parks permanent failures, retries the others.

    Added with `broker.add_middleware(DeadLetters(broker, ...))`: FastStream calls it once per
    record for a middleware scoped to that record.
    """

    def __init__(
        self, broker: KafkaBroker, consumer: str, metrics: RuntimeMetrics, retries: RetryPolicy
    ) -> None:
        self._broker = broker
        self._consumer = consumer
        self._metrics = metrics
        self._retries = retries

    def __call__(self, msg: Any, /, *, context: Any) -> BaseMiddleware:
        return _DeadLetterScope(msg, context=context, parking=self)

    async def guard(self, call_next: Any, msg: StreamMessage[Any]) -> Any:
        record = msg.raw_message
        try:
            result = await call_next(msg)
        except Exception as error:
            attempts = self._retries.failed(record)
            if is_retryable(error) and attempts < self._retries.max_attempts:
                # Raising nacks: the record is rewound and redelivered after the pause.
                await asyncio.sleep(self._retries.pause_after(attempts))
                raise
            await self.park(msg, error, attempts)
            self._retries.settled(record)
            return None
        self._retries.settled(record)
        return result

    async def park(self, msg: StreamMessage[Any], error: Exception, attempts: int) -> None:
        record = msg.raw_message
        topic = getattr(record, "topic", "unknown")
        headers = {k: v.decode(errors="replace") for k, v in (record.headers or ())}
        headers.update(
            {
                "x-dlq-error": f"{type(error).__name__}: {error}"[:2000],
                "x-dlq-consumer": self._consumer,
                "x-dlq-attempts": str(attempts),
                "x-dlq-retryable": str(is_retryable(error)).lower(),
                "x-dlq-failed-at": datetime.now(UTC).isoformat(),
                "x-dlq-original-topic": topic,
                "x-dlq-original-partition": str(getattr(record, "partition", -1)),
                "x-dlq-original-offset": str(getattr(record, "offset", -1)),
            }
        )
        await self._broker.publish(
            record.value or b"", dead_letter_topic(topic), key=record.key, headers=headers
        )
        self._metrics.dead_letters.labels(topic=topic).inc()
        log.warning(
            "dead-lettered %s[%s]@%s for %s: %s",
            topic,
            headers["x-dlq-original-partition"],
            headers["x-dlq-original-offset"],
            self._consumer,
            headers["x-dlq-error"],
        )


class _DeadLetterScope(BaseMiddleware):
    def __init__(self, msg: Any, /, *, context: Any, parking: DeadLetters) -> None:
        super().__init__(msg, context=context)
        self._parking = parking

    async def consume_scope(self, call_next: Any, msg: StreamMessage[Any]) -> Any:
        return await self._parking.guard(call_next, msg)
