"""The WSGI entry: a Content-Type header Django cannot read is ignored, not a 500 before any view runs."""
import io
import sys

import pytest

from config.http import readable_charset
from config.wsgi import application

pytestmark = pytest.mark.django_db


def call(content_type: str, query: str = "version=1.0.0", path: str = "/api/schema/") -> str:
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "CONTENT_TYPE": content_type,
               "SERVER_NAME": "testserver", "SERVER_PORT": "80", "HTTP_HOST": "testserver",
               "wsgi.input": io.BytesIO(b""), "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr}
    status = []
    b"".join(application(environ, lambda s, headers, exc_info=None: status.append(s)))
    return status[0]


@pytest.mark.parametrize("content_type", [
    "text/plain; charset=punycode",  # a text codec that refuses most bytes
    "text/plain; charset=base64",  # a codec of bytes, not of text
    "text/plain; charset*=bogus''utf-8",  # an RFC 2231 parameter naming no encoding
    "text/plain; charset*=utf-8''%00",  # a NUL in the charset's name
])
def test_an_unreadable_charset_is_ignored(content_type):
    assert call(content_type) == "200 OK"
    assert call(content_type, path="/api/statements/").startswith("401")


def test_readable_charsets():
    assert readable_charset("utf-8") and readable_charset("latin-1") and readable_charset("utf-16")
    assert not any(readable_charset(name) for name in ("punycode", "idna", "base64", "zlib", "nonsense", "utf\x00"))
