"""Where an alert may deliver: webhook URLs that reach only public addresses, and email addresses.

A webhook URL is checked when the alert is saved and again before every attempt (DNS answers
change): it must be ``http`` or ``https``, carry no credentials (``user:pass@``), name a port
from 1 to 65535, and its host must resolve, in every address it resolves to, to a public one.
Refused, with the reason in the message: loopback (``127.0.0.0/8``, ``::1``), private
(``10/8``, ``172.16/12``, ``192.168/16``, ``fc00::/7``), link-local (``169.254/16`` with cloud
metadata services, ``fe80::/10``), multicast, unspecified (``0.0.0.0``, ``::``), reserved and
other special-purpose ranges (shared address space ``100.64/10``, documentation, benchmarking),
and IPv6 addresses that embed such an IPv4 address (IPv4-mapped ``::ffff:127.0.0.1``, 6to4,
NAT64). Python's :mod:`ipaddress` tables (the IANA special-purpose registries) decide.

Any spelling of an address is caught because the check reads what the host resolves to
(``getaddrinfo``, the same call a connection makes): ``[::1]``, ``0x7f.1``, ``2130706433``,
``127.1``, ``0177.0.0.1`` and a name whose DNS answer is ``127.0.0.1`` all resolve to loopback.
The caller then connects to one of the checked addresses itself (:mod:`dateline.delivery.webhook`),
so the name is not resolved a second time between check and connection.

``allowed_hosts`` (setting ``webhook.allowed_hosts``) lifts the address check for a host written
exactly so in the URL, or for addresses inside a listed IP network.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import httpx

from dateline.errors import AlertTargetError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
#: ``resolve(host, port)`` -> the addresses a connection to ``host`` could use.
Resolver = Callable[[str, int], Sequence[IPAddress]]

_HOST = re.compile(r"^[a-z0-9._-]+$|^[0-9a-f:.]+$")  # a name or an IP literal, nothing else
_EMAIL = re.compile(r"^[^@\s\x00-\x1f\x7f<>,;\"()\[\]\\]+@[a-z0-9.-]+\.[a-z]{2,}$", re.I)


@dataclass(frozen=True)
class WebhookTarget:
    """A checked webhook URL: ``url`` as given (parsed), ``host`` (IDNA ASCII, lower case, no
    brackets), ``port`` and the ``addresses`` it resolved to, each allowed, in resolver order."""

    url: httpx.URL
    host: str
    port: int
    addresses: tuple[IPAddress, ...]


def system_resolve(host: str, port: int) -> list[IPAddress]:
    """The addresses ``getaddrinfo`` gives for ``host`` (TCP), in its order, without repeats.
    Raises ``OSError`` (``socket.gaierror``) when the name does not resolve."""
    seen: list[IPAddress] = []
    for *_, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in seen:
            seen.append(address)
    return seen


def internal_reason(address: IPAddress) -> str | None:
    """Why ``address`` is not a public one (``"loopback"``, ``"private"``, ...), or ``None``
    when it is public. An IPv6 address embedding an IPv4 one (mapped, 6to4, Teredo client) is
    judged by that IPv4 address too."""
    if isinstance(address, ipaddress.IPv6Address):
        teredo = address.teredo
        for inner in (address.ipv4_mapped, address.sixtofour, teredo[1] if teredo else None):
            if inner is not None and (reason := internal_reason(inner)):
                return f"{reason} (embedded {inner})"
    checks = (("loopback", address.is_loopback), ("unspecified", address.is_unspecified),
              ("link-local", address.is_link_local), ("multicast", address.is_multicast),
              ("reserved", address.is_reserved), ("private", address.is_private),
              ("site-local", getattr(address, "is_site_local", False)),
              ("special-purpose", not address.is_global))
    for reason, hit in checks:
        if hit:
            return reason
    return None


def _article(word: str) -> str:
    """"an" before a vowel ("an unspecified address"), else "a"."""
    return "an" if word[:1] in "aeiou" else "a"


def _allowed(host: str, address: IPAddress, allowed_hosts: Iterable[str]) -> bool:
    for entry in allowed_hosts:
        entry = entry.strip().lower().strip("[]")
        if entry == host:
            return True
        try:
            if address in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def check_webhook_url(url: str, allowed_hosts: Iterable[str] = (), *,
                      resolve: Resolver = system_resolve) -> WebhookTarget:
    """Check ``url`` (see the module docstring) and return it with the addresses to connect to.

    Raises :class:`~dateline.errors.AlertTargetError` naming what is wrong: the scheme,
    credentials, the port, a host that does not resolve, or the first internal address it
    resolves to (``"webhook host 0x7f.1 resolves to 127.0.0.1, a loopback address"``).
    """
    allowed_hosts = tuple(allowed_hosts)
    try:
        parsed = httpx.URL(url)
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise AlertTargetError(f"webhook_url is not a URL: {exc}") from exc
    if parsed.scheme not in ("http", "https"):
        raise AlertTargetError("webhook_url must be an http:// or https:// URL")
    if parsed.userinfo:
        raise AlertTargetError("webhook_url must not carry credentials (user:password@)")
    host = parsed.raw_host.decode("ascii").lower().rstrip(".")
    if not host or not _HOST.match(host):
        raise AlertTargetError(f"webhook_url has no usable host ({parsed.host!r})")
    if not 0 < port < 65536:
        raise AlertTargetError(f"webhook_url has a bad port ({port})")
    try:
        addresses = tuple(resolve(host, port))
    except (OSError, UnicodeError, ValueError) as exc:
        raise AlertTargetError(f"webhook host {host} does not resolve: {exc}") from exc
    if not addresses:
        raise AlertTargetError(f"webhook host {host} does not resolve")
    for address in addresses:
        reason = internal_reason(address)
        if reason and not _allowed(host, address, allowed_hosts):
            raise AlertTargetError(
                f"webhook host {host} resolves to {address}, {_article(reason)} {reason} "
                "address; webhooks reach public addresses only (setting "
                "webhook.allowed_hosts lists exceptions)")
    return WebhookTarget(parsed, host, port, addresses)


def check_email_address(address: str) -> str:
    """``address`` stripped, when it is one plain mailbox (``name@example.org``: no display
    name, no second address, no control characters, so nothing can be added to a mail's
    headers); raises :class:`~dateline.errors.AlertTargetError` otherwise."""
    address = (address or "").strip()
    if len(address) > 254 or not _EMAIL.match(address):
        raise AlertTargetError(f"not a plain email address: {address!r}")
    return address
