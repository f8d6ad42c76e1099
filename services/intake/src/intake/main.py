"""Composition root of intake: settings, runtime, routes and subscriptions, wired in create_app."""

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from intake import subscribers
from intake.adapters.collections import ensure_indexes
from intake.adapters.reference import seed_reference_data
from intake.adapters.repository import StaleSubmission
from intake.domain.errors import AccessDenied, IntakeRuleViolation, InvalidField, NotFound
from intake.entrypoints import reference, stages, startups
from intake.settings import Settings
from relay_eventing import ServiceRuntime
from relay_eventing.service import service_app

SERVICE = "intake"


async def _prepare_database(runtime: ServiceRuntime) -> None:
    await ensure_indexes(runtime.db)
    await seed_reference_data(runtime.db)


async def _forbidden(_: Request, error: Exception) -> JSONResponse:
    return JSONResponse(status_code=403, content={"detail": str(error)})


async def _not_found(_: Request, error: Exception) -> JSONResponse:
    return JSONResponse(status_code=404, content={"detail": str(error)})


async def _invalid(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, InvalidField)
    detail: list[dict[str, Any]] = [
        {"type": "value_error", "loc": list(error.location), "msg": error.message}
    ]
    return JSONResponse(status_code=422, content={"detail": detail})


def create_app(settings: Settings | None = None) -> FastAPI:
    runtime = ServiceRuntime(settings or Settings(), SERVICE)
    subscribers.subscribe(runtime)
    app = service_app(
        runtime,
        routers=[startups.router, stages.router, reference.router],
        on_startup=[_prepare_database],
        conflicts=[IntakeRuleViolation, StaleSubmission],
    )
    app.add_exception_handler(AccessDenied, _forbidden)
    app.add_exception_handler(NotFound, _not_found)
    app.add_exception_handler(InvalidField, _invalid)
    return app
