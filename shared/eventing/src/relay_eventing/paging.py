"""One cursor page for every list: `limit`, an opaque `cursor`, newest first by default.

A list never caps silently: it answers a page and the cursor of the next one, until there is
none. The cursor is the sort key of the last item, so a page is an index range, not a skip.
"""

import base64
import binascii
from dataclasses import dataclass
from typing import Annotated, Any, Generic, Literal, TypeVar

import bson
from bson import json_util
from bson.errors import InvalidDocument
from fastapi import Depends, Query
from pydantic import BaseModel, Field

from relay_eventing.errors import InvalidField

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """A page of a list and how to ask for the next one."""

    items: list[T]
    next_cursor: str | None = Field(
        default=None, description="Pass as `cursor` for the next page; absent on the last page."
    )


@dataclass(frozen=True)
class PageRequest:
    limit: int
    order: Literal["newest", "oldest"]
    after: tuple[Any, Any] | None  # (sort value, _id) of the last item already seen

    @property
    def descending(self) -> bool:
        return self.order == "newest"


def encode_cursor(sort_value: Any, document_id: Any) -> str:
    raw = json_util.dumps([sort_value, document_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[Any, Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value, document_id = json_util.loads(raw)
        # What the database could not take (an integer beyond int64, …) is no cursor of ours.
        bson.encode({"value": value, "id": document_id})
    except (binascii.Error, ValueError, TypeError, OverflowError, InvalidDocument) as error:
        raise InvalidField(("query", "cursor"), "not a cursor this service gave out") from error
    return value, document_id


def page_request(
    limit: Annotated[int, Query(ge=1, le=200, description="Items per page.")] = 50,
    cursor: Annotated[
        str | None, Query(max_length=512, description="`next_cursor` of the previous page.")
    ] = None,
    order: Annotated[
        Literal["newest", "oldest"], Query(description="Newest first unless asked otherwise.")
    ] = "newest",
) -> PageRequest:
    return PageRequest(limit, order, decode_cursor(cursor) if cursor else None)


PageDep = Annotated[PageRequest, Depends(page_request)]

# The list filters every service shares (with `startup_id`, `company_name`, `from`/`to`).
BusinessNumber = Annotated[
    str | None,
    Query(
        pattern=r"^\d{3}-?\d{2}-?\d{5}$",
        description="사업자등록번호, with or without dashes.",
        examples=["1234567890"],
    ),
]
