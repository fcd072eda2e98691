"""Addresses for each row of a list, with the URL pattern reversed once per list."""

from collections.abc import Callable
from urllib.parse import quote

from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS

# What reverse() leaves unquoted in an argument (django.urls.resolvers).
URL_SAFE = RFC3986_SUBDELIMS + "/~:@"
MARKER = "rowkey"


def reverse_each(viewname: str) -> Callable[[str], str]:
    """Return value -> the address of `viewname` with that one argument, as reverse() gives it.

    reverse() costs about 20 µs; a list of 50 rows saved 1 ms of CPU a page by reversing
    once with a marker and putting each row's value, quoted the same way, in its place. The
    values are not checked against the pattern's converter: give only values read from the
    database, which it has checked.
    """
    prefix, found, suffix = reverse(viewname, args=[MARKER]).rpartition(MARKER)
    if not found or MARKER in prefix:
        raise ValueError(f"{viewname}: its address has no single place for the argument.")
    return lambda value: f"{prefix}{quote(str(value), safe=URL_SAFE)}{suffix}"
