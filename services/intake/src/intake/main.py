"""Composition root of intake: settings, runtime, routes and subscriptions, wired in create_app."""

from fastapi import FastAPI

from intake import subscribers, workers
from intake.api import records, reference, stages, startups
from intake.repository import prepare_database
from intake.repository.directory import UniversityDirectory
from intake.settings import Settings
from relay_eventing import ServiceRuntime
from relay_eventing.app import service_app

SERVICE = "intake"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    runtime = ServiceRuntime(settings, SERVICE)
    subscribers.register(runtime)
    return service_app(
        runtime,
        routers=[startups.router, stages.router, records.router, reference.router],
        on_startup=[prepare_database],
        background=[workers.give_old_submissions_search_keys],
        directory=UniversityDirectory.of(runtime.db, settings.directory_refresh_s),
    )
