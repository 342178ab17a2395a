"""Where a webhook may be delivered: http(s) URLs whose host resolves to public addresses only.

Checked when an editor saves an endpoint and again at every delivery (DNS can
change in between); a delivery connects to the very address that was checked,
so a name that resolves differently a moment later (DNS rebinding) cannot
redirect it. WEBHOOKS_ALLOW_PRIVATE_NETWORKS lets receivers on loopback and
private networks through (a receiver on the same host or LAN, the tests);
unspecified, multicast and link-local addresses (cloud metadata services live
at 169.254.169.254) are refused even then.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

SCHEMES = {"http": 80, "https": 443}
MAX_URL_LENGTH = 2000


class DestinationError(ValueError):
    """A URL that may not be delivered to; the message is for an editor. retry: DNS may come back."""

    def __init__(self, message: str, retry: bool = False):
        super().__init__(message)
        self.retry = retry


@dataclass(frozen=True)
class Destination:
    scheme: str
    host: str  # as written in the URL (a name or an address)
    port: int
    target: str  # the path and query sent in the request line
    address: str  # the checked IP address to connect to

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == SCHEMES[self.scheme] else f"{host}:{self.port}"


def _parts(url: str) -> tuple[str, str, int, str]:
    if not url or len(url) > MAX_URL_LENGTH or any(c.isspace() for c in url):
        raise DestinationError(f"Enter a URL of at most {MAX_URL_LENGTH} characters, without spaces.")
    try:
        parts = urlsplit(url)
        parts.hostname  # noqa: B018 (parses the host: "[::1" fails here)
    except ValueError as exc:
        raise DestinationError(f"The URL cannot be read: {exc}.") from None
    if parts.scheme not in SCHEMES:
        raise DestinationError("The URL must start with https:// or http://.")
    if not parts.hostname:
        raise DestinationError("The URL has no host name (https://hooks.example.com/cms, for instance).")
    if parts.username or parts.password:
        raise DestinationError(
            "Put no user name or password in the URL: receivers check the signature instead."
        )
    try:
        port = parts.port or SCHEMES[parts.scheme]
    except ValueError:
        raise DestinationError("The port in the URL is not a number between 1 and 65535.") from None
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port, target


def refusal(address: str) -> str | None:
    """Why this address may not be a destination, or None when it may."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_global or settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS:
        return None
    if ip.is_loopback:
        return "a loopback address (this machine)"
    if ip.is_private:
        return "a private network address"
    return "a reserved address, not on the public internet"


def _addresses(host: str, port: int) -> list[str]:
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise DestinationError(f"The host name {host} could not be found ({exc}).", retry=True) from exc
    return list(dict.fromkeys(info[4][0] for info in found))


def resolve(url: str) -> Destination:
    """The destination of this URL with the address to connect to; DestinationError if it is refused."""
    scheme, host, port, target = _parts(url)
    addresses = _addresses(host, port)
    for address in addresses:
        reason = refusal(address)
        if reason:
            what = f"{host} is" if host == address else f"{host} resolves to {address},"
            raise DestinationError(f"{what} {reason}: webhooks are only delivered to public addresses.")
    if not addresses:
        raise DestinationError(f"The host name {host} has no address.", retry=True)
    return Destination(scheme, host, port, target, addresses[0])


def check_url(url: str) -> None:
    """What an editor's form checks: the URL's form and, now, where it leads."""
    resolve(url)
