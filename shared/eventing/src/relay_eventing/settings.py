"""Settings every service shares: broker, database, relay and organization API keys."""

from typing import Any, Literal

from faststream.middlewares import AckPolicy
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from relay_contracts import Actor

_PLACEHOLDER_KEYS = {"changeme", "changethis", "secret", "password", "test"}


class ServiceSettings(BaseSettings):
    """Base of each service's settings; a service subclasses it with its own `env_prefix`.

    Every address comes from here, so the same code runs on the embedded servers and on
    Apache Kafka with a MongoDB replica set.
    """

    model_config = SettingsConfigDict(extra="ignore")

    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    # tansu answers a group join after half the session timeout and each fetch after about half
    # of fetch_max_wait_ms, so both are tunable: short locally, broker defaults in production.
    kafka_session_timeout_ms: int = Field(default=10_000, ge=1_000)
    kafka_heartbeat_interval_ms: int = Field(default=1_000, ge=100)
    kafka_fetch_max_wait_ms: int = Field(default=500, ge=1)
    kafka_linger_ms: int = Field(default=0, ge=0)
    kafka_max_batch_size: int = Field(default=64 * 1024, ge=1024)
    kafka_partitions: int = Field(default=3, ge=1, description="Partitions of topics we create.")
    kafka_replication_factor: int = Field(default=1, ge=1)

    mongo_url: str = "mongodb://127.0.0.1:27017/?directConnection=true&retryWrites=false"
    mongo_database: str = "relay"

    relay_enabled: bool = True
    relay_batch_size: int = Field(default=500, ge=1)
    relay_poll_interval_s: float = Field(default=0.5, gt=0)
    broker_check_interval_s: float = Field(
        default=2.0, gt=0, description="How often to look for a broker that lost our topics."
    )
    startup_timeout_s: float = Field(
        default=120.0,
        gt=0,
        description="How long a starting service waits for the database and broker to answer.",
    )
    shutdown_flush_timeout_s: float = Field(
        default=5.0, gt=0, description="How long a stopping service tries to flush its outbox."
    )
    consumer_max_attempts: int = Field(
        default=12, ge=1, description="Tries of a record whose failure may pass later."
    )
    consumer_first_retry_pause_s: float = Field(default=0.05, gt=0)
    consumer_max_retry_pause_s: float = Field(default=5.0, gt=0)
    transaction_max_attempts: int = Field(default=8, ge=1)

    http_host: str = "127.0.0.1"
    http_port: int = 8000
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    api_keys: dict[str, Actor] = Field(
        default_factory=dict,
        description="API key -> organization acting with it (JSON in the environment).",
    )

    @field_validator("api_keys")
    @classmethod
    def refuse_placeholder_keys(cls, keys: dict[str, Actor]) -> dict[str, Actor]:
        for key in keys:
            if key.lower() in _PLACEHOLDER_KEYS or len(key) < 16:
                raise ValueError(
                    "API keys must be at least 16 characters and not a placeholder "
                    f"(refused key starting {key[:4]!r})"
                )
        return keys


def subscriber_options(settings: ServiceSettings, group_id: str) -> dict[str, Any]:
    """The delivery defaults of every subscriber: at least once, acked after the commit."""
    return {
        "group_id": group_id,
        # Nack rewinds to the failed record so it is redelivered; permanent failures are
        # dead-lettered by the middleware and then acked, so nothing blocks forever.
        "ack_policy": AckPolicy.NACK_ON_ERROR,
        "auto_offset_reset": "earliest",
        "session_timeout_ms": settings.kafka_session_timeout_ms,
        "heartbeat_interval_ms": settings.kafka_heartbeat_interval_ms,
        "fetch_max_wait_ms": settings.kafka_fetch_max_wait_ms,
    }
