"""One error vocabulary for every service, one mapping to HTTP, one documented body.

Domain code raises these (they import nothing from a web framework); `install_error_handlers`
answers each with its status and an `ErrorBody`, and `ERROR_RESPONSES` documents them on every
route of every service's OpenAPI document.
"""

from collections.abc import Sequence
from typing import Any, ClassVar

from pydantic import BaseModel, Field


class DomainError(Exception):
    """Base of the errors a request can meet; `status` is what HTTP answers."""

    status: ClassVar[int] = 400
    code: ClassVar[str] = "bad_request"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Unauthenticated(DomainError):
    """No credential, or one nobody issued."""

    status = 401
    code = "unauthenticated"


class Forbidden(DomainError):
    """The acting organization may not do this, or may not see it."""

    status = 403
    code = "forbidden"


class NotFound(DomainError):
    """Nothing with this id exists (or none the caller may know of)."""

    status = 404
    code = "not_found"

    def __init__(self, what: str) -> None:
        super().__init__(f"{what} not found")


class RuleViolation(DomainError):
    """The request breaks a rule of the current state (a stage, a budget, a duplicate)."""

    status = 409
    code = "rule_violation"


class Conflict(DomainError):
    """Someone changed the record between read and write; read it again and retry."""

    status = 409
    code = "conflict"


class InvalidField(DomainError):
    """A field is wrong against data the schema cannot know (reference data, stored state).

    Answered 422 in FastAPI's own validation shape, so a client reads one format for both.
    """

    status = 422
    code = "invalid_field"

    def __init__(self, location: Sequence[str | int], message: str) -> None:
        super().__init__(message)
        self.location = tuple(location)


class Busy(DomainError):
    """Contention outlasted the bounded retries; nothing was written, try again."""

    status = 503
    code = "busy"


class ErrorBody(BaseModel):
    """The body of every 4xx/5xx answer other than 422."""

    detail: str = Field(
        description="What went wrong, for a person.", examples=["case c1 not found"]
    )
    code: str = Field(description="A stable machine-readable reason.", examples=["not_found"])


def error_body(error: DomainError) -> dict[str, Any]:
    if isinstance(error, InvalidField):
        return {
            "detail": [{"type": "value_error", "loc": list(error.location), "msg": error.message}]
        }
    return ErrorBody(detail=error.message, code=error.code).model_dump()


_DESCRIPTIONS = {
    400: "Malformed request.",
    401: "Missing or unknown credential.",
    403: "The organization may not do this.",
    404: "No such resource, or none visible to the organization.",
    409: "Breaks a rule of the current state, or a concurrent change won.",
    413: "The request body is larger than the service accepts.",
    429: "Too many writes with this credential; retry after the `Retry-After` seconds.",
    503: "Busy; nothing was written. Retry after the `Retry-After` seconds.",
}

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": description}
    for status, description in _DESCRIPTIONS.items()
}
