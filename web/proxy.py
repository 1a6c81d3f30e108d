"""The client's address and scheme behind a reverse proxy, believed only from the proxies we run.

nginx passes `X-Forwarded-For` (the addresses the request came through, the client first) and
`X-Forwarded-Proto` (http or https). Anyone can send those headers, so they are read only when the TCP peer is
one of KOPROGO_TRUSTED_PROXIES; then the client is the right-most address in X-Forwarded-For that is not itself
a trusted proxy (what a client writes to the left of it is its own claim). The login throttle counts failures by
`request.remote_addr` and the session cookie is Secure when `request.scheme` is https: both come from here.
"""
from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Any

from web.config import Network


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1:text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def trusted(peer: str | None, networks: Iterable[Network]) -> bool:
    """True when `peer` (an IP address) lies in one of `networks`."""
    address = _address(peer or "")
    return address is not None and any(address in net for net in networks)


def client_from(forwarded_for: str, networks: tuple[Network, ...]) -> str | None:
    """The right-most address of an X-Forwarded-For chain that is not a trusted proxy (None when malformed)."""
    hops = [h for h in (part.strip() for part in forwarded_for.split(",")) if h]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            return None
        if not any(address in net for net in networks):
            return str(address)
    return str(_address(hops[0])) if hops else None  # every hop is ours: the first one is the client


class TrustedProxies:
    """ASGI middleware: rewrite the scope's client and scheme from the proxy's headers, for trusted peers only."""

    def __init__(self, app: Any, networks: tuple[Network, ...]) -> None:
        self.app = app
        self.networks = networks

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] in ("http", "websocket"):
            client = scope.get("client")
            if client and trusted(client[0], self.networks):
                forwarded_for = proto = request_id = None
                for name, value in scope["headers"]:
                    if name == b"x-forwarded-for":
                        # several header lines make one list, in order
                        forwarded_for = value if forwarded_for is None else forwarded_for + b"," + value
                    elif name == b"x-forwarded-proto":
                        proto = value
                    elif name == b"x-request-id":
                        request_id = value
                if forwarded_for is not None or proto is not None or request_id is not None:
                    scope = dict(scope)
                    scope["koprogo.proxied"] = True
                    if request_id is not None:
                        scope["koprogo.request_id"] = request_id.decode("latin-1")
                    if forwarded_for is not None:
                        address = client_from(forwarded_for.decode("latin-1"), self.networks)
                        if address is not None:
                            scope["client"] = (address, 0)
                    if proto is not None:
                        scheme = proto.decode("latin-1").split(",")[-1].strip().lower()
                        if scheme in ("http", "https"):
                            scope["scheme"] = scheme if scope["type"] == "http" else \
                                {"http": "ws", "https": "wss"}[scheme]
        await self.app(scope, receive, send)
