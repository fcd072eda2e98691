"""A list's row addresses, reversed once, are the addresses reverse() gives each row."""

import pytest
from django.urls import reverse

from anphu_portal.reversing import reverse_each


@pytest.mark.parametrize(
    ("viewname", "values"),
    [
        ("documents:detail", ["123-qd-ubnd", "ke-hoach_2026", "A-1"]),
        ("procedures:detail", ["1.001193", "2.000123.000.00.00.H01", "rowkey-2"]),
        ("news:category", ["thoi-su", "van-hoa-xa-hoi"]),
    ],
)
def test_each_address_is_what_reverse_gives(viewname, values):
    url = reverse_each(viewname)
    assert [url(value) for value in values] == [reverse(viewname, args=[v]) for v in values]
