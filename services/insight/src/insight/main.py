"""Composition root of insight: settings, runtime, routes and one subscription per topic."""

from fastapi import FastAPI

from insight import repository, subscribers
from insight.api import ROUTERS
from insight.settings import Settings
from relay_eventing import ServiceRuntime
from relay_eventing.app import service_app

SERVICE = "insight"


def create_app(settings: Settings) -> FastAPI:
    runtime = ServiceRuntime(settings, SERVICE)
    subscribers.register(runtime)

    async def prepare(runtime: ServiceRuntime) -> None:
        await repository.ensure_indexes(runtime.db)

    return service_app(runtime, routers=ROUTERS, on_startup=[prepare])
