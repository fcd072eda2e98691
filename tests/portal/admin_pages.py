"""The admin pages each role opens, found from the admin registry, and the English in them.

Shared by the admin tests that look at every page: a `ModelAdmin` registered later is
visited without new test code.
"""

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import axes
import django.contrib.admin
import django_otp
import reversion
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from reversion import is_registered
from reversion.models import Version

# The catalogues whose English must never reach a Vietnamese page. axes, django-otp and
# reversion ship no English catalogue: the msgids of their other languages are the English.
CATALOGUES = [
    *Path(django.contrib.admin.__file__).parent.glob("locale/en/LC_MESSAGES/*.po"),
    *Path(axes.__file__).parent.glob("locale/*/LC_MESSAGES/django.po"),
    *Path(django_otp.__file__).parent.glob("locale/*/LC_MESSAGES/django.po"),
    *Path(reversion.__file__).parent.glob("locale/*/LC_MESSAGES/django.po"),
]
# Written the same way in a Vietnamese text; each with its reason.
SAME_IN_VIETNAMESE = {
    "ID",  # the record number column
    "IP",  # "Địa chỉ IP"
    "URL",  # "Đường dẫn (URL)" in help texts
    "Email",  # used as is in Vietnamese forms
    "English",  # the header's link to /en/ names the language in itself (lang="en")
}
PLACEHOLDER = re.compile(r"%\\\(\w+\\\)[sdr]|%[sdr]|\\\{\w*\\\}")
SPACES = re.compile(r"\s+")
# Attributes that screen readers read out or that show on hover or in empty inputs.
READ_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder"}


def msgids(path: Path) -> set[str]:
    """Return the msgids (singular and plural) of a .po file."""
    found, parts, reading = set(), [], False
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith(("msgid ", "msgid_plural ")):
            if reading:
                found.add("".join(parts))
            parts, reading = [ast.literal_eval(line.split(" ", 1)[1])], True
        elif line.startswith('"') and reading:
            parts.append(ast.literal_eval(line))
        elif reading:
            found.add("".join(parts))
            reading = False
    return found


def english_patterns() -> list[tuple[str, re.Pattern, bool]]:
    """Return (msgid, pattern, whole-text only) for each English message worth looking for."""
    messages = set().union(*(msgids(path) for path in CATALOGUES))
    patterns = []
    for message in messages:
        text = SPACES.sub(" ", message).strip()
        words = re.sub(r"%\(\w+\)[sdr]|%[sdr]|\{\w*\}", "", text)
        if not re.search("[A-Za-z]{2}", words) or "<" in text or text in SAME_IN_VIETNAMESE:
            continue
        pattern = re.compile(PLACEHOLDER.sub(".+?", re.escape(text)))
        # One or two words ("Add", "Save") count only as the whole text of a node; a phrase
        # counts wherever it appears.
        patterns.append((message, pattern, len(text.split()) < 3))
    return patterns


class ReadableText(HTMLParser):
    """Collect what a person sees or hears: text and the attributes read out."""

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.skipping += 1
        for name, value in attrs:
            if value and (
                name in READ_ATTRIBUTES or (name == "value" and ("type", "submit") in attrs)
            ):
                self.texts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.texts.append(data)


def english_in(html: str, patterns) -> set[str]:
    """Return the texts of the page that are English messages ("text ← msgid")."""
    parser = ReadableText()
    parser.feed(html)
    found = set()
    for raw in parser.texts:
        text = SPACES.sub(" ", raw).strip()
        for message, pattern, whole_only in patterns:
            if pattern.fullmatch(text) if whole_only else pattern.search(text):
                found.add(f"{text} ← {message}")
    return found


def model_admin_urls() -> list[str]:
    """Return each registered model's list, add, change, history and recovery pages."""
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        obj = model._default_manager.order_by("pk").first()
        urls += reversed_or_none(f"{prefix}_changelist", f"{prefix}_add", f"{prefix}_recoverlist")
        if obj is not None:
            urls += reversed_or_none(f"{prefix}_change", f"{prefix}_history", args=[obj.pk])
            version = is_registered(model) and Version.objects.get_for_object(obj).first()
            if version:
                urls += reversed_or_none(f"{prefix}_revision", args=[obj.pk, version.pk])
    return urls


def reversed_or_none(*names, args=()) -> list[str]:
    urls = []
    for name in names:
        try:
            urls.append(reverse(name, args=args))
        except NoReverseMatch:
            continue
    return urls
