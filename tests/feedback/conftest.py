"""Fixtures of the feedback tests: a filled-in question form, a real SMTP sink."""

import io
import socket
import threading
from datetime import timedelta

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from anphu_portal.antispam import started_token
from tests.factories import make_image_file

NOON = timezone.datetime(2026, 12, 2, 12, 0, tzinfo=timezone.get_default_timezone())


def question_data(**fields) -> dict:
    """Return the fields of a question form filled by a person, shown 30 seconds ago."""
    with time_machine.travel(timezone.now() - timedelta(seconds=30), tick=False):
        token = started_token()
    return {
        "kind": "question",
        "name": "Nguyễn Thị Hoa",
        "phone": "0919.272.108",
        "email": "hoa@example.com",
        "address": "Ấp Phú Hữu, xã Phú Hữu",
        "field": "justice",
        "subject": "Hỏi về đăng ký khai sinh",
        "content": "Con tôi sinh ở bệnh viện tỉnh, tôi đăng ký khai sinh ở xã được không?",
        "consent": "on",
        "publish_requested": "on",
        "website": "",
        "form_started": token,
        **fields,
    }


def make_pdf_file(name="don.pdf"):
    """Return an uploaded file holding a real one-page PDF drawn with Pillow."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (200, 200), (255, 255, 255)).save(buffer, "PDF")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


@pytest.fixture
def photo():
    return make_image_file("anh-hien-truong.jpg", size=(800, 600))


class Sink:
    """Keep each message the SMTP server receives."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(
                {
                    "to": list(envelope.rcpt_tos),
                    "data": envelope.content.decode("utf-8", "replace"),
                }
            )
        return "250 OK"


@pytest.fixture
def smtp_sink(settings):
    """Run a real SMTP server in a thread and point the queue's sender at it."""
    sink = Sink()
    with socket.socket() as probe:  # a free port; aiosmtpd checks it is up by connecting
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
        settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = False
        yield sink
    finally:
        controller.stop()
