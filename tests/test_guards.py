"""The guards in front of every route: write rate per credential, body size, correlation id."""

from collections.abc import Callable
from typing import Any
from uuid import UUID, uuid4

from conftest import key_of, serving
from relay_eventing import ServiceSettings
from tests.probe import create_probe, unique


async def test_writes_beyond_a_credentials_rate_are_refused_with_retry_after(
    settings_for: Callable[[str], dict[str, Any]],
) -> None:
    values = {**settings_for("probe"), "rate_limit_per_minute": 60, "rate_limit_burst": 3}
    async with serving(create_probe(ServiceSettings(**values)), "probe") as probe:
        answers = [
            await probe.post(f"/submissions/{unique('st-rate')}", headers=key_of("snu"))
            for _ in range(4)
        ]
        other = await probe.post(f"/submissions/{unique('st-rate')}", headers=key_of("cau"))
        read = await probe.get("/health/live", headers=key_of("snu"))
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[3].json()["code"] == "rate_limited"
    assert int(answers[3].headers["Retry-After"]) >= 1
    assert other.status_code == 200, "another credential has a bucket of its own"
    assert read.status_code == 200, "reads are not limited"


async def test_a_body_over_the_limit_is_refused_before_any_route_reads_it(
    settings_for: Callable[[str], dict[str, Any]],
) -> None:
    values = {**settings_for("probe"), "max_body_bytes": 1024}
    async with serving(create_probe(ServiceSettings(**values)), "probe") as probe:
        answer = await probe.post(
            f"/submissions/{unique('st-big')}", content=b"x" * 2048, headers=key_of("snu")
        )
    assert answer.status_code == 413
    assert answer.json()["code"] == "too_large"


async def test_the_correlation_id_sent_comes_back_and_one_is_made_when_none_is_sent(
    settings_for: Callable[[str], dict[str, Any]],
) -> None:
    flow = str(uuid4())
    async with serving(create_probe(ServiceSettings(**settings_for("probe"))), "probe") as probe:
        echoed = await probe.get("/health/live", headers={"X-Correlation-Id": flow})
        made = await probe.get("/health/live", headers={"X-Correlation-Id": "not-a-uuid"})
    assert echoed.headers["X-Correlation-Id"] == flow
    assert UUID(made.headers["X-Correlation-Id"]) != UUID(flow)
