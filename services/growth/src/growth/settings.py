"""Growth settings, read from `GROWTH_*` environment variables inside `create_app`."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from relay_eventing import ServiceRuntime, ServiceSettings

WEEK_S = 7 * 24 * 3600.0


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="GROWTH_", extra="ignore")

    mongo_database: str = "growth"
    http_port: int = 8003

    webhook_poll_interval_s: float = Field(
        default=5.0,
        gt=0,
        description="The dispatcher's safety poll, for deliveries another process queued or a"
        " lease a dead one left; this process's commits and retries wake it at once.",
    )
    webhook_batch_size: int = Field(default=20, ge=1)
    webhook_timeout_s: float = Field(default=10.0, gt=0)
    webhook_lease_s: float = Field(
        default=60.0, gt=0, description="How long a claimed delivery is kept from other workers."
    )
    webhook_backoff_base_s: float = Field(default=2.0, gt=0)
    webhook_backoff_cap_s: float = Field(default=600.0, gt=0)
    webhook_pause_after_failures: int = Field(
        default=8, ge=1, description="Consecutive failed attempts after which a webhook pauses."
    )
    webhook_allow_development_targets: bool = Field(
        default=False,
        description="Development only: accept http:// webhook targets and ones on loopback or"
        " private addresses (a receiver on the same machine). Never set in production.",
    )
    difficulty_answer_within_s: float = Field(
        default=WEEK_S, gt=0, description="A ticket unanswered for longer is overdue."
    )


def settings_of(runtime: ServiceRuntime) -> Settings:
    settings = runtime.settings
    if not isinstance(settings, Settings):
        raise TypeError("growth runs with growth settings")
    return settings
