"""The outbound URL policy's address classifier, allowlist parsing, URL redaction and the
pinned connection (a real listener on loopback; no other address is ever contacted)."""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import AsyncIterator

import httpx
import pytest

from lifeboat.core.outbound import (
    LOOPBACK_ALLOW,
    OutboundPolicy,
    OutboundRefused,
    always_denied,
    classify_error,
    outbound_client,
    parse_host_address,
    redact_url,
    redact_urls_in,
)
from lifeboat.settings import SettingsError, load_settings

STRICT = OutboundPolicy()
METADATA = ipaddress.IPv4Address("169.254.169.254")


@pytest.mark.parametrize(
    "host",
    [
        "169.254.169.254",
        "2852039166",  # decimal
        "0xa9fea9fe",  # one hex number
        "0xa9.0xfe.0xa9.0xfe",  # dotted hex
        "0251.0376.0251.0376",  # dotted octal
        "169.254.43518",  # a.b.c with a 16-bit tail
        "0xA9.254.0251.0xfe",  # mixed
        "169.254.169.254.",  # trailing dot
    ],
)
def test_every_ipv4_spelling_of_the_metadata_address_is_recognised(host: str) -> None:
    assert parse_host_address(host) == METADATA
    address = parse_host_address(host)
    assert address is not None
    assert always_denied(address)


@pytest.mark.parametrize(
    "host",
    [
        "[::ffff:169.254.169.254]",  # IPv4-mapped
        "::ffff:a9fe:a9fe",
        "[::169.254.169.254]",  # IPv4-compatible
        "[64:ff9b::a9fe:a9fe]",  # NAT64
        "[2002:a9fe:a9fe::1]",  # 6to4 around the metadata address
        "[fd00:ec2::254]",  # AWS IPv6 metadata
        "[fd20:ce::254]",  # GCP IPv6 metadata
        "[fe80::1]",
        "fe80::1%25eth0",  # with a zone id
        "100.100.100.200",  # Alibaba metadata
        "169.254.0.1",
    ],
)
def test_link_local_and_metadata_are_refused_even_when_everything_is_allowed(host: str) -> None:
    address = parse_host_address(host)
    assert address is not None
    everything = OutboundPolicy.parse("0.0.0.0/0,::/0")
    reason = everything.refusal(address)
    assert reason is not None
    assert "link-local/metadata" in reason
    assert everything.refusal(address, host_allowed=True) is not None


@pytest.mark.parametrize(
    ("host", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("0x7f000001", "loopback"),
        ("2130706433", "loopback"),
        ("127.1", "loopback"),
        ("[::1]", "loopback"),
        ("[::ffff:127.0.0.1]", "loopback"),
        ("10.0.0.1", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("100.64.0.1", "private"),  # shared address space (CGNAT)
        ("[fc00::1]", "private"),
        ("[fd12:3456::1]", "private"),
        ("0.0.0.0", "unspecified"),
        ("0", "unspecified"),
        ("[::]", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("[ff02::1]", "multicast"),
        ("240.0.0.1", "reserved"),
        ("255.255.255.255", "reserved"),
    ],
)
def test_non_public_addresses_are_refused_unless_allowed(host: str, kind: str) -> None:
    address = parse_host_address(host)
    assert address is not None
    reason = STRICT.refusal(address)
    assert reason is not None
    assert kind in reason, reason
    assert OutboundPolicy.parse("0.0.0.0/0,::/0").refusal(address) is None


@pytest.mark.parametrize("host", ["8.8.8.8", "1.1.1.1", "[2606:4700::1111]", "[::ffff:8.8.8.8]"])
def test_public_addresses_are_allowed(host: str) -> None:
    address = parse_host_address(host)
    assert address is not None
    assert STRICT.refusal(address) is None


def test_host_names_are_not_addresses_and_bad_numbers_are_errors() -> None:
    for name in ("example.com", "hooks.example.com", "123.example", "localhost", "cafe.beef"):
        assert parse_host_address(name) is None
    for bad in ("999.1.1.1", "1.2.3.4294967296", "[::g]"):
        with pytest.raises(ValueError, match="is not a valid"):
            parse_host_address(bad)


def test_the_allowlist_takes_cidrs_addresses_and_names() -> None:
    policy = OutboundPolicy.parse(" 10.0.0.0/8 , 192.168.5.7,::1, fleet.internal, *.svc.cluster.local ,")
    assert policy.refusal(ipaddress.ip_address("10.2.3.4")) is None
    assert policy.refusal(ipaddress.ip_address("192.168.5.7")) is None
    assert policy.refusal(ipaddress.ip_address("192.168.5.8")) is not None
    assert policy.refusal(ipaddress.ip_address("::1")) is None
    assert policy.refusal(ipaddress.ip_address("127.0.0.1")) is not None
    assert policy.host_allowed("fleet.internal")
    assert policy.host_allowed("FLEET.internal.")
    assert policy.host_allowed("agg-1.svc.cluster.local")
    assert not policy.host_allowed("svc.cluster.local.evil.com")
    assert not policy.host_allowed("other.internal")
    # An allowed name may resolve to a private address, never to a metadata one.
    assert policy.refusal(ipaddress.ip_address("172.20.0.4"), host_allowed=True) is None
    assert policy.refusal(METADATA, host_allowed=True) is not None
    loopback = OutboundPolicy.parse(LOOPBACK_ALLOW)
    assert loopback.refusal(ipaddress.ip_address("127.0.0.53")) is None
    assert loopback.refusal(ipaddress.ip_address("10.0.0.1")) is not None


@pytest.mark.parametrize(
    "entry",
    [
        "169.254.0.0/16",
        "169.254.169.254",
        "fe80::/64",
        "metadata.google.internal",
        "not a host!",
        "1.2.3.4/33",
    ],
)
def test_an_allowlist_entry_that_cannot_be_allowed_is_a_settings_error(entry: str) -> None:
    with pytest.raises(ValueError, match=r"never be allowed|neither a CIDR"):
        OutboundPolicy.parse(entry)
    with pytest.raises(SettingsError, match="LIFEBOAT_OUTBOUND_ALLOW"):
        load_settings(env={"LIFEBOAT_OUTBOUND_ALLOW": f"10.0.0.0/8,{entry}"})


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://2852039166/",
        "http://0xa9.0xfe.0xa9.0xfe/",
        "http://0251.0376.0251.0376/",
        "http://[::ffff:169.254.169.254]/",
        "http://[fd00:ec2::254]/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://METADATA.google.internal./",
        "http://127.0.0.1:5432/",
        "http://10.0.0.1/",
        "http://localhost:8000/",  # resolves to loopback
        "http://999.1.1.1/",
        "ftp://example.com/",
    ],
)
async def test_check_url_refuses_before_any_connection(url: str) -> None:
    with pytest.raises(OutboundRefused) as refused:
        await STRICT.check_url(url, url_field="base_url")
    assert refused.value.status_code == 422
    assert [e.field for e in refused.value.errors] == ["base_url"]


async def test_check_url_accepts_public_and_unresolvable_names_and_allowed_loopback() -> None:
    await STRICT.check_url("https://8.8.8.8/hook")
    await STRICT.check_url("https://hooks.example.invalid/T000/B000/x")  # checked again at connect
    await OutboundPolicy.parse(LOOPBACK_ALLOW).check_url("http://127.0.0.1:9000")


def test_redact_url_keeps_only_scheme_host_and_port() -> None:
    secret = "https://user:pw@hooks.example.com/T000/B000/XXXXSECRET?token=abc#frag"
    assert redact_url(secret) == "https://hooks.example.com/…"
    assert redact_url("http://127.0.0.1:8080/hook") == "http://127.0.0.1:8080/…"
    assert redact_url("http://[::1]:8080/") == "http://[::1]:8080"
    assert redact_url("https://hooks.example.com") == "https://hooks.example.com"
    assert redact_url(redact_url(secret)) == "https://hooks.example.com/…"  # idempotent
    line = f'HTTP Request: POST {secret} "HTTP/1.1 200 OK"'
    assert (
        redact_urls_in(line, keep_paths=False)
        == 'HTTP Request: POST https://hooks.example.com/… "HTTP/1.1 200 OK"'
    )
    kept = redact_urls_in("connecting to postgresql://app:hunter2@db:5432/lifeboat")
    assert "hunter2" not in kept
    assert "db:5432/lifeboat" in kept


# --- the pinned connection, against a real loopback listener -----------------------------------


@pytest.fixture
async def listener() -> AsyncIterator[tuple[int, list[bytes]]]:
    """A loopback HTTP listener that records every request head and answers 204."""
    seen: list[bytes] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        seen.append(head)
        writer.write(b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        yield port, seen


async def test_the_client_connects_only_where_the_policy_allows(listener: tuple[int, list[bytes]]) -> None:
    port, seen = listener
    async with outbound_client(STRICT, timeout=5) as strict:
        for url in (f"http://127.0.0.1:{port}/", f"http://localhost:{port}/", f"http://2130706433:{port}/"):
            with pytest.raises(OutboundRefused):
                await strict.get(url, headers={"Authorization": "Bearer must-not-leave"})
    assert seen == []
    async with outbound_client(OutboundPolicy.parse(LOOPBACK_ALLOW), timeout=5) as allowed:
        response = await allowed.get(f"http://localhost:{port}/probe")
    assert response.status_code == 204
    # The vetted address was connected to; the Host header still names what the URL names.
    assert seen
    assert b"host: localhost:" in seen[0].lower()


async def test_errors_are_classified() -> None:
    assert classify_error(OutboundRefused("x")) == "refused-by-policy"
    assert classify_error(httpx.ConnectTimeout("x")) == "timeout"
    assert classify_error(TimeoutError()) == "timeout"
    assert classify_error(httpx.ConnectError("x")) == "unreachable"
    assert classify_error(httpx.RemoteProtocolError("illegal status line: b'garbage'")) == "bad-response"
