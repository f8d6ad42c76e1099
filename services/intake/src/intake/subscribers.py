"""Intake's Kafka entry points: what it takes back from the district stage."""

from intake.handlers.graduate import take_back_returned_startup
from relay_contracts.incubation import StartupReturnedToUniversity
from relay_eventing import ServiceRuntime


def subscribe(runtime: ServiceRuntime) -> None:
    runtime.subscribe(
        StartupReturnedToUniversity, "returned_to_university", take_back_returned_startup
    )
