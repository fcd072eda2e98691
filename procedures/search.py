"""The procedure catalogue's part of the site search, for the registry."""

from django.db.models.functions import Length

from anphu_portal.matching import excerpt, highlight
from anphu_portal.registry import SearchSection
from procedures.models import Procedure


def active_procedures(request):
    """Return the procedures the public may find."""
    return Procedure.objects.active().for_unit(request.unit).with_sector_rows()


def describe_procedure(procedure, query: str) -> dict:
    """Return a procedure as a search result."""
    sector = ", ".join(sector.name for sector in procedure.sector_list())
    return {
        "title": highlight(procedure.name, query),
        "url": procedure.get_absolute_url(),
        "meta": " – ".join(filter(None, [f"Mã {procedure.code}", sector])),
        "excerpt": excerpt(procedure.description or procedure.results, query),
    }


SEARCH_SECTION = SearchSection(
    key="thu-tuc",
    label="Thủ tục hành chính",
    position=20,
    queryset=active_procedures,
    # Within a tier the shortest name is the closest to what was typed ("Đăng ký khai sinh"
    # before "Đăng ký khai sinh có yếu tố nước ngoài"); procedures have no publish date.
    order=(Length("name").asc(), "search_text", "code"),
    merge_position=10,
    describe=describe_procedure,
)
