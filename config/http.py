"""The WSGI entry's request: a Content-Type it cannot read is no Content-Type, not a 500 before any view runs."""
import codecs

from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.utils.http import parse_header_parameters

_EVERY_BYTE = bytes(range(256))


def readable_charset(name: str) -> bool:
    """Whether a declared charset can decode any body: a text encoding that decodes every byte (with the
    replacement Django uses), not a codec of bytes ("base64", "zlib") or one that refuses most input ("punycode",
    "idna")."""
    try:
        if not codecs.lookup(name)._is_text_encoding:
            return False
        _EVERY_BYTE.decode(name, "replace")
    except (LookupError, ValueError, UnicodeError):  # ValueError: a NUL in the name
        return False
    return True


class Request(WSGIRequest):
    def _set_content_type_params(self, meta):
        """Django's, except that an unparseable header ("charset*=bogus''x") reads as none and an unreadable
        charset is ignored (the body is then read as settings.DEFAULT_CHARSET, as with no charset)."""
        try:
            self.content_type, self.content_params = parse_header_parameters(meta.get("CONTENT_TYPE", ""))
        except ValueError:
            self.content_type, self.content_params = "", {}
        charset = self.content_params.get("charset")
        if charset and readable_charset(charset):
            self.encoding = charset


class Handler(WSGIHandler):
    request_class = Request
