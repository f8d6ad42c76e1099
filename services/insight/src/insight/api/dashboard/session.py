"""Who is signed in to the dashboard: a session cookie opened with an organization's key.

The cookie holds a random token only (HttpOnly, SameSite=Strict, Secure except on plain http
to the loopback address, where `make run` serves); insight keeps the token's digest with the
digest of the key that opened it, so removing or revoking the key ends the session too.

CSRF: the only state-changing forms are sign-in and sign-out. A SameSite=Strict cookie is not
sent on a request another site starts, so a forged sign-out cannot reach a session, and a
forged sign-in can only open a session with a key the forger already holds. Every other page
is a GET that changes nothing; hence no CSRF token.
"""

import secrets
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import Depends, Request, Response

from insight.api.deps import SettingsDep
from insight.domain.access import Viewer
from insight.domain.sessions import DashboardSession
from insight.repository import Sessions
from insight.settings import Settings
from relay_contracts import Actor
from relay_eventing.credentials import digest
from relay_eventing.errors import Forbidden
from relay_eventing.http import Identities
from relay_eventing.operations import RuntimeDep

COOKIE = "insight_session"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def sessions(runtime: RuntimeDep) -> Sessions:
    return Sessions(runtime.db)


SessionsDep = Annotated[Sessions, Depends(sessions)]


def actor_of_key(request: Request, key: str) -> Actor | None:
    """The shared credential check every route's X-API-Key goes through."""
    identities: Identities = request.app.state.identities
    return identities.keys.actor_for(key)


def _actor_of_digest(settings: Settings, key_digest: str) -> Actor | None:
    if key_digest in settings.revoked_keys:
        return None
    record = next((k for k in settings.api_keys if k.digest == key_digest), None)
    return record.actor if record else None


def _secure(request: Request) -> bool:
    return not (request.url.scheme == "http" and request.url.hostname in LOOPBACK)


async def open_session(
    request: Request, response: Response, store: Sessions, key: str, hours: float
) -> None:
    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    actor = actor_of_key(request, key)
    assert actor is not None, "open a session only for a key the credential check accepted"
    await store.open(
        DashboardSession(
            session_id=digest(token),
            key_digest=digest(key),
            organization_id=actor.organization_id,
            created_at=now,
            expires_at=now + timedelta(hours=hours),
        )
    )
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(hours * 3600),
        path="/",
        secure=_secure(request),
        httponly=True,
        samesite="strict",
    )


async def close_session(request: Request, response: Response, store: Sessions) -> None:
    token = request.cookies.get(COOKIE)
    if token:
        await store.close(digest(token))
    response.delete_cookie(
        COOKIE, path="/", secure=_secure(request), httponly=True, samesite="strict"
    )


async def signed_in(request: Request, store: SessionsDep, settings: SettingsDep) -> Viewer | None:
    """The reader of a live session, under the same rules as a key on the JSON routes."""
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    session = await store.live(digest(token), datetime.now(UTC))
    if session is None:
        return None
    actor = _actor_of_digest(settings, session.key_digest)
    if actor is None:
        await store.close(session.session_id)
        return None
    try:
        return Viewer.of(actor)
    except Forbidden:
        return None


SignedInDep = Annotated[Viewer | None, Depends(signed_in)]
