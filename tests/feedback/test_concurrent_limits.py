"""The daily limit holds when two requests arrive at once on two live-server threads."""

import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from anphu_portal.antispam import started_token
from anphu_portal.models import Unit
from feedback.models import Submission
from tests.feedback.conftest import question_data

pytestmark = pytest.mark.django_db(transaction=True)


def browser_session(base_url: str):
    """Return an opener with the CSRF cookie and the form's token, as a browser has them."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base_url}/hoi-dap/gui-cau-hoi/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return opener, token


def post(opener, url: str, data: dict) -> int:
    request = urllib.request.Request(
        url, data=urllib.parse.urlencode(data).encode(), headers={"Referer": url}
    )
    try:
        return opener.open(request).status
    except urllib.error.HTTPError as error:
        return error.code


def test_two_questions_at_once_never_both_take_the_last_place(live_server, settings):
    settings.FEEDBACK_LIMIT_PER_PHONE = 1
    settings.CSRF_COOKIE_SECURE = False  # the live server speaks plain HTTP
    Unit.load()
    url = f"{live_server.url}/hoi-dap/gui-cau-hoi/"
    sessions = [browser_session(live_server.url) for _ in range(2)]
    with time_machine.travel(timezone.now() - timedelta(seconds=30), tick=False):
        started = started_token()
    statuses, barrier = [], threading.Barrier(2)

    def send(opener, token, subject):
        data = question_data(subject=subject, form_started=started, csrfmiddlewaretoken=token)
        barrier.wait()
        statuses.append(post(opener, url, data))

    threads = [
        threading.Thread(target=send, args=(*session, f"Câu hỏi {n}"))
        for n, session in enumerate(sessions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 429]
    assert Submission.objects.count() == 1
