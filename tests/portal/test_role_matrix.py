"""Every role against every admin page, generated from the admin registry and roles.py.

A model registered later is covered here without new test code: its pages are opened by
each role and the answer must match the permissions its role is given in roles.py.
"""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Group, Permission
from django.core.management.sql import emit_post_migrate_signal
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from anphu_portal.models import DailyVisitStats, Unit
from anphu_portal.roles import (
    APPROVER,
    CLERK,
    EDITOR,
    FEEDBACK_STAFF,
    HOTLINE_STAFF,
    INSPECTOR,
    OFFICE,
    PROCEDURE_STAFF,
    ROLE_NAMES,
    ROLE_PERMISSIONS,
    UNIT_ADMIN,
)
from tests.factories import (
    login_staff,
    make_article,
    make_contact,
    make_procedure,
    make_staff_user,
)

pytestmark = pytest.mark.django_db

NO_ROLE = None
PAGES = ["changelist", "add", "change", "delete", "history"]
# The apps each role works in; anything outside is a permission nobody meant to give.
ROLE_APPS = {
    EDITOR: {"news", "anphu_portal"},
    APPROVER: {"news", "anphu_portal"},
    HOTLINE_STAFF: {"hotline"},
    PROCEDURE_STAFF: {"procedures"},
    CLERK: {"documents"},
    INSPECTOR: {
        "news",
        "hotline",
        "procedures",
        "documents",
        "organization",
        "feedback",
        "anphu_portal",
    },
    UNIT_ADMIN: {"anphu_portal", "feedback"},
    OFFICE: {"organization"},
    FEEDBACK_STAFF: {"feedback"},
}
READ_ONLY_ROLES = {INSPECTOR}


@pytest.fixture
def rows(db):
    """Create one row of each model the portal registers today (later ones use a lookup)."""
    Unit.load()
    DailyVisitStats.objects.create(date=datetime.date(2026, 1, 5), visits=3, page_views=9)
    make_article()
    make_contact()
    make_procedure()
    make_staff_user(None, username="mot-tai-khoan")


def superuser_request():
    request = RequestFactory().get("/")
    request.user = make_staff_user(None, username="sieu-quan-tri", superuser=True)
    return request


def role_may(role, opts, action: str) -> bool:
    """Return whether roles.py gives the role the model permission `action`."""
    held = set(ROLE_PERMISSIONS.get(role, []))
    return f"{opts.app_label}.{get_permission_codename(action, opts)}" in held


def page_allowed(role, model_admin, page, obj, request) -> bool:
    """Return whether the role should open the page: roles.py, unless the admin shuts it."""
    opts = model_admin.model._meta
    reads = role_may(role, opts, "view") or role_may(role, opts, "change")
    if page == "add":
        return role_may(role, opts, "add") and model_admin.has_add_permission(request)
    if page == "delete":
        allowed_at_all = model_admin.has_delete_permission(request, obj)
        return role_may(role, opts, "delete") and allowed_at_all
    return reads and model_admin.has_view_or_change_permission(request, obj)


def page_url(model, page, obj):
    opts = model._meta
    name = f"admin:{opts.app_label}_{opts.model_name}_{page}"
    if page in ("changelist", "add"):
        return reverse(name)
    return reverse(name, args=[obj.pk if obj is not None else 999_999])


def answer(client, url, *, missing_row: bool) -> int:
    """Return the status a user ends on (single-record admins redirect to their one page)."""
    if missing_row:
        return client.get(url).status_code
    return client.get(url, follow=True).status_code


def expected_status(allowed: bool, *, missing_row: bool) -> int:
    if not allowed:
        return 403
    return 302 if missing_row else 200  # admin sends you back when the row does not exist


@pytest.mark.parametrize("role", [*ROLE_NAMES, NO_ROLE], ids=[*ROLE_NAMES, "no role"])
def test_every_admin_page_answers_each_role_as_roles_py_says(client, rows, role):
    request = superuser_request()
    login_staff(client, make_staff_user(role, username="nguoi-thu"))
    mismatches, checked = [], 0
    for model, model_admin in admin.site._registry.items():
        obj = model._default_manager.order_by("pk").first()
        for page in PAGES:
            if page == "history" and obj is None:
                continue  # Django's own history redirects before checking a missing row
            try:
                url = page_url(model, page, obj)
            except NoReverseMatch:
                continue
            missing_row = obj is None and page in ("change", "delete")
            allowed = page_allowed(role, model_admin, page, obj, request)
            status = answer(client, url, missing_row=missing_row)
            checked += 1
            if status != expected_status(allowed, missing_row=missing_row):
                mismatches.append(f"{url}: {status}, expected allowed={allowed}")
    assert mismatches == []
    assert checked >= 5 * 11


def permission_problems(role) -> list[str]:
    """Return how a role's group differs from roles.py or reaches outside its apps."""
    group = Group.objects.get(name=role)
    held = {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }
    listed = set(ROLE_PERMISSIONS[role])
    problems = [f"not in roles.py: {name}" for name in sorted(held - listed)]
    problems += [f"missing: {name}" for name in sorted(listed - held)]
    for name in sorted(held | listed):
        app_label, codename = name.split(".", 1)
        if app_label not in ROLE_APPS[role]:
            problems.append(f"outside the role's apps: {name}")
        if role in READ_ONLY_ROLES and not codename.startswith("view_"):
            problems.append(f"a read-only role may not: {name}")
    return problems


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_each_role_holds_exactly_the_permissions_of_roles_py(db, role):
    assert permission_problems(role) == []


def test_after_a_migrate_or_flush_the_roles_are_granted_once_in_a_few_queries(
    db, django_assert_max_num_queries
):
    for group in Group.objects.all():
        group.permissions.clear()
    # What migrate and flush send: one post_migrate signal per app (it was 3,900 queries).
    with django_assert_max_num_queries(150):
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert {role: permission_problems(role) for role in ROLE_NAMES} == {
        role: [] for role in ROLE_NAMES
    }


def test_an_editor_given_user_group_and_hotline_permissions_is_caught(db):
    extra = Permission.objects.filter(
        content_type__app_label__in=["auth", "hotline"],
        codename__in=["add_user", "change_user", "change_group", "change_contact"],
    )
    Group.objects.get(name=EDITOR).permissions.add(*extra)

    problems = permission_problems(EDITOR)

    for name in ("auth.add_user", "auth.change_group", "hotline.change_contact"):
        assert f"not in roles.py: {name}" in problems
        assert f"outside the role's apps: {name}" in problems


def test_the_inspector_changes_nothing(db):
    assert all(name.split(".")[1].startswith("view_") for name in ROLE_PERMISSIONS[INSPECTOR])
