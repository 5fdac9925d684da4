"""Polling RSS/Atom feeds. (Minimal; completed in the ingestion issue.)"""


def poll_due() -> int:
    return 0
