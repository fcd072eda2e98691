"""Which unit an API request reads, and the addresses of that unit's pages and files.

On a unit's host the API serves that unit. On the province's host `?don-vi=<slug>` picks
any unit of the platform; without it the province's own unit answers.
"""

from django.conf import settings
from rest_framework.exceptions import NotFound, ValidationError

from anphu_portal.models import Unit, unit_map
from anphu_portal.units import at_province_host, request_unit

UNIT_PARAMETER = "don-vi"


def api_unit(request) -> Unit:
    """Return the unit whose content the request reads; a 400 or 404 for a bad `don-vi`."""
    if hasattr(request, "_api_unit"):
        return request._api_unit
    unit = request_unit(request)
    if unit is None:
        raise NotFound("Tên miền không thuộc đơn vị nào. / Unknown host.")
    slug = request.GET.get(UNIT_PARAMETER, "").strip()
    if slug and slug != unit.slug:
        if not at_province_host(request):
            raise ValidationError(
                {
                    UNIT_PARAMETER: "Chỉ chọn được đơn vị trên tên miền của tỉnh. / "
                    "Units are picked on the province's host only."
                }
            )
        unit = next((u for u in unit_map()["units"].values() if u.slug == slug), None)
        if unit is None:
            raise NotFound(f"Không có đơn vị có mã “{slug[:80]}”. / No such unit.")
    request._api_unit = unit
    return unit


def unit_root(request, unit: Unit) -> str:
    """Return the address of the unit's home page, such as https://xa-mau.angiang.gov.vn/."""
    if unit.pk == getattr(request_unit(request), "pk", None):
        return request.build_absolute_uri("/")
    hosts = sorted(host for host, unit_id in unit_map()["hosts"].items() if unit_id == unit.pk)
    if not hosts:
        # The default unit without a host name of its own answers on the request's host.
        return request.build_absolute_uri("/")
    return f"{request.scheme}://{hosts[0]}/"


def absolute(request, unit: Unit, path: str) -> str:
    """Return the absolute address of a path (a page or a file) on the unit's host."""
    if not path:
        return ""
    if path.startswith(("http://", "https://")):
        return path
    return unit_root(request, unit) + path.lstrip("/")


def publisher(request, unit: Unit) -> dict:
    """Return the publishing unit, as every answer names it (the licence asks to credit it)."""
    return {
        "slug": unit.slug,
        "name": unit.unit_name,
        "parent": unit.parent_unit,
        "url": unit_root(request, unit),
    }


def licence() -> dict:
    """Return the data licence every answer names."""
    return dict(settings.API_LICENCE)
