"""A local HTTP server for fetch/feeds tests (127.0.0.1, allow-listed per test), and a small negotiation.

Tasks run in-process outside integration tests: see `_tasks_in_process` in tests/conftest.py.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Route:
    status: int = 200
    body: bytes | str = b""
    headers: dict = field(default_factory=dict)
    delay: float = 0.0
    content_type: str | None = "text/html; charset=utf-8"


class LocalServer:
    """Routes are set by the test; every request is recorded in `hits` (path, headers)."""

    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.hits: list[tuple[str, dict]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                server.hits.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path) or Route(404, b"not here", content_type="text/plain")
                if callable(route):
                    route = route(self)
                    if route is None:  # the route answered by itself
                        return
                if route.delay:
                    time.sleep(route.delay)
                body = route.body.encode() if isinstance(route.body, str) else route.body
                try:
                    self.send_response(route.status)
                    if route.content_type:
                        self.send_header("Content-Type", route.content_type)
                    if "Content-Length" not in route.headers:
                        self.send_header("Content-Length", str(len(body)))
                    for name, value in route.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def paths(self) -> list[str]:
        return [path for path, _ in self.hits]


@pytest.fixture
def local_server():
    """A live server on 127.0.0.1; NOT allow-listed (see `allowed_server`)."""
    server = LocalServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture
def allowed_server(local_server, settings):
    settings.INGEST_FETCH_ALLOWLIST = ["127.0.0.1"]
    settings.INGEST_FETCH_TIMEOUT = 2
    return local_server


# --- A small negotiation of our own, and reports about it ---------------------------------------

REPORT = """Nordland and Southland met in Lisbon on Wednesday for a first round of talks on the border crisis.

"We demand that Southland withdraw its troops from the border," Nordland's foreign minister Anna Vask told reporters.

Southland's defence minister Tomas Berg said his country rejects any troop withdrawal while the exercises continue.

"We will not move a single soldier," Berg added.

Diplomats from both sides said another meeting could take place in Vienna next month if progress was made."""

OTHER_REPORT = """Talks between Nordland and Southland on fishing quotas resumed in Oslo on Thursday after a long pause.

Anna Vask, Nordland's foreign minister, said the quotas set last year were unfair to coastal towns in the north.

Officials said technical teams would meet weekly until the summer, and that a draft could be ready by August.

Fishermen's unions welcomed the talks but warned that prices were already falling in several harbours."""

GERMAN_REPORT = """Die Außenminister beider Länder trafen sich am Dienstag in Lissabon zu einer ersten Verhandlungsrunde.

„Wir fordern den Abzug der Truppen von der Grenze“, sagte die Außenministerin vor Journalisten.

Der Verteidigungsminister erklärte, sein Land lehne jeden Truppenabzug ab, solange die Übungen andauerten.

Diplomaten beider Seiten sagten, ein weiteres Treffen könne im nächsten Monat in Wien stattfinden."""


@pytest.fixture
def talks(db):
    """Two parties, two people, one demand and two rounds: enough for extraction to find and link statements."""
    import datetime as dt

    from tests.factories import IssueFactory, NegotiationFactory, PartyFactory, PersonFactory, RoundFactory

    north = PartyFactory(code="NL", name="Nordland", aliases=["Nordstad"], adjectives=["Nordic"])
    south = PartyFactory(code="SL", name="Southland", aliases=["Sudburg"], adjectives=["Southern"])
    negotiation = NegotiationFactory(slug="border-talks", parties=[north, south])
    PersonFactory(name="Anna Vask", party=north, role="foreign minister")
    PersonFactory(name="Tomas Berg", party=south, role="defence minister")
    IssueFactory(negotiation=negotiation, slug="troop-withdrawal", title="Troop withdrawal", owner=north,
                 cues=["withdraw its troops", "troop withdrawal"])
    RoundFactory(negotiation=negotiation, slug="first", date=dt.date(2023, 3, 1))
    RoundFactory(negotiation=negotiation, slug="second", date=dt.date(2023, 4, 1))
    return negotiation
