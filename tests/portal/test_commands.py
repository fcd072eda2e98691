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
    assert "bientap" in out and "Luc-binh-tim-4826" in out


def test_demo_accounts_log_in_with_passwords_that_pass_the_validators(settings, client):
    from django.contrib.auth.password_validation import validate_password

    from anphu_portal.management.commands.load_demo import DEMO_ACCOUNTS

    settings.REQUIRE_2FA = False
    call_command("load_demo", "--force")
    for username, _name, _role, password in DEMO_ACCOUNTS:
        user = get_user_model().objects.get(username=username)
        validate_password(password, user)
        data = {"username": username, "password": password, "next": "/quan-tri/"}
        assert client.post(f"/{settings.ADMIN_PATH}login/", data).status_code == 302
        client.logout()


def test_load_demo_twice_changes_nothing(settings, database_snapshot):
    call_command("load_demo", "--force")
    first = database_snapshot()
    call_command("load_demo", "--force")
    assert database_snapshot() == first
