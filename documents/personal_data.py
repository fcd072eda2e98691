"""Erasure of commenters' contact data once a draft's comments are long dealt with."""

import datetime

from django.conf import settings

from documents.models import DraftComment

ERASED = "(đã xóa)"


def erase_comment_contacts(now: datetime.datetime) -> int:
    """Erase contact data and files of comments on drafts closed longer ago than the keeping period.

    The comment text stays (it is part of the draft's record); the name stays only where
    the commenter let it be shown. Returns how many comments were erased.
    """
    closed_before = now.date() - datetime.timedelta(days=settings.DOCUMENT_COMMENT_KEEP_DAYS)
    comments = DraftComment.objects.filter(document__comment_closes_on__lt=closed_before).exclude(
        contact=ERASED
    )
    erased = 0
    for comment in comments:
        if comment.attachment:
            comment.attachment.delete(save=False)
        comment.contact = ERASED
        if not comment.show_name:
            comment.name = ERASED
        comment.save(update_fields=["contact", "name", "attachment"])
        erased += 1
    return erased
