"""Request bodies: JSON that the parser cannot hold or the answer cannot repeat is a 400, not a 500."""
import json

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser as BaseJSONParser


class JSONParser(BaseJSONParser):
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
