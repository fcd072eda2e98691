"""Second-factor devices: the authenticator app (TOTP), backup codes, code checks."""

import time
from base64 import b32encode
from binascii import unhexlify
from datetime import datetime
from urllib.parse import quote, urlencode

import segno
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from anphu_portal.audit import Action, record_event
from anphu_portal.models import Unit

BACKUP_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Ứng dụng xác thực"
BACKUP_DEVICE_NAME = "Mã dự phòng"


class SecondFactorThrottled(Exception):
    """Too many wrong codes: django-otp refuses any code until `until`."""

    def __init__(self, until: datetime):
        super().__init__(until)
        self.until = until


def new_authenticator_key() -> str:
    """Return a fresh 20-byte secret as hex, the form TOTPDevice stores."""
    return random_hex(20)


def readable_secret(key: str) -> str:
    """Return the secret in base32 groups of four, as an authenticator app asks for it."""
    text = b32encode(unhexlify(key)).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def setup_qr_svg(*, key: str, user) -> str:
    """Return an SVG QR code of the otpauth:// address that an authenticator app scans."""
    issuer = Unit.load().portal_title
    label = quote(f"{issuer}:{user.get_username()}")
    secret = b32encode(unhexlify(key)).decode()
    url = f"otpauth://totp/{label}?" + urlencode({"secret": secret, "issuer": issuer})
    return segno.make(url, error="m").svg_inline(
        scale=5, title="Mã QR để thêm tài khoản vào ứng dụng xác thực"
    )


def normalized_code(code: str) -> str:
    """Return a code as stored: no spaces or dashes, lower case (backup codes are base32)."""
    return "".join(code.split()).replace("-", "").lower()


def confirm_authenticator(*, user, key: str, code: str, request) -> TOTPDevice | None:
    """Save the authenticator app of `user` if `code` proves it holds `key`; replace any other."""
    code = normalized_code(code)
    totp = TOTP(unhexlify(key))
    totp.time = time.time()
    if not code.isdigit() or not totp.verify(int(code), tolerance=1):
        record_event(
            action=Action.OTP_FAILED, actor=user, request=request, obj=user, detail="thiết lập"
        )
        return None
    with transaction.atomic():
        replaced, _ = TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(
            user=user, name=AUTHENTICATOR_NAME, key=key, last_t=totp.t(), confirmed=True
        )
    detail = "Thay ứng dụng xác thực" if replaced else "Thiết lập ứng dụng xác thực"
    record_event(action=Action.OTP_DEVICE, actor=user, request=request, obj=user, detail=detail)
    return device


def issue_backup_codes(*, user, request) -> list[str]:
    """Replace the backup codes of `user` by ten new ones and return them (shown once)."""
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    with transaction.atomic():
        device = StaticDevice.objects.filter(user=user).first()
        if device is None:
            device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME)
        device.token_set.all().delete()
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    record_event(
        action=Action.OTP_DEVICE,
        actor=user,
        request=request,
        obj=user,
        detail=f"Tạo {BACKUP_CODE_COUNT} mã dự phòng mới",
    )
    return codes


def remaining_backup_codes(user) -> int:
    """Return how many unused backup codes `user` has."""
    return StaticToken.objects.filter(device__user=user).count()


def remove_second_factor(*, user, request) -> None:
    """Delete every device of `user`: the next login asks for the password only."""
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=None):
            device.delete()
    record_event(
        action=Action.OTP_DEVICE,
        actor=user,
        request=request,
        obj=user,
        detail="Gỡ xác thực hai lớp",
    )


def check_code(*, user, code: str, request):
    """Return the device of `user` that accepts `code`, or None; wrong codes are audited.

    Raise SecondFactorThrottled while django-otp makes the person wait after wrong codes.
    """
    code = normalized_code(code)
    device, locked_until = _verify(user, code)
    if device is None:
        detail = "đang bị tạm chặn" if locked_until else ""
        record_event(action=Action.OTP_FAILED, actor=user, request=request, obj=user, detail=detail)
    if locked_until is not None:
        raise SecondFactorThrottled(locked_until)
    return device


def _verify(user, code: str):
    with transaction.atomic():
        devices = list(devices_for_user(user, for_verify=True))
        checks = [(device, device.verify_is_allowed()) for device in devices]
        allowed = [device for device, (ok, _) in checks if ok]
        if devices and not allowed:
            waits = [info.get("locked_until") for _, (_, info) in checks]
            return None, min((w for w in waits if w), default=timezone.now())
        for device in allowed:
            if device.verify_token(code):
                return device, None
    return None, None
