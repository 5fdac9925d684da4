"""The model changes that change what extraction reads of a negotiation: each gives it a new context
token (`services.negotiations_touch`), whatever made it (the admin, a codebook import, a fixture, a shell)."""
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from . import services
from .models import Issue, Negotiation, Party, Person, Round


@receiver([post_save, post_delete], sender=Issue, dispatch_uid="context-issue")
@receiver([post_save, post_delete], sender=Round, dispatch_uid="context-round")
def _part_changed(sender, instance, **kwargs) -> None:
    services.negotiations_touch(negotiation_ids=[instance.negotiation_id])


@receiver(post_save, sender=Party, dispatch_uid="context-party")
def _party_changed(sender, instance, **kwargs) -> None:
    services.negotiations_touch(party_ids=[instance.pk])


@receiver(post_delete, sender=Party, dispatch_uid="context-party-gone")
def _party_gone(sender, instance, **kwargs) -> None:
    services.negotiations_touch(every=True)  # its negotiations no longer list it


@receiver([post_save, post_delete], sender=Person, dispatch_uid="context-person")
def _person_changed(sender, instance, **kwargs) -> None:
    # a person may have changed party, and commentators (no party) are in every negotiation's context
    services.negotiations_touch(every=True)


@receiver(post_save, sender=Negotiation, dispatch_uid="context-negotiation")
def _negotiation_changed(sender, instance, created, **kwargs) -> None:
    if not created:  # a new negotiation has a token of its own
        services.negotiations_touch(negotiation_ids=[instance.pk])


@receiver(m2m_changed, sender=Negotiation.parties.through, dispatch_uid="context-negotiation-parties")
def _negotiation_parties_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        services.negotiations_touch(negotiation_ids=[instance.pk])
    elif pk_set is not None:  # party.negotiations.add(...): the negotiations are the keys
        services.negotiations_touch(negotiation_ids=pk_set)
    else:
        services.negotiations_touch(every=True)


@receiver(m2m_changed, sender=Round.parties.through, dispatch_uid="context-round-parties")
def _round_parties_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """Who was at a round says whom its accord binds (`linking._concluded`)."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        services.negotiations_touch(negotiation_ids=[instance.negotiation_id])
    else:  # party.rounds.add(...): the rounds' negotiations
        services.negotiations_touch(every=True)
