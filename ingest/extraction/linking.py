"""Linking a statement to issues with a stance. (Baseline; to be replaced.)"""
from __future__ import annotations

from .types import Context, Found, FoundLink


def link_statement(statement: Found, *, context: Context) -> list[FoundLink]:
    return []
