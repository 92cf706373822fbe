"""The SSRF guard: which URLs tagwire may fetch.

A feed URL comes from strangers (an OPML file, a redirect, a page's link), so
before connecting we resolve the host and refuse every address that is not
globally routable — loopback, private, link-local (cloud metadata at
169.254.169.254), CGNAT, multicast, reserved — unless the operator allowed
it in ``TAGWIRE_FETCH_ALLOW_HOSTS``.  Redirect hops are checked one by one.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from ..errors import BlockedURLError, ConfigError, FetchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _unmap(ip: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 one carries (mapped, NAT64, 6to4, Teredo), if any."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip in _NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if ip.sixtofour is not None:
            return ip.sixtofour
        if ip.teredo is not None:
            return ip.teredo[1]
    return ip


@dataclass(frozen=True)
class Guard:
    hosts: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def from_setting(cls, value: str) -> "Guard":
        hosts, networks = set(), []
        for item in (part.strip().lower() for part in value.split(",")):
            if not item:
                continue
            try:
                networks.append(ipaddress.ip_network(item, strict=False))
            except ValueError:
                if not all(c.isalnum() or c in ".-_" for c in item):
                    raise ConfigError(f"TAGWIRE_FETCH_ALLOW_HOSTS: not a host or CIDR: {item!r}") from None
                hosts.add(item)
        return cls(frozenset(hosts), tuple(networks))

    def address_allowed(self, ip: IPAddress) -> bool:
        ip = _unmap(ip)
        if any(ip in net for net in self.networks):
            return True
        return ip.is_global and not ip.is_multicast

    def check_url(self, url: str) -> tuple[str, int]:
        """Scheme and shape only (no DNS); returns (host, port)."""
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            raise BlockedURLError(f"not a valid URL: {url[:200]}") from None
        if parts.scheme not in ("http", "https"):
            # "news.example/rss" pasted from a browser's address bar: say what was meant
            bare = "://" not in url and "." in url.split("/", 1)[0] and not any(c.isspace() for c in url)
            hint = f" (did you mean https://{url[:200]}?)" if bare else ""
            raise BlockedURLError(f"only http and https URLs can be fetched: {url[:200]}{hint}")
        host = (parts.hostname or "").lower()
        if not host:
            raise BlockedURLError(f"URL has no host: {url[:200]}")
        return host, port or (443 if parts.scheme == "https" else 80)

    async def check(self, url: str) -> None:
        """Refuse the URL unless every address its host resolves to may be fetched."""
        await self.pin(url)

    async def pin(self, url: str) -> Pinned:
        """Resolve once, check every address, and say which one to connect to.

        Connecting to the checked address (instead of letting the HTTP client
        resolve the name again) closes DNS rebinding: a name that answered a
        public address to the check cannot answer 127.0.0.1 to the connect.
        """
        host, port = self.check_url(url)
        if host in self.hosts:
            return Pinned(url=url, host=None)  # trusted by name: resolve as usual
        addresses = await _resolve(host, port)
        if not addresses:
            raise FetchError(f"cannot resolve host {host}: no addresses")
        for ip in addresses:
            if not self.address_allowed(ip):
                raise BlockedURLError(
                    f"refusing to fetch {host}: it resolves to non-public address {ip} "
                    "(allow it with TAGWIRE_FETCH_ALLOW_HOSTS)"
                )
        parts = urlsplit(url)
        ip = addresses[0]
        literal = f"[{ip}]" if ip.version == 6 else str(ip)
        userinfo = parts.netloc.rpartition("@")[0]
        netloc = (userinfo + "@" if userinfo else "") + literal + (f":{parts.port}" if parts.port else "")
        host_header = parts.netloc.rpartition("@")[2]
        return Pinned(url=urlunsplit(parts._replace(netloc=netloc)), host=host_header, sni=host)


@dataclass(frozen=True)
class Pinned:
    """Where to connect: ``url`` with the host replaced by the checked address.

    ``host`` is the Host header to send and ``sni`` the TLS server name (and the
    name the certificate is checked against); both None when nothing was pinned.
    """

    url: str
    host: str | None
    sni: str | None = None


async def _resolve(host: str, port: int) -> list[IPAddress]:
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host}: {exc}") from None
    # getaddrinfo may return scoped IPv6 ("fe80::1%eth0"): drop the scope before parsing
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
