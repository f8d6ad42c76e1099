"""How far behind the producers insight is, per source topic and partition."""

from dataclasses import asdict
from datetime import UTC, datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field

from insight.api.deps import SettingsDep, ViewerDep
from insight.handlers.lag import measure_lag
from insight.subscribers import consumer_groups

router = APIRouter(tags=["lag"])


class PartitionLagView(BaseModel):
    partition: int
    end_offset: int
    committed_offset: int | None
    lag: int


class TopicLagView(BaseModel):
    topic: str
    consumer_group: str
    lag: int | None = Field(description="Records not yet read; none when not measurable.")
    partitions: list[PartitionLagView]
    reason: str | None = Field(description="Why the lag is unknown, when it is.")


class LagView(BaseModel):
    measured_at: datetime
    total: int | None = Field(description="Sum over the topics; none if any is unknown.")
    topics: list[TopicLagView]


@router.get("/lag")
async def lag(viewer: ViewerDep, settings: SettingsDep) -> LagView:
    """End offset minus committed offset of each of insight's consumer groups."""
    topics = await measure_lag(
        settings.kafka_bootstrap_servers, consumer_groups("insight"), settings.lag_timeout_s
    )
    lags = [topic.lag for topic in topics]
    return LagView(
        measured_at=datetime.now(UTC),
        total=None if any(value is None for value in lags) else sum(v for v in lags if v),
        topics=[TopicLagView(**asdict(topic)) for topic in topics],
    )
