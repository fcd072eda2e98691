"""Limits on what anonymous visitors may send, counted in the database."""

from django.db import models

# --- Limits on what anonymous visitors may send ---


class RateLimitCounter(models.Model):
    """How many times one key (an IP address, a phone number) used one action in a window.

    Counted in the database, so limits hold with the cache down and across every worker.
    The key is stored as a keyed hash, never as the address or number itself.
    """

    scope = models.CharField("hành động", max_length=50)
    key_digest = models.CharField("khóa (đã băm)", max_length=64)
    window_start = models.DateTimeField("đầu khoảng thời gian")
    count = models.PositiveIntegerField("số lần", default=0)

    class Meta:
        verbose_name = "bộ đếm giới hạn"
        verbose_name_plural = "bộ đếm giới hạn"
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key_digest", "window_start"], name="rate_limit_once_per_window"
            )
        ]
        indexes = [models.Index(fields=["window_start"], name="rate_limit_window_idx")]

    def __str__(self):
        return f"{self.scope} {self.window_start:%d/%m/%Y %H:%M}: {self.count}"
