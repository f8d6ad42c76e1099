"""The journey of one startup across the three services."""

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field

from insight.api.deps import JournalDep, ViewerDep
from insight.domain.entries import JourneyEntry
from insight.domain.summaries import summarize
from insight.handlers.journeys import read_journey

router = APIRouter(tags=["journeys"])


class ActingOrganization(BaseModel):
    organization_id: str = Field(examples=["snu"])
    organization_kind: str = Field(examples=["university"])


class ChangedRecord(BaseModel):
    field: str = Field(description="Which id it is in its service.", examples=["case_id"])
    id: str = Field(description="The id of the record the event changed in its service.")


class JourneyStep(BaseModel):
    occurred_at: datetime
    service: str = Field(description="The service that published the event.", examples=["intake"])
    event_type: str = Field(examples=["StartupSubmitted"])
    event_id: str
    acting: ActingOrganization
    summary_ko: str = Field(description="One line in Korean.")
    summary_en: str = Field(description="One line in English.")
    correlation_id: str
    causation_id: str | None
    record: ChangedRecord
    startup_id: str = Field(description="The id it was published under (a merged id, maybe).")

    @classmethod
    def of(cls, entry: JourneyEntry) -> "JourneyStep":
        summary_ko, summary_en = summarize(entry)
        return cls(
            occurred_at=entry.occurred_at,
            service=entry.service,
            event_type=entry.event_type,
            event_id=entry.event_id,
            acting=ActingOrganization(
                organization_id=entry.actor_id, organization_kind=entry.actor_kind
            ),
            summary_ko=summary_ko,
            summary_en=summary_en,
            correlation_id=entry.correlation_id,
            causation_id=entry.causation_id,
            record=ChangedRecord(field=entry.record_field, id=entry.record_id),
            startup_id=entry.startup_id,
        )


class JourneyView(BaseModel):
    startup_id: str = Field(description="The surviving id; the requested one if never merged.")
    requested_id: str
    merged_ids: list[str] = Field(description="Ids merged into this startup; their steps show.")
    steps: list[JourneyStep] = Field(
        description="Every step, each after its cause, then by time and event id. A journey is "
        "one startup's events, so it is answered whole rather than paged."
    )


@router.get("/startups/{startup_id}/journey")
async def journey(startup_id: str, viewer: ViewerDep, journal: JournalDep) -> JourneyView:
    """Every event of a startup across intake, incubation and growth, in causal order.

    A merged-away id answers the survivor's journey (`startup_id` names it). A startup your
    organization never held answers 403; an id insight never heard of, 404.
    """
    found = await read_journey(journal, viewer, startup_id)
    return JourneyView(
        startup_id=found.startup_id,
        requested_id=found.requested_id,
        merged_ids=found.merged_ids,
        steps=[JourneyStep.of(entry) for entry in found.entries],
    )
