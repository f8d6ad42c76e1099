"""A delivery connects to the address it checked, yet speaks TLS to the name it was given: the
name goes out as SNI and the certificate is verified against it."""

import asyncio
import socket
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from conftest import eventually, key_of, serving
from growth.main import create_app

Offer = Callable[..., Awaitable[Any]]


@pytest.fixture
async def growth(make_settings: Callable[..., Any]) -> AsyncIterator[httpx.AsyncClient]:
    """Growth allowed, by the development setting only, to call a receiver on this machine."""
    settings = make_settings(webhook_allow_development_targets=True)
    async with serving(create_app(settings), "growth") as client:
        yield client


def self_signed(directory: Path, name: str) -> ssl.SSLContext:
    """A TLS server context with a certificate for `name` that no public CA signed."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=1))
        .not_valid_after(now + timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    (directory / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (directory / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(directory / "cert.pem", directory / "key.pem")
    return context


async def test_a_delivery_sends_the_name_for_tls_and_refuses_a_certificate_it_cannot_verify(
    growth: httpx.AsyncClient, offer: Offer, tmp_path: Path
) -> None:
    names: list[str | None] = []
    requests: list[bytes] = []
    context = self_signed(tmp_path, "localhost")
    context.sni_callback = lambda _socket, name, _context: names.append(name)

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        requests.append(await reader.read(1024))
        writer.close()

    # Listen where growth will connect: the first address the name resolves to.
    found = await asyncio.get_running_loop().getaddrinfo("localhost", 0, type=socket.SOCK_STREAM)
    server = await asyncio.start_server(answer, str(found[0][4][0]), 0, ssl=context)
    port = server.sockets[0].getsockname()[1]
    try:
        registered = await growth.put(
            "/webhook",
            json={"url": f"https://localhost:{port}/hooks", "secret": "s" * 20},
            headers=key_of("sba"),
        )
        assert registered.status_code == 200, registered.text
        await offer("sba")

        async def attempted() -> dict[str, Any] | None:
            page = (await growth.get("/webhook/deliveries", headers=key_of("sba"))).json()
            attempts = page["items"][0]["attempts"] if page["items"] else []
            return attempts[0] if attempts else None

        attempt = await eventually(attempted, what="a delivery attempt")
    finally:
        server.close()
        await server.wait_closed()
    assert set(names) == {"localhost"}
    assert (attempt["status_code"], attempt["error"]) == (None, "ConnectError")
    assert requests == []
