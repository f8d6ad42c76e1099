"""Composition root of intake: settings, runtime, routes and subscriptions, wired in create_app."""

from fastapi import FastAPI
from relay_eventing import ServiceRuntime
from relay_eventing.service import service_app

from intake import api, repository
from intake.model import IntakeRuleViolation
from intake.repository import StaleStartup
from intake.settings import Settings

SERVICE = "intake"


def create_app(settings: Settings | None = None) -> FastAPI:
    runtime = ServiceRuntime(settings or Settings(), SERVICE)
    return service_app(
        runtime,
        routers=[api.router],
        on_startup=[lambda rt: repository.ensure_indexes(rt.db)],
        conflicts=[IntakeRuleViolation, StaleStartup],
    )
