"""The ways a request can break a rule of the university stage."""


class IntakeRuleViolation(Exception):
    """A request that conflicts with the startup's current state (answered 409)."""


class AccessDenied(Exception):
    """The acting organization may not do this (answered 403, with the reason)."""


class NotFound(Exception):
    """No such thing in intake (answered 404)."""


class InvalidField(Exception):
    """A field is invalid against reference data held in the database (answered 422)."""

    def __init__(self, location: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.location = location
        self.message = message
