"""A dashboard session: a person signed in with their organization's key, for some hours.

The cookie carries only a random token; insight keeps the token's digest and the digest of
the key that opened it (so a key revoked or removed ends its sessions), never the key.
"""

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class DashboardSession(BaseModel):
    model_config = ConfigDict(frozen=True)

    session_id: str  # sha256 digest of the cookie's token
    key_digest: str
    organization_id: str  # whose it is, for an operator reading the collection
    created_at: datetime
    expires_at: datetime

    def live_at(self, now: datetime) -> bool:
        return now < self.expires_at
