"""Credentials: API keys held only as SHA-256 digests, and bearer tokens from an identity provider.

An API key is random with a visible prefix (`rk_…`), so a leaked one is recognisable in a scan;
the services hold only its digest, with the organization, a label and the user or integration
it belongs to. An organization may hold several keys, so a key is rotated by minting a new one,
moving the client, then revoking the old one. People sign in through their institution's
identity provider: its JWTs are verified against the configured issuer, audience and keys.
"""

import hashlib
import json
import re
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

import jwt
from pydantic import BaseModel, ConfigDict, Field, field_validator

from relay_contracts import Actor, OrganizationKind

KEY_PREFIX = "rk_"
_DIGEST = re.compile(r"^sha256:[0-9a-f]{64}$")


def digest(key: str) -> str:
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


class ApiKey(BaseModel):
    """One issued key, as the services hold it: its digest and whom it belongs to."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    digest: str = Field(description="`sha256:<hex>` of the key; the key itself is never held.")
    organization_id: str
    organization_kind: OrganizationKind
    label: str = Field(default="", max_length=200, description="What the key is for.")
    user: str | None = Field(
        default=None, max_length=200, description="The person or integration using the key."
    )

    @field_validator("digest")
    @classmethod
    def only_digests(cls, value: str) -> str:
        if not _DIGEST.match(value):
            raise ValueError("api keys are configured by digest (sha256:<64 hex>), never in clear")
        return value

    @property
    def actor(self) -> Actor:
        return Actor(
            organization_id=self.organization_id,
            organization_kind=self.organization_kind,
            user=self.user or f"key:{self.label or self.digest[7:15]}",
        )


def mint(
    organization_id: str,
    kind: OrganizationKind,
    *,
    label: str = "",
    user: str | None = None,
) -> tuple[str, ApiKey]:
    """A new key (shown once, to whoever asked) and the record the services hold."""
    key = new_key()
    record = ApiKey(
        digest=digest(key),
        organization_id=organization_id,
        organization_kind=kind,
        label=label,
        user=user,
    )
    return key, record


class KeyRing:
    """The issued keys, looked up by the digest of what a client presents."""

    def __init__(self, keys: Iterable[ApiKey], revoked: Iterable[str] = ()) -> None:
        gone = set(revoked)
        self._by_digest = {key.digest: key for key in keys if key.digest not in gone}

    def actor_for(self, presented: str) -> Actor | None:
        found = self._by_digest.get(digest(presented))
        return found.actor if found else None

    def __len__(self) -> int:
        return len(self._by_digest)


class TokenVerifier:
    """Verifies an identity provider's JWT and reads the organization and person from it.

    Claims: `sub` (the person), `org` (organization id), `org_kind` (its kind). Signature,
    issuer, audience and expiry are checked against the configured values and JWKS.
    """

    def __init__(self, *, issuer: str, audience: str, jwks: Mapping[str, Any]) -> None:
        self._issuer = issuer
        self._audience = audience
        self._keys = {
            key.key_id: key for key in jwt.PyJWKSet.from_dict(dict(jwks)).keys if key.key_id
        }

    def actor_for(self, token: str) -> Actor | None:
        try:
            header = jwt.get_unverified_header(token)
            key = self._keys.get(header.get("kid", ""))
            if key is None:
                return None
            claims = jwt.decode(
                token,
                key.key,
                algorithms=["RS256", "ES256", "EdDSA"],
                audience=self._audience,
                issuer=self._issuer,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
            return Actor(
                organization_id=str(claims["org"]),
                organization_kind=OrganizationKind(claims["org_kind"]),
                user=str(claims["sub"]),
            )
        except (jwt.PyJWTError, KeyError, ValueError):
            return None


def parse_jwks(text: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(text)
    return document
