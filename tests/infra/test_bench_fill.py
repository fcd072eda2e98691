"""The scale bench's fill on a tiny size: rows as save() would make them, added only once."""

import pytest

from anphu_portal.folding import fold
from anphu_portal.models import Unit
from bench.fill_scale import Sizes, fill_scale
from documents.models import Document
from feedback.models import Submission
from hotline.models import Contact
from news.models import Article
from organization.models import ScheduleEntry
from procedures.models import Procedure

TINY = Sizes(
    articles=30,
    contacts=12,
    documents=8,
    documents_with_pdf=3,
    pdf_chars=500,
    questions=10,
    questions_published=4,
    schedule=6,
    procedures=5,
    units=3,
    unit_articles=4,
)


def counts() -> dict:
    return {
        "articles": Article.objects.count(),
        "contacts": Contact.objects.filter(group__slug__startswith="nhom-lien-he-").count(),
        "documents": Document.objects.count(),
        "questions": Submission.objects.count(),
        "published": Submission.objects.published().count(),
        "schedule": ScheduleEntry.objects.count(),
        "procedures": Procedure.objects.filter(code__startswith="BENCH.").count(),
    }


@pytest.mark.django_db(transaction=True)
def test_fill_adds_each_kind_once_with_the_search_text_save_derives():
    fill_scale(TINY)
    filled = counts()
    fill_scale(TINY)

    assert counts() == filled
    assert filled == {
        "articles": 30 + 2 * 4,
        "contacts": 12,
        "documents": 8,
        "questions": 10,
        "published": 4,
        "schedule": 6,
        "procedures": 5,
    }
    article = Article.objects.get(unit=Unit.default(), slug="tin-so-3")
    assert article.search_text == article.build_search_text()
    document = Document.objects.get(number="1/QĐ-UBND")
    assert document.search_text == document.build_search_text()
    assert fold(document.attachments.get().text) in document.search_text
    procedure = Procedure.objects.get(code="BENCH.000001")
    assert procedure.search_text == procedure.build_search_text()
    assert procedure.levels.exists() and procedure.channels.count() == 2
