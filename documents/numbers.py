"""Document numbers ("125/QĐ-UBND") however they are typed, folded to one comparable form."""

import re

from anphu_portal.folding import fold

# Anything between the parts of a number: slashes, dashes, dots, spaces.
_SEPARATORS = re.compile(r"[^a-z0-9]+")
_LEADING_NUMBER = re.compile(r"^\s*(\d+)")


def number_words(text: str | None) -> list[str]:
    """Return the folded parts of a number: "125/QĐ-UBND" -> ["125", "qd", "ubnd"]."""
    return [part for part in _SEPARATORS.split(fold(text)) if part]


def number_key(text: str | None) -> str:
    """Return the number as one comparable word: "125 QĐ UBND" -> "125-qd-ubnd"."""
    return "-".join(number_words(text))


def leading_number(text: str | None) -> str:
    """Return the serial number a document number starts with ("125"), or ""."""
    match = _LEADING_NUMBER.match(text or "")
    return match.group(1).lstrip("0") or match.group(1) if match else ""


def query_words(query: str | None) -> str:
    """Return a search query with the separators of numbers turned into spaces."""
    return " ".join(number_words(query))
