"""Fetching a URL safely: nothing private, nothing huge, nothing that is not a page.

Every hop (the first request and each redirect) is checked the same way:

1. the scheme is http(s) and the address carries no credentials;
2. the host name is resolved once, and every address it resolves to must be
   public (no loopback, private, link-local — cloud metadata lives there —,
   multicast, reserved or shared ranges; IPv4 hidden in IPv6 is unwrapped);
3. the connection goes to the address that was checked, with the name only in
   the Host header and TLS SNI, so a DNS answer that changes between check and
   connect (DNS rebinding) cannot redirect the request.

Then: connect and read timeouts plus an overall deadline, a size cap enforced
while streaming (a compressed body counts decompressed), a content-type check
(HTML or text, or feeds when asked) with a look at the first bytes for
binaries that claim to be text. `settings.INGEST_FETCH_ALLOWLIST` names hosts
or addresses that may be private — for tests with a local server only.
"""
from __future__ import annotations

import ipaddress
import re
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin

import certifi
import urllib3
from django.conf import settings
from urllib3.exceptions import (
    ConnectTimeoutError, HTTPError, LocationParseError, NewConnectionError, ProtocolError, ReadTimeoutError, SSLError,
)

PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
FEED_TYPES = (
    "application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml",
    "application/feed+json", "text/html", "text/plain",
)
REDIRECTS = {301, 302, 303, 307, 308}
TRANSIENT_STATUSES = {408, 425, 429, 500, 502, 503, 504}
CHUNK = 64 * 1024
BINARY_SIGNATURES = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"RIFF": "a RIFF (image/audio) file",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
    b"\xd0\xcf\x11\xe0": "an Office document",
}


class FetchError(Exception):
    """Why a URL could not be fetched. `transient`: worth trying again later."""

    def __init__(self, reason: str, *, transient: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.transient = transient


@dataclass
class FetchedPage:
    body: str
    is_html: bool
    content_type: str = ""
    final_url: str = ""
    status: int = 200
    etag: str = ""
    last_modified: str = ""
    not_modified: bool = False
    data: bytes = b""


def fetch(url: str, *, accept: tuple[str, ...] = PAGE_TYPES, headers: dict | None = None) -> FetchedPage:
    """GET a page (following checked redirects); raises FetchError with a readable reason."""
    timeout = settings.INGEST_FETCH_TIMEOUT
    deadline = time.monotonic() + 3 * timeout
    for _hop in range(settings.INGEST_MAX_REDIRECTS + 1):
        response, pool = _request(url, accept=accept, headers=headers or {}, timeout=timeout)
        try:
            if response.status in REDIRECTS and response.headers.get("Location"):
                url = urljoin(url, response.headers["Location"].strip())
                continue
            return _read(url, response, accept=accept, deadline=deadline, timeout=timeout)
        finally:
            response.release_conn()
            pool.close()
    raise FetchError(f"too many redirects (more than {settings.INGEST_MAX_REDIRECTS})")


# --- One hop ----------------------------------------------------------------------------------


@dataclass
class PostAnswer:
    status: int
    body: str


def post(url: str, *, body: bytes, headers: dict, timeout: float | None = None) -> PostAnswer:
    """POST a body with the same address checks as a fetch (webhooks); no redirect is followed.

    Raises FetchError (transient for timeouts and refused connections); any HTTP
    status is an answer, judged by the caller. At most 64 KB of the answer is read.
    """
    timeout = float(timeout or settings.INGEST_FETCH_TIMEOUT)
    response, pool = _request(url, accept=("application/json",), headers=headers, timeout=timeout,
                              method="POST", body=body)
    try:
        try:
            data = response.read1(CHUNK) if response.status != 204 else b""
        except (ReadTimeoutError, socket.timeout, ProtocolError, HTTPError):
            data = b""
        return PostAnswer(status=response.status, body=data.decode("utf-8", "replace"))
    finally:
        response.release_conn()
        pool.close()


def _request(url: str, *, accept, headers: dict, timeout: float, method: str = "GET", body: bytes | None = None):
    try:
        parsed = urllib3.util.parse_url(url)
    except LocationParseError:
        raise FetchError(f"{url!r} is not a valid URL") from None
    scheme = (parsed.scheme or "").lower()
    if scheme not in ("http", "https") or not parsed.host:
        raise FetchError(f"{url!r} is not an http(s) URL")
    if parsed.auth:
        raise FetchError("URLs with a user name or password are not fetched")
    host = parsed.host.strip("[]").lower()
    port = parsed.port or (443 if scheme == "https" else 80)
    address = checked_address(host, port)
    default_port = port == (443 if scheme == "https" else 80)
    host_header = (f"[{host}]" if ":" in host else host) + ("" if default_port else f":{port}")
    request_headers = {
        "Host": host_header,
        "User-Agent": settings.INGEST_USER_AGENT,
        "Accept": ", ".join(accept) + ", */*;q=0.1",
        "Accept-Encoding": "gzip, deflate",
        **headers,
    }
    options = {"timeout": urllib3.Timeout(connect=timeout, read=timeout), "retries": False, "maxsize": 1}
    if scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            address, port, server_hostname=host, assert_hostname=host, cert_reqs="CERT_REQUIRED",
            ca_certs=certifi.where(), **options,
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, port, **options)
    try:
        response = pool.urlopen(
            method, parsed.request_uri or "/", body=body, headers=request_headers, redirect=False, retries=False,
            preload_content=False, decode_content=True, assert_same_host=False,
        )
    except (ConnectTimeoutError, ReadTimeoutError) as exc:
        pool.close()
        raise FetchError(f"{host} did not answer within {timeout:g} s", transient=True) from exc
    except SSLError as exc:
        pool.close()
        raise FetchError(f"TLS error with {host}: {_short(exc)}") from exc
    except (NewConnectionError, ProtocolError) as exc:
        pool.close()
        raise FetchError(f"could not connect to {host}: {_short(exc)}", transient=True) from exc
    except HTTPError as exc:
        pool.close()
        raise FetchError(f"HTTP error with {host}: {_short(exc)}", transient=True) from exc
    return response, pool


def checked_address(host: str, port: int) -> str:
    """The address to connect to, after checking that every address of `host` may be fetched."""
    allow = {entry.strip().lower() for entry in settings.INGEST_FETCH_ALLOWLIST}
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            if exc.errno in (socket.EAI_AGAIN,):
                raise FetchError(f"the name {host} could not be looked up just now", transient=True) from None
            raise FetchError(f"the name {host} does not resolve") from None
        except UnicodeError:
            raise FetchError(f"{host!r} is not a valid host name") from None
        addresses = list(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos))
        if not addresses:
            raise FetchError(f"the name {host} does not resolve")
    if host in allow:
        return str(addresses[0])
    for address in addresses:
        reason = non_public(address)
        if reason and str(address) not in allow:
            shown = host if str(address) == host else f"{host} ({address})"
            raise FetchError(f"refused: {shown} is {reason}; only public addresses are fetched")
    return str(addresses[0])


GLOBAL_UNICAST_V6 = ipaddress.ip_network("2000::/3")


def non_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """Why an address must not be fetched ("" when it is a public one)."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour or (address.teredo[1] if address.teredo else None)
        if embedded is None and address in ipaddress.ip_network("64:ff9b::/96"):
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return non_public(embedded)
    if isinstance(address, ipaddress.IPv6Address) and (address not in GLOBAL_UNICAST_V6 or address.is_site_local):
        # Only 2000::/3 is routed on the internet; Python's is_global still calls the deprecated
        # site-local fec0::/10 global, so that one is named too.
        return "not a globally routable address"
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address (cloud metadata lives there)"
    if address.is_multicast:
        return "a multicast address"
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_private:
        return "a private-network address"
    if address.is_reserved or not address.is_global:
        return "a reserved address"
    return ""


# --- The answer -------------------------------------------------------------------------------


def _read(url: str, response, *, accept, deadline: float, timeout: float) -> FetchedPage:
    status = response.status
    etag, last_modified = response.headers.get("ETag", ""), response.headers.get("Last-Modified", "")
    if status == 304:
        return FetchedPage("", False, final_url=url, status=304, etag=etag, last_modified=last_modified,
                           not_modified=True)
    if status >= 300:
        reason = f"the server answered {status} {response.reason or ''}".strip()
        raise FetchError(reason, transient=status in TRANSIENT_STATUSES or status >= 500)
    limit = settings.INGEST_MAX_BYTES
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(f"too large: {_mb(int(declared))} (the limit is {_mb(limit)})")
    content_type = response.headers.get("Content-Type", "")
    media_type, charset = _media_type(content_type)
    refused = _refused_type(media_type, accept)
    if refused:
        raise FetchError(refused)
    chunks, size = [], 0
    try:
        while chunk := response.read1(CHUNK):  # what one receive brings: a trickle cannot outlast the deadline
            size += len(chunk)
            if size > limit:
                raise FetchError(f"too large: more than {_mb(limit)} (stopped reading there)")
            if time.monotonic() > deadline:
                raise FetchError(f"the download took longer than {3 * timeout:g} s", transient=True)
            chunks.append(chunk)
    except (ReadTimeoutError, socket.timeout) as exc:
        raise FetchError(f"the server stopped sending within {timeout:g} s", transient=True) from exc
    except (ProtocolError, HTTPError) as exc:
        raise FetchError(f"the download broke off: {_short(exc)}", transient=True) from exc
    data = b"".join(chunks)
    binary = sniff_binary(data)
    if binary:
        raise FetchError(f"not a text or HTML page: the body is {binary}")
    is_html = media_type in ("text/html", "application/xhtml+xml") or (
        not media_type and data[:1024].lstrip().lower().startswith((b"<!doctype html", b"<html"))
    )
    return FetchedPage(
        body=decode(data, charset, is_html=is_html), is_html=is_html, content_type=media_type, final_url=url,
        status=status, etag=etag, last_modified=last_modified, data=data,
    )


def _media_type(content_type: str) -> tuple[str, str]:
    media_type, _, params = content_type.partition(";")
    match = re.search(r"charset\s*=\s*\"?([\w.:-]+)", params, re.I)
    return media_type.strip().lower(), (match.group(1) if match else "")


def _refused_type(media_type: str, accept: tuple[str, ...]) -> str:
    if not media_type or media_type in accept:
        return ""
    family = media_type.split("/")[0]
    if media_type == "application/pdf":
        return "not a text or HTML page: the server says it is a PDF (application/pdf)"
    if family in ("image", "audio", "video", "font"):
        return f"not a text or HTML page: the server says it is {family} ({media_type})"
    return f"not a text or HTML page: the content type is {media_type}"


def sniff_binary(data: bytes) -> str:
    """What binary the first bytes show ("" for text)."""
    head = data[:2048]
    for signature, name in BINARY_SIGNATURES.items():
        if head.startswith(signature):
            return name
    if b"\x00" in head:
        return "binary data (it contains NUL bytes)"
    return ""


def decode(data: bytes, charset: str = "", *, is_html: bool = False) -> str:
    """Bytes to text: the declared charset, else a <meta charset>, else UTF-8, else Windows-1252."""
    candidates = [charset]
    if is_html:
        match = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", data[:4096], re.I)
        if match:
            candidates.append(match.group(1).decode("ascii", "ignore"))
    for name in [c for c in candidates if c] + ["utf-8"]:
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("cp1252", errors="replace")


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _short(exc: Exception) -> str:
    return str(getattr(exc, "reason", None) or exc)[:200]
