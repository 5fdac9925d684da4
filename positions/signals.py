"""Domain events that other apps act on, so that `positions` never imports them."""
from django.dispatch import Signal

# Sent with `negotiation` after an issue was added or its title, description or cues changed.
issues_changed = Signal()
