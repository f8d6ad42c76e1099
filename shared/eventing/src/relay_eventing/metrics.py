"""The runtime's own figures, in one Prometheus registry per service beside FastStream's and HTTP's.

Counters move where things happen (relay, inbox, dead letters, transactions, broker watch);
gauges that need a query (outbox backlog, consumer lag) are read when `/metrics` is scraped,
so an idle service asks nothing of its database between scrapes.
"""

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

# Commit → broker acknowledgement, from a millisecond to the relay's worst backoff.
_PUBLISH_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)


class RuntimeMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry
        self.outbox_pending = Gauge(
            "relay_outbox_pending_records",
            "Outbox records committed but not yet acknowledged by the broker.",
            registry=registry,
        )
        self.outbox_oldest_age = Gauge(
            "relay_outbox_oldest_pending_age_seconds",
            "Age of the oldest unpublished outbox record (0 when none).",
            registry=registry,
        )
        self.publish_latency = Histogram(
            "relay_publish_latency_seconds",
            "From the commit that wrote an event to the broker's acknowledgement.",
            buckets=_PUBLISH_BUCKETS,
            registry=registry,
        )
        self.duplicates_absorbed = Counter(
            "relay_inbox_duplicates_absorbed",
            "Deliveries of an event the consumer had already applied.",
            ["consumer"],
            registry=registry,
        )
        self.dead_letters = Counter(
            "relay_dead_letters",
            "Records parked on the dead-letter topic, by source topic.",
            ["topic"],
            registry=registry,
        )
        self.transaction_retries = Counter(
            "relay_transaction_retries",
            "Transactions or commits tried again after a transient error.",
            registry=registry,
        )
        self.broker_losses = Counter(
            "relay_broker_losses_detected",
            "Times the broker was found without this service's sentinel topic (a start on a new"
            " broker counts once).",
            registry=registry,
        )
        self.records_resent = Counter(
            "relay_recovery_records_resent",
            "Records this producer queued to send again after a broker loss, by topic.",
            ["topic"],
            registry=registry,
        )
        self.recovery_requests = Counter(
            "relay_recovery_requests",
            "Requests this consumer made, after a broker loss, for records it may have missed.",
            ["producer"],
            registry=registry,
        )
        self.consumer_lag = Gauge(
            "relay_consumer_lag_records",
            "End offset minus committed offset, per assigned partition of each group.",
            ["group", "topic", "partition"],
            registry=registry,
        )
        self.events_published = Counter(
            "relay_events_published",
            "Events this service published, by type: the program's funnel as it happens.",
            ["event_type"],
            registry=registry,
        )
