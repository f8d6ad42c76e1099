"""Every event class of every producer, and the topics they travel on."""

from relay_contracts import growth, incubation, intake
from relay_contracts.envelope import Event


def _collect() -> tuple[type[Event], ...]:
    found: list[type[Event]] = []
    for module in (intake, incubation, growth):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Event) and "topic" in vars(value):
                found.append(value)
    return tuple(found)


ALL_EVENTS: tuple[type[Event], ...] = _collect()


def topics() -> list[str]:
    """Every event topic, in a stable order."""
    return sorted(event.topic for event in ALL_EVENTS)


def events_of(producer: str) -> list[type[Event]]:
    """The events one service produces."""
    return [event for event in ALL_EVENTS if event.producer() == producer]
