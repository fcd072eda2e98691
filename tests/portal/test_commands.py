"""The demo command: idempotent, refuses production, prints the logins."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_load_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("load_demo")


def test_load_demo_creates_accounts_and_prints_logins(settings, capsys):
    call_command("load_demo", "--force")
    out = capsys.readouterr().out
    User = get_user_model()
    assert User.objects.get(username="quantri").is_superuser
    editor = User.objects.get(username="bientap")
    assert editor.groups.filter(name="Biên tập viên").exists()
    assert "bientap" in out and "AnPhu@2026" in out


def test_load_demo_twice_changes_nothing(settings, database_snapshot):
    call_command("load_demo", "--force")
    first = database_snapshot()
    call_command("load_demo", "--force")
    assert database_snapshot() == first
