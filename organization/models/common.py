"""Fields and helpers shared by the organization models."""

from django.conf import settings
from django.db import models

from anphu_portal.models import default_unit_id
from anphu_portal.slugs import ascii_slug


def unit_field() -> models.ForeignKey:
    """Return the unit a row belongs to, set by the admin from the host, as in hotline."""
    return models.ForeignKey(
        "anphu_portal.Unit",
        verbose_name="đơn vị",
        on_delete=models.PROTECT,
        related_name="+",
        default=default_unit_id,
        editable=False,
    )


def updated_by_field() -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người cập nhật",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )


def unit_slug(instance: models.Model, text: str, *, fallback: str, reserved=()) -> str:
    """Return a slug of text that no other row of the same unit uses (nor a reserved one)."""
    base = ascii_slug(text, max_length=180) or fallback
    taken = type(instance)._default_manager.filter(unit_id=instance.unit_id).exclude(pk=instance.pk)
    slug, number = base, 1
    while slug in reserved or taken.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug
