"""The outbound URL policy: where Lifeboat may send a request (fleet probes and operations,
alert webhooks), checked in one place.

- Link-local and cloud metadata addresses (169.254.0.0/16, fe80::/10, fd00:ec2::254, …, in
  every spelling: decimal, octal, hex, IPv4-mapped/compatible/NAT64 IPv6) and metadata host
  names are always refused, even when an allowlist entry covers them.
- Loopback, private, shared (100.64/10), reserved, unspecified and multicast addresses are
  refused unless ``LIFEBOAT_OUTBOUND_ALLOW`` (comma-separated CIDRs, addresses and host names,
  ``*.example.com`` for a suffix) allows them; ``lifeboat dev`` adds loopback for the simulator.
- A URL is checked when it is written (``check_url``: syntax, literal addresses, metadata names
  and, best effort, what the name resolves to now) and again on every connection
  (``outbound_client``): the host is resolved once, every address it resolves to is checked,
  and the connection goes to a checked address (no DNS rebinding between check and connect),
  with the original name kept for the Host header and TLS (SNI, certificate). Redirects are
  never followed and proxies from the environment are ignored.

``classify_error`` turns a failed call into the words a viewer may see (``unreachable``,
``timeout``, ``bad-response``, ``refused-by-policy``), never parser output or response content;
``redact_url`` shows a URL that may carry a secret (a webhook) as scheme + host + ``/…``.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
import ssl
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

import httpcore
import httpx

from lifeboat.core.errors import FieldError, Unprocessable

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
OutboundErrorClass = Literal["unreachable", "timeout", "bad-response", "refused-by-policy"]

#: What ``lifeboat dev`` (and the test suite) add to the allowlist: the simulator is on loopback.
LOOPBACK_ALLOW = "127.0.0.0/8,::1"
#: Never contacted, whatever the allowlist says: link-local (the metadata services live there)
#: and the cloud metadata addresses outside it (AWS IPv6, GCP IPv6, Alibaba).
ALWAYS_DENIED_NETWORKS: tuple[IPNetwork, ...] = (
    ipaddress.ip_network("169.254.0.0/16"),
    ipaddress.ip_network("fe80::/10"),
    ipaddress.ip_network("fd00:ec2::254/128"),
    ipaddress.ip_network("fd20:ce::254/128"),
    ipaddress.ip_network("100.100.100.200/32"),
)
#: Metadata service host names (compared lowercased, without a trailing dot).
ALWAYS_DENIED_HOSTS = frozenset(
    {
        "metadata",
        "metadata.google.internal",
        "metadata.goog",
        "metadata.azure.internal",
        "instance-data",
        "instance-data.ec2.internal",
    }
)
_DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)
#: Write-time name resolution is best effort and bounded (the connect-time check is the rule).
WRITE_RESOLVE_TIMEOUT_S = 2.0

_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
# What inet_aton accepts: 1 to 4 dot-separated decimal, octal (0…) or hex (0x…) numbers.
_INET_ATON_SHAPE = re.compile(r"(?i)^(0x[0-9a-f]*|[0-9]+)(\.(0x[0-9a-f]*|[0-9]+)){0,3}$")
_HOST_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_HOSTNAME = re.compile(rf"^(\*\.)?{_HOST_LABEL}(\.{_HOST_LABEL})*$")


class OutboundRefused(Unprocessable):
    """A URL or address the outbound policy refuses (a 422 when it is being written)."""

    code = "outbound-refused"
    title = "Refused by the outbound URL policy"


# --- addresses ---------------------------------------------------------------------------------


def parse_host_address(host: str) -> IPAddress | None:
    """The address a URL host spells literally, in any form the C resolver accepts
    (``169.254.169.254``, ``2852039166``, ``0xa9.0xfe.0xa9.0xfe``, ``0251.0376.0251.0376``,
    ``[::ffff:169.254.169.254]``), or None for a host name. ``ValueError`` when the host looks
    numeric but is no address (``999.1.1.1``)."""
    text = host.strip().lower()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    text = text.split("%", 1)[0]  # an IPv6 zone id does not change which address it is
    if text.endswith(".") and _INET_ATON_SHAPE.match(text[:-1]):
        text = text[:-1]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        pass
    if ":" in text:
        raise ValueError(f"{host!r} is not a valid IPv6 address")
    if _INET_ATON_SHAPE.match(text):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(text))
        except OSError:
            raise ValueError(f"{host!r} is not a valid IPv4 address") from None
    return None


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, NAT64, compatible), if any."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if any(address in net for net in _NAT64) or (address in _IPV4_COMPATIBLE and int(address) > 1):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _judged(address: IPAddress) -> list[IPAddress]:
    """The addresses a connection to ``address`` really reaches (a mapped IPv6 address reaches its
    IPv4 address; a 6to4 or Teredo address is judged as itself and as the IPv4 inside)."""
    if isinstance(address, ipaddress.IPv4Address):
        return [address]
    embedded = _embedded_ipv4(address)
    if embedded is not None:
        return [embedded]
    out: list[IPAddress] = [address]
    if address.sixtofour is not None:
        out.append(address.sixtofour)
    if address.teredo is not None:
        out.append(address.teredo[1])
    return out


def always_denied(address: IPAddress) -> bool:
    """True for link-local / metadata addresses, in any IPv6 disguise."""
    candidates: list[IPAddress] = [address, *_judged(address)]
    return any(a in net for a in candidates for net in ALWAYS_DENIED_NETWORKS if a.version == net.version)


def address_class(address: IPAddress) -> str | None:
    """What kind of non-public address this is (``loopback``, ``private``, …), or None when it
    is a public unicast address."""
    if always_denied(address):
        return "link-local/metadata"
    for a in _judged(address):
        if a.is_loopback:
            return "loopback"
        if a.is_unspecified:
            return "unspecified"
        if a.is_multicast:
            return "multicast"
        if not a.is_global:
            return "private/reserved"
    return None


# --- the policy --------------------------------------------------------------------------------


def _normal_host(host: str) -> str:
    return host.strip().lower().rstrip(".")


def _allowed_host_entry(entry: str) -> str:
    name = _normal_host(entry)
    if not _HOSTNAME.match(name) or _INET_ATON_SHAPE.match(name):
        raise ValueError(f"{entry!r} is neither a CIDR, an address nor a host name")
    if name in ALWAYS_DENIED_HOSTS:
        raise ValueError(f"{entry!r} is a metadata host and can never be allowed")
    return name


@dataclass(frozen=True)
class OutboundPolicy:
    """Which non-public destinations are allowed (``networks``, ``hosts``); public addresses are
    allowed, link-local/metadata never. Build it with ``OutboundPolicy.parse(settings.outbound_allow)``."""

    networks: tuple[IPNetwork, ...] = ()
    hosts: tuple[str, ...] = ()
    resolve_timeout_s: float = field(default=WRITE_RESOLVE_TIMEOUT_S, compare=False)

    @classmethod
    def parse(cls, allow: str | Iterable[str]) -> OutboundPolicy:
        """The policy of an allowlist (``LIFEBOAT_OUTBOUND_ALLOW``: comma-separated CIDRs,
        addresses, host names and ``*.suffix`` names). ``ValueError`` names a bad entry."""
        entries = allow.split(",") if isinstance(allow, str) else list(allow)
        networks: list[IPNetwork] = []
        hosts: list[str] = []
        for raw in entries:
            entry = raw.strip()
            if not entry:
                continue
            try:
                network = ipaddress.ip_network(entry.strip("[]"), strict=False)
            except ValueError:
                hosts.append(_allowed_host_entry(entry))
                continue
            if any(
                network.version == denied.version and network.subnet_of(denied)  # type: ignore[arg-type]
                for denied in ALWAYS_DENIED_NETWORKS
            ):
                raise ValueError(f"{entry!r} is link-local/metadata and can never be allowed")
            networks.append(network)
        return cls(networks=tuple(networks), hosts=tuple(hosts))

    def host_allowed(self, host: str) -> bool:
        """True when ``host`` (a name) is on the allowlist, exactly or by a ``*.`` suffix."""
        name = _normal_host(host)
        for entry in self.hosts:
            if entry.startswith("*.") and name.endswith(entry[1:]):
                return True
            if name == entry:
                return True
        return False

    def refusal(self, address: IPAddress, *, host_allowed: bool = False) -> str | None:
        """Why ``address`` may not be contacted, in our own words, or None when it may."""
        kind = address_class(address)
        if kind is None:
            return None
        if kind == "link-local/metadata":
            return "a link-local/metadata address (always refused)"
        if host_allowed:
            return None
        judged = [address, *_judged(address)]
        if any(a in net for a in judged for net in self.networks if a.version == net.version):
            return None
        article = "an" if kind[0] in "aeiou" else "a"
        return f"{article} {kind} address (not in LIFEBOAT_OUTBOUND_ALLOW)"

    def _refuse(self, url_field: str, what: str) -> OutboundRefused:
        problem = f"refused by the outbound URL policy: {what}"
        return OutboundRefused(
            f"{url_field} is {problem}.", errors=[FieldError(field=url_field, message=problem)]
        )

    async def check_url(self, url: str, *, url_field: str = "url", resolve: bool = True) -> None:
        """Check a URL being written (registration, settings): http(s) only, a valid host, no
        metadata name, no refused literal address and (when ``resolve``) no refused address the
        name resolves to now. A name that does not resolve is accepted: it is checked again on
        every connection. Raises ``OutboundRefused`` (422) naming ``url_field``."""
        try:
            parts = urlsplit(url.strip())
            port = parts.port or (443 if parts.scheme == "https" else 80)
            httpx.URL(url.strip())
        except (ValueError, httpx.InvalidURL):
            raise self._refuse(url_field, "not a valid URL") from None
        if parts.scheme not in ("http", "https"):
            raise self._refuse(url_field, "only http:// and https:// URLs are allowed")
        host = parts.hostname or ""
        if not host:
            raise self._refuse(url_field, "the URL names no host")
        if _normal_host(host) in ALWAYS_DENIED_HOSTS:
            raise self._refuse(url_field, "a metadata host (always refused)")
        try:
            literal = parse_host_address(host)
        except ValueError:
            raise self._refuse(url_field, "the host is not a valid address") from None
        if literal is not None:
            reason = self.refusal(literal)
            if reason is not None:
                raise self._refuse(url_field, f"the host is {reason}")
            return
        if not resolve:
            return
        try:
            async with asyncio.timeout(self.resolve_timeout_s):
                addresses = await _resolve(host, port)
        except (OSError, TimeoutError, UnicodeError):
            return  # not resolvable now: every connection checks again
        allowed_name = self.host_allowed(host)
        for address in addresses:
            reason = self.refusal(address, host_allowed=allowed_name)
            if reason is not None:
                raise self._refuse(url_field, f"the host resolves to {reason}")

    async def vetted_addresses(self, host: str, port: int) -> list[str]:
        """The addresses to connect to for ``host``: resolved once, every one checked (one refused
        address refuses the host: a name must not point at both sides). ``OutboundRefused`` when
        refused; ``OSError`` when the name does not resolve."""
        if _normal_host(host) in ALWAYS_DENIED_HOSTS:
            raise OutboundRefused("a metadata host (always refused)")
        try:
            literal = parse_host_address(host)
        except ValueError:
            raise OutboundRefused("the host is not a valid address") from None
        if literal is not None:
            reason = self.refusal(literal)
            if reason is not None:
                raise OutboundRefused(f"the host is {reason}")
            return [str(literal)]
        addresses = await _resolve(host, port)
        if not addresses:
            raise OSError(f"{host} resolves to no address")
        allowed_name = self.host_allowed(host)
        for address in addresses:
            reason = self.refusal(address, host_allowed=allowed_name)
            if reason is not None:
                raise OutboundRefused(f"the host resolves to {reason}")
        return [str(a) for a in addresses]


async def _resolve(host: str, port: int) -> list[IPAddress]:
    """Every address ``host`` resolves to (order kept, duplicates dropped)."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    out: list[IPAddress] = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if address not in out:
            out.append(address)
    return out


# --- the HTTP client ---------------------------------------------------------------------------


class _PolicyNetworkBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, connecting only to addresses the policy vetted."""

    def __init__(self, policy: OutboundPolicy) -> None:
        self._policy = policy
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                addresses = await self._policy.vetted_addresses(host, port)
        except TimeoutError:
            raise httpcore.ConnectTimeout("name resolution timed out") from None
        except (OSError, UnicodeError):
            raise httpcore.ConnectError("the host name does not resolve") from None
        last: Exception = httpcore.ConnectError("no address to connect to")
        for address in addresses:
            try:
                # The vetted address, not the name: no second lookup that could answer otherwise.
                # TLS still verifies the name (httpcore passes the URL's host as server_hostname).
                return await self._inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        raise last

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise OutboundRefused("unix sockets are not outbound destinations")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class OutboundTransport(httpx.AsyncHTTPTransport):
    """An httpx transport whose connections obey an ``OutboundPolicy`` (no proxies)."""

    def __init__(
        self,
        policy: OutboundPolicy,
        *,
        verify: ssl.SSLContext | bool = True,
        limits: httpx.Limits = _DEFAULT_LIMITS,
    ) -> None:
        context = verify if isinstance(verify, ssl.SSLContext) else httpx.create_ssl_context(verify=verify)
        super().__init__(verify=context, limits=limits, trust_env=False)
        # The same pool httpx builds, with the policy's network backend (httpx has no parameter).
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_PolicyNetworkBackend(policy),
        )


def outbound_client(
    policy: OutboundPolicy,
    *,
    timeout: float | httpx.Timeout | None = None,
    verify: ssl.SSLContext | bool = True,
    limits: httpx.Limits = _DEFAULT_LIMITS,
) -> httpx.AsyncClient:
    """An ``httpx.AsyncClient`` for calls to URLs users configured: policy-checked connections,
    no redirects followed (a 3xx is an answer), no proxy or netrc from the environment."""
    return httpx.AsyncClient(
        transport=OutboundTransport(policy, verify=verify, limits=limits),
        follow_redirects=False,
        trust_env=False,
        timeout=timeout,
    )


# --- what a viewer may see ---------------------------------------------------------------------


def classify_error(exc: BaseException) -> OutboundErrorClass:
    """The class of a failed outbound call, for display (never the exception's own text)."""
    if isinstance(exc, OutboundRefused):
        return "refused-by-policy"
    if isinstance(exc, TimeoutError | httpx.TimeoutException):
        return "timeout"
    if isinstance(exc, httpx.ProtocolError | httpx.DecodingError | httpx.TooManyRedirects):
        return "bad-response"
    if isinstance(exc, httpx.TransportError | OSError):
        return "unreachable"
    return "bad-response"


def classify_status(status_code: int) -> OutboundErrorClass | None:
    """None for a 2xx answer, else ``bad-response`` (3xx included: redirects are not followed)."""
    return None if 200 <= status_code < 300 else "bad-response"


def redact_url(url: str) -> str:
    """A URL as anyone may see it: scheme, host and port; any path becomes ``/…``; userinfo,
    query and fragment are dropped (a webhook URL is a secret: its path often is the token)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return "(invalid URL)"
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    shown = f"{parts.scheme}://{host}" + (f":{port}" if port else "")
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username or parts.password:
        shown += "/…"
    return shown


def redact_urls_in(text: str, *, keep_paths: bool = True) -> str:
    """``text`` with the userinfo of every URL removed and, unless ``keep_paths``, every URL shown
    as ``redact_url`` shows it (for log lines of HTTP clients, which carry full request URLs)."""

    def replace(match: re.Match[str]) -> str:
        url = match.group(0)
        if not keep_paths:
            return redact_url(url)
        return re.sub(r"^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\s]*@", r"\1[REDACTED]@", url)

    return _URL_IN_TEXT.sub(replace, text)


_URL_IN_TEXT = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s\"'<>]+")


def allowlist_with(allow: str, extra: Sequence[str]) -> str:
    """``allow`` with ``extra`` entries appended (what ``lifeboat dev`` does with loopback)."""
    return ",".join(part for part in [allow.strip(), *extra] if part)
