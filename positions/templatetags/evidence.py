"""`{{ statement.text|evidence }}`: the pages and the feed show evidence through positions.evidence."""
from django import template

from positions.evidence import evidence_text

register = template.Library()


@register.filter(name="evidence")
def evidence(text: str) -> str:
    return evidence_text(text)
