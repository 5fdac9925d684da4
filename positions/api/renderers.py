"""?format=csv on list endpoints: one row per result, nested objects flattened."""
import csv
import io

from rest_framework.renderers import BaseRenderer


def _flatten(value, prefix=""):
    """{"party": {"code": "RU"}} -> {"party.code": "RU"}; lists become one "; "-joined cell."""
    if isinstance(value, dict):
        out = {}
        for key, inner in value.items():
            out.update(_flatten(inner, f"{prefix}{key}."))
        return out
    key = prefix[:-1] if prefix else "value"
    if isinstance(value, list):
        return {key: "; ".join(_cell(v) for v in value)}
    return {key: value}


def _cell(value):
    if isinstance(value, dict):
        return " ".join(f"{k}={v}" for k, v in value.items())
    return "" if value is None else str(value)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def _safe(value) -> str:
    """A cell a spreadsheet will show as text, never run as a formula (statement text, a fetched title…).

    Text whose first visible character starts a formula gets a leading apostrophe (OWASP's advice);
    numbers (ids, confidences) stay numbers.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    text = _cell(value)
    if text[:1] in FORMULA_START or text.lstrip()[:1] in FORMULA_START:
        return "'" + text
    return text


class PaginatedCSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict) and "results" in data:
            rows = data["results"]
        elif isinstance(data, dict) and isinstance(data.get("changes"), list):
            # {from, to, changes}: one row per change, with its rounds.
            rows = [{"from": data.get("from"), "to": data.get("to"), **change} for change in data["changes"]]
        elif isinstance(data, list):
            rows = data
        else:
            rows = [data]
        flat = [_flatten(row) if isinstance(row, dict) else {"value": row} for row in rows]
        columns = list(dict.fromkeys(key for row in flat for key in row))
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in flat:
            writer.writerow({k: _safe(v) for k, v in row.items()})
        return buffer.getvalue().encode(self.charset)
