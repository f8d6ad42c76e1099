"""Growth settings, read from `GROWTH_*` environment variables inside `create_app`."""

from pydantic_settings import SettingsConfigDict
from relay_eventing import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="GROWTH_", extra="ignore")

    mongo_database: str = "growth"
    http_port: int = 8003
