"""From an article's text to attributed statements linked to issues.

Extraction knows no negotiation by heart: it receives the negotiation's
parties, people, issues and rounds as a `Context` (plain data), so a second
negotiation needs no code. Nothing here touches the database.

    statements = find_statements(text, published=..., context=ctx)   # who said what, when
    link_statements(statements, context=ctx)                          # which demands, which stance
"""
from .types import Context, ExampleRef, Found, FoundLink, IssueRef, PartyRef, PersonRef, RoundRef
from .statements import find_statements
from .linking import link_statement, link_statements

__all__ = [
    "Context", "Found", "FoundLink", "IssueRef", "PartyRef", "PersonRef", "RoundRef",
    "find_statements", "link_statement", "link_statements",
]
