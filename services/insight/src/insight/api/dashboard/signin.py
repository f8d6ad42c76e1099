"""Signing in to the dashboard with an organization's key, and out again."""

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse

from insight.api.dashboard.render import page
from insight.api.dashboard.session import (
    SessionsDep,
    SignedInDep,
    actor_of_key,
    close_session,
    open_session,
)
from insight.api.deps import SettingsDep
from insight.domain.access import Viewer
from relay_eventing.errors import Forbidden

router = APIRouter(include_in_schema=False)
HOME = "/dashboard/funnel"


@router.get("/")
async def home(request: Request, viewer: SignedInDep) -> Response:
    if viewer is not None:
        return RedirectResponse(HOME, status_code=303)
    return page(request, "sign_in.html", viewer=None, error=None)


@router.post("/dashboard/sign-in")
async def sign_in(
    request: Request,
    store: SessionsDep,
    settings: SettingsDep,
    key: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    actor = actor_of_key(request, key.strip()) if key.strip() else None
    if actor is None:
        error = ("키를 확인해 주세요.", "That key is not one insight accepts.")
        return page(request, "sign_in.html", status=401, viewer=None, error=error)
    try:
        Viewer.of(actor)
    except Forbidden:
        error = (
            "협의체, 운영자, 대학·자치구·지원기관만 볼 수 있습니다.",
            "Insight is read by the council, operators and institutions.",
        )
        return page(request, "sign_in.html", status=403, viewer=None, error=error)
    response = RedirectResponse(HOME, status_code=303)
    await open_session(request, response, store, key.strip(), settings.dashboard_session_hours)
    return response


@router.post("/dashboard/sign-out")
async def sign_out(request: Request, store: SessionsDep) -> Response:
    response = RedirectResponse("/", status_code=303)
    await close_session(request, response, store)
    return response
