"""Domain errors, each answered with its own HTTP status by the composition root."""


class IncubationRuleViolation(Exception):
    """A request that breaks a rule of the district stage (409)."""


class NotAllowed(Exception):
    """The acting organization may not see or act on this (403)."""


class NotFound(Exception):
    """The thing asked for does not exist (404)."""

    def __init__(self, what: str) -> None:
        super().__init__(f"{what} not found")
