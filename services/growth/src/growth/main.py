"""Composition root of growth: settings, runtime, routes and subscriptions, wired in create_app."""

from fastapi import FastAPI
from relay_eventing import ServiceRuntime
from relay_eventing.service import service_app

from growth import api, repository, subscribers
from growth.model import GrowthRuleViolation
from growth.settings import Settings

SERVICE = "growth"


def create_app(settings: Settings | None = None) -> FastAPI:
    runtime = ServiceRuntime(settings or Settings(), SERVICE)
    subscribers.register(runtime)
    return service_app(
        runtime,
        routers=[api.router],
        on_startup=[lambda rt: repository.ensure_indexes(rt.db)],
        conflicts=[GrowthRuleViolation],
    )
