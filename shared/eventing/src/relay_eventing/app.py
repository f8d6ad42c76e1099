"""The FastAPI application every service is: lifespan, errors, operator routes, its own routers."""

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Sequence
from contextlib import asynccontextmanager
from http import HTTPStatus
from typing import Any

from aiokafka.errors import KafkaError
from fastapi import APIRouter, FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from prometheus_fastapi_instrumentator import Instrumentator
from pymongo.errors import ConnectionFailure, PyMongoError
from starlette.exceptions import HTTPException as StarletteHTTPException

from relay_contracts.registry import events_of
from relay_eventing import operations
from relay_eventing.access import Directory, TrustIssuedCredentials
from relay_eventing.errors import ERROR_RESPONSES, Busy, DomainError, ErrorBody, error_body
from relay_eventing.guards import Guards
from relay_eventing.http import Identities
from relay_eventing.runtime import ServiceRuntime
from relay_eventing.tracing import instrument_http
from relay_eventing.unit_of_work import is_transient

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


def service_app(
    runtime: ServiceRuntime,
    *,
    routers: Sequence[APIRouter],
    on_startup: Sequence[StartupHook] = (),
    background: Sequence[BackgroundLoop] = (),
    directory: Directory | None = None,
) -> FastAPI:
    """Build the app of one service from its runtime, routers, start-up hooks and loops.

    `directory` is the reference data the authorization layer checks callers against.
    """
    runtime.declare_publishers(events_of(runtime.service))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.identities = await Identities.from_settings(runtime.settings)

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
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
            await runtime.stop()

    app = FastAPI(title=f"Startup Relay · {runtime.service}", version="1.0.0", lifespan=lifespan)
    app.state.runtime = runtime
    app.state.directory = directory or TrustIssuedCredentials()
    app.add_middleware(
        Guards,
        max_body_bytes=runtime.settings.max_body_bytes,
        per_minute=runtime.settings.rate_limit_per_minute,
        burst=runtime.settings.rate_limit_burst,
    )
    for router in routers:
        app.include_router(router, responses=ERROR_RESPONSES)
    app.include_router(operations.router, responses=ERROR_RESPONSES)
    Instrumentator(
        registry=runtime.metrics.registry,
        excluded_handlers=["/metrics", "/health/live", "/health/ready"],
    ).instrument(app)
    instrument_http(app)
    app.add_exception_handler(DomainError, _answer_domain_error)
    app.add_exception_handler(RequestValidationError, _answer_invalid_request)
    app.add_exception_handler(StarletteHTTPException, _answer_http_exception)
    app.add_exception_handler(PyMongoError, _answer_database_error)
    return app


async def _answer_domain_error(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DomainError)
    headers = {"Retry-After": "1"} if isinstance(error, Busy) else None
    return JSONResponse(status_code=error.status, content=error_body(error), headers=headers)


async def _answer_http_exception(_: Request, error: Exception) -> Response:
    """The framework's own refusals (a body that is not JSON, an unknown route, a wrong method)
    in the one documented body."""
    assert isinstance(error, StarletteHTTPException)
    code = HTTPStatus(error.status_code).phrase.lower().replace(" ", "_")
    body = ErrorBody(detail=str(error.detail), code=code).model_dump()
    return JSONResponse(status_code=error.status_code, content=body, headers=error.headers)


async def _answer_invalid_request(_: Request, error: Exception) -> Response:
    """FastAPI's own 422 body, encoded so that any input it echoes is valid JSON.

    The default answer fails on a lone surrogate in the input (it cannot be UTF-8); escaping
    non-ASCII keeps the body and the documented schema intact.
    """
    assert isinstance(error, RequestValidationError)
    body = json.dumps({"detail": jsonable_encoder(error.errors())}, ensure_ascii=True)
    return Response(body, status_code=422, media_type="application/json")


async def _answer_database_error(request: Request, error: Exception) -> JSONResponse:
    if isinstance(error, PyMongoError) and (
        is_transient(error) or isinstance(error, ConnectionFailure)
    ):
        # Contention or an outage outlasted the bounded retries: nothing was written.
        return await _answer_domain_error(
            request, Busy("busy: the database did not answer, try again")
        )
    raise error
