"""Admin for the units, the visitor statistics and the audit trail."""

from datetime import date, timedelta

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils import timezone

from anphu_portal import roles
from anphu_portal.folded_ordering import FoldedNameOrderingMixin
from anphu_portal.models import (
    AuditEvent,
    DailyVisitStats,
    Membership,
    Unit,
    UnitHost,
    local_date,
    visitor_figures,
)
from anphu_portal.registry import portal
from anphu_portal.templatetags.portal_tags import thousands
from anphu_portal.unit_setup import give_starting_content
from anphu_portal.units import at_province_host, request_unit

admin.site.site_header = "Quản trị Cổng thông tin điện tử"
admin.site.site_title = "Quản trị cổng thông tin"
admin.site.index_title = "Trang quản trị"


class UnitForm(forms.ModelForm):
    sections = forms.MultipleChoiceField(
        label="Chuyên trang bật",
        choices=Unit.Section.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Các chuyên trang hiển thị trên menu. Không chọn mục nào là bật tất cả.",
    )

    class Meta:
        model = Unit
        fields = [
            "parent",
            "unit_name",
            "slug",
            "level",
            "portal_title",
            "logo",
            "address",
            "phone",
            "email",
            "palette",
            "sections",
            "footer_text",
            "archived",
            "successor",
            "redirect_to_successor",
        ]


class UnitHostInline(admin.TabularInline):
    model = UnitHost
    extra = 1


@admin.register(Unit)
class UnitAdmin(FoldedNameOrderingMixin, admin.ModelAdmin):
    folded_name_field = "unit_name"
    form = UnitForm
    inlines = [UnitHostInline]
    list_display = ["unit_name", "level", "parent", "archived"]
    list_filter = ["level", "archived"]
    search_fields = ["unit_name", "slug", "hosts__host"]
    autocomplete_fields = ["parent", "successor"]
    prepopulated_fields = {"slug": ["unit_name"]}
    ordering = ["unit_name"]
    fieldsets = [
        (None, {"fields": ["parent", "unit_name", "slug", "level", "portal_title", "logo"]}),
        ("Liên hệ", {"fields": ["address", "phone", "email"]}),
        ("Giao diện", {"fields": ["palette", "sections", "footer_text"]}),
        ("Sáp nhập", {"fields": ["archived", "successor", "redirect_to_successor"]}),
    ]

    def has_delete_permission(self, request, obj=None):
        # Content hangs on its unit: a merged unit is archived, never deleted.
        return False

    def has_module_permission(self, request):
        return at_province_host(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return at_province_host(request) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return at_province_host(request) and super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        return at_province_host(request) and super().has_add_permission(request)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            give_starting_content(unit=obj)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Who holds which role in which unit: a unit's administrator sees and names its own."""

    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    # A plain list of staff accounts: a unit's administrator may not browse the accounts
    # admin (the province's), which an autocomplete would ask.
    ordering = ["user__username"]

    def at_province(self, request) -> bool:
        return at_province_host(request)

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("user", "unit", "role")
        if self.at_province(request) and request.user.is_superuser:
            return queryset
        return queryset.filter(unit=request_unit(request))

    def get_fields(self, request, obj=None):
        fields = ["user", "role"]
        return [*fields, "unit"] if self.at_province(request) else fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "role":
            kwargs["queryset"] = Group.objects.filter(name__in=roles.ROLE_NAMES)
        if db_field.name == "user":
            kwargs["queryset"] = db_field.related_model.objects.filter(is_staff=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not self.at_province(request):
            obj.unit = request_unit(request)
        super().save_model(request, obj, form, change)


# --- Visitor statistics ---

CHART_WIDTH, CHART_HEIGHT = 720, 280
CHART_LEFT, CHART_RIGHT, CHART_TOP, CHART_BOTTOM = 64, 28, 16, 64
VISITS_COLOR, PAGE_VIEWS_COLOR = "#b3261e", "#0b5394"


def nice_step(value: float) -> int:
    """Return the smallest of 1, 2, 5, 10, 20, 50… that is at least `value`."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if factor * magnitude >= value:
                return factor * magnitude
        magnitude *= 10


def daily_rows(*, days: int, today: date, stats: dict[date, DailyVisitStats]) -> list[dict]:
    """Return one row per day of the period ending today, zero for days without views."""
    rows = []
    for offset in range(days - 1, -1, -1):
        day = today - timedelta(days=offset)
        row = stats.get(day)
        rows.append(
            {
                "date": day,
                "visits": row.visits if row else 0,
                "page_views": row.page_views if row else 0,
            }
        )
    return rows


def visit_chart(*, days: int, rows: list[dict]) -> dict:
    """Return the geometry of an SVG line chart of daily visits and page views."""
    plot_width = CHART_WIDTH - CHART_LEFT - CHART_RIGHT
    plot_height = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    step = nice_step(max([1] + [row["page_views"] for row in rows]) / 4)
    top = step * 4

    def x(index: int) -> float:
        return round(CHART_LEFT + plot_width * index / max(len(rows) - 1, 1), 1)

    def y(value: int) -> float:
        return round(CHART_TOP + plot_height * (1 - value / top), 1)

    def points(field: str) -> str:
        return " ".join(f"{x(i)},{y(row[field])}" for i, row in enumerate(rows))

    label_every = 7 if days <= 31 else 15
    busiest = max(rows, key=lambda row: row["visits"])
    return {
        "days": days,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": CHART_LEFT,
        "right": CHART_WIDTH - CHART_RIGHT,
        "bottom": CHART_TOP + plot_height,
        "legend_y": CHART_HEIGHT - 12,
        "visits_color": VISITS_COLOR,
        "page_views_color": PAGE_VIEWS_COLOR,
        "y_ticks": [{"y": y(step * i), "label": thousands(step * i)} for i in range(5)],
        "x_labels": [
            {"x": x(i), "label": f"{row['date']:%d/%m}"}
            for i, row in enumerate(rows)
            if (len(rows) - 1 - i) % label_every == 0
        ],
        "visits_points": points("visits"),
        "page_views_points": points("page_views"),
        "rows": rows,
        "first": rows[0]["date"],
        "last": rows[-1]["date"],
        "total_visits": thousands(sum(row["visits"] for row in rows)),
        "total_page_views": thousands(sum(row["page_views"] for row in rows)),
        "busiest": busiest if busiest["visits"] else None,
    }


def top_articles(limit: int = 10) -> list:
    """Return the most viewed articles, from the list the news app registers."""
    most_read = portal.most_read.get("tin-bai")
    return most_read.items(limit) if most_read else []


class UnitRecordAdmin(admin.ModelAdmin):
    """A read-only list of what the portal recorded itself, one unit's rows at its host.

    The province's superuser sees every unit's rows; nobody adds, edits or deletes them.
    """

    def get_queryset(self, request):
        """Show a unit's entries at its host; the province's superuser sees every unit's."""
        queryset = super().get_queryset(request).select_related("unit")
        unit = request_unit(request)
        if request.user.is_superuser and unit is not None and unit.level == Unit.Level.PROVINCE:
            return queryset
        if unit is not None and unit.is_default:
            # Entries written before units existed belong to the default unit.
            return queryset.filter(Q(unit=unit) | Q(unit__isnull=True))
        return queryset.filter(unit=unit)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DailyVisitStats)
class DailyVisitStatsAdmin(UnitRecordAdmin):
    """Show the "Thống kê truy cập" page: charts, daily figures and the most read articles.

    The numbers are counted by the portal itself, so nobody adds, edits or deletes them.
    """

    # The page below replaces the change list, so it needs no filters or search box.
    list_display = ["date", "visits", "page_views"]
    ordering = ["-date"]

    def changelist_view(self, request, extra_context=None):
        """Render the charts of the last 30 and 90 days instead of a plain list."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        now = timezone.now()
        today = local_date(now)
        stats = {
            row.date: row
            for row in DailyVisitStats.objects.filter(
                unit=request_unit(request), date__gt=today - timedelta(days=90)
            )
        }
        rows = daily_rows(days=90, today=today, stats=stats)
        figures = visitor_figures(now=now)
        context = {
            **self.admin_site.each_context(request),
            "title": "Thống kê truy cập",
            "opts": self.model._meta,
            "figures": {name: thousands(value) for name, value in figures.items()},
            "charts": [visit_chart(days=30, rows=rows[-30:]), visit_chart(days=90, rows=rows)],
            "top_articles": top_articles(),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/anphu_portal/visit_statistics.html", context)


# --- Audit trail ---


@admin.register(AuditEvent)
class AuditEventAdmin(UnitRecordAdmin):
    """The "Nhật ký thao tác" page: read by inspectors and superusers, changed by nobody.

    Only `prune_audit_events` deletes entries, once they pass AUDIT_RETENTION_MONTHS.
    """

    list_display = [
        "created_at",
        "unit",
        "actor_name",
        "action",
        "object_type",
        "object_label",
        "detail",
        "ip_address",
    ]
    list_filter = ["action", "created_at", "object_type"]
    search_fields = ["actor_name", "object_label"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-pk"]
    list_per_page = 50
    show_full_result_count = False


# The roles are Django groups with Vietnamese names ("Cán bộ…"): list them folded too.
admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(FoldedNameOrderingMixin, GroupAdmin):
    pass
