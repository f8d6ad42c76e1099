"""A unit of work's last writes, sent with its inbox mark and outbox records as one command.

On the embedded database each command costs about the same whatever it carries, so the writes
a handler no longer needs to read back are held here and sent, in order, in one `bulkWrite`
(MongoDB 8's cross-collection bulk write, inside the unit's transaction) just before the commit.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from pymongo import AsyncMongoClient, InsertOne, ReplaceOne, UpdateMany, UpdateOne
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.errors import ClientBulkWriteException, DuplicateKeyError, OperationFailure

Write = InsertOne[Any] | UpdateOne | UpdateMany | ReplaceOne[Any]
DUPLICATE_KEY = 11000


@dataclass
class Writes:
    """Writes held until the unit ends; a handler must not read back what it put here."""

    database: str
    models: list[Write] = field(default_factory=list)
    # index -> the error to raise when that update or replace matched no document.
    _must_match: dict[int, Callable[[], Exception]] = field(default_factory=dict)

    def _add(self, model: Write, or_raise: Callable[[], Exception] | None) -> None:
        if or_raise is not None:
            self._must_match[len(self.models)] = or_raise
        self.models.append(model)

    def namespace(self, collection: str) -> str:
        return f"{self.database}.{collection}"

    def insert(self, collection: str, *documents: Mapping[str, Any]) -> None:
        """Raises DuplicateKeyError at the end of the unit when a unique key is taken."""
        for document in documents:
            self._add(InsertOne(dict(document), namespace=self.namespace(collection)), None)

    def update(
        self,
        collection: str,
        where: Mapping[str, Any],
        change: Mapping[str, Any],
        *,
        upsert: bool = False,
        or_raise: Callable[[], Exception] | None = None,
    ) -> None:
        """`or_raise` makes a conditional update: no match raises its error, before the commit."""
        namespace = self.namespace(collection)
        self._add(
            UpdateOne(dict(where), dict(change), upsert=upsert, namespace=namespace), or_raise
        )

    def update_many(
        self, collection: str, where: Mapping[str, Any], change: Mapping[str, Any]
    ) -> None:
        namespace = self.namespace(collection)
        self._add(UpdateMany(dict(where), dict(change), namespace=namespace), None)

    def replace(
        self,
        collection: str,
        where: Mapping[str, Any],
        document: Mapping[str, Any],
        *,
        upsert: bool = False,
        or_raise: Callable[[], Exception] | None = None,
    ) -> None:
        namespace = self.namespace(collection)
        model = ReplaceOne(dict(where), dict(document), upsert=upsert, namespace=namespace)
        self._add(model, or_raise)

    @property
    def conditional(self) -> bool:
        """Whether a held write must match a document (`or_raise`)."""
        return bool(self._must_match)

    async def send(
        self,
        client: AsyncMongoClient[Any],
        session: AsyncClientSession | None,
        first: Sequence[Write] = (),
        last: Sequence[Write] = (),
    ) -> None:
        """One command for `first`, the held writes and `last`, in that order.

        Raises what a lone command would have: a transaction error as the server gave it, or
        the first write error (`details["idx"]` is its place in the bulk); else the error of a
        conditional write that matched nothing.
        """
        models = [*first, *self.models, *last]
        if not models:
            return
        try:
            result = await client.bulk_write(
                models, session=session, ordered=True, verbose_results=bool(self._must_match)
            )
        except ClientBulkWriteException as failure:
            raise _cause(failure) from None
        for index, error in self._must_match.items():
            if result.update_results[len(first) + index].matched_count == 0:
                raise error()


def _cause(failure: ClientBulkWriteException) -> Exception:
    if failure.error is not None:
        nested: Exception = failure.error
        return nested
    # PyMongo annotates the write errors as exceptions, but hands over the server's documents.
    errors = cast(list[Mapping[str, Any]], failure.write_errors or [])
    if not errors:
        return failure
    first = errors[0]
    code = first.get("code")
    message = str(first.get("errmsg", "write failed"))
    if code == DUPLICATE_KEY:
        return DuplicateKeyError(message, DUPLICATE_KEY, first)
    return OperationFailure(message, code, first)
