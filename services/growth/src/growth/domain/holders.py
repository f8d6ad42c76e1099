"""Who holds a startup: the institutions working with it at each stage of the relay.

Growth learns them from the relay's events: the university that submitted it (intake's
`StartupSubmitted`), the district that opened its settlement case or offered it
(incubation's `SettlementCaseOpened`, `GrowthHandoffOffered`) and the agency that accepted it.
A holder may raise difficulties for the startup and sees the tickets about it.
"""

from datetime import datetime

from pydantic import BaseModel

from relay_contracts import OrganizationKind


class Holding(BaseModel):
    holding_id: str
    organization_id: str
    organization_kind: OrganizationKind
    startup_id: str
    since: datetime


def holding_key(organization_id: str, startup_id: str) -> str:
    return f"{organization_id}:{startup_id}"
