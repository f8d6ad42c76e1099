"""Composition root of incubation: settings, runtime, routes, subscriptions and the sweeper."""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pymongo.errors import PyMongoError

from incubation import repository, subscribers
from incubation.api import ROUTERS
from incubation.domain.errors import IncubationRuleViolation, NotAllowed, NotFound
from incubation.handlers.reference import load_reference_data, seed_reference_data
from incubation.repository import StaleRecord
from incubation.settings import Settings
from incubation.sweeper import handoff_sweeper
from relay_eventing import ServiceRuntime, UnitOfWork
from relay_eventing.service import service_app
from relay_eventing.unit_of_work import is_transient

SERVICE = "incubation"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    runtime = ServiceRuntime(settings, SERVICE)
    subscribers.register(runtime)
    reference_data = load_reference_data(settings.reference_data_path)

    async def prepare(runtime: ServiceRuntime) -> None:
        await repository.ensure_indexes(runtime.db)

        async def seed(unit: UnitOfWork) -> None:
            await seed_reference_data(unit, reference_data)

        await runtime.transact(seed)

    app = service_app(
        runtime,
        routers=ROUTERS,
        on_startup=[prepare],
        background=[handoff_sweeper(settings.handoff_sweep_interval_s)],
        conflicts=[IncubationRuleViolation, StaleRecord],
    )

    async def answer_forbidden(_: Request, error: Exception) -> JSONResponse:
        return JSONResponse(status_code=403, content={"detail": str(error)})

    async def answer_not_found(_: Request, error: Exception) -> JSONResponse:
        return JSONResponse(status_code=404, content={"detail": str(error)})

    async def answer_busy(_: Request, error: Exception) -> JSONResponse:
        if isinstance(error, PyMongoError) and is_transient(error):
            # Contention outlasted the bounded retries: nothing was written, the client may retry.
            return JSONResponse(
                status_code=503,
                content={"detail": "busy: too many concurrent changes, try again"},
                headers={"Retry-After": "1"},
            )
        return JSONResponse(status_code=500, content={"detail": "database error"})

    app.add_exception_handler(PyMongoError, answer_busy)
    app.add_exception_handler(NotAllowed, answer_forbidden)
    app.add_exception_handler(NotFound, answer_not_found)
    return app
