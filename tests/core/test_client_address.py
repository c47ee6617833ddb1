"""The client address of a request: the peer, or X-Forwarded-For only behind a trusted proxy."""

from __future__ import annotations

from typing import Any

import pytest

from lifeboat.core.context import client_address_from_scope, parse_trusted_proxies, resolve_client_address


def scope(peer: str | None, *forwarded_for: str) -> dict[str, Any]:
    return {
        "type": "http",
        "client": (peer, 50000) if peer is not None else None,
        "headers": [(b"x-forwarded-for", value.encode()) for value in forwarded_for],
    }


PROXIES = parse_trusted_proxies("127.0.0.1, 10.0.0.0/8")


def test_without_trusted_proxies_the_header_is_ignored() -> None:
    assert resolve_client_address(scope("203.0.113.7", "198.51.100.1"), ()) == "203.0.113.7"


def test_from_an_untrusted_peer_the_header_is_ignored() -> None:
    assert resolve_client_address(scope("203.0.113.7", "127.0.0.1"), PROXIES) == "203.0.113.7"


def test_from_a_trusted_proxy_the_last_hop_it_saw_is_the_client() -> None:
    assert resolve_client_address(scope("127.0.0.1", "198.51.100.1"), PROXIES) == "198.51.100.1"


def test_what_the_client_wrote_left_of_the_proxies_is_not_believed() -> None:
    # The client sent "X-Forwarded-For: 1.1.1.1"; proxy 10.0.0.2 appended the address it saw
    # (198.51.100.1), then the trusted proxy 127.0.0.1 appended 10.0.0.2.
    request = scope("127.0.0.1", "1.1.1.1, 198.51.100.1", "10.0.0.2")
    assert resolve_client_address(request, PROXIES) == "198.51.100.1"


def test_only_trusted_hops_means_the_leftmost_is_the_client() -> None:
    assert resolve_client_address(scope("127.0.0.1", "10.0.0.3, 10.0.0.2"), PROXIES) == "10.0.0.3"


def test_garbage_in_the_header_stops_at_the_last_trusted_proxy() -> None:
    assert resolve_client_address(scope("127.0.0.1", "evil, 10.0.0.2"), PROXIES) == "10.0.0.2"
    assert resolve_client_address(scope("127.0.0.1", "not-an-ip"), PROXIES) == "127.0.0.1"


def test_trusted_peer_without_the_header_is_the_client() -> None:
    assert resolve_client_address(scope("127.0.0.1"), PROXIES) == "127.0.0.1"


def test_ipv4_mapped_ipv6_peers_are_normalised() -> None:
    assert resolve_client_address(scope("::ffff:127.0.0.1", "198.51.100.9"), PROXIES) == "198.51.100.9"


def test_no_peer_is_unknown() -> None:
    assert resolve_client_address(scope(None), PROXIES) == "unknown"


def test_the_address_is_decided_once_per_request() -> None:
    request = scope("127.0.0.1", "198.51.100.1")
    assert client_address_from_scope(request, PROXIES) == "198.51.100.1"
    # Later readers (the login handler) get the same answer without knowing the proxies.
    assert client_address_from_scope(request) == "198.51.100.1"


@pytest.mark.parametrize("raw", ["", " ", ",", "127.0.0.1", "10.0.0.0/8, ::1", "fd00::/8"])
def test_trusted_proxies_parse(raw: str) -> None:
    parse_trusted_proxies(raw)


@pytest.mark.parametrize("raw", ["proxy.internal", "10.0.0.0/33", "1.2.3", "127.0.0.1, *"])
def test_bad_trusted_proxies_are_refused(raw: str) -> None:
    with pytest.raises(ValueError, match="not an IP address or CIDR"):
        parse_trusted_proxies(raw)
