"""Editorial workflow and counters: the writes that have side effects."""

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone

from anphu_portal.accounts.unit_roles import has_perm_in_unit
from anphu_portal.audit import Action, record_event
from anphu_portal.notifications import mail_role
from anphu_portal.roles import APPROVER
from anphu_portal.units import province_of, unit_origin
from news.images import copy_body_images, copy_stored_image
from news.models import Article, ArticleOffer, Category, source_fingerprint

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


# --- Sharing upward: a unit offers a published article, the province takes a copy ----------
#
# Two units take part, so the roles are checked in the unit each step belongs to (the
# offering unit, the receiving unit), not in whichever unit the request's host is for.


def offer_target(article: Article):
    """Return the unit an article is offered to (its province), or None when it has none."""
    target = province_of(article.unit)
    return None if target is None or target.pk == article.unit_id else target


def may_offer(*, article: Article, user) -> bool:
    """Return True when the user writes news in the article's unit and it has a province."""
    if article.unit.archived:  # a merged unit's content is read-only
        return False
    allowed = has_perm_in_unit(user, article.unit, "news.change_article")
    return allowed and offer_target(article) is not None


def may_decide(*, offer: ArticleOffer, user) -> bool:
    """Return True when the user approves news in the unit that received the offer."""
    return not offer.unit.archived and has_perm_in_unit(user, offer.unit, PUBLISH_PERMISSION)


def source_address(article: Article, *, request=None) -> str:
    """Return the public URL of an article on its own unit's host ("" without a host)."""
    origin = unit_origin(article.unit, request=request)
    return f"{origin}{article.get_absolute_url()}" if origin else ""


def offer_article(*, article: Article, user, note: str = "", request=None) -> ArticleOffer:
    """Offer a published article to the unit's province; refuse a second open offer."""
    if not may_offer(article=article, user=user):
        raise PermissionDenied("Bạn không có quyền gửi tin bài này lên cổng cấp trên.")
    if not article.is_published():
        raise ValidationError("Chỉ gửi được tin đã xuất bản.")
    target = offer_target(article)
    already = ValidationError(f"Tin “{article.title}” đã được gửi lên {target.name}.")
    if ArticleOffer.objects.open().filter(source=article, unit=target).exists():
        raise already
    try:
        with transaction.atomic(), reversion.create_revision():
            offer = ArticleOffer.objects.create(
                unit=target,
                source=article,
                source_unit=article.unit,
                title=article.title,
                source_url=source_address(article, request=request),
                note=note.strip(),
                offered_by=user,
            )
            reversion.set_user(user)
            reversion.set_comment(f"Gửi lên {target.name}")
            detail = f"Gửi tin lên {target.name}"[:500]
            record_event(
                action=Action.CREATE, actor=user, request=request, obj=offer, detail=detail
            )
    except IntegrityError:  # offered at the same moment by someone else
        raise already from None
    return offer


def _check_decision(offer: ArticleOffer, user) -> None:
    if not may_decide(offer=offer, user=user):
        raise PermissionDenied("Bạn không có quyền nhận hay từ chối tin gửi lên.")
    if offer.status != ArticleOffer.Status.OFFERED:
        raise ValidationError("Tin này đã được xử lý trước đó.")


def _lock_undecided(offer: ArticleOffer) -> None:
    """Lock the offer's row for the transaction: of two approvers deciding at once, the
    second finds it decided (PostgreSQL waits on the lock; SQLite runs one writer anyway)."""
    status = ArticleOffer.objects.select_for_update().values_list("status", flat=True)
    if status.get(pk=offer.pk) != ArticleOffer.Status.OFFERED:
        raise ValidationError("Tin này đã được xử lý trước đó.")


def accept_offer(
    *, offer: ArticleOffer, user, category: Category, publish: bool, request=None
) -> Article:
    """Copy the offered article into a category of the receiving unit, as draft or published."""
    _check_decision(offer, user)
    if category.unit_id != offer.unit_id:
        raise ValidationError("Hãy chọn một chuyên mục của cổng thông tin này.")
    source = offer.source
    if source is None or not source.is_published():
        raise ValidationError("Bản gốc đã bị gỡ hoặc xóa, không nhận được tin này.")
    with transaction.atomic(), reversion.create_revision():
        _lock_undecided(offer)
        copy = Article(category=category, created_by=user, updated_by=user)
        _repeat_source(copy, source, request=request)
        if publish:  # deciding already takes the permission to publish in the unit
            copy.status = Article.Status.PUBLISHED
        copy.save()
        offer.status = ArticleOffer.Status.ACCEPTED
        offer.copy = copy
        offer.decided_by, offer.decided_at = user, timezone.now()
        offer.fingerprint = source_fingerprint(source)
        offer.source_state = ArticleOffer.SourceState.CURRENT
        offer.save()
        reversion.set_user(user)
        reversion.set_comment(f"Nhận tin từ {offer.source_unit.name}")
        detail = f"Nhận tin gửi lên từ {offer.source_unit.name}"[:500]
        record_event(action=Action.CREATE, actor=user, request=request, obj=copy, detail=detail)
        record_event(action=Action.CHANGE, actor=user, request=request, obj=offer, detail=detail)
    return copy


def can_publish_in(user, unit) -> bool:
    """Return True when the user may publish articles in `unit`."""
    return has_perm_in_unit(user, unit, PUBLISH_PERMISSION)


def decline_offer(*, offer: ArticleOffer, user, note: str, request=None) -> None:
    """Decline an offered article with a note the offering unit can read."""
    _check_decision(offer, user)
    if not note.strip():
        raise ValidationError("Hãy ghi lý do từ chối để đơn vị gửi biết.")
    with transaction.atomic(), reversion.create_revision():
        _lock_undecided(offer)
        offer.status = ArticleOffer.Status.DECLINED
        offer.decided_by, offer.decided_at = user, timezone.now()
        offer.decision_note = note.strip()
        offer.save()
        reversion.set_user(user)
        reversion.set_comment("Từ chối tin gửi lên")
        record_event(action=Action.CHANGE, actor=user, request=request, obj=offer, detail="Từ chối")


def refresh_copy(*, copy: Article, user, request=None) -> bool:
    """Repeat the source's current text and images in its copy; False when nothing changed."""
    offer = ArticleOffer.objects.select_related("source", "source_unit").get(copy=copy)
    if not can_publish_in(user, copy.unit):
        raise PermissionDenied("Bạn không có quyền cập nhật tin bài theo bản gốc.")
    source = offer.source
    if source is None or source.status != Article.Status.PUBLISHED:
        raise ValidationError(f"Bản gốc của “{copy.title}” đã bị gỡ, không còn để cập nhật.")
    if offer.state_of_source(source) == ArticleOffer.SourceState.CURRENT:
        return False
    with transaction.atomic(), reversion.create_revision():
        _repeat_source(copy, source, request=request)
        copy.updated_by = user
        copy.save()
        offer.fingerprint = source_fingerprint(source)
        offer.source_state = ArticleOffer.SourceState.CURRENT
        offer.save(update_fields=["fingerprint", "source_state"])
        reversion.set_user(user)
        reversion.set_comment("Cập nhật theo bản gốc")
        record_event(
            action=Action.CHANGE,
            actor=user,
            request=request,
            obj=copy,
            detail="Cập nhật theo bản gốc",
        )
    return True


def _repeat_source(copy: Article, source: Article, *, request) -> None:
    """Give the copy the source's text and files of its own, naming the source unit."""
    copy.title, copy.summary = source.title, source.summary
    copy.body = copy_body_images(source.body)
    copy.cover_alt, copy.cover_caption = source.cover_alt, source.cover_caption
    copy.cover = copy_stored_image(source.cover.name, "news/anh-bia") if source.cover else ""
    copy.author = source.author
    copy.source = source.unit.name
    copy.source_url = source_address(source, request=request)


def record_source_change(*, article: Article) -> None:
    """Mark the copies of an article as behind it, or as orphaned once it is unpublished.

    Called on every save of an article (admin, workflow, revert): one UPDATE, and only
    the accepted offers of that source are touched.
    """
    offers = ArticleOffer.objects.filter(source_id=article.pk, status=ArticleOffer.Status.ACCEPTED)
    if article.status != Article.Status.PUBLISHED:
        offers.update(source_state=ArticleOffer.SourceState.REMOVED)
        return
    offers.update(
        source_state=Case(
            When(fingerprint=source_fingerprint(article), then=Value("current")),
            default=Value("changed"),
        )
    )


def record_source_removal(*, article: Article) -> None:
    """Mark the copies of an article being deleted (before its offers lose the link)."""
    ArticleOffer.objects.filter(source_id=article.pk, status=ArticleOffer.Status.ACCEPTED).update(
        source_state=ArticleOffer.SourceState.REMOVED
    )
