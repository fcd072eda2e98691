"""Abuse control without a CAPTCHA: a honeypot, a minimum fill time, limits in the database.

Public forms (questions, comments on drafts) mix `AntiSpamFormMixin` into their form and
call `consume_limit()` before saving. Limits are counted in `RateLimitCounter` rows with
one atomic UPDATE, so two requests at once never both pass the last free place, on SQLite
and PostgreSQL alike, and they hold when Redis is down.
"""

import hashlib
import hmac
from datetime import datetime, timedelta

from django import forms
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from anphu_portal.models import RateLimitCounter

HONEYPOT_FIELD = "website"
STARTED_FIELD = "form_started"
_STARTED_SALT = "anphu_portal.antispam.started"
# A form opened longer ago than this must be reloaded (its timestamp is refused).
MAX_FORM_AGE = timedelta(days=1)
# Counters older than this are deleted when a new window starts.
KEEP_COUNTERS = timedelta(days=3)


def started_token(now: datetime | None = None) -> str:
    """Return the signed time at which a form was shown."""
    moment = now or timezone.now()
    return signing.dumps(moment.timestamp(), salt=_STARTED_SALT)


def seconds_since(token: str, now: datetime | None = None) -> float | None:
    """Return how long ago the form carrying `token` was shown, or None if it is not ours."""
    try:
        started = signing.loads(token, salt=_STARTED_SALT, max_age=MAX_FORM_AGE)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return (now or timezone.now()).timestamp() - float(started)


class AntiSpamFormMixin(forms.Form):
    """Add a hidden honeypot field and a signed start time; refuse bots and instant posts.

    Set `min_fill_seconds` on the form class. A refused form keeps everything typed and
    shows the reason in Vietnamese; the re-shown form carries a fresh start time.
    """

    min_fill_seconds = 5

    website = forms.CharField(
        label="Để trống ô này",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form_started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Whatever was posted, the form shown next starts its clock now.
        self.initial[STARTED_FIELD] = started_token()
        if self.is_bound:
            data = self.data.copy()
            data[STARTED_FIELD] = self.initial[STARTED_FIELD]
            self._posted_started = self.data.get(STARTED_FIELD, "")
            self.data = data

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.is_bound and self.data.get(HONEYPOT_FIELD, "").strip())

    def clean(self):
        cleaned = super().clean()
        if self.honeypot_filled:
            raise forms.ValidationError(
                "Không gửi được: ô “Để trống ô này” phải để trống.", code="honeypot"
            )
        elapsed = seconds_since(getattr(self, "_posted_started", ""))
        if elapsed is None:
            raise forms.ValidationError(
                "Biểu mẫu đã cũ hoặc không hợp lệ; vui lòng kiểm tra nội dung rồi gửi lại.",
                code="form_started",
            )
        if elapsed < self.min_fill_seconds:
            raise forms.ValidationError(
                "Bạn gửi quá nhanh; vui lòng kiểm tra lại nội dung rồi bấm gửi lần nữa.",
                code="too_fast",
            )
        return cleaned


def key_digest(key: str) -> str:
    """Return a keyed hash of a limit key, so no address or phone number is stored."""
    return hmac.new(settings.SECRET_KEY.encode(), key.encode(), hashlib.sha256).hexdigest()


def window_start(now: datetime, window: timedelta) -> datetime:
    """Return the start of the fixed window holding `now`, aligned to local midnight."""
    local = timezone.localtime(now)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    steps = (local - midnight) // window
    return midnight + steps * window


def consume_limit(
    *, scope: str, key: str, limit: int, window: timedelta, now: datetime | None = None
) -> bool:
    """Use one place of `key`'s allowance for `scope`; return False when none is left.

    Windows are fixed: a day-long window runs from local midnight to midnight.
    """
    now = now or timezone.now()
    start = window_start(now, window)
    digest = key_digest(key)
    counters = RateLimitCounter.objects.filter(scope=scope, key_digest=digest, window_start=start)
    if not counters.exists():
        try:
            with transaction.atomic():
                RateLimitCounter.objects.create(scope=scope, key_digest=digest, window_start=start)
        except IntegrityError:
            pass  # another request created it first
        else:
            RateLimitCounter.objects.filter(window_start__lt=now - KEEP_COUNTERS).delete()
    return counters.filter(count__lt=limit).update(count=F("count") + 1) == 1


def limit_reached(
    *, scope: str, key: str, limit: int, window: timedelta, now: datetime | None = None
) -> bool:
    """Return whether `key` has no place left for `scope`, without using one."""
    now = now or timezone.now()
    return RateLimitCounter.objects.filter(
        scope=scope,
        key_digest=key_digest(key),
        window_start=window_start(now, window),
        count__gte=limit,
    ).exists()
