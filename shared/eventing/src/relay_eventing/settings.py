"""Settings every service shares: broker, database, relay and organization API keys."""

from typing import Any, Literal

from faststream.middlewares import AckPolicy
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from relay_eventing.credentials import ApiKey


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
    relay_poll_interval_s: float = Field(
        default=0.5, gt=0, description="The relay's first pause after a failed round."
    )
    relay_sweep_interval_s: float = Field(
        default=5.0,
        gt=0,
        description="How often the relay looks for records another process committed or a"
        " crashed one left; its own process's commits wake it at once.",
    )
    broker_check_interval_s: float = Field(
        default=2.0, gt=0, description="How often to look for a broker that lost our topics."
    )
    recovery_margin_s: float = Field(
        default=60.0,
        ge=0,
        description="After a broker loss, records are asked for again from this long before the"
        " newest one applied: it covers the clock difference between the hosts that stamp a"
        " record's send and its published mark (see relay_eventing.recovery).",
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
    log_format: Literal["auto", "json", "console"] = Field(
        default="auto", description="JSON lines, or readable lines; auto: console at a terminal."
    )

    api_keys: list[ApiKey] = Field(
        default_factory=list,
        description="Issued API keys by digest, with their organization (JSON in the environment;"
        " `relay keys mint` prints one).",
    )
    revoked_keys: list[str] = Field(
        default_factory=list, description="Digests of keys that no longer open anything."
    )
    auth_issuer: str | None = Field(default=None, description="Identity provider's JWT issuer.")
    auth_audience: str | None = Field(default=None, description="Audience our tokens carry.")
    auth_jwks: dict[str, Any] | None = Field(
        default=None, description="The identity provider's public keys (a JWKS document)."
    )
    auth_jwks_url: str | None = Field(
        default=None, description="Where to fetch the JWKS at start, when not given inline."
    )
    rate_limit_per_minute: int = Field(
        default=6_000, ge=1, description="Writes per minute one credential may make."
    )
    rate_limit_burst: int = Field(default=600, ge=1, description="Writes allowed at once.")
    max_body_bytes: int = Field(default=1_048_576, ge=1_024, description="Largest request body.")

    @field_validator("revoked_keys")
    @classmethod
    def revoked_by_digest(cls, digests: list[str]) -> list[str]:
        for value in digests:
            ApiKey.only_digests(value)
        return digests


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
