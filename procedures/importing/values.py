"""Plain values of a national package row: text, lists, dates, URLs, counts, and their errors.

Each reader raises RowError with the reason shown to staff; `lenient` turns that into a
warning for fields whose odd values must not reject the procedure.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator


class RowError(Exception):
    """A value that cannot be used; the message is the reason shown to staff.

    `key` names the national package key at fault, so the report can name the field in
    the file's own language (a spreadsheet's column, a JSON item's key).
    """

    def __init__(self, message: str, key: str = ""):
        super().__init__(message)
        self.key = key


@dataclass
class RowWarning:
    """An odd value kept as written or left out of one field; the row is still imported."""

    key: str
    message: str


Warn = Callable[[RowError], None]


def text(value, label: str, *, max_length: int | None = None) -> str:
    """Return a cell as stripped text; numbers become text, None becomes ''."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise RowError(f"{label} phải là chữ, không phải {type(value).__name__}.")
    result = str(value).replace("\r\n", "\n").replace("\x00", "").strip()
    try:
        result.encode("utf-8")
    except UnicodeEncodeError:
        # A JSON escape such as "\ud800" gives half a character that no database stores.
        raise RowError(f"{label} chứa ký tự không hợp lệ.") from None
    if max_length and len(result) > max_length:
        raise RowError(f"{label} dài quá {max_length} ký tự.")
    return result


def items(value, label: str) -> list[dict]:
    """Return a list of objects; a single object counts as a list of one."""
    if value is None or value == "":
        return []
    if isinstance(value, dict):
        return [value]
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise RowError(f"{label} phải là danh sách các đối tượng.")
    return value


def names(value, key: str, label: str, *, max_length: int = 300) -> list[str]:
    """Return the distinct non-empty names under `key` of a list of objects."""
    result = []
    for item in items(value, label):
        name = text(item.get(key), label, max_length=max_length)
        if name and name not in result:
            result.append(name)
    return result


def parse_date(value, label: str) -> str:
    """Return an ISO date from dd/mm/yyyy or yyyy-mm-dd[THH:MM:SS], '' when empty."""
    raw = text(value, label)
    if not raw:
        return ""
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(raw[:10], pattern).date().isoformat()
        except ValueError:
            continue
    raise RowError(f"{label} “{raw[:40]}” không phải ngày hợp lệ (dd/mm/yyyy).")


def parse_url(value, label: str) -> str:
    """Return an http(s) URL, '' when empty; anything else is refused."""
    raw = text(value, label, max_length=500)
    if not raw:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(raw)
    except ValidationError:
        raise RowError(f"{label} “{raw[:60]}” không phải địa chỉ http(s) hợp lệ.") from None
    return raw


def parse_count(value, label: str) -> int | None:
    """Return a number of copies, None when the source does not say."""
    raw = text(value, label)
    if not raw:
        return None
    try:
        number = int(float(raw))
    except (ValueError, OverflowError):
        raise RowError(f"{label} “{raw[:20]}” phải là số.") from None
    if not 0 <= number <= 1000:
        raise RowError(f"{label} phải từ 0 đến 1000.")
    return number


def lenient(warn: Warn, parse: Callable, *args, default=None):
    """Return parse(*args), or the default after a warning when the value is odd."""
    try:
        return parse(*args)
    except RowError as error:
        warn(error)
        return default
