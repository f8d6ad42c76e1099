"""`/metrics` on the real servers: the libraries' and the runtime's figures, moving with work."""

from collections.abc import Callable
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

from conftest import eventually, serving
from relay_devstack.servers import Server, start_broker
from relay_eventing import ServiceSettings
from tests.probe import create_probe, unique


async def scrape(probe: httpx.AsyncClient) -> dict[str, list[tuple[dict[str, str], float]]]:
    """Every sample of the text format, parsed by prometheus_client's own parser."""
    answer = await probe.get("/metrics")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain")
    samples: dict[str, list[tuple[dict[str, str], float]]] = {}
    for family in text_string_to_metric_families(answer.text):
        for sample in family.samples:
            samples.setdefault(sample.name, []).append((sample.labels, sample.value))
    return samples


def total(
    samples: dict[str, list[tuple[dict[str, str], float]]], name: str, **labels: str
) -> float:
    return sum(
        value
        for found, value in samples.get(name, [])
        if all(found.get(key) == wanted for key, wanted in labels.items())
    )


async def test_metrics_show_kafka_http_and_runtime_figures_of_the_work_done(
    settings_for: Callable[[str], dict[str, Any]],
) -> None:
    settings = ServiceSettings(**settings_for("probe"))
    async with serving(create_probe(settings), "probe") as probe:
        for _ in range(3):
            assert (await probe.post(f"/submissions/{unique('st-metrics')}")).status_code == 200

        async def consumed_all() -> dict[str, list[tuple[dict[str, str], float]]] | None:
            samples = await scrape(probe)
            consumed = total(samples, "faststream_received_processed_messages_total") >= 3
            # Published records are marked in batches, a moment after the broker's ack.
            marked = total(samples, "relay_outbox_pending_records") == 0
            return samples if consumed and marked else None

        samples = await eventually(consumed_all, what="the three submissions to be consumed")

    assert total(samples, "relay_events_published_total", event_type="StartupSubmitted") == 3
    assert total(samples, "faststream_published_messages_total") >= 3
    assert total(samples, "http_requests_total", handler="/submissions/{startup_id}") == 3
    assert total(samples, "relay_publish_latency_seconds_count") == 3
    assert "relay_consumer_lag_records" in samples
    assert "relay_dead_letters_total" not in samples  # nothing was dead-lettered yet


async def test_lag_grows_while_a_consumer_is_stopped_and_drains_when_it_starts(
    settings_for: Callable[[str], dict[str, Any]],
) -> None:
    settings = ServiceSettings(**settings_for("probe"))
    app = create_probe(settings)
    group = "probe.record_submission"
    async with serving(app, "probe") as probe:
        subscriber = next(
            s
            for s in app.state.runtime.broker.subscribers
            if "startup-submitted" in s.topic_names[0]
        )
        await subscriber.stop()
        for _ in range(4):
            assert (await probe.post(f"/submissions/{unique('st-lag')}")).status_code == 200

        async def lagging() -> float:
            return total(await scrape(probe), "relay_consumer_lag_records", group=group) >= 4

        await eventually(lagging, what="the stopped group's lag to show the four records")
        await subscriber.start()

        async def drained() -> bool:
            samples = await scrape(probe)
            return total(samples, "relay_consumer_lag_records", group=group) == 0

        await eventually(drained, timeout_s=30, what="the restarted consumer to catch up")


async def test_backlog_builds_while_the_broker_is_gone_and_drains_when_it_is_back(
    settings_for: Callable[[str], dict[str, Any]], broker_server: Server
) -> None:
    settings = ServiceSettings(**{**settings_for("probe"), "broker_check_interval_s": 0.5})
    async with serving(create_probe(settings), "probe") as probe:
        broker_server.kill()
        restarted: Server | None = None
        try:
            for _ in range(3):
                assert (await probe.post(f"/submissions/{unique('st-gone')}")).status_code == 200

            async def backlog() -> bool:
                samples = await scrape(probe)
                return (
                    total(samples, "relay_outbox_pending_records") >= 3
                    and total(samples, "relay_outbox_oldest_pending_age_seconds") > 0
                )

            await eventually(backlog, what="the outbox backlog to show the unsent records")
            restarted = start_broker(broker_server.port)

            async def drained() -> bool:
                samples = await scrape(probe)
                return (
                    total(samples, "relay_outbox_pending_records") == 0
                    and total(samples, "relay_broker_losses_detected_total") >= 1
                )

            await eventually(drained, timeout_s=40, what="the backlog to drain on the new broker")
        finally:
            if restarted is not None:
                restarted.stop()
