"""Intake settings, read from `INTAKE_*` environment variables inside `create_app`."""

from pydantic_settings import SettingsConfigDict

from relay_eventing import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="INTAKE_", extra="ignore")

    mongo_database: str = "intake"
    http_port: int = 8001
