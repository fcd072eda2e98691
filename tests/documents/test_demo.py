"""load_demo_documents: 30 documents with real PDFs, every status and disclosure, two drafts."""

import pytest
from django.core.management import call_command

from documents.models import Disclosure, Document, Status, TextState

pytestmark = pytest.mark.django_db


def load():
    call_command("load_demo_documents", stdout=open("/dev/null", "w"))


def test_demo_covers_types_statuses_disclosures_and_drafts(client, database_snapshot):
    load()
    issued = Document.objects.issued()
    assert issued.count() == 30
    statuses = set(issued.with_status().values_list("current_status", flat=True))
    assert statuses == set(Status.values)
    disclosures = set(issued.values_list("document_type__disclosure", flat=True))
    assert set(Disclosure.values) <= disclosures
    assert Document.objects.drafts().comment_open().count() == 1
    closed = Document.objects.drafts().comment_closed().get()
    assert closed.comment_report
    states = set(Document.objects.values_list("attachments__text_state", flat=True))
    assert states == {TextState.EXTRACTED}
    # Words only the PDFs hold are found.
    page = client.get("/van-ban/", {"q": "tiet kiem hieu qua"}).content.decode()
    assert "Tìm thấy 30 văn bản" in page
    before = database_snapshot()
    load()
    assert database_snapshot() == before
