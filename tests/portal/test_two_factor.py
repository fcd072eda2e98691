"""Two-factor login: the code step, set-up with QR code and backup codes, throttling."""

import re
from binascii import unhexlify
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from anphu_portal.models import AuditEvent
from anphu_portal.roles import APPROVER, EDITOR, HOTLINE_STAFF, PROCEDURE_STAFF
from tests.factories import PASSWORD, login_staff, make_staff_user

pytestmark = pytest.mark.django_db

ADMIN = f"/{settings.ADMIN_PATH}"
LOGIN_URL = f"{ADMIN}login/"
VERIFY_URL = f"{ADMIN}xac-thuc/"
SETUP_URL = f"{ADMIN}xac-thuc/thiet-lap/"
TWO_FACTOR_URL = f"{ADMIN}xac-thuc-hai-lop/"


def post_password(client, user, password=PASSWORD):
    data = {"username": user.username, "password": password, "next": ADMIN}
    return client.post(LOGIN_URL, data, REMOTE_ADDR="203.0.113.5")


def current_code(key_hex: str) -> str:
    return f"{totp(unhexlify(key_hex)):06d}"


def give_authenticator(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=True)


def shown_secret_key(response) -> str:
    """Return the hex key behind the base32 secret printed on the set-up page."""
    from base64 import b32decode

    secret = re.search(r'<code id="otp-secret">([A-Z2-7 ]+)</code>', response.content.decode())
    return b32decode(secret[1].replace(" ", "")).hex()


@pytest.mark.parametrize("role", [APPROVER, HOTLINE_STAFF, PROCEDURE_STAFF, None])
def test_required_account_without_device_is_sent_to_set_up(client, role):
    user = make_staff_user(role, superuser=role is None)
    response = post_password(client, user)
    assert response.status_code == 302 and response["Location"] == SETUP_URL
    assert "_auth_user_id" not in client.session
    assert client.get(ADMIN).status_code == 302
    assert client.get(f"{ADMIN}news/article/").status_code == 302


def test_editor_without_device_logs_in_with_the_password_only(client):
    post_password(client, make_staff_user(EDITOR))
    assert client.get(ADMIN).status_code == 200


def test_required_roles_log_in_with_the_password_only_when_2fa_is_off(client, settings):
    settings.REQUIRE_2FA = False
    post_password(client, make_staff_user(APPROVER))
    assert client.get(ADMIN).status_code == 200


def test_set_up_page_shows_qr_code_and_secret_then_backup_codes(client):
    user = make_staff_user(APPROVER, username="duyettin")
    post_password(client, user)
    page = client.get(SETUP_URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "Mã QR" in html
    key = shown_secret_key(page)
    # A reload shows the same secret, so a code from an app that scanned it still works.
    assert shown_secret_key(client.get(SETUP_URL)) == key

    response = client.post(SETUP_URL, {"code": current_code(key)})
    assert response.status_code == 302 and response["Location"] == TWO_FACTOR_URL
    assert TOTPDevice.objects.get(user=user, confirmed=True).key == key

    codes_page = client.get(TWO_FACTOR_URL).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", codes_page)
    assert len(codes) == 10
    assert set(codes) == set(
        StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    )
    again = client.get(TWO_FACTOR_URL).content.decode()
    assert codes[0] not in again and "Số mã dự phòng chưa dùng: <strong>10</strong>" in again
    assert client.get(ADMIN).status_code == 200


def test_wrong_set_up_code_keeps_the_secret_and_says_why(client):
    user = make_staff_user(APPROVER)
    post_password(client, user)
    key = shown_secret_key(client.get(SETUP_URL))
    response = client.post(
        SETUP_URL, {"code": "000000" if current_code(key) != "000000" else "111111"}
    )
    assert response.status_code == 400
    assert "Mã không đúng" in response.content.decode()
    assert shown_secret_key(response) == key
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action="otp_failed", actor=user).exists()


def test_account_with_device_must_give_the_code(client):
    user = make_staff_user(EDITOR)
    device = give_authenticator(user)
    response = post_password(client, user)
    assert response["Location"] == VERIFY_URL
    assert client.get(ADMIN).status_code == 302
    assert "Nhập mã xác thực" in client.get(VERIFY_URL).content.decode()

    response = client.post(VERIFY_URL, {"code": current_code(device.key)})
    assert response.status_code == 302 and response["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200


def test_wrong_code_is_refused_audited_and_throttled(client):
    user = make_staff_user(APPROVER)
    device = give_authenticator(user)
    post_password(client, user)
    wrong = "000000" if current_code(device.key) != "000000" else "111111"
    now = timezone.now()

    # The clock stands still, so django-otp's one-second wait after a wrong code holds.
    with time_machine.travel(now, tick=False):
        response = client.post(VERIFY_URL, {"code": wrong})
        assert response.status_code == 400
        assert "Mã xác thực không đúng" in response.content.decode()
        assert AuditEvent.objects.filter(action="otp_failed", actor=user).count() == 1

        response = client.post(VERIFY_URL, {"code": current_code(device.key)})
        assert response.status_code == 429
        assert "Bạn đã nhập sai mã nhiều lần" in response.content.decode()
        assert client.get(ADMIN).status_code == 302

    with time_machine.travel(now + timedelta(seconds=5), tick=False):
        response = client.post(VERIFY_URL, {"code": current_code(device.key)})
        assert response.status_code == 302 and response["Location"] == ADMIN


def test_code_step_expires_after_ten_minutes(client):
    user = make_staff_user(APPROVER)
    device = give_authenticator(user)
    post_password(client, user)
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        response = client.post(VERIFY_URL, {"code": current_code(device.key)})
        assert response.status_code == 302 and response["Location"] == ADMIN + "login/"


def test_backup_code_works_once_and_leads_to_set_up(client):
    user = make_staff_user(APPROVER)
    post_password(client, user)
    key = shown_secret_key(client.get(SETUP_URL))
    client.post(SETUP_URL, {"code": current_code(key)})
    backup = re.findall(
        r"<li><code>([a-z2-7]{8})</code></li>", client.get(TWO_FACTOR_URL).content.decode()
    )[0]
    client.post(f"{ADMIN}logout/")

    post_password(client, user)
    response = client.post(VERIFY_URL, {"code": backup.upper()})
    assert response.status_code == 302 and response["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200
    client.post(f"{ADMIN}logout/")

    post_password(client, user)
    assert client.post(VERIFY_URL, {"code": backup}).status_code == 400


def test_addstatictoken_lets_the_first_superuser_in_then_asks_for_an_app(client):
    user = make_staff_user(superuser=True, username="quantri")
    out = StringIO()
    call_command("addstatictoken", "quantri", stdout=out)
    token = out.getvalue().strip()

    assert post_password(client, user)["Location"] == VERIFY_URL
    response = client.post(VERIFY_URL, {"code": token})
    assert response.status_code == 302 and response["Location"] == SETUP_URL
    assert client.get(ADMIN).status_code == 200
    assert "Thiết lập xác thực hai lớp" in client.get(SETUP_URL).content.decode()


def test_password_alone_cannot_replace_an_existing_device(client):
    user = make_staff_user(APPROVER)
    give_authenticator(user)
    post_password(client, user)
    response = client.get(SETUP_URL)
    assert response.status_code == 302 and response["Location"] == VERIFY_URL


def test_cancel_drops_the_half_done_login(client):
    user = make_staff_user(APPROVER)
    give_authenticator(user)
    post_password(client, user)
    assert client.post(f"{ADMIN}xac-thuc/huy/")["Location"] == LOGIN_URL
    assert client.get(VERIFY_URL)["Location"] == LOGIN_URL


def test_user_tools_link_to_the_two_factor_page(client):
    login_staff(client, make_staff_user(EDITOR))
    assert f'href="{TWO_FACTOR_URL}"' in client.get(ADMIN).content.decode()


def test_staff_not_required_sets_up_and_removes_two_factor(client):
    user = make_staff_user(EDITOR)
    post_password(client, user)
    key = shown_secret_key(client.get(SETUP_URL))
    assert client.post(SETUP_URL, {"code": current_code(key)})["Location"] == TWO_FACTOR_URL
    assert TOTPDevice.objects.filter(user=user).exists()

    response = client.post(TWO_FACTOR_URL, {"action": "remove"}, follow=True)
    assert "Đã tắt xác thực hai lớp" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()
    details = list(
        AuditEvent.objects.filter(action="otp_device", actor=user)
        .order_by("pk")
        .values_list("detail", flat=True)
    )
    assert details == [
        "Thiết lập ứng dụng xác thực",
        "Tạo 10 mã dự phòng mới",
        "Gỡ xác thực hai lớp",
    ]


def test_required_account_cannot_remove_two_factor(client):
    user = make_staff_user(APPROVER)
    give_authenticator(user)
    login_staff(client, user)
    client.post(TWO_FACTOR_URL, {"action": "remove"})
    assert TOTPDevice.objects.filter(user=user).exists()


def test_regenerated_backup_codes_replace_the_old_ones(client):
    user = make_staff_user(APPROVER)
    login_staff(client, user)
    client.post(TWO_FACTOR_URL, {"action": "backup_codes"})
    first = set(
        re.findall(r"<li><code>([a-z2-7]{8})</code>", client.get(TWO_FACTOR_URL).content.decode())
    )
    client.post(TWO_FACTOR_URL, {"action": "backup_codes"})
    second = set(
        re.findall(r"<li><code>([a-z2-7]{8})</code>", client.get(TWO_FACTOR_URL).content.decode())
    )
    assert len(first) == len(second) == 10 and not first & second
    assert (
        set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == second
    )


def test_logged_in_session_without_code_is_sent_to_the_code_step(client):
    user = make_staff_user(APPROVER)
    give_authenticator(user)
    client.force_login(user)
    response = client.get(f"{ADMIN}news/article/", follow=True)
    assert response.redirect_chain[-1][0] == VERIFY_URL


def test_require_2fa_defaults_follow_debug():
    import subprocess
    import sys

    code = "from django.conf import settings; print(settings.REQUIRE_2FA)"
    env = {"DJANGO_SETTINGS_MODULE": "anphu_portal.settings", "PATH": "/usr/bin:/bin"}
    results = {}
    for debug in ("0", "1"):
        run = subprocess.run(
            [sys.executable, "-c", "import django; django.setup(); " + code],
            env={
                **env,
                "DJANGO_DEBUG": debug,
                "DJANGO_SECRET_KEY": "x" * 50,
                "DJANGO_ALLOWED_HOSTS": "example.org",
            },
            capture_output=True,
            text=True,
            cwd=settings.BASE_DIR,
            check=True,
        )
        results[debug] = run.stdout.strip()
    assert results == {"0": "True", "1": "False"}
