"""Webhook rules: the signature agencies verify, the backoff between attempts, pausing."""

import hashlib
import hmac
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field

TIMESTAMP_HEADER = "X-Relay-Timestamp"
SIGNATURE_HEADER = "X-Relay-Signature"
DELIVERY_HEADER = "X-Relay-Delivery-Id"
EVENT_ID_HEADER = "X-Relay-Event-Id"
EVENT_TYPE_HEADER = "X-Relay-Event-Type"


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """HMAC-SHA256 of `timestamp + "." + body`: the timestamp is signed, so it cannot be moved."""
    message = str(timestamp).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(
    secret: str, timestamp: str, body: bytes, signature: str, *, now: float, tolerance_s: float
) -> bool:
    """What a receiver checks: a fresh timestamp and a signature made with the shared secret."""
    try:
        sent_at = int(timestamp)
    except ValueError:
        return False
    if abs(now - sent_at) > tolerance_s:
        return False
    return hmac.compare_digest(sign(secret, sent_at, body), signature)


def backoff_s(failures: int, *, base_s: float, cap_s: float) -> float:
    """Exponential: base, 2·base, 4·base … after each failure, never beyond the cap."""
    return float(min(cap_s, base_s * 2 ** max(failures - 1, 0)))


class WebhookStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"


class Webhook(BaseModel):
    agency_id: str
    url: str
    secret: str
    status: WebhookStatus = WebhookStatus.ACTIVE
    consecutive_failures: int = 0
    registered_at: datetime
    paused_at: datetime | None = None


class DeliveryStatus(StrEnum):
    # A pending delivery of a paused webhook is kept, not sent, and goes out after a resume.
    PENDING = "pending"
    DELIVERED = "delivered"


class Attempt(BaseModel):
    number: int
    at: datetime
    status_code: int | None = None
    error: str | None = None
    duration_ms: int


class Delivery(BaseModel):
    """One event to one agency's webhook, written in the transaction that recorded the event."""

    delivery_id: str
    agency_id: str
    event_id: str
    event_type: str
    startup_id: str
    body: str
    status: DeliveryStatus
    created_at: datetime
    next_attempt_at: datetime
    lease_until: datetime
    attempts: list[Attempt] = Field(default_factory=list)
    delivered_at: datetime | None = None
