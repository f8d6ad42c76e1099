"""Routes every service answers for operators and tools: health, republish, rebuild, AsyncAPI."""

import asyncio
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST

from relay_eventing.access import OperatorDep
from relay_eventing.errors import NotFound
from relay_eventing.observe import consumer_lag, metrics_text, readiness
from relay_eventing.projections import UnknownProjection
from relay_eventing.runtime import ServiceRuntime


def get_runtime(request: Request) -> ServiceRuntime:
    runtime: ServiceRuntime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[ServiceRuntime, Depends(get_runtime)]


router = APIRouter(tags=["operations"])


@router.get("/health/live")
async def live() -> dict[str, str]:
    """The process answers: restart it only when this fails."""
    return {"status": "ok"}


@router.get(
    "/health/ready",
    responses={503: {"description": "Not ready: the checks say which part is missing."}},
)
async def ready(runtime: RuntimeDep) -> JSONResponse:
    """Send traffic only when the database, the broker, the relay and the consumers work."""
    checks = await readiness(runtime)
    status = 200 if all(checks.values()) else 503
    body = {"status": "ready" if status == 200 else "not ready", "checks": checks}
    return JSONResponse(status_code=status, content=body)


@router.get("/metrics", response_class=PlainTextResponse)
async def metrics(runtime: RuntimeDep) -> Response:
    """Prometheus text: FastStream's, HTTP's and the runtime's own figures."""
    return Response(await metrics_text(runtime), media_type=CONTENT_TYPE_LATEST)


@router.get("/operations/status")
async def status(runtime: RuntimeDep, _: OperatorDep) -> dict[str, Any]:
    """Operators: readiness, outbox backlog, consumer lag and dead letters of this service."""
    oldest = await runtime.outbox.oldest_pending()
    return {
        "service": runtime.service,
        "checks": await readiness(runtime),
        "outbox_pending": await runtime.outbox.count_pending(),
        "outbox_oldest_pending_at": oldest.isoformat() if oldest else None,
        "consumer_lag": await _lag_or_none(runtime),
        "dead_lettered": {
            sample.labels["topic"]: int(sample.value)
            for metric in runtime.metrics.dead_letters.collect()
            for sample in metric.samples
            if sample.name.endswith("_total")
        },
    }


async def _lag_or_none(runtime: ServiceRuntime) -> list[dict[str, Any]] | None:
    """None when the broker does not answer in time: unknown, not zero."""
    try:
        return await asyncio.wait_for(consumer_lag(runtime), 5.0)
    except Exception:
        return None


@router.post("/operations/republish")
async def republish(
    runtime: RuntimeDep, _: OperatorDep, since: datetime | None = None
) -> dict[str, int]:
    """Operators: send this service's event log again, all of it or from `since`."""
    return {"queued": await runtime.republish(since)}


@router.post("/operations/rebuild/{consumer}")
async def rebuild(
    consumer: str, runtime: RuntimeDep, _: OperatorDep, since: datetime | None = None
) -> dict[str, Any]:
    """Operators: reset a projection so it is rebuilt when its producers republish.

    Follow with `POST /operations/republish` (same `since`) on each producer it consumes.
    """
    try:
        return await runtime.projections.reset(consumer, since)
    except UnknownProjection:
        raise NotFound(f"projection {consumer}") from None


@router.get("/asyncapi.json")
async def asyncapi(runtime: RuntimeDep) -> dict[str, Any]:
    """The events this service consumes and publishes, generated from the contracts."""
    return runtime.asyncapi()
