"""The Atom feed of a negotiation's changes, at /api/negotiations/<slug>/changes.atom.

Feed readers cannot always send headers, so besides a token (`Authorization:
Token …`) or a session, the feed opens with a per-user secret in its address
(`?key=`): an HMAC of the user's id and password hash under SECRET_KEY, so a
password change revokes every old feed address and nothing needs storing.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.feedgenerator import Atom1Feed
from django.utils.xmlutils import SimplerXMLGenerator
from rest_framework.exceptions import AuthenticationFailed

from positions import selectors
from positions.api.authentication import TokenAuthentication
from positions.models import Negotiation

KEY_SALT = "positions.changes-feed"


def feed_key(user) -> str:
    """The user's secret for feed addresses: `<id>.<hmac>`; it changes with the password."""
    digest = salted_hmac(KEY_SALT, f"{user.pk}:{user.password}:{user.is_active}", algorithm="sha256").hexdigest()
    return f"{user.pk}.{digest[:40]}"


def user_for_feed_key(key: str):
    """The active user whose feed secret this is, else None."""
    user_id, _, _digest = key.partition(".")
    if not (user_id.isascii() and user_id.isdigit()) or len(user_id) > 18:  # not "²": isdigit, yet no int
        return None
    user = get_user_model().objects.filter(pk=int(user_id), is_active=True).first()
    if user is None or not constant_time_compare(feed_key(user), key):
        return None
    return user


def feed_url(request: HttpRequest, negotiation_slug: str, user) -> str:
    """The absolute secret address of a negotiation's feed for this user."""
    path = reverse("api-negotiation-changes-feed", kwargs={"slug": negotiation_slug})
    return request.build_absolute_uri(f"{path}?{urlencode({'key': feed_key(user)})}")


def _reader(request: HttpRequest):
    """Who reads the feed: a session, a token, or a feed secret; None when nobody."""
    if request.user.is_authenticated:
        return request.user
    try:
        found = TokenAuthentication().authenticate(request)
    except AuthenticationFailed:
        return None
    if found:
        return found[0]
    key = request.GET.get("key", "").replace("\x00", "")
    return user_for_feed_key(key) if key else None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what XML 1.0 cannot hold


class _XMLSafe(SimplerXMLGenerator):
    """A stray control character in a report's title or a quote (a "\x0b" pasted from a word processor) is
    dropped, not a 500 for every reader of the negotiation's feed until the data is mended."""

    def characters(self, content):
        super().characters(_CONTROL.sub("", content) if content else content)

    def startElement(self, name, attrs):
        super().startElement(name, {key: _CONTROL.sub("", value) for key, value in attrs.items()})


class AtomFeed(Atom1Feed):
    def write(self, outfile, encoding):
        """Atom1Feed.write, written by `_XMLSafe`."""
        handler = _XMLSafe(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")


@dataclass(frozen=True)
class Item:
    """A feed entry with what its link and id need (the Feed object is shared by every request: no state on it)."""

    entry: selectors.FeedEntry
    negotiation_slug: str
    host: str


class ChangesFeed(Feed):
    """Each entry: a change (party, issue, before → after) at the round it appeared, with its quotes."""

    feed_type = AtomFeed
    ROUNDS = 20  # the last rounds shown; older changes have long been read

    def __call__(self, request, *args, **kwargs):
        if _reader(request) is None:
            response = JsonResponse({"detail": "Authentication credentials were not provided."}, status=401)
            response["WWW-Authenticate"] = 'Token realm="api"'
            return response
        negotiation = Negotiation.objects.filter(slug=kwargs["slug"].replace("\x00", "")).first()
        if negotiation is None:
            return JsonResponse({"detail": f"unknown negotiation {kwargs['slug']!r}."}, status=404)
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, slug):
        negotiation = Negotiation.objects.get(slug=slug)
        negotiation.feed_host = request.get_host().split(":")[0]
        return negotiation

    def title(self, negotiation):
        return f"Changes · {negotiation.name}"

    def subtitle(self, negotiation):
        return "Positions that appeared, changed or were withdrawn, round by round, with the quotes behind them."

    def link(self, negotiation):
        return reverse("negotiation-changes", kwargs={"slug": negotiation.slug})

    def feed_url(self, negotiation):
        return reverse("api-negotiation-changes-feed", kwargs={"slug": negotiation.slug})

    def items(self, negotiation):
        return [
            Item(entry=entry, negotiation_slug=negotiation.slug, host=negotiation.feed_host)
            for entry in selectors.changes_feed(negotiation=negotiation, rounds=self.ROUNDS)
        ]

    def item_title(self, item):
        c, rnd = item.entry.change, item.entry.round
        return f"{c.party} on {c.issue}: {c.before or 'no position'} → {c.after or 'no position'} ({rnd.name})"

    def item_description(self, item):
        return render_to_string("positions/_feed_entry.html", {"entry": item.entry, "strength": item.entry.change.strength})

    def item_link(self, item):
        entry = item.entry
        query = {"to": entry.round.slug}
        if entry.from_round:
            query["from"] = entry.from_round.slug
        path = reverse("negotiation-changes", kwargs={"slug": item.negotiation_slug})
        return f"{path}?{urlencode(query)}#{entry.change.party}-{entry.change.issue}"

    def item_guid(self, item):
        # Stable while the change stands; a revised change is a new entry.
        return f"tag:{item.host},{item.entry.round.date.isoformat()}:{item.negotiation_slug}/{item.entry.key}"

    def item_updateddate(self, item):
        return dt.datetime.combine(item.entry.round.date, dt.time(), tzinfo=dt.timezone.utc)

    item_pubdate = item_updateddate

    def item_categories(self, item):
        c = item.entry.change
        return [c.kind, c.party, c.issue]
