"""Intake settings, read from `INTAKE_*` environment variables inside `create_app`."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from relay_eventing import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="INTAKE_", extra="ignore")

    mongo_database: str = "intake"
    http_port: int = 8001
    directory_refresh_s: float = Field(
        default=30.0,
        gt=0,
        le=3600,
        description="How often the universities of the program are read again into memory.",
    )
