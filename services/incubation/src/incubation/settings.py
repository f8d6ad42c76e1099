"""Incubation settings, read from `INCUBATION_*` environment variables inside `create_app`."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict
from relay_eventing import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="INCUBATION_", extra="ignore")

    mongo_database: str = "incubation"
    http_port: int = 8002
    handoff_offer_days: int = Field(default=14, ge=1, description="Days an agency has to answer.")
