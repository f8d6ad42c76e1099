"""The eventing runtime of one service process: one Mongo client, one broker, one relay."""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, TypeVar

from faststream.kafka import KafkaBroker
from faststream.kafka.opentelemetry import KafkaTelemetryMiddleware
from faststream.kafka.prometheus import KafkaPrometheusMiddleware
from faststream.specification import AsyncAPI
from opentelemetry import trace
from prometheus_client import CollectorRegistry
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.monitoring import CommandListener

from relay_contracts import Envelope, Event
from relay_contracts.control import ResendControl
from relay_eventing.asyncapi import truthful
from relay_eventing.broker_watch import BrokerWatch
from relay_eventing.dead_letter import DeadLetters, RetryPolicy
from relay_eventing.inbox import EventHandler, Inbox, record_source
from relay_eventing.metrics import RuntimeMetrics
from relay_eventing.mongo_commands import MongoCommandMetrics
from relay_eventing.outbox import Outbox
from relay_eventing.positions import RewindPastTheEnd
from relay_eventing.projections import Projections
from relay_eventing.recovery import CONTROL_TOPIC, Recovery, Source
from relay_eventing.relay import OutboxRelay
from relay_eventing.settings import ServiceSettings, subscriber_options
from relay_eventing.unit_of_work import UnitOfWork
from relay_eventing.upcasting import EventUpcaster, upcast_envelope
from relay_eventing.wakeups import Wakeups, WakingTransactor

log = logging.getLogger(__name__)
T = TypeVar("T")
CONTROL_FETCH_WAIT_MS = 500


def mongo_client(url: str, *listeners: CommandListener) -> AsyncMongoClient[Any]:
    return AsyncMongoClient(
        url, tz_aware=True, uuidRepresentation="standard", event_listeners=listeners
    )


class ServiceRuntime:
    """Owns the connections of a service and the lifecycle of its relay and subscribers."""

    def __init__(self, settings: ServiceSettings, service: str) -> None:
        self.settings = settings
        self.service = service
        self.metrics = RuntimeMetrics(CollectorRegistry())
        self.mongo_commands = MongoCommandMetrics(self.metrics.registry)
        self.mongo = mongo_client(settings.mongo_url, self.mongo_commands)
        self.db: AsyncDatabase[Any] = self.mongo[settings.mongo_database]
        # (group, topic) of every subscription, for lag read from the broker's side.
        self.consumer_groups: list[tuple[str, str]] = []
        retries = RetryPolicy(
            settings.consumer_max_attempts,
            settings.consumer_first_retry_pause_s,
            settings.consumer_max_retry_pause_s,
        )
        # FastStream logs every record at INFO; the service's log level decides if that shows.
        broker_log = logging.getLogger(f"relay.{service}.broker")
        broker_log.setLevel(settings.log_level)
        self.broker = KafkaBroker(
            settings.kafka_bootstrap_servers,
            logger=broker_log,
            acks="all",
            linger_ms=settings.kafka_linger_ms,
            max_batch_size=settings.kafka_max_batch_size,
            client_id=service,
            # Outermost first: the trace spans the record's whole handling, metrics count it.
            middlewares=[
                KafkaTelemetryMiddleware(tracer_provider=trace.get_tracer_provider()),
                KafkaPrometheusMiddleware(registry=self.metrics.registry, app_name=service),
            ],
        )
        self.broker.add_middleware(DeadLetters(self.broker, service, self.metrics, retries))
        self.outbox = Outbox(self.db)
        self.relay = OutboxRelay(
            self.outbox,
            self._send,
            batch_size=settings.relay_batch_size,
            poll_interval_s=settings.relay_poll_interval_s,
            sweep_interval_s=settings.relay_sweep_interval_s,
            metrics=self.metrics,
        )
        # Background loops wait on these instead of polling the database.
        self.wakeups = Wakeups()
        self.transactor = WakingTransactor(
            self.mongo,
            self.db,
            self.outbox,
            wakeups=self.wakeups,
            max_attempts=settings.transaction_max_attempts,
            on_commit=self.relay.committed,
            on_retry=self.metrics.transaction_retries.inc,
        )
        self.inbox = Inbox(self.transactor, service, self.metrics.duplicates_absorbed)
        self.projections = Projections(self.db, service)
        self.recovery = Recovery(
            self.db,
            service,
            self.outbox,
            requeue=self.relay.resend,
            publish=self._publish_control,
            metrics=self.metrics,
            partitions=settings.kafka_partitions,
            margin_s=settings.recovery_margin_s,
        )
        self.broker_watch = BrokerWatch(
            service,
            settings.kafka_bootstrap_servers,
            partitions=settings.kafka_partitions,
            replication_factor=settings.kafka_replication_factor,
            interval_s=settings.broker_check_interval_s,
            on_loss=self.recovery.request,
            on_seen=self.recovery.sentinel_seen,
            first_start=self.recovery.first_start,
            losses=self.metrics.broker_losses,
        )
        self._answer_resend_requests()

    async def republish(self, since: datetime | None = None) -> int:
        """Send the outbox log again (all of it, or from `since`); consumers absorb copies."""
        return await self.relay.resend(lambda: self.outbox.republish(since))

    async def _publish_control(self, message: ResendControl, key: str) -> None:
        await self.broker.publish(
            message.model_dump_json().encode(), CONTROL_TOPIC, key=key.encode()
        )

    def _answer_resend_requests(self) -> None:
        """One instance of the service (one group) reads every resend request and answer."""

        async def on_resend_control(message: ResendControl) -> None:
            await self.recovery.handle(message)

        options = subscriber_options(self.settings, group_id=f"{self.service}.control")
        # Resend requests come after a broker loss, a few a minute at most, and wait on
        # nothing: a short fetch wait tuned for events would poll for them all day.
        options["fetch_max_wait_ms"] = max(options["fetch_max_wait_ms"], CONTROL_FETCH_WAIT_MS)
        self.broker.subscriber(
            CONTROL_TOPIC, title=f"{self.service}.control", include_in_schema=False, **options
        )(on_resend_control)

    async def _send(
        self, topic: str, key: bytes, value: bytes, headers: dict[str, str]
    ) -> "asyncio.Future[Any]":
        return await self.broker.publish(value, topic, key=key, headers=headers, no_confirm=True)

    def subscribe(
        self,
        event: type[Event],
        consumer: str,
        handler: EventHandler,
        *,
        projection: Sequence[str] = (),
        idempotent: bool = False,
        upcast_from: Mapping[type[Event], EventUpcaster] | None = None,
    ) -> None:
        """Register a subscriber with the delivery defaults: its own group, acked after commit.

        The handler runs inside a transaction with the inbox mark, so a redelivered event has
        no second effect. A `projection` subscriber only builds the named read-model
        collections and emits nothing, so operators may rebuild it from the producers' log.
        An `idempotent` handler, whose held writes change nothing when repeated, runs without
        a transaction: its writes and its mark are one command (`Transactor.run_idempotent`).
        `upcast_from` maps older major versions (their own `.vN` topics) to an upcaster: during
        a switch both topics are consumed, and an event published on both counts once.
        """
        if projection:
            self.projections.register(consumer, projection)

        async def on_event(envelope: Envelope[Any]) -> None:
            await self.inbox.apply(
                consumer,
                envelope,
                handler,
                emits=not projection,
                idempotent=idempotent,
                source=record_source(self.broker.context.get_local("message")),
            )

        on_event.__name__ = f"on_{consumer}"
        marks = f"{self.service}.{consumer}"
        self._consume(event, marks, marks, on_event)
        for old, upcaster in (upcast_from or {}).items():
            self._consume(
                old,
                f"{marks}.v{old.schema_version()}",
                marks,
                _upcasting(on_event, upcaster),
            )

    def _consume(
        self,
        event: type[Event],
        group_id: str,
        marks: str,
        function: Callable[[Envelope[Any]], Awaitable[None]],
    ) -> None:
        self.consumer_groups.append((group_id, event.topic))
        self.recovery.sources.append(Source(group_id, marks, event.topic))
        rewind = RewindPastTheEnd()
        rewind.subscriber = self.broker.subscriber(
            event.topic,
            title=group_id,
            description=(event.__doc__ or "").strip(),
            listener=rewind,
            **subscriber_options(self.settings, group_id=group_id),
        )
        rewind.subscriber(_typed(function, event))

    def declare_publishers(self, events: Sequence[type[Event]]) -> None:
        """Name what this service publishes, so the AsyncAPI document shows it."""
        for event in events:
            self.broker.publisher(
                event.topic,
                title=f"{self.service}:{event.__name__}",
                description=(event.__doc__ or "").strip(),
                schema=Envelope[event],  # type: ignore[valid-type]
            )

    async def transact(self, work: Callable[[UnitOfWork], Awaitable[T]]) -> T:
        """Run `work` in one transaction with the events it emits (the outbox)."""
        return await self.transactor.run(work)

    async def read(self, work: Callable[[UnitOfWork], Awaitable[T]]) -> T:
        """Run `work` that only reads, without a transaction (and so without a commit)."""
        return await self.transactor.read(work)

    async def prepare(self) -> None:
        """Indexes and topics; idempotent, so a start that failed halfway may run it again."""
        await self.outbox.ensure_indexes()
        await self.projections.ensure_indexes()
        await self.recovery.ensure_indexes()
        await self.broker_watch.prepare()

    async def start(self) -> None:
        """Connect, then start every subscriber at once.

        FastStream's `broker.start()` starts them one after another, and each waits for its
        group's join (about a second on tansu): a service of 29 subscribers took 30 s.
        """
        await self.broker.connect()
        await asyncio.gather(*(subscriber.start() for subscriber in self.broker.subscribers))
        for publisher in self.broker.publishers:
            await publisher.start()
        self.broker.running = True
        if self.settings.relay_enabled:
            self.relay.start()
            self.broker_watch.start()

    async def stop(self) -> None:
        """Take no new work, let the relay publish what is committed, then disconnect.

        Bounded as a whole by `shutdown_flush_timeout_s`: with the broker or the database gone,
        client shutdowns wait on timeouts of their own, and an orchestrator kills a process that
        overstays (compose after 10 s). What stays unpublished goes out after the restart.
        """
        bound = self.settings.shutdown_flush_timeout_s
        try:
            await asyncio.wait_for(self._drain(), bound)
        except TimeoutError:
            log.warning("stop exceeded %.1fs; leaving the rest to the next start", bound)
        # Closing ends the server sessions, which waits for server selection (30 s by default)
        # when the database is gone; the server reaps abandoned sessions by itself.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.mongo.close(), 1.0)

    async def _drain(self) -> None:
        for subscriber in self.broker.subscribers:
            await _quietly(subscriber.stop())
        if self.settings.relay_enabled:
            await self.broker_watch.stop()
            await self.relay.stop()
        try:
            await self.broker.stop()
        except Exception as error:
            log.warning("broker client did not close cleanly: %s", error)

    def asyncapi(self) -> dict[str, Any]:
        spec = AsyncAPI(self.broker, title=f"Startup Relay {self.service}", version="1.0.0")
        document: dict[str, Any] = spec.to_specification().to_jsonable()
        return truthful(document)


async def _quietly(stopping: Awaitable[None]) -> None:
    """Await a client's stop, whatever it raises — even the CancelledError of a consume task it
    cancelled itself (seen with the broker gone), which must not end the stop of the rest.

    A cancellation of the stopping task itself is passed on.
    """
    try:
        await stopping
    except asyncio.CancelledError:
        task = asyncio.current_task()
        if task is not None and task.cancelling():
            raise
    except Exception as error:
        log.info("a subscriber did not stop cleanly: %r", error)


def _upcasting(
    function: Callable[[Envelope[Any]], Awaitable[None]], upcaster: EventUpcaster
) -> Callable[[Envelope[Any]], Awaitable[None]]:
    async def on_old_version(envelope: Envelope[Any]) -> None:
        await function(upcast_envelope(envelope, upcaster))

    return on_old_version


def _typed(
    function: Callable[[Envelope[Any]], Awaitable[None]], event: type[Event]
) -> Callable[[Envelope[Any]], Awaitable[None]]:
    """Give the subscriber its concrete envelope type, so FastStream decodes and documents it."""
    function.__annotations__ = {"envelope": Envelope[event], "return": None}  # type: ignore[valid-type]
    return function
