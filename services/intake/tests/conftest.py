"""Intake's test fixture: the real app on the real servers (a fresh broker, its own database)."""

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from conftest import serving
from intake.main import create_app
from intake.settings import Settings
from services.intake.tests.kit import Intake


@pytest.fixture
async def intake(
    settings_for: Callable[[str], dict[str, Any]],
    mongo: AsyncMongoClient[Any],
    bootstrap: str,
) -> AsyncIterator[Intake]:
    # A short refresh, so a test sees a university removed from the program refused soon.
    settings = Settings(**settings_for("intake"), directory_refresh_s=1.0)
    async with serving(create_app(settings), "intake") as client:
        yield Intake(client=client, db=mongo[settings.mongo_database], bootstrap=bootstrap)
