"""The honeypot, the minimum fill time and the limits counted in the database."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django import forms
from django.db import connection
from django.utils import timezone

from anphu_portal.antispam import (
    AntiSpamFormMixin,
    consume_limit,
    key_digest,
    limit_reached,
    started_token,
)
from anphu_portal.models import RateLimitCounter

NOON = timezone.datetime(2026, 12, 2, 12, 0, tzinfo=timezone.get_default_timezone())


class QuestionForm(AntiSpamFormMixin):
    min_fill_seconds = 5
    subject = forms.CharField()


def posted(**fields):
    return {"subject": "Hỏi về khai sinh", "website": "", **fields}


def test_a_form_filled_at_a_human_pace_is_accepted():
    with time_machine.travel(NOON, tick=False):
        token = started_token()
    with time_machine.travel(NOON + timedelta(seconds=30), tick=False):
        form = QuestionForm(posted(form_started=token))
        assert form.is_valid(), form.errors
        assert form.cleaned_data["subject"] == "Hỏi về khai sinh"


def test_a_filled_honeypot_is_refused_and_the_text_is_kept():
    with time_machine.travel(NOON, tick=False):
        token = started_token()
    with time_machine.travel(NOON + timedelta(seconds=30), tick=False):
        form = QuestionForm(posted(form_started=token, website="http://spam.example"))
        assert not form.is_valid()
        assert form.non_field_errors().as_data()[0].code == "honeypot"
        assert form["subject"].value() == "Hỏi về khai sinh"


def test_a_form_sent_too_fast_is_refused_and_shown_again_with_a_fresh_clock():
    with time_machine.travel(NOON, tick=False):
        token = started_token()
    with time_machine.travel(NOON + timedelta(seconds=2), tick=False):
        form = QuestionForm(posted(form_started=token))
        assert not form.is_valid()
        assert form.non_field_errors().as_data()[0].code == "too_fast"
        assert form["form_started"].value() != token
        fresh = form["form_started"].value()
    with time_machine.travel(NOON + timedelta(seconds=20), tick=False):
        assert QuestionForm(posted(form_started=fresh)).is_valid()


@pytest.mark.parametrize("token", ["", "1700000000", "forged:value"])
def test_a_missing_or_forged_start_time_is_refused(token):
    form = QuestionForm(posted(form_started=token))
    assert not form.is_valid()
    assert form.non_field_errors().as_data()[0].code == "form_started"


@pytest.mark.django_db
def test_a_limit_allows_exactly_its_number_per_window_then_opens_the_next_day():
    day = timedelta(days=1)
    with time_machine.travel(NOON, tick=False):
        results = [
            consume_limit(scope="question-phone", key="0919272108", limit=3, window=day)
            for _ in range(4)
        ]
        assert results == [True, True, True, False]
        assert limit_reached(scope="question-phone", key="0919272108", limit=3, window=day)
        assert consume_limit(scope="question-phone", key="0919000000", limit=3, window=day)
        assert consume_limit(scope="question-ip", key="0919272108", limit=3, window=day)
    # The window is the local day: it opens again just after midnight in Vietnam.
    with time_machine.travel(NOON.replace(hour=23, minute=59), tick=False):
        assert not consume_limit(scope="question-phone", key="0919272108", limit=3, window=day)
    with time_machine.travel(NOON.replace(hour=0) + timedelta(days=1, minutes=1), tick=False):
        assert consume_limit(scope="question-phone", key="0919272108", limit=3, window=day)


@pytest.mark.django_db
def test_the_key_is_stored_only_as_a_keyed_hash_and_old_counters_go():
    with time_machine.travel(NOON, tick=False):
        consume_limit(scope="comment-ip", key="203.0.113.7", limit=5, window=timedelta(hours=1))
    stored = RateLimitCounter.objects.get()
    assert stored.key_digest == key_digest("203.0.113.7")
    assert "203.0.113.7" not in str(list(RateLimitCounter.objects.values()))
    with time_machine.travel(NOON + timedelta(days=5), tick=False):
        consume_limit(scope="comment-ip", key="203.0.113.8", limit=5, window=timedelta(hours=1))
    assert RateLimitCounter.objects.count() == 1
    assert RateLimitCounter.objects.get().key_digest == key_digest("203.0.113.8")


@pytest.mark.django_db(transaction=True)
def test_requests_at_the_same_time_never_share_the_last_place():
    allowed = []
    barrier = threading.Barrier(6)

    def attempt():
        try:
            barrier.wait()
            allowed.append(
                consume_limit(scope="race", key="same", limit=2, window=timedelta(days=1))
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(allowed) == [False, False, False, False, True, True]
    assert RateLimitCounter.objects.get(scope="race").count == 2
