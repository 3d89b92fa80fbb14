"""One attempt at a webhook delivery: check the URL, connect to a checked address, POST the JSON.

The URL is checked again (:func:`dateline.delivery.targets.check_webhook_url`) right before the
attempt, and the request goes to the checked address itself: the URL's host is replaced by the
address, ``Host`` carries the name and port as written, and for ``https`` the TLS server name
(SNI) and the certificate check use the name (httpcore's ``sni_hostname`` request extension).
The name is therefore resolved once per attempt and a DNS answer that changes between check and
connection (DNS rebinding) is never used. Addresses are tried in resolver order until one
connects. Redirects are not followed (a 3xx is final: the receiver did not take the delivery),
proxies from the environment are not used (``trust_env=False``), and the request carries no
cookies or credentials.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import httpx

from dateline import __version__
from dateline.delivery.targets import Resolver, check_webhook_url, system_resolve
from dateline.errors import AlertTargetError

log = logging.getLogger(__name__)

USER_AGENT = f"dateline/{__version__} (+https://github.com/dateline-news/dateline) alerts"


@dataclass(frozen=True)
class Attempt:
    """The outcome of one delivery attempt: ``ok`` (taken), else whether another attempt may
    succeed (``retry``: a 5xx, 408, 429 or network error), the receiver's ``Retry-After`` value
    if it sent one, and a one-line ``message`` for the ``alert_deliveries`` table."""

    ok: bool
    retry: bool = False
    retry_after: str | None = None
    message: str = ""


def retryable(status: int) -> bool:
    """5xx, 408 (request timeout) and 429 (too many requests) are worth another attempt."""
    return status >= 500 or status in (408, 429)


def post_webhook(url: str, payload: dict[str, Any], *, timeout: float,
                 allowed_hosts: Iterable[str] = (), resolve: Resolver = system_resolve,
                 client: httpx.Client | None = None,
                 headers: dict[str, str] | None = None) -> Attempt:
    """POST ``payload`` as JSON to ``url`` once, ``timeout`` seconds at most per connection
    attempt and read; return the :class:`Attempt`. Never raises for the network or the
    receiver: a refused URL (internal address, credentials) is a final failure, with the
    reason. ``client`` (tests: a mock transport) is used as given, without closing it;
    ``headers`` are added (the delivery id)."""
    try:
        target = check_webhook_url(url, allowed_hosts, resolve=resolve)
    except AlertTargetError as exc:
        # a name that does not resolve now may tomorrow; an internal address stays refused
        return Attempt(ok=False, retry=isinstance(exc.__cause__, OSError), message=str(exc))
    own = client is None
    http = client or httpx.Client(trust_env=False, follow_redirects=False)
    body = json.dumps(payload, ensure_ascii=False).encode()
    sent = {"Content-Type": "application/json", "User-Agent": USER_AGENT,
            "Host": target.url.netloc.decode("ascii"), **(headers or {})}
    extensions = {"sni_hostname": target.host} if target.url.scheme == "https" else {}
    last = ""
    try:
        for address in target.addresses:
            pinned = target.url.copy_with(host=str(address))  # httpx brackets IPv6
            try:
                resp = http.post(pinned, content=body, headers=sent, timeout=timeout,
                                 extensions=extensions, follow_redirects=False)
            except httpx.ConnectError as exc:
                last = f"cannot connect to {address}: {exc}"
                continue  # the next checked address
            except httpx.HTTPError as exc:
                return Attempt(ok=False, retry=True, message=f"{type(exc).__name__}: {exc}")
            return _outcome(resp)
        return Attempt(ok=False, retry=True, message=last or "no address to connect to")
    finally:
        if own:
            http.close()


def _outcome(resp: httpx.Response) -> Attempt:
    status = resp.status_code
    if 200 <= status < 300:
        return Attempt(ok=True, message=f"HTTP {status}")
    if 300 <= status < 400:
        return Attempt(ok=False, message=f"HTTP {status}: redirects are not followed")
    return Attempt(ok=False, retry=retryable(status), retry_after=resp.headers.get("retry-after"),
                   message=f"HTTP {status}")
