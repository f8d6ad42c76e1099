"""What the routes need: the reader (one dependency decides who sees what), the journal."""

from typing import Annotated

from fastapi import Depends, Request

from insight.domain.access import Viewer
from insight.repository import Journal
from insight.settings import Settings
from relay_eventing.http import ActorDep
from relay_eventing.operations import RuntimeDep


def reader(actor: ActorDep) -> Viewer:
    """The organization reading; kinds that read nothing here are refused (403)."""
    return Viewer.of(actor)


def journal(runtime: RuntimeDep) -> Journal:
    return Journal(runtime.db)


def settings(request: Request) -> Settings:
    configured: Settings = request.app.state.runtime.settings
    return configured


ViewerDep = Annotated[Viewer, Depends(reader)]
JournalDep = Annotated[Journal, Depends(journal)]
SettingsDep = Annotated[Settings, Depends(settings)]
