"""`relay`: the operator's one command for every service.

    relay status                          readiness, outbox backlog, lag, dead letters
    relay dlq list|show|redrive           the dead-letter topics
    relay republish --service S --since T send a service's event log again
    relay rebuild CONSUMER --service S    reset a projection, then republish its sources
    relay keys mint|revoke                API keys (printed once; services hold digests)

Services are found at `RELAY_<SERVICE>_URL` (default `http://127.0.0.1:800N`), the broker at
`RELAY_KAFKA_BOOTSTRAP_SERVERS`, and the operator's key in `RELAY_OPERATOR_KEY`.
"""

import asyncio
import json
import os
from datetime import datetime
from typing import Annotated, Any

import httpx
import typer
from rich.console import Console
from rich.progress import track
from rich.table import Table

from relay_contracts import OrganizationKind
from relay_eventing.credentials import digest, mint
from relay_eventing.redrive import read_dead_letters, redrive, select

SERVICES = {"intake": 8001, "incubation": 8002, "growth": 8003, "insight": 8004}
app = typer.Typer(
    help="The operator's one command for every Startup Relay service.", no_args_is_help=True
)
dlq = typer.Typer(help="Dead letters: records no consumer could apply.", no_args_is_help=True)
keys = typer.Typer(help="API keys: mint (printed once) and revoke.", no_args_is_help=True)
app.add_typer(dlq, name="dlq")
app.add_typer(keys, name="keys")
console = Console()

Bootstrap = Annotated[
    str, typer.Option(envvar="RELAY_KAFKA_BOOTSTRAP_SERVERS", help="Kafka bootstrap servers.")
]
OperatorKey = Annotated[
    str,
    typer.Option(envvar="RELAY_OPERATOR_KEY", help="An operator's API key.", show_default=False),
]


def service_url(service: str) -> str:
    if service not in SERVICES:
        raise typer.BadParameter(f"unknown service {service!r}; one of {', '.join(SERVICES)}")
    default = f"http://127.0.0.1:{SERVICES[service]}"
    return os.environ.get(f"RELAY_{service.upper()}_URL", default)


def _call(method: str, service: str, path: str, key: str, **params: Any) -> Any:
    query = {name: value for name, value in params.items() if value is not None}
    answer = httpx.request(
        method,
        service_url(service) + path,
        params=query,
        headers={"X-API-Key": key},
        timeout=30,
    )
    if answer.status_code >= 400:
        console.print(f"[red]{service}: {answer.status_code} {answer.text}[/red]")
        raise typer.Exit(1)
    return answer.json()


@app.command()
def status(key: OperatorKey) -> None:
    """Per service: ready or not (and why), outbox backlog, consumer lag, dead letters."""
    table = Table("service", "ready", "outbox", "oldest pending", "lag", "dead letters")
    failed = False
    for service in SERVICES:
        try:
            body = _call("GET", service, "/operations/status", key)
        except (httpx.HTTPError, typer.Exit):
            table.add_row(service, "[red]unreachable[/red]", "", "", "", "")
            failed = True
            continue
        checks: dict[str, bool] = body["checks"]
        down = [name for name, ok in checks.items() if not ok]
        failed = failed or bool(down)
        table.add_row(
            service,
            "[green]yes[/green]" if not down else f"[red]no: {', '.join(down)}[/red]",
            str(body["outbox_pending"]),
            body["outbox_oldest_pending_at"] or "-",
            "?"
            if body["consumer_lag"] is None
            else str(sum(r["lag"] for r in body["consumer_lag"])),
            str(sum(body["dead_lettered"].values())),
        )
    console.print(table)
    raise typer.Exit(1 if failed else 0)


@dlq.command("list")
def dlq_list(
    bootstrap: Bootstrap,
    topic: Annotated[str | None, typer.Option(help="One dead-letter topic.")] = None,
    error_contains: Annotated[str | None, typer.Option(help="Error text filter.")] = None,
) -> None:
    """Every parked record, one line each."""
    letters = select(asyncio.run(read_dead_letters(bootstrap, topic)), error_contains, [])
    for letter in letters:
        console.print(letter.describe(), markup=False)
    console.print(f"{len(letters)} dead letters")


@dlq.command("show")
def dlq_show(
    bootstrap: Bootstrap,
    topic: Annotated[str, typer.Argument(help="The dead-letter topic (<topic>.dlq).")],
    at: Annotated[str, typer.Argument(help="PARTITION:OFFSET of the record.")],
) -> None:
    """One parked record: its headers (the error among them) and its bytes."""
    letters = select(asyncio.run(read_dead_letters(bootstrap, topic)), None, [at])
    if not letters:
        console.print(f"no dead letter at {topic} {at}")
        raise typer.Exit(1)
    letter = letters[0]
    console.print_json(
        json.dumps({"headers": letter.headers, "key": (letter.key or b"").decode(errors="replace")})
    )
    console.print(letter.value.decode(errors="replace"), markup=False)


@dlq.command("redrive")
def dlq_redrive(
    bootstrap: Bootstrap,
    topic: Annotated[str | None, typer.Option(help="One dead-letter topic.")] = None,
    error_contains: Annotated[str | None, typer.Option(help="Error text filter.")] = None,
    at: Annotated[list[str] | None, typer.Option(help="PARTITION:OFFSET, repeatable.")] = None,
) -> None:
    """Send parked records back to their topics, after the fix; event ids are kept."""
    letters = select(asyncio.run(read_dead_letters(bootstrap, topic)), error_contains, at or [])
    sent = 0
    for letter in track(letters, description="re-driving", console=console):
        sent += asyncio.run(redrive(bootstrap, [letter]))
    console.print(f"re-drove {sent} dead letters")


@app.command()
def republish(
    key: OperatorKey,
    service: Annotated[str, typer.Option(help="The producing service.")],
    since: Annotated[datetime | None, typer.Option(help="Only events recorded from then.")] = None,
) -> None:
    """Queue a service's event log (or its tail) to be published again; consumers absorb copies."""
    body = _call("POST", service, "/operations/republish", key, since=_iso(since))
    console.print(f"{service}: {body['queued']} records queued for republishing")


@app.command()
def rebuild(
    key: OperatorKey,
    consumer: Annotated[str, typer.Argument(help="The projection's consumer name.")],
    service: Annotated[str, typer.Option(help="The service that owns the projection.")],
    sources: Annotated[
        list[str] | None, typer.Option(help="Producers to republish from (default: all others).")
    ] = None,
    since: Annotated[datetime | None, typer.Option(help="Rebuild from this time.")] = None,
) -> None:
    """Reset a projection, then have its producers republish, so it is rebuilt."""
    reset = _call("POST", service, f"/operations/rebuild/{consumer}", key, since=_iso(since))
    console.print(f"{service}: {reset}")
    producers = sources or [name for name in SERVICES if name != service]
    for producer in track(producers, description="republishing", console=console):
        body = _call("POST", producer, "/operations/republish", key, since=_iso(since))
        console.print(f"{producer}: {body['queued']} records queued")


@keys.command("mint")
def keys_mint(
    organization: Annotated[str, typer.Option(help="Organization id, e.g. snu.")],
    kind: Annotated[OrganizationKind, typer.Option(help="Organization kind.")],
    label: Annotated[str, typer.Option(help="What the key is for, e.g. crm-2026.")],
    user: Annotated[str | None, typer.Option(help="Person or integration using it.")] = None,
) -> None:
    """Print a new key once, and the record to add to every service's `<SERVICE>_API_KEYS`."""
    key, record = mint(organization, kind, label=label, user=user)
    console.print(f"key (shown once, give it to {organization}): {key}", markup=False)
    console.print("record for <SERVICE>_API_KEYS (digest only):")
    console.print_json(record.model_dump_json())


@keys.command("revoke")
def keys_revoke(
    key_or_digest: Annotated[str, typer.Argument(help="The key, or its sha256: digest.")],
) -> None:
    """Print the digest to add to every service's `<SERVICE>_REVOKED_KEYS`."""
    value = key_or_digest if key_or_digest.startswith("sha256:") else digest(key_or_digest)
    console.print(f"add to <SERVICE>_REVOKED_KEYS: {json.dumps([value])}", markup=False)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


if __name__ == "__main__":
    app()
