"""Every id-taking route of every service, probed by everyone who should be refused.

Generated from each service's own OpenAPI document, so a new route is probed without a new
test. A startup is walked through the four services (SNU and CAU hold it at intake, Gwanak at
incubation, SBA declined it and KOSME holds it at growth); then every route that takes an id is
called, with that startup's ids, by every organization with no link to it, by the council on
every write (it reads, it acts nowhere), without a credential and with a revoked key. None may
succeed.
"""

import warnings
from collections import Counter
from collections.abc import Callable
from typing import Any

import httpx
import schemathesis
from hypothesis.errors import NonInteractiveExampleWarning
from schemathesis.core import NotSet

from conftest import ORGANIZATIONS, key_of, key_records
from relay_contracts import Actor, OrganizationKind
from relay_devstack.organizations import ORGANIZATIONS as KINDS
from relay_eventing.credentials import digest
from tests.walk import Stack, Walked, four_services, walk

LINKED = {"snu", "cau", "gwanak", "sba", "kosme", "council", "operator"}
STRANGERS = sorted(set(KINDS) - LINKED)
REVOKED_KEY = "test-key-revoked-snu-0000"
# Reference data any member may read; what identifies it is not a startup's record.
REFERENCE_PARAMS = {
    "rubric_id",
    "university_id",
    "district_id",
    "agency_id",
    "facility_id",
    "year",
    "kind",
    "category",
}
WRITES = {"post", "put", "patch", "delete"}


def values(walked: Walked) -> dict[str, str]:
    return {
        "startup_id": walked.startup_id,
        "submission_id": walked.submission_ids[0],
        "case_id": walked.case_id,
        "handoff_id": walked.handoff_id,
        "cohort_id": walked.cohort_id,
        "district_id": "gwanak",
        "facility_id": "gwanak-s-valley",
        "university_id": "snu",
        "agency_id": "kosme",
    }


def id_taking_routes(document: dict[str, Any]) -> list[tuple[str, str]]:
    routes: list[tuple[str, str]] = []
    for path, operations in document["paths"].items():
        if "{" not in path or path.startswith("/operations/"):
            continue
        routes.extend((method, path) for method in operations if method != "parameters")
    return routes


async def probe(
    client: httpx.AsyncClient, method: str, path: str, headers: dict[str, str], body: Any
) -> int:
    answer = await client.request(method.upper(), path, json=body, headers=headers)
    return answer.status_code


def valid_body(schema: Any, method: str, template: str) -> Any:
    """A body the operation's schema accepts, so a refusal is about who asks, not what."""
    if method not in WRITES:
        return None
    operation = schema[template][method.upper()]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NonInteractiveExampleWarning)
        case = operation.as_strategy().example()
    body = getattr(case, "body", None)
    return {} if body is None or isinstance(body, NotSet) else body


async def test_nobody_unlinked_succeeds_on_any_id_taking_route(
    settings_for: Callable[[str], dict[str, Any]],
) -> None:
    keys = key_records(
        {
            **ORGANIZATIONS,
            REVOKED_KEY: Actor(
                organization_id="snu", organization_kind=OrganizationKind.UNIVERSITY
            ),
        }
    )

    def with_revocation(service: str) -> dict[str, Any]:
        return {**settings_for(service), "api_keys": keys, "revoked_keys": [digest(REVOKED_KEY)]}

    async with four_services(with_revocation) as stack:
        walked = await walk(stack)
        ids = values(walked)
        succeeded: list[str] = []
        statuses: Counter[int] = Counter()
        probes = 0
        for service, client in services_of(stack).items():
            document = (await client.get("/openapi.json")).json()
            schema = schemathesis.openapi.from_dict(document)
            for method, template in id_taking_routes(document):
                params = {part[1:-1] for part in template.split("/") if part.startswith("{")}
                path = template.format(**{name: ids.get(name, "unknown-id") for name in params})
                callers: list[tuple[str, dict[str, str]]] = [
                    ("no credential", {}),
                    ("revoked key", {"X-API-Key": REVOKED_KEY}),
                ]
                if method in WRITES:
                    callers.append(("council", key_of("council")))
                reference_read = method == "get" and params <= REFERENCE_PARAMS
                if not reference_read:
                    callers += [(org, key_of(org)) for org in STRANGERS]
                body = valid_body(schema, method, template)
                for who, headers in callers:
                    status = await probe(client, method, path, headers, body)
                    probes += 1
                    statuses[status] += 1
                    if status < 300:
                        succeeded.append(f"{service} {method.upper()} {path} as {who}: {status}")
        print(f"{probes} probes, answered {dict(sorted(statuses.items()))}")  # noqa: T201
        assert probes > 500, f"only {probes} probes: the route table was not read"
        assert succeeded == [], "\n".join(succeeded)


def services_of(stack: Stack) -> dict[str, httpx.AsyncClient]:
    return {
        "intake": stack.intake,
        "incubation": stack.incubation,
        "growth": stack.growth,
        "insight": stack.insight,
    }
