"""Path converters of the negotiation's addresses, registered once for the pages and the API."""
from django.urls import register_converter
from django.urls.converters import StringConverter


class PartyCodeConverter(StringConverter):
    """A party code: any text but a slash or a NUL (PostgreSQL refuses NUL in a query)."""

    regex = "[^/\x00]+"


register_converter(PartyCodeConverter, "code")
