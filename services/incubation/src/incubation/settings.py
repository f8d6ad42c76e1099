"""Incubation settings, read from `INCUBATION_*` environment variables inside `create_app`."""

from pathlib import Path

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from relay_eventing import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="INCUBATION_", extra="ignore")

    mongo_database: str = "incubation"
    http_port: int = 8002
    # Grants to one startup and approvals into one facility contend on one document by design.
    transaction_max_attempts: int = Field(default=16, ge=1)
    handoff_offer_days: int = Field(default=14, ge=1, description="Days an agency has to answer.")
    handoff_sweep_interval_s: float = Field(
        default=5.0, gt=0, description="How often lapsed offers are looked for."
    )
    agencies: list[str] = Field(
        default=["sba", "kosme", "kicox"], description="Agencies a handoff can be offered to."
    )
    reference_data_path: Path | None = Field(
        default=None, description="Seed file of districts; the packaged one when empty."
    )
