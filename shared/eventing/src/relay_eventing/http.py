"""Who is calling: the organization and person behind a request, from its credential only.

An API key (`X-API-Key`) for machine clients, or a bearer token from the institution's identity
provider (`Authorization: Bearer …`). The acting person comes from the credential, never from a
header the caller writes.
"""

import asyncio
import json
import urllib.request
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from relay_contracts import Actor
from relay_eventing.credentials import KeyRing, TokenVerifier
from relay_eventing.errors import Unauthenticated
from relay_eventing.settings import ServiceSettings

_api_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="Organization API key.")
_bearer = HTTPBearer(
    auto_error=False, description="A JWT from the institution's identity provider."
)


class Identities:
    """The credentials a service accepts: its key ring and, when configured, a token verifier."""

    def __init__(self, keys: KeyRing, tokens: TokenVerifier | None) -> None:
        self.keys = keys
        self.tokens = tokens

    @classmethod
    async def from_settings(cls, settings: ServiceSettings) -> "Identities":
        keys = KeyRing(settings.api_keys, settings.revoked_keys)
        jwks = settings.auth_jwks
        if jwks is None and settings.auth_jwks_url:
            jwks = await asyncio.to_thread(_fetch_json, settings.auth_jwks_url)
        tokens = None
        if jwks is not None and settings.auth_issuer and settings.auth_audience:
            tokens = TokenVerifier(
                issuer=settings.auth_issuer, audience=settings.auth_audience, jwks=jwks
            )
        return cls(keys, tokens)


def _fetch_json(url: str) -> dict[str, object]:
    with urllib.request.urlopen(url, timeout=10) as answer:
        document: dict[str, object] = json.loads(answer.read())
        return document


def current_actor(
    request: Request,
    api_key: Annotated[str | None, Depends(_api_key)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    """The organization (and person) behind the request, or 401."""
    identities: Identities = request.app.state.identities
    if bearer is not None:
        actor = identities.tokens.actor_for(bearer.credentials) if identities.tokens else None
        if actor is None:
            raise Unauthenticated("bearer token not accepted")
        return actor
    if api_key is None:
        raise Unauthenticated("missing credential: X-API-Key or Authorization: Bearer")
    actor = identities.keys.actor_for(api_key)
    if actor is None:
        raise Unauthenticated("unknown or revoked API key")
    return actor


ActorDep = Annotated[Actor, Depends(current_actor)]
