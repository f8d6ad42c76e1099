"""Where a webhook may point: https, and only at addresses on the public internet.

A webhook is a request growth makes on an agency's behalf; pointed at loopback, a private
network or a cloud metadata endpoint it would reach what only growth can reach (SSRF). The
rules here are pure; resolving a name and connecting to the checked address is the caller's.
"""

import ipaddress
from urllib.parse import urlsplit

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# Metadata and host endpoints of the clouds, refused even where they look public.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(address)
    for address in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack instance metadata
        "fd00:ec2::254",  # AWS instance metadata over IPv6
        "100.100.100.200",  # Alibaba Cloud metadata
        "168.63.129.16",  # Azure host (wireserver), a public-looking address
        "169.254.170.2",  # AWS ECS task metadata
    )
)
# IPv4 carried inside IPv6 (NAT64's well-known prefix): judged by the IPv4 it carries.
NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def refusal(address: Address) -> str | None:
    """Why growth must not connect to `address`, or None when it is a public unicast one."""
    if address in METADATA_ADDRESSES:
        return "a cloud metadata address"
    if isinstance(address, ipaddress.IPv6Address):
        carried = _embedded_ipv4(address)
        if carried is not None:
            return refusal(carried)
    if address.is_multicast:
        return "a multicast address"
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_unspecified or address.is_reserved:
        return "a reserved address"
    if not address.is_global:
        # RFC 1918, unique local, CGNAT (100.64.0.0/10), benchmarking, documentation ranges.
        return "a private or shared address"
    return None


def scheme_refusal(url: str, *, allow_http: bool) -> str | None:
    """Why the URL's scheme is refused: https only, http when development allows it."""
    scheme = urlsplit(url).scheme.lower()
    if scheme == "https" or (scheme == "http" and allow_http):
        return None
    return "must be an https:// address" if scheme == "http" else f"{scheme} is not supported"
