"""Composition root of growth: settings, runtime, routes and subscriptions, wired in create_app."""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from growth import subscribers
from growth.adapters import collections
from growth.adapters.dispatcher import dispatch_webhooks
from growth.api import difficulties, innovation, offers, outcomes, programs, reference
from growth.api import webhooks as webhook_routes
from growth.domain.errors import AccessDenied, GrowthRuleViolation, NotFound
from growth.settings import Settings
from relay_eventing import ServiceRuntime
from relay_eventing.service import service_app

SERVICE = "growth"


async def prepare_database(runtime: ServiceRuntime) -> None:
    await collections.ensure_indexes(runtime.db)
    await collections.seed_reference_data(runtime.db)


def create_app(settings: Settings | None = None) -> FastAPI:
    runtime = ServiceRuntime(settings or Settings(), SERVICE)
    subscribers.register(runtime)
    app = service_app(
        runtime,
        routers=[
            offers.router,
            webhook_routes.router,
            programs.router,
            innovation.router,
            outcomes.router,
            difficulties.router,
            reference.router,
        ],
        on_startup=[prepare_database],
        background=[dispatch_webhooks],
        conflicts=[GrowthRuleViolation],
    )

    async def answer_forbidden(_: Request, error: Exception) -> JSONResponse:
        return JSONResponse(status_code=403, content={"detail": str(error)})

    async def answer_not_found(_: Request, error: Exception) -> JSONResponse:
        return JSONResponse(status_code=404, content={"detail": str(error)})

    app.add_exception_handler(AccessDenied, answer_forbidden)
    app.add_exception_handler(NotFound, answer_not_found)
    return app
