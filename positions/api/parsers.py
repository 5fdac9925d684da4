"""Request bodies: JSON that the parser cannot hold or the answer cannot repeat is a 400, not a 500; so is a
form whose declared charset cannot decode it."""
import json

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, also refusing what it lets through to fail later: nesting deep enough to exhaust Python's
    recursion (`[[[[...]]]]`), and lone surrogates (`"\\ud800"`), which no UTF-8 answer can echo back in an error."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply") from None
        except UnicodeEncodeError:
            raise ParseError("JSON parse error - a string holds a lone surrogate (\\ud800-\\udfff)") from None
        return data


class _Decoded:
    """A form parser whose body the declared charset cannot decode ("charset=punycode", "charset=idna") answers
    400. The WSGI entry (config.http) already ignores such charsets; this holds wherever a request is made
    otherwise (a test client, another server)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except (UnicodeError, LookupError) as exc:
            raise ParseError(f"Form parse error - the body cannot be read in its declared charset ({exc})") from None


class FormParser(_Decoded, parsers.FormParser):
    pass


class MultiPartParser(_Decoded, parsers.MultiPartParser):
    pass
