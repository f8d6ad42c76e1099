"""One trace from a university's HTTP request to growth's consumer, across the outbox."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from conftest import eventually, key_of, serving
from growth.main import create_app as create_growth
from growth.settings import Settings as GrowthSettings
from incubation.main import create_app as create_incubation
from incubation.settings import Settings as IncubationSettings
from intake.main import create_app as create_intake
from intake.settings import Settings as IntakeSettings
from relay_contracts.incubation import SettlementCaseOpened
from relay_contracts.intake import StartupGraduated
from tests.walk import SCORES, SUBMISSION

GRADUATED, OPENED = StartupGraduated.topic, SettlementCaseOpened.topic


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    """The SDK's in-memory exporter behind the process's tracer provider (set once)."""
    exporter = InMemorySpanExporter()
    provider = trace.get_tracer_provider()
    if not isinstance(provider, TracerProvider):
        provider = TracerProvider()
        trace.set_tracer_provider(provider)
    processor = SimpleSpanProcessor(exporter)
    provider.add_span_processor(processor)
    yield exporter
    exporter.clear()
    processor.shutdown()


def named(spans: tuple[ReadableSpan, ...], name: str) -> list[ReadableSpan]:
    return [span for span in spans if span.name == name]


async def test_one_trace_runs_from_the_graduation_request_to_growths_consumer(
    settings_for: Callable[[str], dict[str, Any]], spans: InMemorySpanExporter
) -> None:
    snu = key_of("snu")
    async with (
        serving(create_intake(IntakeSettings(**settings_for("intake"))), "intake") as intake,
        serving(create_incubation(IncubationSettings(**settings_for("incubation"))), "incubation"),
        serving(create_growth(GrowthSettings(**settings_for("growth"))), "growth"),
    ):
        startup = (await intake.post("/startups", json=SUBMISSION, headers=snu)).json()
        path = f"/startups/{startup['startup_id']}"
        await intake.post(f"{path}/screenings", json={"scores": SCORES}, headers=snu)
        await intake.post(f"{path}/decision", json={"decision": "admit"}, headers=snu)
        graduated = await intake.post(f"{path}/graduation", headers=snu)
        assert graduated.is_success, graduated.text

        async def consumed_by_growth() -> tuple[ReadableSpan, ...] | None:
            finished = spans.get_finished_spans()
            # Growth learns the district that holds the startup from the opened case.
            return finished if named(finished, f"{OPENED} process") else None

        finished = await eventually(consumed_by_growth, what="growth's consume of the case")

    request = next(
        s
        for s in finished
        if s.kind is trace.SpanKind.SERVER
        and (s.attributes or {}).get("http.route") == "/startups/{startup_id}/graduation"
    )
    trace_id = request.context.trace_id
    chain = {
        "intake publishes the graduation": named(finished, f"{GRADUATED} publish"),
        "incubation consumes it": named(finished, f"{GRADUATED} process"),
        "incubation publishes the case": named(finished, f"{OPENED} publish"),
        "growth consumes the case": named(finished, f"{OPENED} process"),
    }
    for step, found in chain.items():
        assert any(span.context.trace_id == trace_id for span in found), (
            f"{step}: not in the request's trace"
        )
