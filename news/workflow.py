"""Editorial workflow and counters: the writes that have side effects."""

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F

from anphu_portal.audit import Action, record_event
from anphu_portal.notifications import mail_role
from anphu_portal.roles import APPROVER
from news.models import Article

PUBLISH_PERMISSION = "news.publish_article"


def can_publish(user) -> bool:
    """Return True when the user may publish, unpublish and schedule articles."""
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def _save_with_revision(
    article: Article, *, user, request, action: str, comment: str, fields: list[str]
) -> None:
    with transaction.atomic(), reversion.create_revision():
        article.updated_by = user
        article.save(update_fields=[*fields, "updated_by", "updated_at"])
        reversion.set_user(user)
        reversion.set_comment(comment)
        record_event(action=action, actor=user, request=request, obj=article)


def submit_for_review(*, article: Article, user, request=None) -> bool:
    """Send a draft to the approvers; return False when it was not a draft."""
    if article.status != Article.Status.DRAFT:
        return False
    article.status = Article.Status.PENDING
    _save_with_revision(
        article,
        user=user,
        request=request,
        action=Action.SUBMIT,
        comment="Gửi duyệt",
        fields=["status"],
    )
    transaction.on_commit(lambda: _mail_approvers(article))
    return True


def _mail_approvers(article: Article) -> None:
    mail_role(
        role=APPROVER,
        unit=article.unit,
        subject=f"Tin bài chờ duyệt: {article.title}",
        body=f"Tin bài “{article.title}” vừa được gửi duyệt. Vui lòng đăng nhập trang quản "
        "trị để xem và duyệt.",
    )


def publish_article(*, article: Article, user, request=None) -> bool:
    """Publish an article now, or at its future publish_at; only approvers may."""
    if not can_publish(user):
        raise PermissionDenied("Bạn không có quyền xuất bản tin bài.")
    if article.status == Article.Status.PUBLISHED:
        return False
    article.status = Article.Status.PUBLISHED  # save() fills a blank publish_at with now
    _save_with_revision(
        article,
        user=user,
        request=request,
        action=Action.PUBLISH,
        comment="Xuất bản",
        fields=["status", "publish_at"],
    )
    return True


def unpublish_article(*, article: Article, user, request=None) -> bool:
    """Take a published article back to draft; only approvers may."""
    if not can_publish(user):
        raise PermissionDenied("Bạn không có quyền gỡ tin bài.")
    if article.status != Article.Status.PUBLISHED:
        return False
    article.status = Article.Status.DRAFT
    _save_with_revision(
        article,
        user=user,
        request=request,
        action=Action.UNPUBLISH,
        comment="Gỡ xuống (về bản nháp)",
        fields=["status"],
    )
    return True


# The steps of the workflow, by name, as admin buttons and actions name them.
STEPS = {
    "submit": submit_for_review,
    "publish": publish_article,
    "unpublish": unpublish_article,
}


def allowed_steps(*, article: Article | None, user) -> list[str]:
    """Return the steps the user may take on an article (None: one not saved yet)."""
    status = Article.Status.DRAFT if article is None else article.status
    steps = ["submit"] if status == Article.Status.DRAFT else []
    if can_publish(user):
        steps.append("unpublish" if status == Article.Status.PUBLISHED else "publish")
    return steps


def take_step(*, step: str, article: Article, user, request=None) -> bool:
    """Take one workflow step; return False when the article was already past it."""
    return STEPS[step](article=article, user=user, request=request)


def record_article_view(*, article_id: int) -> None:
    """Add one view to an article with a single UPDATE (called by the visitor counter)."""
    Article.objects.filter(pk=article_id).update(view_count=F("view_count") + 1)
