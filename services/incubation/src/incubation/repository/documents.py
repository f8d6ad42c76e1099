"""Mapping domain models to BSON documents: `_id` from the model's id, dates as ISO strings."""

from datetime import date, datetime
from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


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
    document: dict[str, Any] = _encode(model.model_dump())
    document["_id"] = document.pop(id_field)
    return document


def from_document(cls: type[M], document: dict[str, Any], id_field: str) -> M:
    fields = dict(document)
    fields[id_field] = fields.pop("_id")
    return cls.model_validate(fields)
