"""Composition root of growth: settings, runtime, routes and subscriptions, wired in create_app."""

from fastapi import FastAPI

from growth import subscribers
from growth.api import difficulties, innovation, offers, outcomes, programs, reference
from growth.api import webhooks as webhook_routes
from growth.repository import collections
from growth.repository.directory import AgencyDirectory
from growth.settings import Settings
from growth.workers import dispatch_webhooks
from relay_eventing import ServiceRuntime
from relay_eventing.app import service_app

SERVICE = "growth"


async def prepare_database(runtime: ServiceRuntime) -> None:
    await collections.ensure_indexes(runtime.db)
    await collections.seed_reference_data(runtime.db)


def create_app(settings: Settings | None = None) -> FastAPI:
    runtime = ServiceRuntime(settings or Settings(), SERVICE)
    subscribers.register(runtime)
    return service_app(
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
        directory=AgencyDirectory(runtime.db),
    )
