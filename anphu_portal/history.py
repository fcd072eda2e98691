"""One admin base for every versioned model: history, revert and recovery that respect roles.

django-reversion's admin finds a version by its id alone, reverts its whole revision (any
model's) and checks permissions on the object only after the revert. `PortalVersionAdmin`
accepts only versions of its own model, checks every object the revision would save or
delete against the live rows before touching anything, lets the model's admin protect its
workflow state, and writes the audit trail. Every app's `ModelAdmin` inherits it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from reversion import set_comment
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Revision, Version

# Private, but it is the very rule `Revision.revert(delete=True)` uses to pick the rows it
# deletes; computing the same list beforehand lets us check the delete permission on each.
from reversion.revisions import _follow_relations_recursive

from anphu_portal.audit import Action, record_event
from anphu_portal.edit_conflicts import EDIT_CONFLICT_FIELDS, EditConflictForm, conflict_context
from anphu_portal.models import RevisionUnit
from anphu_portal.revision_units import (
    deleted_versions_of_unit,
    has_unit,
    stamped_with,
    stored_in_unit,
    unstamped,
    unstamped_deleted_versions,
)
from anphu_portal.units import request_unit


@dataclass
class Restore:
    """A revert or recovery in progress, seen by `save_model` of the same request."""

    version: Version
    live: models.Model | None
    saved: bool = False


class _RollBack(Exception):
    """Leave the revert transaction without keeping anything, answering `response`."""

    def __init__(self, response):
        self.response = response


def may(request, model_admin_site, model, action: str, obj=None) -> bool:
    """Return whether the user may add/change/delete `obj` of `model`, asking its admin."""
    model_admin = model_admin_site._registry.get(model)
    if model_admin is not None:
        if action == "add":
            return model_admin.has_add_permission(request)
        return getattr(model_admin, f"has_{action}_permission")(request, obj)
    opts = model._meta
    return request.user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")


def live_object(version: Version):
    """Return the row a version belongs to as it is now, or None when it is deleted."""
    model = version._model
    return model._base_manager.using(version.db).filter(pk=version.object_id).first()


def rows_revert_would_delete(revision: Revision) -> list[models.Model]:
    """Return the rows `revision.revert(delete=True)` would delete (added since, followed)."""
    present = {obj for obj in map(live_object, revision.version_set.all()) if obj is not None}
    followed = chain.from_iterable(_follow_relations_recursive(obj) for obj in present)
    return [obj for obj in followed if obj not in present]


def audit_target(obj: models.Model) -> dict[str, str]:
    """Return how an audit entry names a row, taken before the row is deleted."""
    return {
        "object_type": obj._meta.label_lower,
        "object_id": str(obj.pk),
        "object_label": str(obj),
    }


def unit_is_archived(request) -> bool:
    """Return whether the request is for a merged unit, whose content is read-only."""
    unit = request_unit(request)
    return unit is not None and unit.archived


def stamp_authors(obj: models.Model, user, *, created: bool) -> None:
    """Set created_by/updated_by where the model has them."""
    names = {field.name for field in obj._meta.concrete_fields}
    if created and "created_by" in names:
        obj.created_by = user
    if "updated_by" in names:
        obj.updated_by = user


class PortalVersionAdmin(VersionAdmin):
    """Admin with history, recovery, edit-conflict checks and audit entries."""

    change_form_template = "admin/portal/change_form.html"
    change_list_template = "admin/portal/change_list.html"
    revision_form_template = "admin/portal/revision_form.html"
    recover_form_template = "admin/portal/recover_form.html"
    object_history_template = "admin/portal/object_history.html"

    # The path from a row to its unit ("unit", "group__unit"); None for the province's
    # shared catalogue. Derived from a `unit` field unless the model's admin names it.
    unit_field: str | None = None

    def protect_restored_state(self, request, *, live, restored) -> None:
        """Adjust the object a revert (`live` set) or recovery (`live` None) is about to save."""

    # --- Units: the admin at a unit's host shows and changes only that unit's rows --------

    def unit_path(self) -> str | None:
        if self.unit_field:
            return self.unit_field
        return "unit" if has_unit(self.model) else None

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        path = self.unit_path()
        return queryset.filter(**{path: request_unit(request)}) if path else queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if has_unit(db_field.related_model):
            kwargs["queryset"] = db_field.related_model._default_manager.filter(
                unit=request_unit(request)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if has_unit(db_field.related_model):
            kwargs["queryset"] = db_field.related_model._default_manager.filter(
                unit=request_unit(request)
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_add_permission(self, request):
        return not unit_is_archived(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return not unit_is_archived(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not unit_is_archived(request) and super().has_delete_permission(request, obj)

    def version_in_unit(self, request, version: Version) -> bool:
        """Return whether a stored version belongs to the request's unit (even if deleted)."""
        path, unit = self.unit_path(), request_unit(request)
        if path is None:
            return True
        stamps = RevisionUnit.objects.filter(revision_id=version.revision_id)
        stamps = set(stamps.values_list("unit_id", flat=True))
        if unit is None or (stamps and unit.pk not in stamps):
            return False
        return stamps == {unit.pk} or stored_in_unit(version, path, unit)

    def deleted_versions(self, request) -> list[Version]:
        """Return the last versions of this model's deleted rows in the request's unit."""
        path, unit = self.unit_path(), request_unit(request)
        if path is None:
            return list(Version.objects.get_deleted(self.model).select_related("revision"))
        if unit is None:
            return []
        stamped = list(deleted_versions_of_unit(self.model, unit).select_related("revision"))
        # Revisions saved before the stamps, or holding several units' rows: stored data.
        unsure = chain(
            (version for version in stamped if version.shared),
            unstamped_deleted_versions(self.model).select_related("revision"),
        )
        kept = [version for version in unsure if stored_in_unit(version, path, unit)]
        return [*(version for version in stamped if not version.shared), *kept]

    # --- Forms: the edit-conflict token and stamps ---------------------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (EditConflictForm, form), {})

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return [name for name in fields if name not in EDIT_CONFLICT_FIELDS]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        conflict = conflict_context(context["adminform"].form)
        if conflict is not None:
            context["edit_conflict"] = conflict
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        restore = getattr(request, "portal_restore", None)
        stamp_authors(obj, request.user, created=not change)
        if restore is not None:
            self._prepare_restored(request, obj, restore)
        if not change and self.unit_path() == "unit":
            obj.unit = request_unit(request)
        super().save_model(request, obj, form, change)
        if restore is None:
            record_event(
                action=Action.CHANGE if change else Action.CREATE, request=request, obj=obj
            )

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            if inline_form.has_changed():
                stamp_authors(inline_form.instance, request.user, created=False)
        super().save_formset(request, form, formset, change)

    def delete_model(self, request, obj):
        target = audit_target(obj)
        super().delete_model(request, obj)
        record_event(action=Action.DELETE, request=request, **target)

    def delete_queryset(self, request, queryset):
        targets = [audit_target(obj) for obj in queryset]
        super().delete_queryset(request, queryset)
        for target in targets:
            record_event(action=Action.DELETE, request=request, **target)

    # --- Lists: history and deleted rows, readable by the inspector -----------------------

    def may_see_deleted(self, request) -> bool:
        """Return whether the user may list deleted rows (adds them, or only reads)."""
        return self.has_add_permission(request) or self.has_view_permission(request)

    def changelist_view(self, request, extra_context=None):
        context = {"may_see_deleted": self.may_see_deleted(request), **(extra_context or {})}
        return super().changelist_view(request, context)

    def history_view(self, request, object_id, extra_context=None):
        live = self.get_object(request, unquote(object_id))
        may_restore = live is not None and self.has_change_permission(request, live)
        context = {"may_restore": may_restore, **(extra_context or {})}
        if live is None:
            return super().history_view(request, object_id, context)
        context["action_list"] = self.history_actions(request, live)
        # Django's own view (permission on the row, the page); reversion's would list the
        # row's versions again, unfiltered.
        return admin.ModelAdmin.history_view(self, request, object_id, context)

    def row_versions(self, request, live):
        """Return a live row's versions saved in the request's unit (or before stamps)."""
        versions = Version.objects.get_for_object(live)
        if self.unit_path() is None:
            return versions
        return versions.filter(stamped_with(request_unit(request)) | unstamped())

    def history_actions(self, request, live) -> list[dict]:
        """Return a row's versions saved in the request's unit (or before stamps existed)."""
        versions = self.row_versions(request, live).select_related("revision", "revision__user")
        opts = self.model._meta
        name = f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_revision"
        return [
            {"revision": version.revision, "url": reverse(name, args=(quote(live.pk), version.pk))}
            for version in self._reversion_order_version_queryset(request, versions)
        ]

    def recoverlist_view(self, request, extra_context=None):
        """List the deleted rows of this model to those who may add or read them."""
        if not self.may_see_deleted(request):
            raise PermissionDenied
        opts = self.model._meta
        # Deleted rows have no live unit: the revision's stamp tells which unit it was in.
        deleted = sorted(
            self.deleted_versions(request),
            key=lambda version: version.pk,
            reverse=self.history_latest_first,
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "app_label": opts.app_label,
            "title": f"Khôi phục {opts.verbose_name_plural} đã xóa",
            "deleted": deleted,
            **(extra_context or {}),
        }
        template = self.recover_list_template or self._reversion_get_template_list(
            "recover_list.html"
        )
        return render(request, template, context)

    # --- Revert and recover ---------------------------------------------------------------

    def recover_view(self, request, version_id, extra_context=None):
        """Show a deleted row's last version; on POST, bring it back."""
        version = get_object_or_404(Version.objects.get_for_model(self.model), pk=version_id)
        if live_object(version) is not None or not self.version_in_unit(request, version):
            raise Http404("Mục này chưa bị xóa.")
        if not self.may_see_deleted(request):
            raise PermissionDenied
        context = {"title": f"Khôi phục {version.object_repr}", "recover": True}
        template = self.recover_form_template
        return self._restore_view(
            request, version, None, template, {**context, **(extra_context or {})}
        )

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Show an older version of a row; on POST, go back to it."""
        live = self.get_object(request, unquote(object_id))
        if live is None:
            raise Http404("Không tìm thấy mục này.")
        version = get_object_or_404(self.row_versions(request, live), pk=version_id)
        if not self.has_view_or_change_permission(request, live):
            raise PermissionDenied
        context = {"title": f"Quay về phiên bản cũ của {version.object_repr}", "revert": True}
        template = self.revision_form_template
        return self._restore_view(
            request, version, live, template, {**context, **(extra_context or {})}
        )

    def check_restore_permission(self, request, version: Version) -> None:
        """Refuse unless the user may save every row of the revision and delete what it drops."""
        site = self.admin_site
        for other in version.revision.version_set.select_related("content_type"):
            model = other._model
            if model is None:
                raise PermissionDenied
            current = live_object(other)
            if current is None:
                allowed = may(request, site, model, "add")
            else:
                allowed = may(request, site, model, "change", current)
            if not allowed:
                raise PermissionDenied
        for doomed in rows_revert_would_delete(version.revision):
            if not may(request, site, type(doomed), "delete", doomed):
                raise PermissionDenied

    def _restore_view(self, request, version, live, template, context):
        restore = Restore(version=version, live=live)
        request.portal_restore = restore
        # Signals are left on: muting them is process-wide and would drop another request's
        # cache invalidation; a preview that is rolled back only costs a cache refresh.
        try:
            with transaction.atomic(using=version.db):
                if request.method == "POST":
                    self.check_restore_permission(request, version)
                version.revision.revert(delete=True)
                self._protect_reverted_row(request, restore)
                with self.create_revision(request):
                    response = self.changeform_view(
                        request, quote(version.object_id), request.path, context
                    )
                    if not restore.saved:
                        raise _RollBack(self._as_restore_page(response, template))
                    set_comment(self._restore_comment(restore))
                action = Action.REVERT if live is not None else Action.RECOVER
                detail = f"phiên bản {version.pk} lưu lúc {self._saved_at(version)}"
                record_event(
                    action=action, request=request, obj=live_object(version), detail=detail
                )
        except _RollBack as rollback:
            return rollback.response
        except (RevertError, models.ProtectedError) as error:
            messages.error(request, str(error))
            opts = self.model._meta
            return redirect(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_changelist")
        return response

    def _protect_reverted_row(self, request, restore: Restore) -> None:
        # Before the change form loads it, so its permission check and preview see the
        # state that will be kept (a recovered article as a draft), not the old one.
        restored = live_object(restore.version)
        if restored is not None:
            self.protect_restored_state(request, live=restore.live, restored=restored)
            restored.save()

    def _as_restore_page(self, response, template):
        if response.status_code == 200 and hasattr(response, "render"):
            response.template_name = template
            response.render()
        return response

    def _prepare_restored(self, request, obj, restore: Restore) -> None:
        if str(obj.pk) != str(restore.version.object_id):
            raise PermissionDenied  # "save as new" would leave the reverted row unchecked
        self.protect_restored_state(request, live=restore.live, restored=obj)
        restore.saved = True

    def _saved_at(self, version: Version) -> str:
        return f"{timezone.localtime(version.revision.date_created):%H:%M %d/%m/%Y}"

    def _restore_comment(self, restore: Restore) -> str:
        verb = "Quay về" if restore.live is not None else "Khôi phục"
        version = restore.version
        return f"{verb} phiên bản {version.pk} lưu lúc {self._saved_at(version)}"
