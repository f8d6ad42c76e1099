"""Domain errors, each answered with its own HTTP status by the composition root."""


class GrowthRuleViolation(Exception):
    """A request that breaks a rule of the agency stage (answered 409)."""


class AccessDenied(Exception):
    """The acting organization may not see or touch this (answered 403)."""


class NotFound(Exception):
    """Nothing with this id exists (answered 404)."""

    def __init__(self, what: str) -> None:
        super().__init__(f"{what} not found")
