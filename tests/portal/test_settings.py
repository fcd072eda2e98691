"""Start-up safety: production settings refuse to start without their secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
SECRET = "k3y-" + "x7Rq9mZ2vB8nL4tW6yH1cF5jD0sA3gE" * 2


def run_django(env_overrides: dict[str, str | None], code: str = "import django; django.setup()"):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["DJANGO_SETTINGS_MODULE"] = "anphu_portal.settings"
    for key, value in env_overrides.items():
        if value is not None:
            env[key] = value
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_secret_key_stops_start_up_with_debug_off():
    result = run_django({"DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "example.org"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
    assert "Thiếu biến môi trường" in result.stderr


def test_missing_allowed_hosts_stops_start_up_with_debug_off():
    result = run_django({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": SECRET})
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_debug_is_off_when_the_variable_is_missing():
    result = run_django(
        {"DJANGO_SECRET_KEY": SECRET, "DJANGO_ALLOWED_HOSTS": "example.org"},
        "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
    )
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("proxy_redirects", [None, "0"])
def test_deploy_check_prints_no_warning(proxy_redirects):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DJANGO_DEBUG="0", DJANGO_SECRET_KEY=SECRET, DJANGO_ALLOWED_HOSTS="example.org")
    if proxy_redirects is not None:
        env["DJANGO_SECURE_SSL_REDIRECT"] = proxy_redirects
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr + result.stdout


def test_language_time_zone_and_date_format(settings):
    from django.utils import formats, timezone

    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    moment = timezone.make_aware(timezone.datetime(2021, 10, 27, 19, 11))
    assert formats.date_format(moment, "DATE_FORMAT") == "27/10/2021"
    assert (
        formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT") == "27/10/2021 - 19:11"
    )
