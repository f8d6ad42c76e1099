"""Traces with OpenTelemetry: exported by OTLP when `OTEL_EXPORTER_OTLP_ENDPOINT` is set.

The runtime always asks the global tracer provider, which does nothing until a process (a
service's `serve`, or a test with an in-memory exporter) installs a real one. FastStream's
`KafkaTelemetryMiddleware` makes the consume and publish spans and carries `traceparent` in the
records' headers; the outbox keeps the writer's `traceparent`, so the relay's publish, later
and in another task, continues the same trace.
"""

import os

from fastapi import FastAPI
from opentelemetry import trace
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor


def configure_tracing(service: str) -> None:
    """Install an OTLP-exporting provider for this process, if an endpoint is configured."""
    if not os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"):
        return
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    name = os.environ.get("OTEL_SERVICE_NAME", service)
    provider = TracerProvider(resource=Resource.create({SERVICE_NAME: name}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)


def instrument_http(app: FastAPI) -> None:
    """A server span per request, parent of the spans its transaction and publish make."""
    FastAPIInstrumentor.instrument_app(
        app, tracer_provider=trace.get_tracer_provider(), excluded_urls="health/.*,metrics"
    )
