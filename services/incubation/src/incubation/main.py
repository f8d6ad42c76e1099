"""Composition root of incubation: settings, runtime, routes, subscriptions and the sweeper."""

from fastapi import FastAPI

from incubation import repository, subscribers
from incubation.api import ROUTERS
from incubation.handlers.reference import load_reference_data, seed_reference_data
from incubation.repository.directory import DistrictDirectory
from incubation.repository.growth import date_undated_handoffs
from incubation.settings import Settings
from incubation.workers import handoff_sweeper
from relay_eventing import ServiceRuntime, UnitOfWork
from relay_eventing.app import service_app

SERVICE = "incubation"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    runtime = ServiceRuntime(settings, SERVICE)
    subscribers.register(runtime)
    reference_data = load_reference_data(settings.reference_data_path)

    async def prepare(runtime: ServiceRuntime) -> None:
        await repository.ensure_indexes(runtime.db)
        await date_undated_handoffs(runtime.db)

        async def seed(unit: UnitOfWork) -> None:
            await seed_reference_data(unit, reference_data)

        await runtime.transact(seed)

    return service_app(
        runtime,
        routers=ROUTERS,
        on_startup=[prepare],
        background=[handoff_sweeper(settings.handoff_sweep_interval_s)],
        directory=DistrictDirectory(runtime.db),
    )
