"""Fetching a URL safely. (Minimal; hardened in the ingestion issue.)"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class FetchedPage:
    body: str
    is_html: bool
    content_type: str = ""
    final_url: str = ""


def fetch(url: str) -> FetchedPage:
    from .pipeline import PipelineError

    raise PipelineError("fetching URLs is not available yet")
