"""Composition root of incubation: settings, runtime, routes and subscriptions in create_app."""

from fastapi import FastAPI
from relay_eventing import ServiceRuntime
from relay_eventing.service import service_app

from incubation import api, repository, subscribers
from incubation.model import IncubationRuleViolation
from incubation.repository import StaleCase
from incubation.settings import Settings

SERVICE = "incubation"


def create_app(settings: Settings | None = None) -> FastAPI:
    runtime = ServiceRuntime(settings or Settings(), SERVICE)
    subscribers.register(runtime)
    return service_app(
        runtime,
        routers=[api.router],
        on_startup=[lambda rt: repository.ensure_indexes(rt.db)],
        conflicts=[IncubationRuleViolation, StaleCase],
    )
