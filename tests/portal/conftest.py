"""Fixtures shared by the portal tests."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def clock(time_machine):
    """Stop the clock at 10:00 on 23/11/2026 in An Phú; move it with clock(minutes=…, hours=…)."""
    start = datetime(2026, 11, 23, 10, 0, tzinfo=LOCAL)
    time_machine.move_to(start, tick=False)

    def move(**delta):
        time_machine.move_to(start + timedelta(**delta), tick=False)

    return move
