"""Idempotency keys, stored in the same transaction as the submission they answered."""

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from intake.repository.collections import IDEMPOTENCY_KEYS
from relay_eventing import UnitOfWork
from relay_eventing.errors import RuleViolation


class IdempotencyKeyReused(RuleViolation):
    """The key already answered a request with a different body."""


def fingerprint(body: dict[str, Any]) -> str:
    """The same request body gives the same fingerprint whatever the key order."""
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


class IdempotencyKeys:
    def __init__(self, unit: UnitOfWork) -> None:
        self._writes = unit.writes
        self._collection = unit.db[IDEMPOTENCY_KEYS]
        self._session = unit.session

    @staticmethod
    def _id(scope: str, key: str) -> str:
        # Scoped by organization: one university's key never answers another's request.
        return f"{scope}|{key}"

    async def answer_of(self, scope: str, key: str, body_fingerprint: str) -> dict[str, Any] | None:
        """The first answer given to this key, or None for a key not used yet.

        Raises IdempotencyKeyReused when the key answered another body.
        """
        document = await self._collection.find_one(
            {"_id": self._id(scope, key)}, session=self._session
        )
        if document is None:
            return None
        if document["fingerprint"] != body_fingerprint:
            raise IdempotencyKeyReused(f"Idempotency-Key {key!r} was used with a different body")
        answer: dict[str, Any] = document["response"]
        return answer

    def remember(
        self, scope: str, key: str, body_fingerprint: str, response: dict[str, Any]
    ) -> None:
        """Written with the submission; DuplicateKeyError at the end of the unit when a
        concurrent request with the key committed first."""
        self._writes.insert(
            IDEMPOTENCY_KEYS,
            {
                "_id": self._id(scope, key),
                "fingerprint": body_fingerprint,
                "response": response,
                "created_at": datetime.now(UTC),
            },
        )
