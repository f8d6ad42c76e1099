"""Growth use cases: each takes the unit of work and returns the events it emits."""

from datetime import UTC, datetime
from typing import Any

from relay_contracts import Envelope
from relay_contracts.incubation import GrowthHandoffOffered
from relay_eventing import UnitOfWork

from growth.model import HandoffOffer
from growth.repository import OfferRepository


async def record_handoff_offer(
    unit: UnitOfWork, offered: Envelope[GrowthHandoffOffered]
) -> list[Envelope[Any]]:
    """An offer reaches the agency it was made to: put it in that agency's queue."""
    payload = offered.payload
    await OfferRepository(unit).add(
        HandoffOffer(
            handoff_id=payload.handoff_id,
            startup_id=offered.startup_id,
            agency_id=payload.agency_id,
            district_id=payload.district_id,
            company_name=payload.company_name,
            sector=payload.sector,
            needs=list(payload.needs),
            expires_at=payload.expires_at,
            received_at=datetime.now(UTC),
        )
    )
    return []
