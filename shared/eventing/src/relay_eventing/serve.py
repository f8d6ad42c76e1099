"""Serving a service's app over HTTP until SIGTERM, within the shutdown bound."""

import uvicorn
from fastapi import FastAPI

from relay_eventing.logs import configure_logging
from relay_eventing.settings import ServiceSettings
from relay_eventing.tracing import configure_tracing


def serve(app: FastAPI, settings: ServiceSettings) -> None:
    """Run a service until SIGTERM or Ctrl-C, then stop within the shutdown bound.

    On SIGTERM uvicorn stops accepting requests and waits for those in flight; the lifespan then
    stops the subscribers (an unfinished transaction is rolled back and its record, never
    acknowledged, is redelivered) and flushes the relay, all within `shutdown_flush_timeout_s`.
    """
    service = str(app.state.runtime.service)
    configure_logging(service, settings.log_level, settings.log_format)
    configure_tracing(service)
    uvicorn.run(
        app,
        host=settings.http_host,
        port=settings.http_port,
        log_level=settings.log_level.lower(),
        log_config=None,
        timeout_graceful_shutdown=max(1, int(settings.shutdown_flush_timeout_s / 2)),
    )
