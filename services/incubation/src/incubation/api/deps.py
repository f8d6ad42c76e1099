"""What the routes need besides the runtime: the service settings and the acting district."""

from typing import Annotated

from fastapi import Depends, Request

from incubation.settings import Settings
from relay_contracts import OrganizationKind
from relay_eventing.errors import Forbidden
from relay_eventing.http import ActorDep


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.runtime.settings
    return settings


def acting_district(actor: ActorDep) -> str:
    if actor.organization_kind is not OrganizationKind.DISTRICT:
        raise Forbidden("only a district office can do this")
    return actor.organization_id


SettingsDep = Annotated[Settings, Depends(get_settings)]
DistrictDep = Annotated[str, Depends(acting_district)]
