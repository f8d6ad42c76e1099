"""Intake's repository: the only code that touches MongoDB (queries, indexes, seeding)."""

from intake.repository.collections import ensure_indexes
from intake.repository.reference import seed_reference_data
from relay_eventing import ServiceRuntime


async def prepare_database(runtime: ServiceRuntime) -> None:
    """Indexes and reference data; both idempotent, so every start runs them."""
    await ensure_indexes(runtime.db)
    await seed_reference_data(runtime.db)
