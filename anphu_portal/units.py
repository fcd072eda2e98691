"""Which unit a request is for: the host name picks it, early in the middleware stack.

Rule: a host listed as a `UnitHost` opens its unit; any other allowed host opens the
default unit only while that unit has no host names of its own (a single-unit install,
or the demo's unit at 127.0.0.1); otherwise it is a 404, never another unit's content.
"""

import contextlib

from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.management.base import CommandError
from django.http import Http404, HttpResponseNotFound, HttpResponsePermanentRedirect
from django.http.request import split_domain_port
from django.template.loader import render_to_string

from anphu_portal import caching
from anphu_portal.caching import request_memo
from anphu_portal.current_unit import activate_unit, activate_unit_getter, deactivate_unit
from anphu_portal.models import Unit, unit_map

# Paths that answer on any allowed host, with no unit: the load balancer's check.
UNITLESS_PATHS = ("/healthz",)
NOT_RESOLVED = object()


def unit_for_host(host: str, units: dict | None = None):
    """Return the unit that answers this host name, or None for an unknown host.

    `units` is a unit map already in hand (this process's copy).
    """
    data = units or unit_map()
    return data["units"].get(unit_id_for_host(host, data))


def unit_id_for_host(host: str, data: dict):
    """Return the id of the unit that answers this host name in the unit map `data`, or None."""
    domain, _port = split_domain_port(host)
    unit_id = data["hosts"].get(domain.rstrip("."))
    if unit_id is None and data["default"] not in data["hosts"].values():
        unit_id = data["default"]
    return unit_id


# This process's copy of the unit map: (the platform version's full key, the version it
# was read under, the map). Another cache prefix is another site.
_unit_map_copy: tuple[str, int, dict] | None = None


def unit_map_copy() -> dict:
    """Return this process's copy of the unit map, read (two round trips) when missing.

    Whoever uses it checks the platform's version it was read under against the one of
    now (`unit_map_copy_is_current`), in a round trip made anyway: a unit or host name
    change bumps that version (`forget_units`).
    """
    global _unit_map_copy
    copy = _unit_map_copy
    version_key = cache.make_key(caching.VERSION_KEY)
    if copy is None or copy[0] != version_key:
        # The version first: a change made meanwhile leaves a copy older than its version,
        # which the next check reveals.
        version = cache.get(caching.VERSION_KEY)
        data = unit_map()
        if version is None:
            return data  # No version yet to check a copy against: not kept.
        copy = _unit_map_copy = (version_key, version, data)
    return copy[2]


def unit_map_copy_is_current(version: object) -> bool:
    """Return whether the copy was read under `version`, the platform's of now; else drop it."""
    global _unit_map_copy
    copy = _unit_map_copy
    if copy is not None and copy[1] == version:
        return True
    _unit_map_copy = None
    return False


def unit_for_host_now(host: str):
    """Return the unit of `host` from this process's copy of the unit map, checked.

    The check reads the unit's content versions, which its page reads anyway (once per
    request, `caching.versions_of`), instead of the whole map (70 KB for a hundred
    units): a rendered page makes one round trip less. When the platform's version has
    moved, the map is read again.
    """
    data = unit_map_copy()
    unit_id = unit_id_for_host(host, data)
    versions = caching.versions_of(caching.version_keys(unit_id or 0))
    if not unit_map_copy_is_current(versions[0]):
        data = unit_map_copy()
        unit_id = unit_id_for_host(host, data)
    # The request's own instance: what one request caches on it reaches no other.
    return data["units"].own_instance(unit_id)


def unknown_host_response(request) -> HttpResponseNotFound:
    """Return the 404 page of a host no unit answers: it names no unit."""
    return HttpResponseNotFound(render_to_string("unknown_host.html", request=None))


def request_unit(request, units: dict | None = None):
    """Return the unit of the request's host (None for an unknown one), resolved once."""
    unit = getattr(request, "_unit", NOT_RESOLVED)
    if unit is NOT_RESOLVED:
        unitless = request.path_info.startswith(UNITLESS_PATHS)
        try:
            if unitless:
                unit = None
            elif units is not None:
                unit = unit_for_host(request.get_host(), units)
            else:
                unit = unit_for_host_now(request.get_host())
        except DisallowedHost:
            unit = None  # The 400 page of a forged Host header still renders, unit-less.
        request._unit = unit
    return unit


class UnitMiddleware:
    """Set `request.unit` from the host, and the current unit for code without a request.

    Listed after the CSRF middleware, and lazy: a refused form is answered without a
    query. The page cache asks `request_unit` itself, since it answers before any view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = activate_unit_getter(lambda: request_unit(request))
        try:
            with request_memo():
                return self.get_response(request)
        finally:
            deactivate_unit(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        request.unit = unit = request_unit(request)
        if request.path_info.startswith(UNITLESS_PATHS):
            return None
        if unit is None:
            return unknown_host_response(request)
        section = request.path_info.strip("/").split("/", 1)[0]
        if section in Unit.Section.values and not unit.shows_section(section):
            raise Http404("Đơn vị không bật chuyên trang này.")
        if unit.archived and unit.redirect_to_successor and unit.successor_id:
            target = successor_url(request, unit)
            if target:
                return HttpResponsePermanentRedirect(target)
        return None


def successor_url(request, unit) -> str:
    """Return the same path on the successor unit's first host, or "" when it has none."""
    successor = unit_map()["units"].get(unit.successor_id)
    origin = unit_origin(successor, request=request) if successor else ""
    return f"{origin}{request.get_full_path()}" if origin else ""


def unit_origin(unit, *, request=None) -> str:
    """Return "scheme://host[:port]" of a unit's first host name, or "" when it has none.

    With a request, its scheme and port are kept: units share one server, so a link made
    at one unit's host on port 8000 (development) reaches another's on the same port.
    """
    hosts = sorted(h for h, uid in unit_map()["hosts"].items() if uid == unit.pk)
    if not hosts:
        return ""
    if request is None:
        return f"https://{hosts[0]}"
    _domain, port = split_domain_port(request.get_host())
    return f"{request.scheme}://{hosts[0]}{f':{port}' if port else ''}"


def province_of(unit):
    """Return the nearest ancestor at province level, else the parent (None at the top)."""
    units = unit_map()["units"]
    parent = ancestor = units.get(unit.parent_id)
    seen = {unit.pk}
    while ancestor is not None and ancestor.pk not in seen:
        if ancestor.level == Unit.Level.PROVINCE:
            return ancestor
        seen.add(ancestor.pk)
        ancestor = units.get(ancestor.parent_id)
    return parent


def unit_by_slug(slug: str | None):
    """Return the unit a command's `--unit` names (the default unit when None)."""
    if not slug:
        return Unit.default()
    unit = Unit.objects.filter(slug=slug).first()
    if unit is None:
        raise CommandError(f"Không có đơn vị có mã “{slug}”.")
    return unit


@contextlib.contextmanager
def serving_unit(unit):
    """Run the block as if serving `unit`: new content and cache versions are its own."""
    token = activate_unit(unit)
    try:
        yield unit
    finally:
        deactivate_unit(token)


def at_province_host(request) -> bool:
    """Return whether the request is at the province's portal, where units are managed.

    While the province has no host name of its own (a single-unit install), the default
    unit's host stands in for it, so its administrator keeps managing the install.
    """
    unit = request_unit(request)
    if unit is None:
        return False
    if unit.level == Unit.Level.PROVINCE:
        return True
    data = unit_map()
    province_hosted = any(
        data["units"][unit_id].level == Unit.Level.PROVINCE for unit_id in data["hosts"].values()
    )
    return unit.is_default and not province_hosted
