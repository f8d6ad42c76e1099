"""A webhook target as it resolves now: checked against the address rules, then pinned.

The name is resolved with the event loop's `getaddrinfo` (never a blocking call) at
registration and again before every delivery, since DNS can change between the two. The
request then goes to the very address that was checked, with the name kept for the `Host`
header and for TLS (SNI and certificate verification), so a second lookup cannot swap it.
"""

import asyncio
import ipaddress
import socket
from dataclasses import dataclass

import httpx

from growth.domain.targets import refusal, scheme_refusal

RESOLVE_TIMEOUT_S = 5.0


class TargetRefused(Exception):
    """The target may not be called; the message says why, without what it resolved to."""


@dataclass(frozen=True)
class Target:
    url: httpx.URL  # the checked address in place of the name
    host: str  # the `Host` header: the name and any port as registered
    sni_hostname: str | None  # the name TLS verifies; None when the URL names an address


async def resolve_target(url: str, *, allow_development: bool) -> Target:
    """Every address the name resolves to must be public (a name with one private address
    among public ones could be answered either way); the first one is used."""
    why = scheme_refusal(url, allow_http=allow_development)
    if why is not None:
        raise TargetRefused(why)
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as error:
        raise TargetRefused("not a URL") from error
    if not parsed.host:
        raise TargetRefused("has no host")
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    loop = asyncio.get_running_loop()
    try:
        found = await asyncio.wait_for(
            loop.getaddrinfo(parsed.host, port, type=socket.SOCK_STREAM), RESOLVE_TIMEOUT_S
        )
    except (OSError, UnicodeError, TimeoutError) as error:
        raise TargetRefused("the host does not resolve") from error
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in found]
    if not addresses:
        raise TargetRefused("the host does not resolve")
    if not allow_development:
        for address in addresses:
            reason = refusal(address)
            if reason is not None:
                raise TargetRefused(f"the host resolves to {reason}")
    named_by_address = _is_address(parsed.host)
    return Target(
        url=parsed.copy_with(host=str(addresses[0])),
        host=parsed.netloc.decode("ascii"),
        sni_hostname=None if named_by_address else parsed.host,
    )


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
