"""Bearer tokens from an identity provider, verified with a key pair the test makes."""

import json
import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from relay_contracts import OrganizationKind
from relay_eventing.credentials import TokenVerifier

ISSUER = "https://idp.example.ac.kr"
AUDIENCE = "startup-relay"


@pytest.fixture(scope="module")
def signing_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def jwks_of(key: rsa.RSAPrivateKey, kid: str) -> dict[str, Any]:
    public: dict[str, Any] = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    return {"keys": [{**public, "kid": kid, "use": "sig", "alg": "RS256"}]}


def token(key: rsa.RSAPrivateKey, kid: str = "k1", **overrides: Any) -> str:
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": "kim.officer@cau.ac.kr",
        "org": "cau",
        "org_kind": "university",
        "exp": int(time.time()) + 300,
        **overrides,
    }
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


def test_a_token_from_the_identity_provider_names_the_person_and_organization(
    signing_key: rsa.RSAPrivateKey,
) -> None:
    verifier = TokenVerifier(issuer=ISSUER, audience=AUDIENCE, jwks=jwks_of(signing_key, "k1"))
    actor = verifier.actor_for(token(signing_key))
    assert actor is not None
    assert actor.organization_id == "cau"
    assert actor.organization_kind is OrganizationKind.UNIVERSITY
    assert actor.user == "kim.officer@cau.ac.kr"


@pytest.mark.parametrize(
    "overrides",
    [
        {"iss": "https://evil.example"},
        {"aud": "another-app"},
        {"exp": int(time.time()) - 10},
        {"org_kind": "emperor"},
    ],
)
def test_a_token_with_a_wrong_issuer_audience_expiry_or_kind_is_refused(
    signing_key: rsa.RSAPrivateKey, overrides: dict[str, Any]
) -> None:
    verifier = TokenVerifier(issuer=ISSUER, audience=AUDIENCE, jwks=jwks_of(signing_key, "k1"))
    assert verifier.actor_for(token(signing_key, **overrides)) is None


def test_a_token_signed_by_a_key_the_provider_does_not_publish_is_refused(
    signing_key: rsa.RSAPrivateKey,
) -> None:
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    verifier = TokenVerifier(issuer=ISSUER, audience=AUDIENCE, jwks=jwks_of(signing_key, "k1"))
    assert verifier.actor_for(token(forger)) is None
    assert verifier.actor_for(token(forger, kid="unknown")) is None
    assert verifier.actor_for("not-a-jwt") is None
