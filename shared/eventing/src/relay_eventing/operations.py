"""Routes every service answers for operators and tools: health, republish, rebuild, AsyncAPI."""

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from relay_contracts import OrganizationKind
from relay_eventing.errors import Forbidden, NotFound
from relay_eventing.http import ActorDep
from relay_eventing.projections import UnknownProjection
from relay_eventing.runtime import ServiceRuntime


def get_runtime(request: Request) -> ServiceRuntime:
    runtime: ServiceRuntime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[ServiceRuntime, Depends(get_runtime)]


def _operator_only(actor: ActorDep, what: str) -> None:
    if actor.organization_kind is not OrganizationKind.OPERATOR:
        raise Forbidden(f"only an operator can {what}")


router = APIRouter(tags=["operations"])


@router.get("/health")
async def health(runtime: RuntimeDep) -> dict[str, Any]:
    """Liveness of the database link, the relay backlog and what was dead-lettered."""
    await runtime.db.command("ping")
    return {
        "service": runtime.service,
        "status": "ok",
        "outbox_pending": await runtime.outbox.count_pending(),
        "published_total": runtime.relay.published_total,
        "duplicates_absorbed": runtime.inbox.duplicates_absorbed,
        "dead_lettered": runtime.dead_letters.by_topic,
        "broker_losses_detected": runtime.broker_watch.losses_detected,
    }


@router.post("/operations/republish")
async def republish(
    runtime: RuntimeDep, actor: ActorDep, since: datetime | None = None
) -> dict[str, int]:
    """Operators: send this service's event log again, all of it or from `since`."""
    _operator_only(actor, "republish the event log")
    return {"queued": await runtime.republish(since)}


@router.post("/operations/rebuild/{consumer}")
async def rebuild(
    consumer: str, runtime: RuntimeDep, actor: ActorDep, since: datetime | None = None
) -> dict[str, Any]:
    """Operators: reset a projection so it is rebuilt when its producers republish.

    Follow with `POST /operations/republish` (same `since`) on each producer it consumes.
    """
    _operator_only(actor, "rebuild a projection")
    try:
        return await runtime.projections.reset(consumer, since)
    except UnknownProjection:
        raise NotFound(f"projection {consumer}") from None


@router.get("/asyncapi.json")
async def asyncapi(runtime: RuntimeDep) -> dict[str, Any]:
    """The events this service consumes and publishes, generated from the contracts."""
    return runtime.asyncapi()
