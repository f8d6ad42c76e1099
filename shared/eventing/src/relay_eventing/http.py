"""HTTP plumbing every service shares: the acting organization from its API key, and errors."""

from collections.abc import Mapping
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import APIKeyHeader

from relay_contracts import Actor

_api_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="Organization API key.")


def install_api_keys(state: object, keys: Mapping[str, Actor]) -> None:
    state.api_keys = dict(keys)  # type: ignore[attr-defined]


def current_actor(request: Request, api_key: Annotated[str | None, Depends(_api_key)]) -> Actor:
    """The organization behind the request; the person comes from `X-User` when given."""
    keys: Mapping[str, Actor] = getattr(request.app.state, "api_keys", {})
    if api_key is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "missing X-API-Key header")
    actor = keys.get(api_key)
    if actor is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "unknown API key")
    user = request.headers.get("X-User")
    return actor.model_copy(update={"user": user}) if user else actor


ActorDep = Annotated[Actor, Depends(current_actor)]


def forbidden(reason: str) -> HTTPException:
    return HTTPException(status.HTTP_403_FORBIDDEN, reason)


def not_found(what: str) -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, f"{what} not found")
