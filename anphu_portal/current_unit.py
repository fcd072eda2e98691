"""The unit being served, for code that has no request at hand (template tags, defaults).

The middleware stores how to find the unit, not the unit itself, so that a request
refused before any view (a form without its CSRF token) costs no query.
"""

import contextvars
from collections.abc import Callable

_unit_getter: contextvars.ContextVar[Callable | None] = contextvars.ContextVar(
    "unit_getter", default=None
)


# Set by anphu_portal.models (which imports this module): outside a request, in a
# command or a shell, the current unit is the default one.
_default_unit_getter: Callable | None = None


def current_unit():
    """Return the unit of the request being served (None for an unknown host), else the default."""
    getter = _unit_getter.get() or _default_unit_getter
    return getter() if getter is not None else None


def set_default_unit_getter(getter: Callable) -> None:
    """Name the function that returns the default unit (called once, by the models)."""
    global _default_unit_getter
    _default_unit_getter = getter


def activate_unit(unit) -> contextvars.Token:
    """Make `unit` the current one (commands, tests); return the token to reset it."""
    return _unit_getter.set(lambda: unit)


def activate_unit_getter(getter: Callable) -> contextvars.Token:
    """Make the unit returned by `getter`, asked on first use, the current one."""
    return _unit_getter.set(getter)


def deactivate_unit(token: contextvars.Token) -> None:
    """Restore the unit that was current before `activate_unit`."""
    _unit_getter.reset(token)
