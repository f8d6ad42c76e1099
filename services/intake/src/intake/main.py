"""Composition root of intake: settings, runtime, routes and subscriptions, wired in create_app."""

from fastapi import FastAPI

from intake import subscribers
from intake.api import reference, stages, startups
from intake.repository import prepare_database
from intake.settings import Settings
from relay_eventing import ServiceRuntime
from relay_eventing.app import service_app

SERVICE = "intake"


def create_app(settings: Settings | None = None) -> FastAPI:
    runtime = ServiceRuntime(settings or Settings(), SERVICE)
    subscribers.register(runtime)
    return service_app(
        runtime,
        routers=[startups.router, stages.router, reference.router],
        on_startup=[prepare_database],
    )
