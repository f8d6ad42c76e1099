"""The Mongo side every repository shares: the BSON mapping, pages of a query, and seeding."""

import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any, TypeVar

from pydantic import BaseModel
from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.collection import AsyncCollection

from relay_eventing.paging import PageRequest, encode_cursor

M = TypeVar("M", bound=BaseModel)

# A legal form before a company's name says nothing about which company it is.
_LEADING_LEGAL_FORM = (
    r"(?:주식회사|유한회사|\(주\)|㈜|\(유\)|(?:inc|corp|corporation|co|ltd|llc|company)\.?)?"
)
_NOT_A_LETTER = re.compile(r"[\W_]+")


def _encode(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _encode(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_encode(item) for item in value]
    # BSON has datetimes only; a calendar date is kept as its ISO string, which sorts correctly.
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    return value


def to_document(model: BaseModel, id_field: str) -> dict[str, Any]:
    """A model as stored: its id field becomes `_id`."""
    document: dict[str, Any] = _encode(model.model_dump())
    document["_id"] = document.pop(id_field)
    return document


def from_document(cls: type[M], document: Mapping[str, Any], id_field: str) -> M:
    fields = dict(document)
    fields[id_field] = fields.pop("_id")
    return cls.model_validate(fields)


def all_of(*filters: Mapping[str, Any]) -> dict[str, Any]:
    """Every filter must hold, as one flat filter when no field is named twice.

    SecantusDB plans a top-level `$and` as a collection scan even when an index covers its
    fields; MongoDB plans both forms alike. A field two filters name differently keeps the
    `$and` (a district narrowing by another's id must still match nothing).
    """
    merged: dict[str, Any] = {}
    for each in filters:
        for field, value in each.items():
            if field in merged and merged[field] != value:
                return {"$and": [dict(each) for each in filters if each]}
            merged[field] = value
    return merged


async def find_page(
    collection: AsyncCollection[Any],
    query: Mapping[str, Any],
    request: PageRequest,
    *,
    sort_field: str = "_id",
    session: AsyncClientSession | None = None,
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of `query` ordered by (`sort_field`, `_id`), and the cursor of the next page.

    Index `(…equality fields, sort_field, _id)` for each list, so a page is a range scan.
    """
    direction = DESCENDING if request.descending else ASCENDING
    beyond = "$lt" if request.descending else "$gt"
    filters: dict[str, Any] = dict(query)
    if request.after is not None:
        value, last_id = request.after
        if sort_field == "_id":
            filters = all_of(filters, {"_id": {beyond: last_id}})
        else:
            filters = {
                "$and": [
                    filters,
                    {
                        "$or": [
                            {sort_field: {beyond: value}},
                            {sort_field: value, "_id": {beyond: last_id}},
                        ]
                    },
                ]
            }
    order = (
        [(sort_field, direction)]
        if sort_field == "_id"
        else [
            (sort_field, direction),
            ("_id", direction),
        ]
    )
    cursor = collection.find(filters, session=session).sort(order).limit(request.limit + 1)
    documents = [document async for document in cursor]
    more = len(documents) > request.limit
    documents = documents[: request.limit]
    if not more or not documents:
        return documents, None
    last = documents[-1]
    return documents, encode_cursor(_field(last, sort_field), last["_id"])


def _field(document: Mapping[str, Any], dotted: str) -> Any:
    value: Any = document
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def company_name_filter(prefix: str) -> dict[str, Any]:
    """The filter every list applies to `company_name`: a prefix of the name, as intake finds it.

    Case, spacing, punctuation and a leading legal form are ignored, so "상도" finds
    "(주)상도보이스" and "상도 보이스 주식회사" alike.
    """
    letters = _NOT_A_LETTER.sub("", unicodedata.normalize("NFKC", prefix).casefold())
    between = r"[\W_]*"
    body = between.join(re.escape(letter) for letter in letters)
    pattern = rf"^\W*{_LEADING_LEGAL_FORM}{between}{body}"
    return {"$regex": pattern, "$options": "i"}


async def seed(
    collection: AsyncCollection[Any],
    documents: Iterable[Mapping[str, Any]],
    *,
    session: AsyncClientSession | None = None,
) -> None:
    """Insert each document (by its `_id`) unless present: data edited by operators outranks
    the code's defaults, and a restart seeds nothing twice."""
    for document in documents:
        fields = {key: value for key, value in document.items() if key != "_id"}
        await collection.update_one(
            {"_id": document["_id"]}, {"$setOnInsert": fields}, upsert=True, session=session
        )
