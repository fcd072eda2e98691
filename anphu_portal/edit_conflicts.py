"""Edit conflicts in admin: the second of two people saving the same row is told, not silenced.

The change form carries the id of the row's latest reversion `Version` when it was opened.
Every admin save (inline rows included, since the parent is saved with them) and every
workflow change makes a new version, so a different id on save means someone saved in
between. The form then comes back with what was typed, both versions side by side, and a
box to overwrite on purpose.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import formats, timezone
from reversion.models import Version

TOKEN_FIELD = "portal_edit_token"
OVERWRITE_FIELD = "portal_overwrite"
EDIT_CONFLICT_FIELDS = (TOKEN_FIELD, OVERWRITE_FIELD)
CONFLICT_CODE = "edit_conflict"
CONFLICT_MESSAGE = (
    "Trong lúc bạn sửa, người khác đã lưu mục này. Hãy so sánh hai bản bên dưới: sửa lại "
    "cho đúng rồi lưu, hoặc đánh dấu “Vẫn lưu đè lên bản vừa được lưu”."
)


def latest_version(obj: models.Model) -> Version | None:
    """Return the newest saved version of a row, with who saved it."""
    versions = Version.objects.get_for_object(obj).select_related("revision__user")
    return versions.order_by("-pk").first()


class EditConflictForm(forms.ModelForm):
    """Mixed into every versioned admin form: refuse a save based on an outdated version."""

    portal_edit_token = forms.IntegerField(required=False, widget=forms.HiddenInput)
    portal_overwrite = forms.BooleanField(
        required=False,
        label="Vẫn lưu đè lên bản vừa được lưu",
        help_text="Chỉ đánh dấu khi bạn chắc chắn bản của mình đúng hơn bản vừa được lưu.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            latest = latest_version(self.instance)
            self.fields[TOKEN_FIELD].initial = latest.pk if latest else 0

    def clean(self):
        cleaned_data = super().clean()
        seen = cleaned_data.get(TOKEN_FIELD)
        # A form posted without the token (a script, an old page) is not compared.
        if self.instance.pk is None or seen is None or cleaned_data.get(OVERWRITE_FIELD):
            return cleaned_data
        latest = latest_version(self.instance)
        if (latest.pk if latest else 0) != seen:
            self.saved_in_between = latest
            raise ValidationError(CONFLICT_MESSAGE, code=CONFLICT_CODE)
        return cleaned_data


def shown(field: models.Field, value) -> str:
    """Return a field value as an editor reads it."""
    if isinstance(value, models.QuerySet | list | tuple):
        return ", ".join(str(item) for item in value) or "—"
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or "—"
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value)
    return str(formats.localize(value))


def _typed_and_stored(form, fresh, field):
    if field.name in form.cleaned_data:
        typed = form.cleaned_data[field.name]
    else:
        typed = form.data.get(form.add_prefix(field.name), "")
    stored = getattr(fresh, field.name)
    if field.many_to_many:
        stored = list(stored.all())
    return shown(field, typed), shown(field, stored)


def conflict_context(form) -> dict | None:
    """Return both versions field by field when the form was refused for a conflict."""
    if not form.is_bound or not any(
        error.code == CONFLICT_CODE for error in form.non_field_errors().as_data()
    ):
        return None
    model = form._meta.model
    fresh = model._base_manager.get(pk=form.instance.pk)
    rows = []
    for name in form.fields:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue  # the token, the overwrite box, or a form-only field
        typed, stored = _typed_and_stored(form, fresh, field)
        if typed != stored:
            rows.append({"label": field.verbose_name, "typed": typed, "stored": stored})
    latest = getattr(form, "saved_in_between", None)
    return {
        "rows": rows,
        "saved_by": latest.revision.user if latest else None,
        "saved_at": latest.revision.date_created if latest else None,
        "overwrite": form[OVERWRITE_FIELD],
    }
