"""ASGI guards in front of every route: correlation id, request size, and write rate per caller."""

import hashlib
import json
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from uuid import UUID, uuid4

from structlog.contextvars import bound_contextvars

from relay_eventing.events import correlation

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CORRELATION_HEADER = b"x-correlation-id"
_WRITES = {"POST", "PUT", "PATCH", "DELETE"}
_CREDENTIAL_HEADERS = (b"x-api-key", b"authorization")


class Guards:
    """One pure ASGI layer (no per-request task, unlike BaseHTTPMiddleware).

    - `X-Correlation-Id`: taken from the request when it is a UUID, made otherwise; returned on
      the response and carried into every event the request causes.
    - Bodies over `max_body_bytes` are refused with 413 before a route reads them.
    - Writes are limited per credential (a token bucket: `per_minute`, `burst`), 429 with
      `Retry-After` beyond it; reads are not limited.
    """

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, per_minute: int, burst: int) -> None:
        self._app = app
        self._max_body = max_body_bytes
        self._rate = per_minute / 60.0
        self._burst = float(burst)
        self._buckets: dict[str, tuple[float, float]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or ())
        correlation_id = _uuid(headers.get(CORRELATION_HEADER)) or uuid4()
        token = correlation.set(correlation_id)
        try:
            with bound_contextvars(correlation_id=str(correlation_id)):
                await self._guarded(scope, receive, send, headers, correlation_id)
        finally:
            correlation.reset(token)

    async def _guarded(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        headers: dict[bytes, bytes],
        correlation_id: UUID,
    ) -> None:
        early = self._refusal(scope, headers)
        if early is not None:
            await _answer(send, *early, correlation_id)
            return

        async def send_with_correlation(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *message.get("headers", []),
                    (CORRELATION_HEADER, str(correlation_id).encode()),
                ]
            await send(message)

        await self._app(scope, receive, send_with_correlation)

    def _refusal(
        self, scope: Scope, headers: dict[bytes, bytes]
    ) -> tuple[int, dict[str, str], dict[str, str]] | None:
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self._max_body:
            body = {"detail": f"request body over {self._max_body} bytes", "code": "too_large"}
            return 413, body, {}
        if scope.get("method") not in _WRITES:
            return None
        credential = next((headers[h] for h in _CREDENTIAL_HEADERS if h in headers), None)
        if credential is None:
            return None  # refused as unauthenticated by the route itself
        wait = self._take(hashlib.sha256(credential).hexdigest())
        if wait > 0:
            body = {"detail": "too many writes with this credential", "code": "rate_limited"}
            return 429, body, {"retry-after": str(max(1, round(wait)))}
        return None

    def _take(self, bucket: str) -> float:
        """Seconds to wait before a token is free; 0 when one was taken now."""
        now = time.monotonic()
        tokens, last = self._buckets.get(bucket, (self._burst, now))
        tokens = min(self._burst, tokens + (now - last) * self._rate)
        if tokens >= 1:
            self._buckets[bucket] = (tokens - 1, now)
            return 0.0
        self._buckets[bucket] = (tokens, now)
        return (1 - tokens) / self._rate


def _uuid(raw: bytes | None) -> UUID | None:
    if not raw:
        return None
    try:
        return UUID(raw.decode("latin-1"))
    except ValueError:
        return None


async def _answer(
    send: Send, status: int, body: dict[str, str], headers: dict[str, str], correlation_id: UUID
) -> None:
    payload = json.dumps(body).encode()
    raw = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
        (CORRELATION_HEADER, str(correlation_id).encode()),
        *((name.encode(), value.encode()) for name, value in headers.items()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": payload})
