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
    backdate_days: int = Field(
        default=30,
        ge=0,
        le=3660,
        description="A seat's start or a move-in further back than this many days needs a "
        "backdate_reason.",
    )
    seat_lead_days: int = Field(
        default=0,
        ge=0,
        le=366,
        description="How many days ahead an approval may date the seat's start (0: not ahead).",
    )
    agencies: list[str] = Field(
        default=["sba", "kosme", "kicox"], description="Agencies a handoff can be offered to."
    )
    reference_data_path: Path | None = Field(
        default=None, description="Seed file of districts; the packaged one when empty."
    )
