"""Cache invalidation: only a change to what the public sees ends the unit's cached pages.

A new question from the form is not public, so it leaves the page cache alone; otherwise
anyone could empty a unit's cache twenty times a day by sending questions.
"""

from django.db.models.signals import post_delete, post_save, pre_save

from anphu_portal.caching import bump_unit_version
from feedback.models import Submission


def remember_public_state(sender, instance, **kwargs):
    previous = Submission.objects.filter(pk=instance.pk).first() if instance.pk else None
    instance._was_public = previous is not None and previous.is_published()


def bump_if_public(sender, instance, **kwargs):
    if instance.is_published() or getattr(instance, "_was_public", False):
        bump_unit_version(instance.unit_id)


def connect() -> None:
    pre_save.connect(remember_public_state, sender=Submission, dispatch_uid="feedback-pre")
    post_save.connect(bump_if_public, sender=Submission, dispatch_uid="feedback-post")
    post_delete.connect(bump_if_public, sender=Submission, dispatch_uid="feedback-delete")
