"""Insight settings, read from `INSIGHT_*` environment variables when the service starts."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from relay_eventing import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="INSIGHT_", extra="ignore")

    mongo_database: str = "insight"
    http_port: int = 8004
    lag_timeout_s: float = Field(
        default=5.0, gt=0, description="How long GET /lag waits for the broker's answers."
    )
    dashboard_session_hours: float = Field(
        default=8.0, gt=0, le=168, description="How long a dashboard sign-in lasts."
    )
