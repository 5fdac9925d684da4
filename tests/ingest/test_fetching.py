"""Safe fetching against a local server (allow-listed by setting) and addresses that must be refused."""
import gzip
import socket

import pytest

from ingest import fetching
from ingest.fetching import FetchError

from .conftest import Route

PAGE = "<html><head><title>T</title></head><body><p>Hello there.</p></body></html>"


def test_fetches_an_html_page_with_its_charset(allowed_server):
    allowed_server.routes["/a"] = Route(body="<p>Café talks</p>".encode("latin-1"), content_type="text/html; charset=iso-8859-1")
    page = fetching.fetch(allowed_server.url("/a"))
    assert page.is_html and page.body == "<p>Café talks</p>" and page.status == 200


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:{port}/a", "http://localhost:{port}/a", "http://10.1.2.3/", "http://169.254.169.254/latest/",
    "http://[::1]:{port}/a", "http://[::ffff:127.0.0.1]:{port}/a", "http://0.0.0.0:{port}/a", "http://224.0.0.1/",
])
def test_private_addresses_are_refused_before_connecting(local_server, url):
    local_server.routes["/a"] = Route(body=PAGE)
    with pytest.raises(FetchError) as exc:
        fetching.fetch(url.format(port=local_server.port))
    assert exc.value.reason.startswith("refused") and not exc.value.transient
    assert local_server.hits == []


@pytest.mark.parametrize("address", ["127.0.0.1", "10.0.0.7", "169.254.169.254", "192.168.1.1", "fd00::1"])
def test_a_name_that_resolves_to_a_private_address_is_refused(monkeypatch, local_server, address):
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [(family, socket.SOCK_STREAM, 6, "", (address, 80))])
    with pytest.raises(FetchError, match=f"refused: innocent.example.org \\({address}\\)"):
        fetching.fetch("http://innocent.example.org/news")
    assert local_server.hits == []


def test_connects_to_the_checked_address_with_the_name_in_the_host_header(monkeypatch, allowed_server, settings):
    """No second DNS lookup between check and connect: the request goes to the address that was checked."""
    settings.INGEST_FETCH_ALLOWLIST = ["news.test"]
    lookups = []

    def resolve(host, *args, **kwargs):
        lookups.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", allowed_server.port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    allowed_server.routes["/p"] = Route(body=PAGE)
    fetching.fetch(f"http://news.test:{allowed_server.port}/p")
    assert [h for h in lookups if not h.replace(".", "").isdigit()] == ["news.test"]  # the connect used the IP
    assert allowed_server.hits[0][1]["Host"] == f"news.test:{allowed_server.port}"


@pytest.mark.parametrize("target", ["http://10.0.0.1/x", "http://169.254.169.254/latest/meta-data/", "http://192.168.0.1/x"])
def test_every_redirect_is_checked_again(allowed_server, target):
    allowed_server.routes["/r"] = Route(302, headers={"Location": target})
    with pytest.raises(FetchError, match="refused"):
        fetching.fetch(allowed_server.url("/r"))
    assert allowed_server.paths() == ["/r"]


def test_redirects_are_followed_and_limited(allowed_server, settings):
    settings.INGEST_MAX_REDIRECTS = 2
    allowed_server.routes["/1"] = Route(301, headers={"Location": "/2"})
    allowed_server.routes["/2"] = Route(302, headers={"Location": allowed_server.url("/3")})
    allowed_server.routes["/3"] = Route(body=PAGE)
    assert fetching.fetch(allowed_server.url("/1")).final_url.endswith("/3")
    allowed_server.routes["/loop"] = Route(302, headers={"Location": "/loop"})
    with pytest.raises(FetchError, match="too many redirects"):
        fetching.fetch(allowed_server.url("/loop"))
    assert allowed_server.paths().count("/loop") == 3


@pytest.mark.parametrize("status, transient", [(404, False), (410, False), (403, False), (500, True), (503, True), (429, True)])
def test_error_statuses(allowed_server, status, transient):
    allowed_server.routes["/e"] = Route(status, body="error")
    with pytest.raises(FetchError, match=f"answered {status}") as exc:
        fetching.fetch(allowed_server.url("/e"))
    assert exc.value.transient is transient


def test_a_timeout_is_transient(allowed_server, settings):
    settings.INGEST_FETCH_TIMEOUT = 0.3
    allowed_server.routes["/slow"] = Route(body=PAGE, delay=1.5)
    with pytest.raises(FetchError, match="did not answer within 0.3 s") as exc:
        fetching.fetch(allowed_server.url("/slow"))
    assert exc.value.transient


def test_a_name_that_does_not_resolve(monkeypatch):
    def fail(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", fail)
    with pytest.raises(FetchError, match="does not resolve") as exc:
        fetching.fetch("http://no-such-host.example.org/")
    assert not exc.value.transient


@pytest.mark.parametrize("content_type, body, reason", [
    ("application/pdf", b"%PDF-1.7 ...", "PDF"),
    ("image/png", b"\x89PNG\r\n\x1a\n....", "image"),
    ("application/octet-stream", b"\x00\x01\x02", "application/octet-stream"),
    ("text/html", b"%PDF-1.4 pretending to be html", "a PDF document"),
    ("text/plain", b"abc\x00\x00\x00def", "NUL bytes"),
    (None, b"\xff\xd8\xff\xe0 jpeg", "a JPEG image"),
])
def test_binaries_are_refused(allowed_server, content_type, body, reason):
    allowed_server.routes["/b"] = Route(body=body, content_type=content_type)
    with pytest.raises(FetchError, match="not a text or HTML page") as exc:
        fetching.fetch(allowed_server.url("/b"))
    assert reason in exc.value.reason and not exc.value.transient


def test_a_declared_size_over_the_cap_is_refused_without_reading(allowed_server, settings):
    settings.INGEST_MAX_BYTES = 1000
    allowed_server.routes["/big"] = Route(body="x" * 5000)
    with pytest.raises(FetchError, match="too large"):
        fetching.fetch(allowed_server.url("/big"))


def test_the_cap_is_enforced_while_streaming_even_without_a_length(allowed_server, settings):
    """A lying or absent Content-Length, or a gzip bomb: the decompressed stream is cut at the cap."""
    settings.INGEST_MAX_BYTES = 100_000
    bomb = gzip.compress(b"a" * 5_000_000)
    allowed_server.routes["/bomb"] = Route(body=bomb, headers={"Content-Encoding": "gzip"}, content_type="text/plain")
    with pytest.raises(FetchError, match="more than 0.1 MB"):
        fetching.fetch(allowed_server.url("/bomb"))


def test_conditional_request_and_304(allowed_server):
    allowed_server.routes["/feed"] = Route(304, body=b"", content_type=None)
    page = fetching.fetch(allowed_server.url("/feed"), headers={"If-None-Match": '"v1"'})
    assert page.not_modified and allowed_server.hits[0][1]["If-None-Match"] == '"v1"'


def test_non_public_classification():
    import ipaddress

    assert fetching.non_public(ipaddress.ip_address("8.8.8.8")) == ""
    assert fetching.non_public(ipaddress.ip_address("100.64.1.1"))  # carrier-grade NAT
    assert fetching.non_public(ipaddress.ip_address("64:ff9b::a00:1"))  # NAT64 of 10.0.0.1
    assert fetching.non_public(ipaddress.ip_address("2002:a9fe:a9fe::1"))  # 6to4 of 169.254.169.254


@pytest.mark.parametrize("address", ["fec0::1", "fec0:1234::5", "feff::1", "fc00::1", "fd12:3456::1", "::1", "::",
                                     "fe80::1", "ff02::1", "100::1", "2001:db8::1", "4000::1"])
def test_ipv6_outside_the_globally_routable_range_is_refused(address):
    """Site-local fec0::/10 passed the filter: Python's is_global calls it global."""
    import ipaddress

    assert fetching.non_public(ipaddress.ip_address(address))


def test_ipv6_global_unicast_is_fetched():
    import ipaddress

    assert fetching.non_public(ipaddress.ip_address("2606:4700:4700::1111")) == ""
    assert fetching.non_public(ipaddress.ip_address("2a00:1450:4001::200e")) == ""


def test_a_server_that_trickles_its_body_hits_the_overall_deadline(allowed_server, settings):
    settings.INGEST_FETCH_TIMEOUT = 0.5

    def trickle(handler):
        import time

        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.end_headers()
        try:
            for _ in range(40):  # a byte every 0.1 s: each read is in time, the whole is not
                handler.wfile.write(b"a")
                handler.wfile.flush()
                time.sleep(0.1)
        except (BrokenPipeError, ConnectionResetError):
            pass
        return None

    allowed_server.routes["/trickle"] = trickle
    with pytest.raises(FetchError, match=r"took longer than 1.5 s") as exc:
        fetching.fetch(allowed_server.url("/trickle"))
    assert exc.value.transient
