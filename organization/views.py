"""Public pages of the organization app: introduction, leaders, schedule, English page."""

import datetime

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, TemplateView

from organization.chrome import generated_pages_missing, unit_chrome
from organization.feeds import build_calendar
from organization.models import Body, EnglishPage, Link, Page, Person, ScheduleEntry, SignedSchedule
from organization.models.pages import LEADERS_SLUG, ORGANISATION_SLUG
from organization.weeks import WEEK_PARAMETER_HINT, BadWeek, parse_week, today, week_label

# Past entries a calendar feed still sends, so last week's meetings stay on phones.
FEED_PAST_DAYS = 60
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


def introduction(request, slug: str):
    """Return the published page with this slug, the editable text above a generated page."""
    return Page.objects.for_unit(request.unit).published().filter(slug=slug).first()


class PageListView(TemplateView):
    """List the introduction pages with their children (/gioi-thieu/)."""

    template_name = "organization/page_list.html"

    def get_context_data(self, **kwargs):
        menu = unit_chrome()["menu"]
        return super().get_context_data(
            pages=menu, generated=generated_pages_missing(menu), **kwargs
        )


class PageDetailView(DetailView):
    """Show one introduction page, with its parent and its children."""

    template_name = "organization/page_detail.html"
    context_object_name = "page"

    def get_queryset(self):
        return Page.objects.for_unit(self.request.unit).published().select_related("parent")

    def get_context_data(self, **kwargs):
        children = Page.objects.published().filter(parent=self.object)
        return super().get_context_data(children=list(children), **kwargs)


class LeadersView(TemplateView):
    """Show the council and committee leaders, their portfolios and the spokesperson."""

    template_name = "organization/leaders.html"

    def get_context_data(self, **kwargs):
        unit = self.request.unit
        bodies = list(
            Body.objects.for_unit(unit)
            .active()
            .filter(kind__in=[Body.Kind.COUNCIL, Body.Kind.COMMITTEE])
            .with_active_people()
        )
        spokespeople = (
            Person.objects.for_unit(unit)
            .active()
            .filter(is_spokesperson=True)
            .select_related("contact", "body")
        )
        return super().get_context_data(
            intro=introduction(self.request, LEADERS_SLUG),
            bodies=[body for body in bodies if body.public_people],
            spokespeople=list(spokespeople),
            **kwargs,
        )


class ChartView(TemplateView):
    """Show every body of the unit, its functions, its head and how to reach it."""

    template_name = "organization/chart.html"

    def get_context_data(self, **kwargs):
        bodies = list(Body.objects.for_unit(self.request.unit).active().with_active_people())
        kinds = [
            (label, [body for body in bodies if body.kind == kind])
            for kind, label in Body.Kind.choices
        ]
        return super().get_context_data(
            intro=introduction(self.request, ORGANISATION_SLUG),
            kinds=[(label, group) for label, group in kinds if group],
            **kwargs,
        )


def schedule(request):
    """Show one week of the schedule, Monday to Sunday (?tuan=2026-W49 or a date)."""
    error = ""
    try:
        monday = parse_week(request.GET.get("tuan"))
    except BadWeek:
        monday, error = parse_week(None), WEEK_PARAMETER_HINT
    entries = list(ScheduleEntry.objects.for_unit(request.unit).in_week(monday).with_leaders())
    now_day = today()
    days = []
    for offset in range(7):
        day = monday + datetime.timedelta(days=offset)
        day_entries = [entry for entry in entries if entry.date == day]
        days.append(
            {
                "date": day,
                "weekday": WEEKDAYS[offset],
                "entries": day_entries,
                "is_today": day == now_day,
                "citizen_reception": any(
                    e.is_citizen_reception and not e.is_cancelled for e in day_entries
                ),
            }
        )
    signed = SignedSchedule.objects.filter(unit=request.unit, week=monday).first()
    context = {
        "days": days,
        "monday": monday,
        "sunday": monday + datetime.timedelta(days=6),
        "week_label": week_label(monday),
        "previous_week": week_label(monday - datetime.timedelta(days=7)),
        "next_week": week_label(monday + datetime.timedelta(days=7)),
        "this_week": week_label(parse_week(None)),
        "is_this_week": monday == parse_week(None),
        "signed": signed,
        "error": error,
        "leaders": list(
            Person.objects.for_unit(request.unit)
            .active()
            .filter(schedule_entries__isnull=False)
            .distinct()
        ),
    }
    return render(request, "organization/schedule.html", context, status=400 if error else 200)


def _calendar_response(request, *, name: str, entries, filename: str) -> HttpResponse:
    body = build_calendar(name=name, entries=entries, host=request.get_host().split(":")[0])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def feed_entries(request):
    now = timezone.now()
    since = timezone.localdate(now) - datetime.timedelta(days=FEED_PAST_DAYS)
    return (
        ScheduleEntry.objects.for_unit(request.unit)
        .in_feed(now)
        .filter(date__gte=since)
        .with_leaders()
    )


@require_safe
def schedule_feed(request):
    """Send the unit's whole schedule as an iCalendar file."""
    name = f"Lịch công tác – {request.unit.unit_name}"
    return _calendar_response(
        request, name=name, entries=feed_entries(request), filename="lich.ics"
    )


@require_safe
def leader_feed(request, slug: str):
    """Send the schedule of one leader as an iCalendar file."""
    person = get_object_or_404(Person.objects.for_unit(request.unit).active(), slug=slug)
    entries = feed_entries(request).filter(leaders=person)
    return _calendar_response(
        request, name=f"Lịch công tác – {person.name}", entries=entries, filename=f"{slug}.ics"
    )


def english(request):
    """Show the English page (/en/): the unit, its leaders, contacts and links.

    A unit whose office has not written it yet still has one, from what the portal knows
    (its name, address, phone, the leaders' English titles, the links).
    """
    page = EnglishPage.objects.filter(unit=request.unit).first() or EnglishPage(
        unit=request.unit, name=request.unit.unit_name
    )
    leaders = (
        Person.objects.for_unit(request.unit)
        .active()
        .exclude(title_en="")
        .select_related("contact")
    )
    links = Link.objects.for_unit(request.unit).active()
    context = {"page": page, "leaders": list(leaders), "links": list(links)}
    return render(request, "organization/english.html", context)
