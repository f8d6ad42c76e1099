"""The FastAPI shell every service shares: lifespan, identity, operator routes, domain errors."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Annotated, Any

import uvicorn
from aiokafka.errors import KafkaError
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from pymongo.errors import ConnectionFailure

from relay_contracts import OrganizationKind
from relay_contracts.registry import events_of
from relay_eventing.http import ActorDep, forbidden, install_api_keys, not_found
from relay_eventing.projections import UnknownProjection
from relay_eventing.runtime import ServiceRuntime
from relay_eventing.settings import ServiceSettings

log = logging.getLogger(__name__)
StartupHook = Callable[[ServiceRuntime], Awaitable[None]]
# A loop that runs while the service runs (a sweeper, a webhook dispatcher); cancelled on stop.
BackgroundLoop = Callable[[ServiceRuntime], Coroutine[Any, Any, None]]


async def when_reachable(prepare: Callable[[], Awaitable[None]], timeout_s: float) -> None:
    """Run an idempotent start-up step until the database and broker answer, within a bound.

    A service restarted while its database or broker is itself restarting waits for them, as
    an orchestrator would otherwise have to restart it again; a server still unreachable after
    `timeout_s` fails the start with its last error.
    """
    deadline = asyncio.get_running_loop().time() + timeout_s
    pause = 0.2
    while True:
        try:
            await prepare()
            return
        except (ConnectionFailure, KafkaError) as error:
            if asyncio.get_running_loop().time() + pause > deadline:
                raise
            log.warning("waiting for the database and broker to answer: %r", error)
            await asyncio.sleep(pause)
            pause = min(pause * 2, 2.0)


def get_runtime(request: Request) -> ServiceRuntime:
    runtime: ServiceRuntime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[ServiceRuntime, Depends(get_runtime)]


def service_app(
    runtime: ServiceRuntime,
    *,
    routers: Sequence[APIRouter],
    on_startup: Sequence[StartupHook] = (),
    background: Sequence[BackgroundLoop] = (),
    conflicts: Sequence[type[Exception]] = (),
) -> FastAPI:
    """Build the app of one service; `conflicts` are domain errors answered with 409."""
    runtime.declare_publishers(events_of(runtime.service))

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        async def prepare() -> None:
            for hook in on_startup:
                await hook(runtime)
            await runtime.prepare()

        await when_reachable(prepare, runtime.settings.startup_timeout_s)
        await runtime.start()
        tasks = [asyncio.create_task(loop(runtime), name=loop.__name__) for loop in background]
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await runtime.stop()

    app = FastAPI(title=f"Startup Relay · {runtime.service}", version="1.0.0", lifespan=lifespan)
    app.state.runtime = runtime
    install_api_keys(app.state, runtime.settings.api_keys)
    for router in routers:
        app.include_router(router)
    app.include_router(_operations_router())

    async def answer_conflict(_: Request, error: Exception) -> JSONResponse:
        return JSONResponse(status_code=409, content={"detail": str(error)})

    for conflict in conflicts:
        app.add_exception_handler(conflict, answer_conflict)
    return app


def _operations_router() -> APIRouter:
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
            "duplicates_absorbed": runtime.applier.duplicates_absorbed,
            "dead_lettered": runtime.dead_letters.by_topic,
            "broker_losses_detected": runtime.broker_watch.losses_detected,
        }

    @router.post("/operations/republish")
    async def republish(
        runtime: RuntimeDep, actor: ActorDep, since: datetime | None = None
    ) -> dict[str, int]:
        """Operators: send this service's event log again, all of it or from `since`."""
        if actor.organization_kind is not OrganizationKind.OPERATOR:
            raise forbidden("only an operator can republish the event log")
        return {"queued": await runtime.republish(since)}

    @router.post("/operations/rebuild/{consumer}")
    async def rebuild(
        consumer: str, runtime: RuntimeDep, actor: ActorDep, since: datetime | None = None
    ) -> dict[str, Any]:
        """Operators: reset a projection so it is rebuilt when its producers republish.

        Follow with `POST /operations/republish` (same `since`) on each producer it consumes.
        """
        if actor.organization_kind is not OrganizationKind.OPERATOR:
            raise forbidden("only an operator can rebuild a projection")
        try:
            return await runtime.projections.reset(consumer, since)
        except UnknownProjection:
            raise not_found(f"projection {consumer}") from None

    @router.get("/asyncapi.json")
    async def asyncapi(runtime: RuntimeDep) -> dict[str, Any]:
        """The events this service consumes and publishes, generated from the contracts."""
        return runtime.asyncapi()

    return router


def serve(app: FastAPI, settings: ServiceSettings) -> None:
    """Run a service until SIGTERM or Ctrl-C, then stop within the shutdown bound.

    On SIGTERM uvicorn stops accepting requests and waits for those in flight; the lifespan then
    stops the subscribers (an unfinished transaction is rolled back and its record, never
    acknowledged, is redelivered) and flushes the relay.
    """
    uvicorn.run(
        app,
        host=settings.http_host,
        port=settings.http_port,
        log_level=settings.log_level.lower(),
        timeout_graceful_shutdown=max(1, int(settings.shutdown_flush_timeout_s)),
    )
